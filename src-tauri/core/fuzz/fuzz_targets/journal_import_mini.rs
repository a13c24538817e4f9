#![no_main]
//! Mini Diary's JSON (entries keyed by day) and Mini Diarium's (a list, its
//! text as HTML), through the same `exchange::parse` that tells the kinds apart.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::journal::exchange::parse(data);
});

#![no_main]
//! Day One's export, a zip: its central directory, the journals' JSON inside
//! (decompressed under a cap on what comes out), each entry read and checked.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::journal::foreign::parse_day_one_zip(data);
});

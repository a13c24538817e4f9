#![no_main]
//! Journal imports, Hearth JSON and jrnl JSON alike: parsed and validated whole.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::journal::exchange::parse(data);
});

#![no_main]
//! A backup's header and key file are checked before anything is restored.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::backup::inspect_bytes(data);
});

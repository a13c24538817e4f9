#![no_main]
//! The key file parser must refuse anything malformed without panicking, before
//! any key derivation runs.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::keyfile::KeyFile::from_bytes(data);
});

#![no_main]
//! The pairing files another device leaves in the shared folder (offer, answer,
//! confirmation), through `shared::pair::read_pairing_files`: the same parsing
//! and checks the two sides run on them before any proof passes. Whatever the
//! bytes: an error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::shared::pair::read_pairing_files(data);
});

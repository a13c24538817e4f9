#![no_main]
//! A backup's header, key file and (format 2) MAC are checked before anything is
//! restored: `inspect_bytes` reads the header and key file, `authenticate_bytes`
//! also checks the MAC under a fixed key (no passphrase: Argon2id per input would
//! starve the fuzzer), so every length and split of the trailer is exercised.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hearth_core::backup::inspect_bytes(data);
    let key = hearth_core::backup::BackupKey::for_fuzzing([7; 32]);
    let _ = hearth_core::backup::authenticate_bytes(data, &key);
});

#![no_main]
//! A partner's bucket-list file: parsed and validated whole, then merged with an
//! empty list as the import preview does.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = hearth_core::bucket::export::read_json(data) {
        let _ = hearth_core::bucket::merge::merge_sets(&[], &file.items);
    }
});

#![no_main]
//! A partner's shared self-check results: parsed, validated, then scored and
//! compared, as the import does.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = hearth_core::selfcheck::share::ShareFile::parse(data) {
        if let Ok(theirs) = file.scores() {
            let _ = hearth_core::selfcheck::compare::compare(&theirs, &theirs);
        }
    }
});

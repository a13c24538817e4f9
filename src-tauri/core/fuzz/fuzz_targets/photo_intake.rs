#![no_main]
//! Whatever bytes arrive as a photo (pasted, dropped, picked, or inside a Hearth
//! JSON import), `photos::intake::prepare` either refuses them with a message or
//! gives back a picture within the limits, in the clean shape Hearth writes (no
//! metadata can ride along), that a second pass keeps byte for byte.
use hearth_core::photos::{MAX_PIXELS, THUMB_SIDE, intake};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(p) = intake::prepare(data) else { return };
    assert!(u64::from(p.width) * u64::from(p.height) <= MAX_PIXELS, "over the pixel cap");
    assert!(intake::is_clean(&p.bytes), "what Hearth stores is only pixels");
    let again = intake::prepare(&p.bytes).expect("Hearth reads what it wrote");
    assert_eq!(again.bytes, p.bytes, "a second pass changes nothing");
    assert_eq!((again.width, again.height), (p.width, p.height));
    let thumb = intake::prepare(&p.thumb).expect("the thumbnail is a picture too");
    assert!(thumb.width.max(thumb.height) <= THUMB_SIDE);
});

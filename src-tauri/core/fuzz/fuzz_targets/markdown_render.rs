#![no_main]
//! Whatever an entry's body holds, the HTML that reaches the page carries no
//! script, no event handler and no script URL.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = hearth_core::journal::render::to_html(&text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "script element in {html}");
    assert!(!html.contains("javascript:"), "script URL in {html}");
    assert!(!html.contains("<iframe") && !html.contains("<object") && !html.contains("<embed"), "{html}");
    for attr in html.split('<').skip(1).filter_map(|tag| tag.split('>').next()) {
        assert!(!attr.split_whitespace().skip(1).any(|a| a.starts_with("on")), "event handler in <{attr}>");
    }
});

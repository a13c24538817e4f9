#![no_main]
//! Whatever an entry's body holds, the HTML that reaches the page carries no
//! script element, no event handler and no script or data URL in any tag. (Text
//! may say "javascript:" or "<script>": ammonia escapes it, so it shows as text.)
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = hearth_core::journal::render::to_html(&text).to_ascii_lowercase();
    // Text has its `<` escaped, so every `<` opens a tag; check each tag whole.
    for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
        assert!(
            !matches!(name, "script" | "iframe" | "object" | "embed" | "svg" | "math" | "style" | "img" | "a"),
            "<{tag}> reached the page"
        );
        assert!(!tag.contains("javascript:") && !tag.contains("data:"), "a script or data URL in <{tag}>");
        assert!(!tag.split_whitespace().skip(1).any(|a| a.starts_with("on")), "an event handler in <{tag}>");
    }
});

//! The shared corpus of hostile text (`tests/fixtures/hostile.json`) and a few huge
//! strings made in code, for the integration and end-to-end tests that feed it
//! through every field and importer.
//!
//! A payload that ever ran would set `window.__pwned` (also spelt `top.`, `self.`,
//! `parent.`) or call one of Hearth's commands with a visible effect (`lock`,
//! `quit`, `journal_empty_trash`, `bucket_delete`). Control characters, invisible
//! and right-to-left characters are written as JSON escapes so the file stays
//! readable.

use std::path::Path;

/// One hostile string and the family it belongs to (`script`, `svg`, `huge`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub family: String,
    pub text: String,
}

/// The families the corpus must cover (the list).
pub const FAMILIES: &[&str] = &[
    "script",
    "event-handler",
    "javascript-url",
    "data-url",
    "svg",
    "mathml",
    "css",
    "template-literal",
    "prototype-pollution",
    "rtl-and-invisible",
    "control-characters",
    "huge",
];

/// The payloads written in the fixture file, in file order.
pub fn from_file() -> Vec<Payload> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: serde_json::Value = serde_json::from_str(&text).expect("hostile.json is JSON");
    value["payloads"]
        .as_array()
        .expect("hostile.json has a list of payloads")
        .iter()
        .map(|p| Payload {
            family: p["family"].as_str().expect("a family").to_owned(),
            text: p["text"].as_str().expect("a text").to_owned(),
        })
        .collect()
}

/// Huge strings, made here rather than stored: about 1 MB each, except where
/// depth or count matters more than size.
pub fn huge() -> Vec<Payload> {
    let p = |text: String| Payload { family: "huge".into(), text };
    vec![
        p("<img src=x onerror=window.__pwned=1>".repeat(1 << 20 >> 5)),
        p("a".repeat(1 << 20)),
        p(format!("<script>window.__pwned=1</script>{}", "\u{202e}\u{0301}".repeat(200_000))),
        p("> ".repeat(50_000) + "<svg onload=window.__pwned=1>"),
        p("[".repeat(100_000) + "x](javascript:window.__pwned=1)"),
        p("<div>".repeat(100_000)),
        p("- ".repeat(20_000) + "<img src=x onerror=window.__pwned=1>"),
        p("line <b>bold</b>\n".repeat(60_000)),
    ]
}

/// The whole corpus: the file's payloads, then the huge ones.
pub fn corpus() -> Vec<Payload> {
    let mut all = from_file();
    all.extend(huge());
    all
}

/// The JavaScript that says whether a payload ran: `window.__pwned` set.
pub const SENTINEL_UNSET: &str = "return window.__pwned === undefined";

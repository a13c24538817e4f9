//! Markdown to HTML that is safe to put in the page.
//!
//! Two layers, each enough on its own for the cases it knows:
//! 1. While parsing (pulldown-cmark), raw HTML in the Markdown becomes plain text,
//!    images become their description in brackets (nothing is ever loaded), links
//!    become a styled span with no address (nothing can be opened), and task-list
//!    boxes become characters.
//! 2. The HTML is then cleaned by ammonia with a short allow-list: text-level and
//!    block tags only, no attributes but a class on spans and `start` on lists, no
//!    URL schemes at all. Scripts, styles, event handlers, `javascript:` and SVG
//!    cannot survive it.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The only tags rendered Markdown may keep; everything else is dropped.
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
];

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags: HashSet<&str> = ALLOWED_TAGS.iter().copied().collect();
        let mut b = ammonia::Builder::empty();
        b.tags(tags)
            .clean_content_tags(["script", "style"].into_iter().collect())
            .tag_attributes(HashMap::from([("ol", HashSet::from(["start"]))]))
            .allowed_classes(HashMap::from([("span", HashSet::from(["md-link", "md-image", "md-task"]))]))
            .url_schemes(HashSet::new())
            .link_rel(None)
            .strip_comments(true);
        b
    })
}

/// Deeper nesting (quotes in quotes, lists in lists, emphasis in emphasis) is
/// drawn flat. The sanitiser's HTML parser checks the open elements on each tag,
/// so its time grows with the square of the depth: 50,000 nested quotes (a 100 kB
/// entry) took about a minute, holding the vault, before this cap.
pub const MAX_DEPTH: usize = 32;

/// Renders an entry's Markdown body to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Start and End events come in pairs; past MAX_DEPTH both are dropped (an End
    // becomes a line break, so words of flattened blocks stay apart).
    let mut depth = 0usize;
    let capped = Parser::new_ext(markdown, options).filter_map(move |event| match event {
        Event::Start(_) => {
            depth += 1;
            (depth <= MAX_DEPTH).then_some(event)
        }
        Event::End(_) => {
            depth -= 1;
            Some(if depth < MAX_DEPTH { event } else { Event::SoftBreak })
        }
        other => Some(other),
    });
    let events = capped.map(|event| match event {
        // Raw HTML is shown as the text it is.
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Image { .. }) => Event::Html(CowStr::Borrowed("<span class=\"md-image\">[")),
        Event::End(TagEnd::Image) => Event::Html(CowStr::Borrowed("]</span>")),
        Event::Start(Tag::Link { .. }) => Event::Html(CowStr::Borrowed("<span class=\"md-link\">")),
        Event::End(TagEnd::Link) => Event::Html(CowStr::Borrowed("</span>")),
        Event::TaskListMarker(done) => Event::Html(CowStr::Borrowed(if done {
            "<span class=\"md-task\">☑</span> "
        } else {
            "<span class=\"md-task\">☐</span> "
        })),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    sanitizer().clean(&html).to_string()
}

/// For tests: panics unless `html` is inert. Every `<` in sanitised HTML opens a tag (text has its `<` escaped), so checking
/// each tag checks everything: only the renderer's allow-list, and no attribute but
/// a known class or a list's start number.
#[cfg(any(test, feature = "test-support"))]
pub fn assert_inert(html: &str, what: &str) {
    let lower = html.to_lowercase();
    for bad in ["<script", "<svg", "<math", "<iframe", "<style", "<object", "<embed", "<form", "<img", "<a "]
    {
        assert!(!lower.contains(bad), "{what}: {bad} in the rendered HTML");
    }
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap_or_else(|| panic!("{what}: an unclosed tag")) + start;
        let tag = &rest[start + 1..end];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let mut parts = tag.splitn(2, ' ');
        let tag_name = parts.next().unwrap().trim_end_matches('/');
        assert!(ALLOWED_TAGS.contains(&tag_name), "{what}: <{tag}> is not on the allow-list");
        if let Some(attrs) = parts.next() {
            let attrs = attrs.trim_end_matches('/').trim();
            let ok = matches!(attrs, "class=\"md-link\"" | "class=\"md-image\"" | "class=\"md-task\"")
                || (tag_name == "ol"
                    && attrs
                        .strip_prefix("start=\"")
                        .and_then(|s| s.strip_suffix('"'))
                        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())));
            assert!(ok, "{what}: <{tag}> carries an attribute");
            let attrs = attrs.to_lowercase();
            for bad in ["javascript:", "data:", " on", "href", "src", "style"] {
                assert!(!attrs.contains(bad), "{what}: {bad} inside <{tag}>");
            }
        }
        rest = &rest[end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::{assert_inert, to_html};

    #[test]
    fn markdown_renders() {
        assert_eq!(to_html("**bold** and _it_"), "<p><strong>bold</strong> and <em>it</em></p>\n");
        assert!(to_html("# Hi").contains("<h1>Hi</h1>"));
        assert!(to_html("- [x] done").contains("☑"));
        assert!(to_html("3. three").contains("<ol start=\"3\">"));
    }

    /// Each payload, wherever it sits, leaves no tag, attribute or scheme that could
    /// run or load anything.
    #[test]
    fn hostile_markdown_is_inert() {
        let payloads = [
            "<script>window.__pwned=1</script>",
            "<img src=x onerror=\"window.__pwned=1\">",
            "<svg onload=alert(1)><circle/></svg>",
            "<svg><script>alert(1)</script></svg>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![pic](https://example.com/track.png)",
            "![pic](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
            "<iframe src=\"https://example.com\"></iframe>",
            "<div style=\"background:url(https://example.com)\">x</div>",
            "<https://example.com>",
            "<details open ontoggle=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "`<script>` in code and\n\n```html\n<script>alert(1)</script>\n```",
            "<!-- <script>alert(1)</script> -->",
            "<p onclick=\"alert(1)\">p</p>",
            "[x](https://example.com \"title\")",
        ];
        for p in payloads {
            for md in [
                p.to_string(),
                format!("# {p}"),
                format!("> {p}"),
                format!("- {p}"),
                format!("| a |\n|---|\n| {p} |"),
            ] {
                let html = to_html(&md);
                assert_inert(&html, &md);
            }
        }
        // Deep nesting is drawn flat past MAX_DEPTH, quickly, and stays inert.
        for md in
            ["> ".repeat(50_000) + "<svg onload=alert(1)>", "- ".repeat(20_000) + "x", "*a ".repeat(20_000)]
        {
            let started = std::time::Instant::now();
            let html = to_html(&md);
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
            assert_inert(&html, &md[..20]);
            assert!(html.matches("<blockquote>").count() <= super::MAX_DEPTH);
        }
        assert_eq!(to_html(&"> ".repeat(40)).matches("<blockquote>").count(), super::MAX_DEPTH);
        // Raw HTML is kept visible as text.
        assert!(to_html("<script>x</script>").contains("&lt;script&gt;"));
        assert!(to_html("[home](https://example.com)").contains("<span class=\"md-link\">home</span>"));
        assert!(to_html("![a cat](x.png)").contains("[a cat]"));
    }

    #[test]
    fn big_and_odd_text_renders() {
        let big = "word ".repeat(200_000);
        assert!(to_html(&big).len() > 1_000_000);
        let odd = "שלום 👩‍❤️‍👨 e\u{301}\u{302}";
        assert!(to_html(odd).contains(odd));
    }
}

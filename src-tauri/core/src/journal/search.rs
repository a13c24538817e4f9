//! Full-text search with SQLite FTS5, inside the encrypted vault.
//!
//! Whatever is typed, quotes, hyphens, `AND`, a lone `*`, half a phrase, becomes a
//! safe FTS5 query ([`fts_query`]): each word is wrapped in double quotes (inner
//! quotes doubled), so nothing typed is ever read as FTS5 syntax; the last word is
//! matched as a prefix unless the text ends in a space, so results follow typing.
//! Raw input never reaches MATCH.
//!
//! Snippets come from FTS5's `snippet()` with two private-use characters as
//! markers ([`MARK_START`], [`MARK_END`]; saving strips them from entries), which
//! are then split into plain-text parts. The window draws the parts with
//! `textContent` and `<mark>` elements: no snippet is ever treated as HTML.
//!
//! FTS5's `snippet()` scores every match in an entry against every other, so its
//! cost grows with the square of the matches in one entry (a 128 KB entry of one
//! repeated word took 8 s, a 1 MB one minutes, holding the vault all along). An
//! entry whose body is longer than [`FTS_SNIPPET_MAX_CHARS`] gets its snippet from
//! [`plain_snippet`] instead: the first matching word with a few words around it,
//! found in one pass that stops there.

use rusqlite::{Connection, ToSql};
use serde::Serialize;

use super::entry::{EntrySummary, Filter};
pub use super::entry::{MARK_END, MARK_START};
use super::store::{SUMMARY_COLUMNS, filter_sql, summary_from_row};
use crate::Result;
/// Longer input is cut here (in characters) before it is turned into a query.
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many words of the query are used.
pub const MAX_QUERY_WORDS: usize = 24;

/// The most matches ranked for one search (the most recently written ones).
pub const RANK_WINDOW: u32 = 5000;
/// Bodies longer than this (in characters) get a [`plain_snippet`]; up to here
/// `snippet()` stays under about 35 ms even when every word matches.
pub const FTS_SNIPPET_MAX_CHARS: usize = 8 * 1024;
/// Words in a snippet, as in the `snippet()` call.
const SNIPPET_WORDS: usize = 14;

/// One run of snippet text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    pub mark: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub entry: EntrySummary,
    pub snippet: Vec<SnippetPart>,
}

/// Turns anything typed into a safe FTS5 query, or `None` if it holds no word.
pub fn fts_query(input: &str) -> Option<String> {
    let (words, prefix_last) = query_words(input)?;
    let last = words.len() - 1;
    let parts: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if i == last && prefix_last { quoted + "*" } else { quoted }
        })
        .collect();
    Some(parts.join(" "))
}

/// The words of a query as [`fts_query`] uses them, and whether the last one is
/// a prefix; `None` if it holds no word.
fn query_words(input: &str) -> Option<(Vec<String>, bool)> {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let prefix_last = !input.ends_with(char::is_whitespace);
    let words: Vec<String> = input
        .split_whitespace()
        .map(|w| {
            w.chars().filter(|c| !c.is_control() && *c != MARK_START && *c != MARK_END).collect::<String>()
        })
        // A chunk with no letter or digit ("*", "-", "\"") holds no token; FTS5
        // would see an empty phrase.
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_QUERY_WORDS)
        .collect();
    (!words.is_empty()).then_some((words, prefix_last))
}

/// A snippet made without FTS5, in the same marked form as `snippet()`'s: the
/// first word of `body` (or else of `title`) that matches a word of `query`, with
/// a few words before and after it. Words are runs of letters and digits compared
/// in lower case (the last query word as a prefix, as in the search); with no
/// match, the start of the body. Reads only as far as the snippet's last word.
pub fn plain_snippet(title: &str, body: &str, query: &str) -> String {
    let (words, prefix_last) = query_words(query).unwrap_or_default();
    let mut tokens: Vec<(String, bool)> = Vec::new();
    for w in &words {
        for t in w.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
            tokens.push((t.to_lowercase(), false));
        }
    }
    if let Some(last) = tokens.last_mut() {
        last.1 = prefix_last;
    }
    let matches = |word: &str| {
        let word = word.to_lowercase();
        tokens.iter().any(|(t, prefix)| if *prefix { word.starts_with(t.as_str()) } else { word == *t })
    };
    window(body, &matches).or_else(|| window(title, &matches)).unwrap_or_else(|| {
        let mut out = String::new();
        for (n, (start, end)) in words_of(body).enumerate() {
            if n == SNIPPET_WORDS {
                out.push('…');
                break;
            }
            if n > 0 {
                out.push(' ');
            }
            out.push_str(&body[start..end]);
        }
        out
    })
}

/// Byte ranges of the words of `text`, lazily.
fn words_of(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while chars.next_if(|(_, c)| !c.is_alphanumeric()).is_some() {}
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some((i, c)) = chars.next_if(|(_, c)| c.is_alphanumeric()) {
            end = i + c.len_utf8();
        }
        Some((start, end))
    })
}

/// The snippet around the first word of `text` that `matches`, if any.
fn window(text: &str, matches: &dyn Fn(&str) -> bool) -> Option<String> {
    const BEFORE: usize = 3;
    let mut recent: std::collections::VecDeque<(usize, usize)> = std::collections::VecDeque::new();
    let mut skipped = false;
    let mut words = words_of(text);
    let mut taken = Vec::new();
    for w in words.by_ref() {
        if matches(&text[w.0..w.1]) {
            taken.extend(recent.drain(..));
            taken.push(w);
            break;
        }
        recent.push_back(w);
        if recent.len() > BEFORE {
            recent.pop_front();
            skipped = true;
        }
    }
    if taken.is_empty() {
        return None;
    }
    taken.extend(words.by_ref().take(SNIPPET_WORDS - taken.len()));
    let more = words.next().is_some();
    let mut out = String::from(if skipped { "…" } else { "" });
    for (n, &(start, end)) in taken.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let word = &text[start..end];
        if matches(word) {
            out.push(MARK_START);
            out.push_str(word);
            out.push(MARK_END);
        } else {
            out.push_str(word);
        }
    }
    if more {
        out.push('…');
    }
    Some(out)
}

/// Splits a snippet with markers into parts.
pub fn split_snippet(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut mark = false;
    for c in s.chars() {
        if c == MARK_START || c == MARK_END {
            if !cur.is_empty() {
                parts.push(SnippetPart { text: std::mem::take(&mut cur), mark });
            }
            mark = c == MARK_START;
        } else {
            cur.push(if c == '\n' || c == '\t' { ' ' } else { c });
        }
    }
    if !cur.is_empty() {
        parts.push(SnippetPart { text: cur, mark });
    }
    parts
}

/// The best `limit` live entries for `query`, ranked by bm25 (title and tags
/// weigh more than the body), each with a highlighted snippet. A query with no
/// words gives no results.
pub fn search(conn: &Connection, query: &str, filter: &Filter, limit: u32) -> Result<Vec<Hit>> {
    let Some(q) = fts_query(query) else { return Ok(Vec::new()) };
    let mut params: Vec<Box<dyn ToSql>> = vec![Box::new(q)];
    let filters = filter_sql(filter, &mut params)?;
    params.push(Box::new(limit.clamp(1, 200)));
    // `ORDER BY rank` lets FTS5 sort by itself (rank is bm25 with the weights set
    // in the migration), so rows arrive best first and snippet() runs only for the
    // rows the LIMIT keeps. Ranking costs about a microsecond per match, so a word
    // found in tens of thousands of entries is ranked among its RANK_WINDOW most
    // recently written matches only (a rowid range FTS5 reads directly); below
    // that many matches, every one is ranked.
    // A long body's snippet is made in Rust (see the module's notes): the CASE
    // keeps snippet() from running for it, and hands over the title and body.
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS},
                CASE WHEN length(e.body) <= {FTS_SNIPPET_MAX_CHARS}
                     THEN snippet(journal_fts, -1, char(57344), char(57345), '…', {SNIPPET_WORDS}) END,
                CASE WHEN length(e.body) > {FTS_SNIPPET_MAX_CHARS} THEN e.title END,
                CASE WHEN length(e.body) > {FTS_SNIPPET_MAX_CHARS} THEN e.body END
         FROM journal_fts JOIN journal_entries e ON e.seq = journal_fts.rowid
         WHERE journal_fts MATCH ?1 AND e.deleted_at IS NULL{filters}
           AND journal_fts.rowid >= (SELECT coalesce(min(rowid), 0) FROM (
               SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?1
               ORDER BY rowid DESC LIMIT {RANK_WINDOW}))
         ORDER BY rank LIMIT ?{}",
        params.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let rows = stmt.query_map(refs.as_slice(), |r| {
        let marked = match r.get::<_, Option<String>>(8)? {
            Some(s) => s,
            None => plain_snippet(&r.get::<_, String>(9)?, &r.get::<_, String>(10)?, query),
        };
        Ok(Hit { entry: summary_from_row(r)?, snippet: split_snippet(&marked) })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{conn, input};
    use super::super::{EntryInput, save, trash};
    use super::*;

    #[test]
    fn queries_are_quoted_words_with_a_prefix_last() {
        for (typed, expected) in [
            ("", None),
            ("   ", None),
            ("*", None),
            ("\"", None),
            ("- + ( ) : ^", None),
            ("kiss", Some("\"kiss\"*")),
            ("kiss ", Some("\"kiss\"")),
            ("old oak", Some("\"old\" \"oak\"*")),
            ("AND", Some("\"AND\"*")),
            ("a AND b", Some("\"a\" \"AND\" \"b\"*")),
            ("\"unbalanced", Some("\"\"\"unbalanced\"*")),
            ("well-being", Some("\"well-being\"*")),
            ("title:x", Some("\"title:x\"*")),
            ("NEAR(a b)", Some("\"NEAR(a\" \"b)\"*")),
        ] {
            assert_eq!(fts_query(typed).as_deref(), expected, "typed {typed:?}");
        }
    }

    #[test]
    fn hostile_and_odd_queries_never_error() {
        let mut c = conn();
        save(&mut c, &input("2024-01-01", "Old oak", "We kissed under the old oak, well-being and AND"))
            .unwrap();
        save(&mut c, &input("2024-01-02", "", "שלום עליכם and 👩‍❤️‍👨 café e\u{301}")).unwrap();
        let long = "ab".repeat(250);
        let many = "word ".repeat(200);
        let cases: &[&str] = &[
            "",
            " ",
            "*",
            "**",
            "\"",
            "\"\"",
            "\"old",
            "old\"",
            "AND",
            "OR",
            "NOT",
            "a OR",
            "NOT a",
            "-",
            "--",
            "-old",
            "old-",
            "well-being",
            "(",
            ")",
            "(old",
            "{old}",
            "title:old",
            "old:",
            "^old",
            "NEAR(old oak)",
            "old + oak",
            "old*",
            "*old",
            "'",
            "'; DROP TABLE journal_entries; --",
            "\0",
            "old\0oak",
            "\u{E000}old\u{E001}",
            "שלום",
            "👩‍❤️‍👨",
            "e\u{301}",
            "café",
            "cafe",
            &long,
            &many,
        ];
        for q in cases {
            let r = search(&c, q, &Filter::default(), 50);
            assert!(r.is_ok(), "query {q:?} failed: {r:?}");
        }
        assert_eq!(search(&c, "old oa", &Filter::default(), 50).unwrap().len(), 1);
        assert_eq!(search(&c, "שלום", &Filter::default(), 50).unwrap().len(), 1);
        assert_eq!(search(&c, "cafe", &Filter::default(), 50).unwrap().len(), 1, "diacritics folded");
        assert_eq!(search(&c, "well-being", &Filter::default(), 50).unwrap().len(), 1);
    }

    #[test]
    fn index_follows_insert_edit_and_delete() {
        let mut c = conn();
        let n = |c: &Connection, q: &str| search(c, q, &Filter::default(), 50).unwrap().len();
        let e = save(
            &mut c,
            &EntryInput { tags: vec!["lighthouse".into()], ..input("2024-01-01", "", "marmalade") },
        )
        .unwrap();
        assert_eq!(n(&c, "marmalade"), 1);
        assert_eq!(n(&c, "lighthouse"), 1, "tags are searched");
        let mut edit = input("2024-01-01", "", "quince");
        edit.id = Some(e.id.clone());
        save(&mut c, &edit).unwrap();
        assert_eq!(n(&c, "marmalade"), 0, "the old text left the index");
        assert_eq!(n(&c, "lighthouse"), 0, "the old tag left the index");
        assert_eq!(n(&c, "quince"), 1);
        trash(&c, &e.id).unwrap();
        assert_eq!(n(&c, "quince"), 0, "trashed entries are not found");
        super::super::empty_trash(&mut c).unwrap();
        let in_index: i64 = c
            .query_row("SELECT count(*) FROM journal_fts WHERE journal_fts MATCH '\"quince\"'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(in_index, 0, "a hard delete leaves nothing in the index");
        c.execute("INSERT INTO journal_fts(journal_fts, rank) VALUES('integrity-check', 1)", []).unwrap();
    }

    #[test]
    fn ranked_with_highlighted_snippets() {
        let mut c = conn();
        save(&mut c, &input("2024-01-01", "", "a long day; nothing about the sea at all, then sea once"))
            .unwrap();
        save(&mut c, &input("2024-01-02", "The sea", "sea sea sea <b>waves</b>")).unwrap();
        let hits = search(&c, "sea", &Filter::default(), 50).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].entry.title, "The sea", "title matches rank higher");
        assert!(hits[0].snippet.iter().any(|p| p.mark && p.text.eq_ignore_ascii_case("sea")));
        let text: String = hits[0].snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(!text.contains(MARK_START));
    }

    #[test]
    fn a_long_entry_full_of_matches_is_found_fast_with_a_plain_snippet() {
        let mut c = conn();
        let body = format!("{} the end", "Rain on the roof. ".repeat(60_000));
        assert!(body.len() > 1_000_000);
        save(&mut c, &input("2024-01-01T10:00", "Long", &body)).unwrap();
        save(&mut c, &input("2024-01-02T10:00", "Short", "The rain stopped at noon.")).unwrap();
        let started = std::time::Instant::now();
        let hits = search(&c, "rain", &Filter::default(), 50).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        assert_eq!(hits.len(), 2);
        for hit in &hits {
            assert!(
                hit.snippet.iter().any(|p| p.mark && p.text.eq_ignore_ascii_case("rain")),
                "{:?}",
                hit.snippet
            );
        }
        let long = hits.iter().find(|h| h.entry.title == "Long").unwrap();
        let text: String = long.snippet.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "Rain on the roof Rain on the roof Rain on the roof Rain on…");
    }

    #[test]
    fn plain_snippets() {
        let m = |s: &str| format!("{MARK_START}{s}{MARK_END}");
        let body = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
        assert_eq!(
            plain_snippet("T", body, "seven"),
            format!(
                "…four five six {} eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
                m("seven")
            )
        );
        assert_eq!(
            plain_snippet("T", body, "ONE tw"),
            format!(
                "{} {} three four five six seven eight nine ten eleven twelve thirteen fourteen…",
                m("One"),
                m("two")
            )
            .replace("twelve", &m("twelve"))
        );
        assert_eq!(
            plain_snippet("T", body, "tw "),
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen…"
        );
        assert_eq!(plain_snippet("Kite day", "", "kite"), m("Kite") + " day");
        assert_eq!(
            plain_snippet("T", "<b>x</b> onerror=window.__pwned", "onerror=window"),
            format!("b x b {} {} pwned", m("onerror"), m("window"))
        );
        assert_eq!(plain_snippet("T", "no match here", "zebra"), "no match here");
    }

    #[test]
    fn split_snippet_parts() {
        let s = format!("a {MARK_START}b{MARK_END} c");
        assert_eq!(
            split_snippet(&s),
            vec![
                SnippetPart { text: "a ".into(), mark: false },
                SnippetPart { text: "b".into(), mark: true },
                SnippetPart { text: " c".into(), mark: false },
            ]
        );
    }
}

//! A journal entry as Hearth holds it: the types the store and the window share,
//! and how what comes in is cleaned and checked before anything is written.
//!
//! Pure: nothing here touches the database (that is [`super::store`]).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// The largest body accepted, in bytes (a long entry is about 50 kB; this is room
/// for years of pasted notes in one entry, and a bound on what a save can cost).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
pub const MAX_TAGS: usize = 30;
pub const MAX_TAG_CHARS: usize = 40;
/// Import files larger than this are refused unread (read them with
/// [`crate::files::read_bounded`]); a zip's journal is held to it too.
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;
/// Files listing more entries are refused whole: more than 250 years of an entry a
/// day, so only a damaged or hostile file comes near it.
pub const MAX_IMPORT_ENTRIES: usize = 100_000;

/// The two private-use characters search uses to mark highlights in a snippet
/// ([`super::search`]); saving strips them from what is typed.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// What the editor sends to save: a new entry (`id` is `None`) or an edit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntryInput {
    #[serde(default)]
    pub id: Option<String>,
    /// Local date and time, `YYYY-MM-DDTHH:MM[:SS]`, or just `YYYY-MM-DD`.
    pub entry_date: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub mood: Option<u8>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub prompt: Option<String>,
}

/// One entry, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub entry_date: String,
    pub title: String,
    pub body: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub prompt: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

/// One row of the list: enough to show it without loading the whole body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntrySummary {
    pub id: String,
    pub entry_date: String,
    pub title: String,
    /// The first words of the body as plain text.
    pub excerpt: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub word_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

/// Where the next page starts: the last row of the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub entry_date: String,
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub mood: Option<u8>,
    /// First day included, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day included, `YYYY-MM-DD`.
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub entries: Vec<EntrySummary>,
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub name: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`
    pub day: String,
    pub count: u32,
}

// ---------------------------------------------------------------------------
// Cleaning what comes in

/// Removes NUL and other control characters (keeping tab and newline), turns
/// CRLF and CR into LF, and drops the two private-use characters search uses to
/// mark highlights. Everything else, emoji, right-to-left text and combining marks
/// included, is kept exactly.
pub fn clean_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    s.chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| (c == '\n' || c == '\t' || !c.is_control()) && c != MARK_START && c != MARK_END)
        .collect()
}

/// One line: like [`clean_text`], with line breaks and tabs made spaces and the
/// ends trimmed.
pub fn clean_line(s: &str) -> String {
    clean_text(s).replace(['\n', '\t'], " ").trim().to_owned()
}

/// A tag as stored: one line, no leading `#` or `@`, inner runs of spaces made one.
pub fn clean_tag(s: &str) -> String {
    let line = clean_line(s);
    let line = line.trim_start_matches(['#', '@']).trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    // Trimmed again after the cut, so a tag cleaned twice stays the same.
    words.join(" ").chars().take(MAX_TAG_CHARS).collect::<String>().trim_end().to_owned()
}

/// `tags` with `raw` added as the editor adds one: commas and line breaks are
/// spaces, then [`clean_tag`]; nothing is added if it is empty or already there
/// (ignoring case). Saving applies the same rule to every tag.
pub fn add_tag(tags: &[String], raw: &str) -> Vec<String> {
    let mut out = tags.to_vec();
    push_tag(&mut out, &clean_tag(&raw.replace(',', " ")));
    out
}

fn push_tag(tags: &mut Vec<String>, tag: &str) {
    if !tag.is_empty() && !tags.iter().any(|x| x.to_lowercase() == tag.to_lowercase()) {
        tags.push(tag.to_owned());
    }
}

/// Parses a local date-time as the editor and imports send it, to the stored form.
pub fn parse_entry_date(s: &str) -> Option<String> {
    let s = s.trim();
    let parsed = NaiveDateTime::parse_from_str(s, DATE_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))?;
    use chrono::Datelike;
    if !(1..=9999).contains(&parsed.year()) {
        return None;
    }
    Some(parsed.format(DATE_FORMAT).to_string())
}

pub(crate) fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid_input("That date isn't one Hearth can read (use year-month-day)."))
}

pub fn word_count(text: &str) -> u32 {
    text.split_whitespace().count().min(u32::MAX as usize) as u32
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

/// A checked, cleaned entry ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Clean {
    pub id: Option<String>,
    pub entry_date: String,
    pub title: String,
    pub body: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub prompt: Option<String>,
}

pub(crate) fn clean_input(input: &EntryInput) -> Result<Clean> {
    let entry_date = parse_entry_date(&input.entry_date)
        .ok_or_else(|| Error::invalid_input("The entry's date isn't one Hearth can read."))?;
    if input.body.len() > MAX_BODY_BYTES {
        return Err(Error::invalid_input(format!(
            "This entry is too long to save (the limit is {} MB). Try splitting it into two entries.",
            MAX_BODY_BYTES / (1024 * 1024)
        )));
    }
    if let Some(m) = input.mood
        && !(1..=5).contains(&m)
    {
        return Err(Error::invalid_input("Mood is a step from 1 to 5."));
    }
    if let Some(id) = &input.id
        && !is_uuid(id)
    {
        return Err(Error::invalid_input("That entry's id isn't valid."));
    }
    let title =
        clean_line(&input.title).chars().take(MAX_TITLE_CHARS).collect::<String>().trim_end().to_owned();
    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        push_tag(&mut tags, &clean_tag(t));
    }
    if tags.len() > MAX_TAGS {
        return Err(Error::invalid_input(format!("An entry can have up to {MAX_TAGS} tags.")));
    }
    let prompt = input.prompt.as_deref().map(clean_line).filter(|p| !p.is_empty());
    Ok(Clean {
        id: input.id.clone(),
        entry_date,
        title,
        body: clean_text(&input.body),
        mood: input.mood,
        tags,
        prompt,
    })
}

impl EntrySummary {
    /// The list's row for a whole entry, the same as a page of the list gives it
    /// (so an editor can redraw its row after saving without a second copy of the
    /// excerpt rule).
    pub fn of(entry: &Entry) -> EntrySummary {
        let head: String = entry.body.chars().take(EXCERPT_SOURCE_CHARS).collect();
        EntrySummary {
            id: entry.id.clone(),
            entry_date: entry.entry_date.clone(),
            title: entry.title.clone(),
            excerpt: excerpt(&head),
            mood: entry.mood,
            tags: entry.tags.clone(),
            word_count: word_count(&entry.title) + word_count(&entry.body),
            deleted_at: entry.deleted_at.clone(),
        }
    }
}

/// How much of a body an excerpt is made from (`substr(e.body, 1, 400)` in the
/// store's summary columns).
pub(crate) const EXCERPT_SOURCE_CHARS: usize = 400;

/// The start of a body as one line of plain text: Markdown marks dropped.
pub fn excerpt(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || "#>-*+".contains(c)).trim();
        if line.is_empty() || line.starts_with("```") {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(line.chars().filter(|c| !"*_`~".contains(*c)));
        if out.chars().count() > 160 {
            break;
        }
    }
    let mut cut: String = out.chars().take(160).collect();
    if out.chars().count() > 160 {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_text_and_drops_controls() {
        assert_eq!(clean_text("a\0b\u{7}c\r\nd\re\tf"), "abc\nd\ne\tf");
        let tricky = "שלום 👩‍❤️‍👨 e\u{301}\u{302} ٱلْعَرَبِيَّة";
        assert_eq!(clean_text(tricky), tricky);
        assert_eq!(clean_line(" a\nb "), "a b");
        assert_eq!(clean_tag("@#Holiday\u{0} 2024"), "Holiday 2024");
    }

    #[test]
    fn excerpt_is_plain() {
        assert_eq!(excerpt("# Title\n\n> **bold** and _it_\n- item"), "Title bold and it item");
    }

    #[test]
    fn tags_are_added_as_saving_cleans_them() {
        let tags = vec!["Walks".to_string()];
        assert_eq!(add_tag(&tags, "  #holiday, plans \n"), ["Walks", "holiday plans"]);
        assert_eq!(add_tag(&tags, "walks"), ["Walks"], "the same tag, ignoring case");
        assert_eq!(add_tag(&tags, " ## "), ["Walks"], "nothing to add");
    }
}

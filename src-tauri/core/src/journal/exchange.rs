//! Easy in, easy out: export to JSON and Markdown, import of Hearth JSON,
//! jrnl's JSON export (`jrnl --export json`) and, read by [`super::foreign`],
//! Day One's zip, Mini Diary's and Mini Diarium's JSON. The kind is told by
//! content, never by the file's name.
//!
//! Imports are all or nothing. [`parse`] reads and checks the whole file first
//! (a file that is not JSON, of an unknown kind, too big ([`MAX_IMPORT_BYTES`]),
//! with more than [`MAX_IMPORT_ENTRIES`] entries, or with any entry that can't be
//! read is refused whole, with a message naming the entry's number but never its
//! text); [`apply`] then writes every new entry in one transaction. The file is
//! read in one pass into its outline (format, version, and each entry as a slice
//! of the file: [`crate::import`]), then each entry into its typed struct; never
//! into a `serde_json::Value` of the whole file.
//! Entries already in the vault are skipped by id: Hearth files carry their ids,
//! and a jrnl entry gets a UUID v5 derived from its date, title and body, so the
//! same file imported twice adds nothing the second time.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::entry::{Clean, Entry, EntryInput, clean_input};
use super::foreign::{self, Foreign, NOT_A_JOURNAL, Source};
use super::store::{ENTRY_COLUMNS, entry_from_row, write};
use crate::import::{self, Capped};
use crate::{Error, Result};

pub const FORMAT: &str = "hearth-journal";
pub const VERSION: u32 = 1;
// Kept in `entry.rs`, which every reader of import files uses.
pub use super::entry::{MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES};
/// Namespace for the ids given to jrnl entries (a fixed, random UUID).
const JRNL_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6b1f_4f0e_2d6a_4c53_9a41_8e3c_5d27_b90a);

#[derive(Debug, Serialize, Deserialize)]
pub struct HearthFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Hearth,
    Jrnl,
    DayOne,
    MiniDiary,
    MiniDiarium,
}

impl Format {
    /// How the import's preview names a file of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Hearth => "a Hearth export",
            Format::Jrnl => "a jrnl export",
            Format::DayOne => "a Day One export",
            Format::MiniDiary => "a Mini Diary export",
            Format::MiniDiarium => "a Mini Diarium export",
        }
    }
}

impl From<Source> for Format {
    fn from(s: Source) -> Format {
        match s {
            Source::DayOne => Format::DayOne,
            Source::MiniDiary => Format::MiniDiary,
            Source::MiniDiarium => Format::MiniDiarium,
        }
    }
}

/// Created, updated and trashed times carried by a Hearth file.
type Times = foreign::Times;

/// A checked import, ready to apply.
#[derive(Debug)]
pub struct Parsed {
    pub format: Format,
    entries: Vec<(Clean, Option<Times>)>,
    /// Photos and other attachments the file holds that Hearth doesn't bring in.
    left_out: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub format: Format,
    /// Entries in the file.
    pub total: usize,
    /// Entries that importing would add.
    pub new: usize,
    /// Entries already in the journal (or repeated in the file), which are skipped.
    pub existing: usize,
    /// Photos and other attachments in the file that are not brought in.
    pub left_out: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub added: usize,
    pub skipped: usize,
}

fn all_entries(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {} FROM journal_entries ORDER BY entry_date, id", ENTRY_COLUMNS))?;
    Ok(stmt.query_map([], entry_from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Every entry, the trash included (marked with `deleted_at`), as Hearth JSON.
pub fn export_json(conn: &Connection) -> Result<(String, usize)> {
    let entries = all_entries(conn)?;
    let n = entries.len();
    let file =
        HearthFile { format: FORMAT.into(), version: VERSION, exported_at: crate::time::stamp(), entries };
    let json = serde_json::to_string_pretty(&file)
        .map_err(|_| Error::invalid_input("The journal could not be written as JSON."))?;
    Ok((json, n))
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 40 {
            break;
        }
    }
    s.trim_matches('-').to_owned()
}

/// Markdown with YAML front matter (values written as JSON strings, which YAML
/// reads as double-quoted scalars, so any title or tag round-trips).
pub fn entry_markdown(e: &Entry) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("---\n");
    out.push_str(&format!("id: {}\n", q(&e.id)));
    out.push_str(&format!("date: {}\n", q(&e.entry_date)));
    out.push_str(&format!("title: {}\n", q(&e.title)));
    if let Some(m) = e.mood {
        out.push_str(&format!("mood: {m}\n"));
    }
    let tags: Vec<String> = e.tags.iter().map(|t| q(t)).collect();
    out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    if let Some(p) = &e.prompt {
        out.push_str(&format!("prompt: {}\n", q(p)));
    }
    out.push_str(&format!("created: {}\nupdated: {}\n---\n\n", q(&e.created_at), q(&e.updated_at)));
    out.push_str(&e.body);
    if !e.body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Writes one Markdown file per live entry into a new folder inside `parent`,
/// and returns the folder and the count.
pub fn export_markdown(conn: &Connection, parent: &Path) -> Result<(PathBuf, usize)> {
    let base = format!("Hearth journal {}", crate::time::today().format("%Y-%m-%d"));
    let mut dir = parent.join(&base);
    let mut n = 2;
    while dir.exists() {
        dir = parent.join(format!("{base} ({n})"));
        n += 1;
    }
    let entries: Vec<Entry> = all_entries(conn)?.into_iter().filter(|e| e.deleted_at.is_none()).collect();
    let files = entries.iter().map(|e| {
        let stamp = e.entry_date.get(..16).unwrap_or(&e.entry_date).replace(['T', ':'], "-");
        let short = e.id.get(..8).unwrap_or(&e.id);
        let slug = slug(&e.title);
        let name = if slug.is_empty() {
            format!("{stamp}-{short}.md")
        } else {
            format!("{stamp}-{slug}-{short}.md")
        };
        (name, entry_markdown(e).into_bytes())
    });
    // A folder made for them, private to this user; removed if anything fails.
    crate::files::write_new_folder(&dir, files)?;
    Ok((dir, entries.len()))
}

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

fn reject(msg: impl Into<String>) -> Error {
    Error::ImportRejected(msg.into())
}

/// The parts of an import file read first: what kind of file it is, and its
/// entries, each still a slice of the file.
#[derive(Deserialize)]
struct Outline<'a> {
    #[serde(default, borrow)]
    format: Option<&'a RawValue>,
    #[serde(default, borrow)]
    version: Option<&'a RawValue>,
    /// Day One, Mini Diary and Mini Diarium files have one; Hearth and jrnl don't.
    #[serde(default, borrow)]
    metadata: Option<foreign::Metadata<'a>>,
    /// Still unread: a list in most kinds, an object keyed by day in Mini Diary's.
    #[serde(default, borrow)]
    entries: Option<&'a RawValue>,
}

/// Reads an import file the person picked: a zip (a Day One export with its
/// photos) up to [`foreign::MAX_ZIP_BYTES`], anything else up to
/// [`MAX_IMPORT_BYTES`]. Its kind is then told by content ([`parse`]).
pub fn read_import(path: &Path) -> Result<Vec<u8>> {
    let zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    crate::files::read_bounded(path, if zip { foreign::MAX_ZIP_BYTES } else { MAX_IMPORT_BYTES })
}

fn from_foreign(f: Foreign) -> Parsed {
    Parsed { format: f.source.into(), entries: f.entries, left_out: f.left_out }
}

/// Reads and checks a whole import file.
pub fn parse(bytes: &[u8]) -> Result<Parsed> {
    if foreign::is_zip(bytes) {
        if bytes.len() as u64 > foreign::MAX_ZIP_BYTES {
            return Err(reject("This zip file is too big to be a journal export."));
        }
        return foreign::parse_day_one_zip(bytes).map(from_foreign);
    }
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(reject("This file is too big to be a journal export."));
    }
    let outline: Outline = foreign::read_outline(bytes, "This file", NOT_A_JOURNAL)?;
    let entries =
        outline.entries.ok_or_else(|| reject(format!("{NOT_A_JOURNAL} It has no list of entries.")))?;
    if let (None, Some(metadata)) = (&outline.format, &outline.metadata) {
        return foreign::parse_json(metadata, entries).map(from_foreign);
    }
    let list: Capped<&RawValue, MAX_IMPORT_ENTRIES> = serde_json::from_str(entries.get())
        .map_err(|_| reject(format!("{NOT_A_JOURNAL} It has no list of entries.")))?;
    if list.too_long() {
        return Err(reject(format!(
            "This file lists {} entries, more than the {MAX_IMPORT_ENTRIES} Hearth imports at once.",
            list.total
        )));
    }
    let format = outline.format.map(|f| import::text(Some(f)).unwrap_or_default());
    let list = list.items;

    let mut entries = Vec::with_capacity(list.len());
    if format.as_deref() == Some(FORMAT) {
        let version = import::number(outline.version).unwrap_or(0);
        if version == 0 || version > u64::from(VERSION) {
            return Err(reject(
                "This file was made by a newer version of Hearth (or is damaged). Update Hearth and try again.",
            ));
        }
        for (i, v) in list.iter().enumerate() {
            let e: Entry = serde_json::from_str(v.get())
                .map_err(|_| reject(format!("Entry {} in this file is incomplete or damaged.", i + 1)))?;
            let input = EntryInput {
                id: Some(e.id),
                entry_date: e.entry_date,
                title: e.title,
                body: e.body,
                mood: e.mood,
                tags: e.tags,
                prompt: e.prompt,
            };
            let clean =
                clean_input(&input).map_err(|err| reject(format!("Entry {}: {}", i + 1, inner(&err))))?;
            // Kept in the one stored form, whatever offset or precision the file used.
            let bad_time = || reject(format!("Entry {} in this file has a time Hearth can't read.", i + 1));
            let time = |s: &str| crate::time::normalize(s).ok_or_else(bad_time);
            let deleted = e.deleted_at.as_deref().map(time).transpose()?;
            entries.push((clean, Some((time(&e.created_at)?, time(&e.updated_at)?, deleted))));
        }
        Ok(Parsed { format: Format::Hearth, entries, left_out: 0 })
    } else if format.is_none() {
        for (i, v) in list.iter().enumerate() {
            let j: JrnlEntry = serde_json::from_str(v.get())
                .map_err(|_| reject(format!("Entry {} in this file is incomplete or damaged.", i + 1)))?;
            let when = format!("{} {}", j.date.trim(), j.time.as_deref().unwrap_or("00:00").trim());
            let key = format!("{when}\n{}\n{}", j.title, j.body);
            let input = EntryInput {
                id: Some(uuid::Uuid::new_v5(&JRNL_NAMESPACE, key.as_bytes()).to_string()),
                entry_date: when,
                title: j.title,
                body: j.body,
                mood: None,
                tags: j.tags,
                prompt: None,
            };
            let clean =
                clean_input(&input).map_err(|err| reject(format!("Entry {}: {}", i + 1, inner(&err))))?;
            entries.push((clean, None));
        }
        Ok(Parsed { format: Format::Jrnl, entries, left_out: 0 })
    } else {
        Err(reject(NOT_A_JOURNAL))
    }
}

fn inner(e: &Error) -> String {
    match e {
        Error::InvalidInput(m) => m.clone(),
        other => other.to_string(),
    }
}

fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM journal_entries WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// How many entries importing `parsed` would add.
pub fn preview(conn: &Connection, parsed: &Parsed) -> Result<Preview> {
    let mut seen = HashSet::new();
    let mut new = 0;
    for (e, _) in &parsed.entries {
        let id = e.id.as_deref().unwrap_or_default();
        if seen.insert(id) && !exists(conn, id)? {
            new += 1;
        }
    }
    let total = parsed.entries.len();
    Ok(Preview { format: parsed.format, total, new, existing: total - new, left_out: parsed.left_out })
}

/// Adds every entry of `parsed` not already in the vault, in one transaction.
pub fn apply(conn: &mut Connection, parsed: &Parsed) -> Result<Applied> {
    let tx = conn.transaction()?;
    let mut added = 0;
    for (e, times) in &parsed.entries {
        if exists(&tx, e.id.as_deref().unwrap_or_default())? {
            continue;
        }
        let now = crate::time::stamp();
        let (c, u, d) = match times {
            Some((c, u, d)) => (c.as_str(), u.as_str(), d.as_deref()),
            None => (now.as_str(), now.as_str(), None),
        };
        write(&tx, e, Some((c, u, d)))?;
        added += 1;
    }
    tx.commit()?;
    Ok(Applied { added, skipped: parsed.entries.len() - added })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{conn, input};
    use super::super::{EntryInput, get, list, save, trash};
    use super::*;

    const JRNL: &str = r#"{"tags": {"@walks": 1}, "entries": [
        {"title": "Sunday", "body": "Long walk by the river.", "date": "2023-06-04", "time": "18:30", "tags": ["@walks"], "starred": false},
        {"title": "Monday", "body": "Quiet day.\n\nWe cooked.", "date": "2023-06-05", "time": "22:10", "tags": [], "starred": true}
    ]}"#;

    #[test]
    fn jrnl_twice_adds_once() {
        let mut c = conn();
        let p = parse(JRNL.as_bytes()).unwrap();
        assert_eq!(
            preview(&c, &p).unwrap(),
            Preview { format: Format::Jrnl, total: 2, new: 2, existing: 0, left_out: 0 }
        );
        assert_eq!(apply(&mut c, &p).unwrap(), Applied { added: 2, skipped: 0 });
        let p = parse(JRNL.as_bytes()).unwrap();
        assert_eq!(preview(&c, &p).unwrap().new, 0);
        assert_eq!(apply(&mut c, &p).unwrap(), Applied { added: 0, skipped: 2 });
        let page = list(&c, &Default::default(), None, 10).unwrap();
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.entries[1].tags, vec!["walks"]);
        assert_eq!(page.entries[0].entry_date, "2023-06-05T22:10:00");
    }

    #[test]
    fn hearth_json_round_trips() {
        let mut a = conn();
        let e = save(
            &mut a,
            &EntryInput {
                mood: Some(3),
                tags: vec!["x".into()],
                prompt: Some("Why?".into()),
                ..input("2024-01-01T09:00", "T \"q\"", "body\n")
            },
        )
        .unwrap();
        let gone = save(&mut a, &input("2024-01-02", "gone", "")).unwrap();
        trash(&a, &gone.id).unwrap();
        let (json, n) = export_json(&a).unwrap();
        assert_eq!(n, 2);
        let mut b = conn();
        let p = parse(json.as_bytes()).unwrap();
        assert_eq!(apply(&mut b, &p).unwrap().added, 2);
        assert_eq!(get(&b, &e.id).unwrap().unwrap(), e);
        assert!(get(&b, &gone.id).unwrap().unwrap().deleted_at.is_some(), "trash stays trash");
        assert_eq!(apply(&mut b, &parse(json.as_bytes()).unwrap()).unwrap().added, 0);
    }

    #[test]
    fn malformed_files_are_refused_whole() {
        let good = r#"{"title":"ok","body":"fine","date":"2023-01-01","time":"10:00"}"#;
        for bad in [
            "".to_string(),
            "not json".into(),
            "[1,2]".into(),
            "{}".into(),
            r#"{"entries": 5}"#.into(),
            format!(r#"{{"entries": [{good}, {{"title": "x"}}]}}"#),
            format!(r#"{{"entries": [{good}, {{"body": "x", "date": "yesterday"}}]}}"#),
            format!(r#"{{"entries": [{good}, {{"body": 7, "date": "2023-01-01"}}]}}"#),
            r#"{"format": "hearth-journal", "version": 99, "entries": []}"#.into(),
            r#"{"format": "something-else", "entries": []}"#.into(),
            r#"{"format": "hearth-journal", "version": 1, "entries": [{"id": "nope", "entry_date": "2023-01-01", "title": "", "body": "", "mood": null, "tags": [], "prompt": null, "created_at": "2023-01-01T00:00:00Z", "updated_at": "2023-01-01T00:00:00Z"}]}"#.into(),
            r#"{"format": "hearth-journal", "version": 1, "entries": [{"id": "0b6c0b39-8e43-4a52-9d43-2f6f7a1e0c11", "entry_date": "2023-01-01", "title": "", "body": "", "mood": 9, "tags": [], "prompt": null, "created_at": "2023-01-01T00:00:00Z", "updated_at": "2023-01-01T00:00:00Z"}]}"#.into(),
        ] {
            let err = parse(bad.as_bytes()).unwrap_err();
            assert_eq!(err.kind(), "import_rejected", "{bad}");
            assert!(err.to_string().ends_with("Nothing was imported."));
        }
        assert!(parse(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn a_file_with_too_many_entries_is_refused_whole_before_any_is_read() {
        // Empty entries: each would be refused, so the count is checked first.
        let list = |n: usize| format!(r#"{{"entries": [{}]}}"#, vec!["{}"; n].join(","));
        let err = parse(list(MAX_IMPORT_ENTRIES + 1).as_bytes()).unwrap_err();
        assert_eq!(err.kind(), "import_rejected");
        assert_eq!(
            err.to_string(),
            "This file lists 100001 entries, more than the 100000 Hearth imports at once. Nothing was imported."
        );
        let err = parse(list(MAX_IMPORT_ENTRIES).as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("Entry 1 in this file"), "{err}");
    }

    #[test]
    fn hostile_text_imports_as_text() {
        let mut c = conn();
        let f = r#"{"entries": [{"title": "<script>window.__pwned=1</script>", "body": "<img src=x onerror=alert(1)>\u0000", "date": "2023-01-01", "time": "10:00", "tags": ["<svg onload=alert(1)>"]}]}"#;
        apply(&mut c, &parse(f.as_bytes()).unwrap()).unwrap();
        let e = &list(&c, &Default::default(), None, 1).unwrap().entries[0];
        assert_eq!(e.title, "<script>window.__pwned=1</script>");
        assert_eq!(e.tags, vec!["<svg onload=alert(1)>"]);
        assert!(!e.excerpt.contains('\0'));
    }

    #[test]
    fn markdown_export_has_front_matter() {
        let mut c = conn();
        save(
            &mut c,
            &EntryInput { tags: vec!["a \"b\"".into()], ..input("2024-01-01T09:05", "Hello: world", "Body") },
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (folder, n) = export_markdown(&c, dir.path()).unwrap();
        assert_eq!(n, 1);
        let file = std::fs::read_dir(&folder).unwrap().next().unwrap().unwrap().path();
        assert!(file.file_name().unwrap().to_str().unwrap().starts_with("2024-01-01-09-05-hello-world-"));
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with("---\nid: \""));
        assert!(text.contains("title: \"Hello: world\"\n"));
        assert!(text.contains("tags: [\"a \\\"b\\\"\"]\n"));
        assert!(text.ends_with("---\n\nBody\n"));
        // A second export goes into a new folder, never over the first.
        let (again, _) = export_markdown(&c, dir.path()).unwrap();
        assert_ne!(again, folder);
        // Plain text, so private to this user.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&folder), 0o700);
            assert_eq!(mode(&std::fs::read_dir(&folder).unwrap().next().unwrap().unwrap().path()), 0o600);
        }
    }
}

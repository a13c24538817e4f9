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
//!
//! Photos travel in Hearth JSON (version 2) as base64 beside the entries, each
//! naming its entry. On import every photo goes through [`crate::photos::intake`]
//! again (a photo Hearth wrote comes back byte for byte; anything else is stripped
//! as if added by hand), all before the transaction, so a bad photo refuses the
//! whole file.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::entry::{Clean, Entry, EntryInput, clean_input};
use super::foreign::{self, Foreign, NOT_A_JOURNAL, Source};
use super::store::{ENTRY_COLUMNS, entry_from_row, write};
use crate::import::{self, Capped};
use crate::{Error, Result};

pub const FORMAT: &str = "hearth-journal";
/// 2: photos beside the entries. Version 1 files (no photos) still import.
pub const VERSION: u32 = 2;
// Kept in `entry.rs`, which every reader of import files uses.
pub use super::entry::{MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES};
/// A Hearth JSON file with photos may be this big; its text is still held to
/// [`MAX_IMPORT_BYTES`] (the rest must be its photos).
pub const MAX_IMPORT_BYTES_WITH_PHOTOS: u64 = 1024 * 1024 * 1024;
/// Namespace for the ids given to jrnl entries (a fixed, random UUID).
const JRNL_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6b1f_4f0e_2d6a_4c53_9a41_8e3c_5d27_b90a);

#[derive(Debug, Serialize, Deserialize)]
pub struct HearthFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub entries: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoFile>,
}

/// A photo in a Hearth JSON export.
#[derive(Debug, Serialize, Deserialize)]
pub struct PhotoFile {
    pub id: String,
    /// The entry it belongs to.
    pub entry: String,
    pub mime: crate::photos::Mime,
    pub created_at: String,
    /// The picture as stored, in standard base64.
    pub data: String,
}

/// A photo read from an import file, not yet checked as a picture.
#[derive(Debug)]
struct PhotoIn {
    id: String,
    entry: String,
    created_at: String,
    bytes: Vec<u8>,
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
    photos: Vec<PhotoIn>,
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

/// Every entry, the trash included (marked with `deleted_at`), and every entry's
/// photos, as Hearth JSON.
pub fn export_json(conn: &Connection) -> Result<(String, usize)> {
    use base64::Engine as _;
    let entries = all_entries(conn)?;
    let n = entries.len();
    let mut photos = Vec::new();
    for (entry, p) in crate::photos::for_entries(conn)? {
        let Some((mime, bytes)) = crate::photos::image(conn, &p.id)? else { continue };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        photos.push(PhotoFile { id: p.id, entry, mime, created_at: p.created_at, data });
    }
    let file = HearthFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: crate::time::stamp(),
        entries,
        photos,
    };
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

/// The Markdown export: one `.zip` holding a Markdown file per live entry (named
/// by date, title and id) and, in `photos/`, each entry's photos, which its file
/// shows at the end (`![Photo 1](photos/<id>.jpg)`). Returns the zip's bytes and
/// the number of entries. Photos are stored as they are (already compressed);
/// the text is deflated.
pub fn export_markdown(conn: &Connection) -> Result<(Vec<u8>, usize)> {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    let entries: Vec<Entry> = all_entries(conn)?.into_iter().filter(|e| e.deleted_at.is_none()).collect();
    let mut photos_of: std::collections::HashMap<String, Vec<crate::photos::Photo>> = Default::default();
    for (entry, p) in crate::photos::for_entries(conn)? {
        photos_of.entry(entry).or_default().push(p);
    }
    let failed = |_| Error::invalid_input("The Markdown export could not be put together.");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let text = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for e in &entries {
        let stamp = e.entry_date.get(..16).unwrap_or(&e.entry_date).replace(['T', ':'], "-");
        let short = e.id.get(..8).unwrap_or(&e.id);
        let slug = slug(&e.title);
        let name = if slug.is_empty() {
            format!("{stamp}-{short}.md")
        } else {
            format!("{stamp}-{slug}-{short}.md")
        };
        let mut md = entry_markdown(e);
        let photos = photos_of.remove(&e.id).unwrap_or_default();
        if !photos.is_empty() {
            md.push('\n');
        }
        for (i, p) in photos.iter().enumerate() {
            let Some((mime, bytes)) = crate::photos::image(conn, &p.id)? else { continue };
            let file = format!("photos/{}.{}", p.id, mime.extension());
            md.push_str(&format!("![Photo {}]({file})\n", i + 1));
            zip.start_file(file.as_str(), stored).map_err(failed)?;
            zip.write_all(&bytes)
                .map_err(|_| Error::invalid_input("The Markdown export could not be put together."))?;
        }
        zip.start_file(name.as_str(), text).map_err(failed)?;
        zip.write_all(md.as_bytes())
            .map_err(|_| Error::invalid_input("The Markdown export could not be put together."))?;
    }
    let bytes = zip.finish().map_err(failed)?.into_inner();
    Ok((bytes, entries.len()))
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
    /// Hearth files from version 2: the entries' photos.
    #[serde(default, borrow)]
    photos: Option<&'a RawValue>,
}

/// Reads an import file the person picked: a zip (a Day One export with its
/// photos) up to [`foreign::MAX_ZIP_BYTES`], anything else up to
/// [`MAX_IMPORT_BYTES_WITH_PHOTOS`] (a Hearth export with photos). Its kind is then
/// told by content ([`parse`]).
pub fn read_import(path: &Path) -> Result<Vec<u8>> {
    let zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    crate::files::read_bounded(path, if zip { foreign::MAX_ZIP_BYTES } else { MAX_IMPORT_BYTES_WITH_PHOTOS })
}

fn from_foreign(f: Foreign) -> Parsed {
    let photos = f
        .photos
        .into_iter()
        .map(|(id, entry, created_at, bytes)| PhotoIn { id, entry, created_at, bytes })
        .collect();
    Parsed { format: f.source.into(), entries: f.entries, left_out: f.left_out, photos }
}

/// Reads and checks a whole import file.
pub fn parse(bytes: &[u8]) -> Result<Parsed> {
    if foreign::is_zip(bytes) {
        if bytes.len() as u64 > foreign::MAX_ZIP_BYTES {
            return Err(reject("This zip file is too big to be a journal export."));
        }
        return foreign::parse_day_one_zip(bytes).map(from_foreign);
    }
    let too_big = || reject("This file is too big to be a journal export.");
    if bytes.len() as u64 > MAX_IMPORT_BYTES_WITH_PHOTOS {
        return Err(too_big());
    }
    let outline: Outline = foreign::read_outline(bytes, "This file", NOT_A_JOURNAL)?;
    let photo_bytes = outline.photos.map_or(0, |p| p.get().len() as u64);
    if bytes.len() as u64 - photo_bytes > MAX_IMPORT_BYTES {
        return Err(too_big());
    }
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
        let photos = parse_photos(outline.photos)?;
        Ok(Parsed { format: Format::Hearth, entries, left_out: 0, photos })
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
        Ok(Parsed { format: Format::Jrnl, entries, left_out: 0, photos: Vec::new() })
    } else {
        Err(reject(NOT_A_JOURNAL))
    }
}

/// A Hearth file's photos: each one's id, entry and time checked, its base64
/// decoded and held to [`crate::photos::MAX_PHOTO_BYTES`]. Whether it is a picture
/// is checked by [`apply`], before its transaction.
fn parse_photos(list: Option<&RawValue>) -> Result<Vec<PhotoIn>> {
    use base64::Engine as _;
    const MAX_PHOTOS: usize = MAX_IMPORT_ENTRIES;
    let Some(list) = list else { return Ok(Vec::new()) };
    let list: Capped<&RawValue, MAX_PHOTOS> =
        serde_json::from_str(list.get()).map_err(|_| reject("This file's list of photos is damaged."))?;
    if list.too_long() {
        return Err(reject(format!(
            "This file holds more than {MAX_PHOTOS} photos, more than Hearth imports at once."
        )));
    }
    let mut out = Vec::with_capacity(list.items.len());
    for (i, v) in list.items.iter().enumerate() {
        let damaged = || reject(format!("Photo {} in this file is incomplete or damaged.", i + 1));
        let p: PhotoFile = serde_json::from_str(v.get()).map_err(|_| damaged())?;
        let id = uuid::Uuid::parse_str(&p.id).map_err(|_| damaged())?.to_string();
        let entry = uuid::Uuid::parse_str(&p.entry).map_err(|_| damaged())?.to_string();
        let created_at = crate::time::normalize(&p.created_at).ok_or_else(damaged)?;
        if p.data.len() as u64 > crate::photos::MAX_PHOTO_BYTES / 3 * 4 + 4 {
            return Err(reject(format!("Photo {} in this file is bigger than Hearth keeps.", i + 1)));
        }
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(p.data.as_bytes()).map_err(|_| damaged())?;
        out.push(PhotoIn { id, entry, created_at, bytes });
    }
    Ok(out)
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

/// Adds every entry of `parsed` not already in the vault, with its photos, in one
/// transaction. The photos of new entries are taken in (checked, stripped where
/// needed, thumbnailed) first: one that isn't a picture refuses the whole file.
pub fn apply(conn: &mut Connection, parsed: &Parsed) -> Result<Applied> {
    let mut new_ids = HashSet::new();
    for (e, _) in &parsed.entries {
        let id = e.id.as_deref().unwrap_or_default();
        if !exists(conn, id)? {
            new_ids.insert(id);
        }
    }
    let mut photos = Vec::new();
    for (i, p) in parsed.photos.iter().enumerate() {
        if !new_ids.contains(p.entry.as_str()) || crate::photos::exists(conn, &p.id)? {
            continue;
        }
        let prepared = crate::photos::intake::prepare(&p.bytes).map_err(|err| {
            reject(format!("Photo {}: {}", i + 1, inner(&err).trim_end_matches(" Nothing was added.")))
        })?;
        photos.push((p, prepared));
    }
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
    for (p, prepared) in &photos {
        // A photo naming an entry the file doesn't hold refuses the file.
        if !exists(&tx, &p.entry)? {
            return Err(reject("A photo in this file belongs to an entry it doesn't hold."));
        }
        let owner = crate::photos::Owner::Entry(&p.entry);
        crate::photos::store::insert(&tx, owner, prepared, Some((&p.id, &p.created_at)))
            .map_err(|err| reject(inner(&err)))?;
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
    fn photos_travel_in_json_and_a_bad_one_refuses_the_file() {
        use crate::photos::{self, Owner, intake::tests::jpeg};
        let mut a = conn();
        let e = save(&mut a, &input("2024-03-01", "Beach", "")).unwrap();
        let p = photos::add(&mut a, Owner::Entry(&e.id), &jpeg(200, 100)).unwrap();
        let gone = save(&mut a, &input("2024-03-02", "gone", "")).unwrap();
        let q = photos::add(&mut a, Owner::Entry(&gone.id), &jpeg(50, 50)).unwrap();
        trash(&a, &gone.id).unwrap();
        let (json, _) = export_json(&a).unwrap();

        let mut b = conn();
        assert_eq!(apply(&mut b, &parse(json.as_bytes()).unwrap()).unwrap().added, 2);
        assert_eq!(photos::image(&b, &p.id).unwrap(), photos::image(&a, &p.id).unwrap());
        assert_eq!(
            photos::image(&b, &q.id).unwrap(),
            photos::image(&a, &q.id).unwrap(),
            "trashed entries keep theirs"
        );
        assert_eq!(
            photos::list(&b, Owner::Entry(&e.id)).unwrap(),
            photos::list(&a, Owner::Entry(&e.id)).unwrap()
        );
        apply(&mut b, &parse(json.as_bytes()).unwrap()).unwrap();
        assert_eq!(photos::list(&b, Owner::Entry(&e.id)).unwrap().len(), 1, "a second import adds nothing");

        // The same file with its first photo's bytes cut in half: refused whole.
        use base64::Engine as _;
        let mut file: serde_json::Value = serde_json::from_str(&json).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        let data = b64.decode(file["photos"][0]["data"].as_str().unwrap()).unwrap();
        file["photos"][0]["data"] = b64.encode(&data[..data.len() / 2]).into();
        let mut c = conn();
        let err = apply(&mut c, &parse(file.to_string().as_bytes()).unwrap()).unwrap_err();
        assert_eq!(err.kind(), "import_rejected");
        assert!(err.to_string().starts_with("Photo 1: This photo seems damaged"), "{err}");
        assert!(list(&c, &Default::default(), None, 10).unwrap().entries.is_empty(), "nothing was imported");
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
    fn markdown_export_is_one_zip_with_its_photos() {
        use std::io::Read as _;
        let mut c = conn();
        let e = save(
            &mut c,
            &EntryInput { tags: vec!["a \"b\"".into()], ..input("2024-01-01T09:05", "Hello: world", "Body") },
        )
        .unwrap();
        let p = crate::photos::add(
            &mut c,
            crate::photos::Owner::Entry(&e.id),
            &crate::photos::intake::samples::jpeg(30, 20),
        )
        .unwrap();
        let gone = save(&mut c, &input("2024-01-02", "gone", "")).unwrap();
        trash(&c, &gone.id).unwrap();
        let (bytes, n) = export_markdown(&c).unwrap();
        assert_eq!(n, 1, "the trash stays out");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let md_name = names.iter().find(|n| n.ends_with(".md")).unwrap().clone();
        assert!(md_name.starts_with("2024-01-01-09-05-hello-world-"), "{md_name}");
        let mut text = String::new();
        zip.by_name(&md_name).unwrap().read_to_string(&mut text).unwrap();
        assert!(text.starts_with("---\nid: \""));
        assert!(text.contains("title: \"Hello: world\"\n"));
        assert!(text.contains("tags: [\"a \\\"b\\\"\"]\n"));
        let link = format!("![Photo 1](photos/{}.jpg)\n", p.id);
        assert!(text.ends_with(&format!("---\n\nBody\n\n{link}")), "{text}");
        let mut photo = Vec::new();
        zip.by_name(&format!("photos/{}.jpg", p.id)).unwrap().read_to_end(&mut photo).unwrap();
        assert_eq!(Some(photo), crate::photos::image(&c, &p.id).unwrap().map(|(_, b)| b));
    }
}

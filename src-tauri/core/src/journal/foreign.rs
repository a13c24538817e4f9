//! A way in from other journals: Day One's JSON export (a `.zip` holding one
//! `<journal>.json` per journal and a `photos/` folder), Mini Diary's JSON export
//! and Mini Diarium's (both of its shapes).
//!
//! Each reader is called by [`super::exchange::parse`], which tells the kinds
//! apart by content, and gives back checked entries; `exchange` previews and
//! applies them like any other import (all or nothing, skipped by id). As there:
//! the outline first, each entry as a slice of the file read into its own typed
//! struct, never a `serde_json::Value` of the whole file, and every list capped.
//!
//! - **Ids.** Day One entries carry a `uuid`; Mini Diary's are keyed by day, Mini
//!   Diarium's by day and a number. Each gets a UUID v5 of those (in a namespace
//!   of its own kind), so the same file imported twice adds nothing.
//! - **Photos.** A Day One zip's JPEG, PNG and WebP photos come in with their
//!   entries (each read from `photos/<md5>.<type>` under [`MAX_PHOTO_BYTES`],
//!   counted on the bytes that come out, and later taken in by
//!   [`crate::photos::intake`] like any photo, so a damaged one refuses the whole
//!   file); their links leave the text. Other photos (HEIC, or too big, or
//!   missing from the zip), videos, recordings and PDFs stay behind: their place
//!   in the text (`![](dayone-moment://…)`) becomes a short note, and the
//!   preview says how many were left. A photo's id is a UUID v5 of Day One's
//!   identifier, so a second import adds nothing.
//! - **Zip bombs.** Only the top-level `.json` files are decompressed, together at
//!   most [`MAX_IMPORT_BYTES`], counted on the bytes actually read
//!   (never on the sizes the zip claims); a zip listing more than
//!   [`MAX_ZIP_FILES`] files is refused unread.
//! - **Times.** Day One stores each moment in UTC with a time zone *name*; Hearth
//!   has no time zone database, so the entry's date is that moment in this
//!   computer's time zone (right for anyone who hasn't moved since). A time from
//!   the future (a wrong clock) is brought back to the moment of the import.

use std::io::{Cursor, Read};

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::entry::{Clean, EntryInput, MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES, clean_input};
use crate::import::{self, Capped, CappedMap};
use crate::photos::MAX_PHOTO_BYTES;
use crate::{Error, Result};

/// What a foreign file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    DayOne,
    MiniDiary,
    MiniDiarium,
}

/// Created, updated and trashed times, in the stored form.
pub type Times = (String, String, Option<String>);

/// A foreign file's entries, checked, with what was left behind.
#[derive(Debug)]
pub struct Foreign {
    pub source: Source,
    pub(crate) entries: Vec<(Clean, Option<Times>)>,
    /// Photos, videos, audio and PDF attachments that were not brought in.
    pub left_out: usize,
    /// Photos brought in: (photo id, entry id, created, the file's bytes).
    pub(crate) photos: Vec<(String, String, String, Vec<u8>)>,
}

/// The most files a Day One zip may list (entries, photos and all).
pub const MAX_ZIP_FILES: usize = 100_000;
/// A Day One zip with its photos is much bigger than its text: larger zips are
/// refused unread. Only the journal's JSON inside is ever decompressed.
pub const MAX_ZIP_BYTES: u64 = 1024 * 1024 * 1024;
/// The note left where a photo was.
pub const PHOTO_NOTE: &str = "(a photo was here in Day One)";
/// The note left where another attachment (a video, a recording, a PDF) was.
pub const ATTACHMENT_NOTE: &str = "(an attachment was here in Day One)";

// Namespaces for the ids given to each kind's entries (fixed, random UUIDs).
const DAY_ONE_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x2c5e_93a1_7f04_4d8b_b6e2_51a9_0d3c_e817);
const MINI_DIARY_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x9d47_0b2e_c318_4a65_8f1d_36e0_a5b4_7c92);

const MAX_ENTRIES: usize = MAX_IMPORT_ENTRIES;
/// Attachments counted per entry; more are still counted, not kept.
const MAX_ATTACHMENTS: usize = 0;
/// Photos read per entry (as many as an entry holds in Hearth); more are left behind.
const MAX_PHOTOS: usize = crate::photos::MAX_PER_OWNER;

fn reject(msg: impl Into<String>) -> Error {
    Error::ImportRejected(msg.into())
}

/// Whether `bytes` look like a zip file (a local file header or an empty archive).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The part of a foreign file's outline that says what it is.
#[derive(Deserialize)]
pub struct Metadata<'a> {
    #[serde(default, borrow)]
    application: Option<&'a RawValue>,
}

/// Reads a JSON file that has a `metadata` object: Day One, Mini Diary or Mini
/// Diarium, told apart by the application it names and the shape of its entries.
pub fn parse_json(metadata: &Metadata, entries: &RawValue) -> Result<Foreign> {
    let application = import::text(metadata.application).unwrap_or_default();
    let is_object = entries.get().trim_start().starts_with('{');
    if is_object {
        let source = if application.to_lowercase().contains("diarium") {
            Source::MiniDiarium
        } else if application.is_empty() || application == "Mini Diary" {
            Source::MiniDiary
        } else {
            return Err(not_ours());
        };
        return mini_diary_map(source, entries);
    }
    let list: Capped<&RawValue, MAX_ENTRIES> = serde_json::from_str(entries.get()).map_err(|_| not_ours())?;
    if list.too_long() {
        return Err(too_many(list.total));
    }
    // A list: Mini Diarium names itself; Day One names no application, and its
    // entries have a `creationDate`.
    if application.to_lowercase().contains("diarium") {
        return mini_diarium_list(&list.items);
    }
    if !application.is_empty() {
        return Err(not_ours());
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Probe {
        #[serde(default)]
        creation_date: Option<IgnoredAny>,
    }
    let mut out = Foreign { source: Source::DayOne, entries: Vec::new(), left_out: 0, photos: Vec::new() };
    if let Some(first) = list.items.first() {
        let probe: Probe = serde_json::from_str(first.get()).map_err(|_| damaged(1))?;
        if probe.creation_date.is_none() {
            return Err(not_ours());
        }
    }
    day_one_entries(&list.items, 0, &mut out, None)?;
    Ok(out)
}

/// Said of a file that is none of the kinds Hearth imports.
pub const NOT_A_JOURNAL: &str =
    "This file isn't a journal export Hearth knows (Hearth, jrnl, Day One, Mini Diary or Mini Diarium).";

fn not_ours() -> Error {
    reject(NOT_A_JOURNAL)
}

fn damaged(n: usize) -> Error {
    reject(format!("Entry {n} in this file is incomplete or damaged."))
}

fn too_many(total: usize) -> Error {
    reject(format!("This file lists {total} entries, more than the {MAX_ENTRIES} Hearth imports at once."))
}

fn checked(n: usize, input: &EntryInput) -> Result<Clean> {
    clean_input(input).map_err(|err| {
        let why = match &err {
            Error::InvalidInput(m) => m.clone(),
            other => other.to_string(),
        };
        reject(format!("Entry {n}: {why}"))
    })
}

/// A time from the file in the stored form, unless it can't be read or lies in
/// the future (then the import's own moment is used). Besides RFC 3339, reads
/// the form Mini Diary writes (JavaScript's `Date.toString()`:
/// `Sun Feb 15 2026 15:15:14 GMT+0100 (Central European Standard Time)`).
fn trusted_time(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    let js = || {
        let s = s.split(" (").next()?;
        chrono::DateTime::parse_from_str(s, "%a %b %d %Y %H:%M:%S GMT%z").ok().map(|d| d.timestamp_millis())
    };
    let ms = crate::time::parse(s).or_else(js)?;
    (!crate::time::is_far_future(ms, crate::time::now())).then(|| crate::time::format(ms))
}

/// A JSON file's outline `T`, read from `bytes` (a byte-order mark allowed);
/// refused, saying what of `what` is wrong, if it is not UTF-8 or not JSON, or
/// with `not_kind` if it is JSON of another shape.
pub fn read_outline<'a, T: Deserialize<'a>>(bytes: &'a [u8], what: &str, not_kind: &str) -> Result<T> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| reject(format!("{what} isn't text Hearth can read (not UTF-8).")))?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            reject(format!("{what} isn't valid JSON, so it can't be a journal export."))
        } else {
            reject(not_kind)
        }
    })
}

// ---- Day One ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    uuid: String,
    creation_date: String,
    #[serde(default)]
    modified_date: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    photos: Option<Capped<DayOnePhoto, MAX_PHOTOS>>,
    #[serde(default)]
    videos: Option<Capped<IgnoredAny, MAX_ATTACHMENTS>>,
    #[serde(default)]
    audios: Option<Capped<IgnoredAny, MAX_ATTACHMENTS>>,
    #[serde(default)]
    pdf_attachments: Option<Capped<IgnoredAny, MAX_ATTACHMENTS>>,
}

/// A photo as Day One's JSON names it; its file is `photos/<md5>.<type>`.
#[derive(Deserialize)]
struct DayOnePhoto {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    md5: String,
    #[serde(default, rename = "type")]
    kind: String,
}

/// Where Day One keeps a photo's file in its zip, if it is a kind Hearth reads
/// and the names are plain (hex digest, a known type), so no path can be made.
fn photo_file(p: &DayOnePhoto) -> Option<String> {
    let kind = p.kind.to_ascii_lowercase();
    let plain = !p.md5.is_empty() && p.md5.len() <= 64 && p.md5.chars().all(|c| c.is_ascii_hexdigit());
    (plain && matches!(kind.as_str(), "jpeg" | "jpg" | "png" | "webp"))
        .then(|| format!("photos/{}.{kind}", p.md5))
}

/// The photos a Day One zip holds that Hearth takes: the photo files in the zip
/// (name and the size it declares), and those its entries name, as they are read
/// (photo id, entry id, created, file name).
struct Wanted {
    files: std::collections::HashMap<String, u64>,
    list: Vec<(String, String, String, String)>,
}

/// Reads Day One entries (numbered from `first + 1` in messages) into `out`,
/// and the photos they name into `wanted` (when `wanted` is given: a zip).
fn day_one_entries(
    list: &[&RawValue],
    first: usize,
    out: &mut Foreign,
    mut wanted: Option<&mut Wanted>,
) -> Result<()> {
    for (i, raw) in list.iter().enumerate() {
        let n = first + i + 1;
        let e: DayOneEntry = serde_json::from_str(raw.get()).map_err(|_| damaged(n))?;
        let bad_time = || reject(format!("Entry {n} in this file has a time Hearth can't read."));
        let moment = chrono::DateTime::parse_from_rfc3339(e.creation_date.trim()).map_err(|_| bad_time())?;
        let local = moment.with_timezone(&chrono::Local).naive_local();
        let count = |c: &Option<Capped<IgnoredAny, MAX_ATTACHMENTS>>| c.as_ref().map_or(0, |c| c.total);
        out.left_out += count(&e.videos) + count(&e.audios) + count(&e.pdf_attachments);
        let entry_id = uuid::Uuid::new_v5(&DAY_ONE_NAMESPACE, e.uuid.trim().as_bytes()).to_string();
        let created = trusted_time(Some(&e.creation_date));
        // Photos: those a zip may hold are wanted (their links leave the text);
        // the others are left behind with a note.
        let mut taken = std::collections::HashSet::new();
        if let Some(list) = &e.photos {
            out.left_out += list.total - list.items.len();
            for p in &list.items {
                // In the zip, within the size Hearth keeps (as the zip declares it;
                // a file that turns out bigger refuses the zip as damaged).
                let file = photo_file(p).filter(|_| !p.identifier.is_empty());
                let wanted = wanted.as_deref_mut();
                match (file, wanted) {
                    (Some(file), Some(w)) if w.files.get(&file).is_some_and(|&n| n <= MAX_PHOTO_BYTES) => {
                        let key = format!("{}\n{}", e.uuid.trim(), p.identifier);
                        let id = uuid::Uuid::new_v5(&DAY_ONE_NAMESPACE, key.as_bytes()).to_string();
                        let at = created.clone().unwrap_or_else(crate::time::stamp);
                        w.list.push((id, entry_id.clone(), at, file));
                        taken.insert(p.identifier.clone());
                    }
                    _ => out.left_out += 1,
                }
            }
        }
        let (title, body) = title_and_body(&without_moments_but(&e.text, &taken));
        let input = EntryInput {
            id: Some(entry_id),
            entry_date: local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            title,
            body,
            mood: None,
            tags: e.tags,
            prompt: None,
        };
        let times = created.map(|c| {
            let updated = trusted_time(e.modified_date.as_deref()).unwrap_or_else(|| c.clone());
            (c, updated, None)
        });
        out.entries.push((checked(n, &input)?, times));
    }
    Ok(())
}

/// Day One's text with each embedded photo or attachment
/// (`![](dayone-moment://…)`, `![](dayone-moment:/video/…)`) replaced by a note.
pub fn without_moments(text: &str) -> String {
    without_moments_but(text, &Default::default())
}

/// [`without_moments`], except that the links to the photos in `taken` (by Day
/// One's identifier), which come in with the entry, are removed with no note.
fn without_moments_but(text: &str, taken: &std::collections::HashSet<String>) -> String {
    const START: &str = "](dayone-moment:";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(START) {
        // The `![` (or `[`) that opens this link, if it is on the same line.
        let open = rest[..at].rfind('[').filter(|&o| !rest[o..at].contains('\n'));
        let Some(close) = rest[at + START.len()..].find(')') else { break };
        let end = at + START.len() + close + 1;
        let Some(open) = open else {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        };
        let open = if open > 0 && rest.as_bytes()[open - 1] == b'!' { open - 1 } else { open };
        let target = &rest[at + START.len()..end];
        out.push_str(&rest[..open]);
        let photo = !["/video/", "/audio/", "/pdf"].iter().any(|k| target.starts_with(k));
        let identifier = target.trim_start_matches('/').trim_end_matches(')');
        if !(photo && taken.contains(identifier)) {
            out.push_str(if photo { PHOTO_NOTE } else { ATTACHMENT_NOTE });
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Day One has no title field; an entry that opens with a Markdown heading
/// (`# A day out`) has its title there.
fn title_and_body(text: &str) -> (String, String) {
    let text = text.trim_start_matches(['\n', '\r']);
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim_end().strip_prefix("# ") {
        Some(title) if !title.trim().is_empty() && title.chars().count() <= 300 => {
            (title.trim().to_owned(), rest.trim_start_matches(['\n', '\r']).to_owned())
        }
        _ => (String::new(), text.to_owned()),
    }
}

/// Reads a Day One export: the zip, or one journal's JSON on its own.
pub fn parse_day_one_zip(bytes: &[u8]) -> Result<Foreign> {
    let damaged_zip = || reject("This zip file is damaged or incomplete, so Hearth can't read it.");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged_zip())?;
    if zip.len() > MAX_ZIP_FILES {
        return Err(reject(format!(
            "This zip file lists {} files, more than the {MAX_ZIP_FILES} Hearth reads in a Day One export.",
            zip.len()
        )));
    }
    // The journals: `.json` files at the top of the zip (Day One names each
    // after its journal); everything else (photos/, videos/, …) stays packed.
    let mut journals: Vec<(String, usize)> = (0..zip.len())
        .filter_map(|i| Some((zip.name_for_index(i)?.ok()?.into_owned(), i)))
        .filter(|(n, _)| !n.contains(['/', '\\']) && n.to_lowercase().ends_with(".json"))
        .collect();
    if journals.is_empty() {
        return Err(reject("This zip file isn't a Day One export (it holds no journal in JSON)."));
    }
    journals.sort();
    let mut out = Foreign { source: Source::DayOne, entries: Vec::new(), left_out: 0, photos: Vec::new() };
    let mut budget = MAX_IMPORT_BYTES;
    let mut files = std::collections::HashMap::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| damaged_zip())?;
        let name = f.name().map_err(|_| damaged_zip())?;
        if name.starts_with("photos/") {
            files.insert(name.into_owned(), f.size());
        }
    }
    let mut wanted = Wanted { files, list: Vec::new() };
    for (_, i) in journals {
        let file = zip.by_index(i).map_err(|_| damaged_zip())?;
        let mut json = Vec::new();
        // Counted on what comes out, whatever size the zip claims.
        file.take(budget + 1).read_to_end(&mut json).map_err(|_| damaged_zip())?;
        if json.len() as u64 > budget {
            return Err(reject("The journal inside this zip file is too big for Hearth to import."));
        }
        budget -= json.len() as u64;
        day_one_json(&json, &mut out, &mut wanted)?;
    }
    // The photos: each read under its cap, counted on what comes out.
    let mut photo_budget = MAX_ZIP_BYTES;
    for (id, entry, at, file) in wanted.list {
        let f = zip.by_name(&file).map_err(|_| damaged_zip())?;
        let cap = MAX_PHOTO_BYTES.min(photo_budget);
        let mut bytes = Vec::new();
        f.take(cap + 1).read_to_end(&mut bytes).map_err(|_| damaged_zip())?;
        if bytes.len() as u64 > cap {
            return Err(reject(
                "A photo inside this zip file is bigger than it says, so Hearth can't trust it.",
            ));
        }
        photo_budget -= bytes.len() as u64;
        out.photos.push((id, entry, at, bytes));
    }
    Ok(out)
}

/// One Day One journal's JSON (`{"metadata": {…}, "entries": […]}`), added to
/// `out`, the photos its entries name to `wanted`.
fn day_one_json(bytes: &[u8], out: &mut Foreign, wanted: &mut Wanted) -> Result<()> {
    #[derive(Deserialize)]
    struct Outline<'a> {
        #[serde(borrow)]
        entries: Capped<&'a RawValue, MAX_ENTRIES>,
    }
    let outline: Outline = read_outline(
        bytes,
        "The journal inside this zip file",
        "The journal inside this zip file isn't a Day One export.",
    )?;
    let total = out.entries.len() + outline.entries.total;
    if outline.entries.too_long() || total > MAX_ENTRIES {
        return Err(too_many(total));
    }
    let first = out.entries.len();
    day_one_entries(&outline.entries.items, first, out, Some(wanted))
}

// ---- Mini Diary and Mini Diarium ----

/// An entry of either: Mini Diary's have no `id`, `date` (their day is their
/// key) or `tags`; Mini Diarium's list has all three.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MiniEntry<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    date_updated: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
}

fn mini_entry(n: usize, key: &str, date: &str, e: MiniEntry) -> Result<(Clean, Option<Times>)> {
    // The day must be a day: a key like "yesterday" is refused, not guessed.
    let day = date.trim();
    if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
        return Err(reject(format!("Entry {n} in this file has a date Hearth can't read.")));
    }
    let input = EntryInput {
        id: Some(uuid::Uuid::new_v5(&MINI_DIARY_NAMESPACE, key.as_bytes()).to_string()),
        entry_date: day.to_owned(),
        title: e.title,
        body: e.text,
        mood: None,
        tags: e.tags,
        prompt: None,
    };
    let times = trusted_time(e.date_updated.as_deref()).map(|t| (t.clone(), t, None));
    Ok((checked(n, &input)?, times))
}

/// Mini Diary's shape (Mini Diarium writes it too): entries keyed by day.
fn mini_diary_map(source: Source, entries: &RawValue) -> Result<Foreign> {
    let map: CappedMap<&RawValue, MAX_ENTRIES> =
        serde_json::from_str(entries.get()).map_err(|_| not_ours())?;
    if map.too_long() {
        return Err(too_many(map.total));
    }
    let mut out =
        Foreign { source, entries: Vec::with_capacity(map.items.len()), left_out: 0, photos: Vec::new() };
    for (i, (day, raw)) in map.items.iter().enumerate() {
        let e: MiniEntry = serde_json::from_str(raw.get()).map_err(|_| damaged(i + 1))?;
        let key = format!("{}\n{}", day.trim(), e.title);
        out.entries.push(mini_entry(i + 1, &key, day, e)?);
    }
    Ok(out)
}

/// Mini Diarium's own shape: a list of entries, each with its day and a number.
fn mini_diarium_list(list: &[&RawValue]) -> Result<Foreign> {
    let mut out = Foreign {
        source: Source::MiniDiarium,
        entries: Vec::with_capacity(list.len()),
        left_out: 0,
        photos: Vec::new(),
    };
    for (i, raw) in list.iter().enumerate() {
        let mut e: MiniEntry = serde_json::from_str(raw.get()).map_err(|_| damaged(i + 1))?;
        let date = e.date.take().ok_or_else(|| damaged(i + 1))?;
        let id = e.id.map(|r| r.get().trim_matches('"')).unwrap_or_default();
        let key = format!("{}\n{}\n{id}", date.trim(), e.title);
        // Mini Diarium keeps its entries as HTML (its editor's); Hearth's are Markdown.
        e.text = html_to_text(&e.text);
        out.entries.push(mini_entry(i + 1, &key, &date, e)?);
    }
    Ok(out)
}

/// Mini Diarium's HTML as Markdown-ish plain text: paragraphs and line breaks
/// kept, bold and italics as `**` and `*`, list items as `- `, every other tag
/// dropped and the common entities decoded. What comes out is rendered like
/// anything typed (`render.rs`), so a tag that slips through stays text.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&decode(&rest[lt..]));
            rest = "";
            break;
        };
        let tag = rest[lt + 1..lt + gt].trim().to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        match (name.as_str(), closing) {
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul" | "ol", true) => {
                out.push_str("\n\n")
            }
            ("br", _) => out.push('\n'),
            ("li", false) => out.push_str("- "),
            ("li", true) => out.push('\n'),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            _ => {}
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(&decode(rest));
    let trimmed = out.trim();
    // Runs of blank lines (from nested blocks) made one.
    let mut text = String::with_capacity(trimmed.len());
    for line in trimmed.split('\n') {
        if line.trim().is_empty() && text.ends_with("\n\n") {
            continue;
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text.trim_end().to_owned()
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_links_become_a_note_and_other_text_stays() {
        for (text, want) in [
            (
                "Lunch ![](dayone-moment://A7FB2C521C7E47E8AAF92308CB1F0B89) by the sea",
                format!("Lunch {PHOTO_NOTE} by the sea"),
            ),
            ("![](dayone-moment:/video/0F1E)", ATTACHMENT_NOTE.to_owned()),
            (
                "[see](dayone-moment://X) and ![a](https://example.com/a.png)",
                format!("{PHOTO_NOTE} and ![a](https://example.com/a.png)"),
            ),
            ("no link ](dayone-moment://X) here", "no link ](dayone-moment://X) here".to_owned()),
            ("cut ![](dayone-moment://X", "cut ![](dayone-moment://X".to_owned()),
            ("é ![](dayone-moment://Ω)ü", format!("é {PHOTO_NOTE}ü")),
        ] {
            assert_eq!(without_moments(text), want, "{text}");
        }
    }

    #[test]
    fn mini_diarium_html_becomes_plain_text() {
        for (html, want) in [
            ("<p>We built a <strong>very</strong> small snowman.</p>", "We built a **very** small snowman."),
            ("<p>one</p><p>two<br>three</p>", "one\n\ntwo\nthree"),
            ("<ul><li><p>tea</p></li><li><p>cake</p></li></ul>", "- tea\n\n- cake"),
            ("<p>&lt;script&gt;x&lt;/script&gt; &amp;amp;</p>", "<script>x</script> &amp;"),
            ("plain text, no tags", "plain text, no tags"),
            ("a < b", "a < b"),
            ("<p><a href=\"https://example.com\">a link</a></p>", "a link"),
        ] {
            assert_eq!(html_to_text(html), want, "{html}");
        }
    }

    #[test]
    fn times_are_read_in_either_form_and_never_from_the_future() {
        assert_eq!(
            trusted_time(Some("2021-03-07T21:04:11.002Z")).as_deref(),
            Some("2021-03-07T21:04:11.002Z")
        );
        assert_eq!(
            trusted_time(Some("Sun Feb 15 2026 15:15:14 GMT+0100 (Central European Standard Time)"))
                .as_deref(),
            Some("2026-02-15T14:15:14.000Z")
        );
        assert_eq!(trusted_time(Some("someday")), None);
        assert_eq!(trusted_time(Some("9999-01-01T00:00:00Z")), None);
        assert_eq!(trusted_time(None), None);
    }

    #[test]
    fn a_heading_on_the_first_line_is_the_title() {
        assert_eq!(title_and_body("# A day out\n\nWe walked."), ("A day out".into(), "We walked.".into()));
        assert_eq!(
            title_and_body("We walked.\n# Not a title"),
            (String::new(), "We walked.\n# Not a title".into())
        );
        assert_eq!(title_and_body("## Smaller\nx"), (String::new(), "## Smaller\nx".into()));
        assert_eq!(title_and_body("# \nx"), (String::new(), "# \nx".into()));
    }
}

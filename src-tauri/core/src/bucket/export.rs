//! The list, written out: Markdown checklist, CSV, JSON (read back by
//! [`read_json`]), iCalendar and a printable HTML page. All pure functions over
//! items; the shell picks the file.
//!
//! Exports show the live items only, except JSON, which is complete: it carries
//! tombstones too, so deletions reach the partner's copy.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use icalendar::{Calendar, Component, EventLike, EventStatus, Todo, TodoStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BucketItem, Category, Status};
use crate::import::{self, Capped};
use crate::settings::Names;
use crate::{Error, Result, time};

/// Identifies a Hearth bucket-list file.
pub const FORMAT: &str = "hearth-bucket-list";
/// The JSON format this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// Larger files are refused before they are parsed.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
/// Files listing more items (deleted ones included) are refused whole: no couple's
/// list comes near it.
pub const MAX_IMPORT_ITEMS: usize = 10_000;

/// The formats the person can export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Csv,
    Json,
    Ics,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ics => "ics",
            Format::Html => "html",
        }
    }

    /// The extension as the save dialog's filter wants it.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["md"],
            Format::Csv => &["csv"],
            Format::Json => &["json"],
            Format::Ics => &["ics"],
            Format::Html => &["html"],
        }
    }

    /// The name of the file type in the save dialog.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Csv => "CSV spreadsheet",
            Format::Json => "Hearth bucket list (JSON)",
            Format::Ics => "Calendar (iCalendar)",
            Format::Html => "Web page",
        }
    }
}

/// The JSON export: everything needed to rebuild or merge the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketFile {
    pub format: String,
    pub version: u32,
    #[serde(with = "time::millis")]
    pub exported_at: i64,
    /// The vault that wrote the file: an import from another vault swaps the roles.
    pub vault_id: Uuid,
    /// The names, as the exporting vault has them (its "me" first).
    pub names: Names,
    pub items: Vec<BucketItem>,
}

fn date_long(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

fn live(items: &[BucketItem]) -> impl Iterator<Item = &BucketItem> {
    items.iter().filter(|i| !i.is_deleted())
}

/// Items grouped by category (in the categories' order), each group planned first,
/// then ideas, then done.
fn by_category(items: &[BucketItem]) -> Vec<(Category, Vec<&BucketItem>)> {
    Category::ALL
        .iter()
        .filter_map(|c| {
            let mut group: Vec<&BucketItem> = live(items).filter(|i| i.category == *c).collect();
            group.sort_by(|a, b| {
                let rank = |i: &BucketItem| match i.status {
                    Status::Planned => 0,
                    Status::Idea => 1,
                    Status::Done => 2,
                };
                rank(a)
                    .cmp(&rank(b))
                    .then(a.planned_for.cmp(&b.planned_for))
                    .then(b.done_on.cmp(&a.done_on))
                    .then(a.title.to_lowercase().cmp(&b.title.to_lowercase()))
                    .then(a.id.cmp(&b.id))
            });
            (!group.is_empty()).then_some((*c, group))
        })
        .collect()
}

fn summary_line(items: &[BucketItem]) -> String {
    let n = |s: Status| live(items).filter(|i| i.status == s).count();
    format!("{} done, {} planned, {} ideas", n(Status::Done), n(Status::Planned), n(Status::Idea))
}

/// Text that can't start Markdown syntax or break out of its line (Together's
/// Markdown export uses it too).
pub(crate) fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}

/// A Markdown checklist grouped by category, with dates.
pub fn markdown(items: &[BucketItem], names: &Names, now: i64) -> String {
    let mut out = String::new();
    let today = time::to_datetime(now).date_naive();
    let _ = writeln!(out, "# Our bucket list\n");
    let _ = writeln!(
        out,
        "{} and {} · {} · exported from Hearth on {}\n",
        md_text(&names.me),
        md_text(&names.partner),
        summary_line(items),
        date_long(today)
    );
    for (category, group) in by_category(items) {
        let _ = writeln!(out, "## {}\n", category.label());
        for item in group {
            let tick = if item.status == Status::Done { "x" } else { " " };
            let when = match (item.status, item.planned_for, item.done_on) {
                (Status::Planned, Some(d), _) => format!(" (planned for {})", date_long(d)),
                (Status::Done, _, Some(d)) => format!(" (done {})", date_long(d)),
                _ => String::new(),
            };
            let _ = writeln!(out, "- [{tick}] {}{when}", md_text(&item.title));
            if let Some(who) = item.suggested_by {
                let _ = writeln!(out, "  - Suggested by {}", md_text(who.name(names)));
            }
            if !item.notes.is_empty() {
                let _ = writeln!(out, "  - {}", md_text(&item.notes));
            }
            if !item.memory.is_empty() {
                let _ = writeln!(out, "  - Memory: {}", md_text(&item.memory));
            }
        }
        out.push('\n');
    }
    if live(items).next().is_none() {
        out.push_str("The list is empty for now.\n");
    }
    out
}

/// Makes a cell safe to open in a spreadsheet: a cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return could be read as a formula, so it gets a
/// leading apostrophe (shown as text by spreadsheets, and visible to the reader).
pub fn csv_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// CSV per RFC 4180 (quoted where needed, CRLF line ends), one row per item.
pub fn csv(items: &[BucketItem], names: &Names) -> Result<String> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let interest_me = format!("Interest: {}", names.me);
    let interest_partner = format!("Interest: {}", names.partner);
    let header = [
        "Id",
        "Title",
        "Status",
        "Category",
        "Kind of intimacy",
        "Planned for",
        "Done on",
        "Suggested by",
        &interest_me,
        &interest_partner,
        "Cost",
        "Effort",
        "Notes",
        "Memory",
        "Created",
        "Updated",
    ];
    let csv_err = |_| Error::invalid_input("The CSV file couldn't be written.");
    w.write_record(header.iter().map(|h| csv_cell(h))).map_err(csv_err)?;
    let mut rows: Vec<&BucketItem> = by_category(items).into_iter().flat_map(|(_, g)| g).collect();
    rows.dedup_by_key(|i| i.id);
    for i in rows {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let record = [
            i.id.to_string(),
            i.title.clone(),
            i.status.label().trim_end_matches('s').to_string(),
            i.category.label().to_string(),
            i.kind.label().to_string(),
            date(i.planned_for),
            date(i.done_on),
            i.suggested_by.map(|p| p.name(names).to_string()).unwrap_or_else(|| "Hearth".into()),
            i.interest_me.label().to_string(),
            i.interest_partner.label().to_string(),
            i.cost.label().to_string(),
            i.effort.label().to_string(),
            i.notes.clone(),
            i.memory.clone(),
            time::format(i.created_at),
            time::format(i.updated_at),
        ];
        w.write_record(record.iter().map(|c| csv_cell(c))).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|_| Error::invalid_input("The CSV file couldn't be written."))?;
    Ok(String::from_utf8(bytes).expect("CSV of strings is UTF-8"))
}

/// The complete list as versioned JSON, tombstones included, sorted by id so two
/// exports of the same list are byte-identical.
pub fn json(items: &[BucketItem], names: &Names, vault_id: Uuid, now: i64) -> String {
    let mut items = items.to_vec();
    items.sort_by_key(|i| i.id);
    let file = BucketFile {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: now,
        vault_id,
        names: names.clone(),
        items,
    };
    serde_json::to_string_pretty(&file).expect("a bucket file always serialises")
}

fn foreign() -> Error {
    Error::invalid_input("This file isn't a bucket list exported from Hearth, so nothing was imported.")
}

/// What is read of a file first, in one pass that keeps nothing else: what kind
/// of file it is and how many items it lists.
#[derive(Deserialize)]
struct Outline<'a> {
    #[serde(default, borrow)]
    format: Option<&'a serde_json::value::RawValue>,
    #[serde(default, borrow)]
    version: Option<&'a serde_json::value::RawValue>,
    #[serde(default)]
    items: Option<Capped<serde::de::IgnoredAny, MAX_IMPORT_ITEMS>>,
}

/// Reads a JSON export, checking all of it. A malformed, foreign, newer or
/// over-long file is refused whole, with a message that says which. The file is
/// read straight into typed structs (its outline first, then the whole
/// [`BucketFile`]), never into a `serde_json::Value`.
pub fn read_json(bytes: &[u8]) -> Result<BucketFile> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid_input(format!(
            "This file is larger than {} MB, far more than any bucket list; nothing was imported.",
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    }
    let outline: Outline = serde_json::from_slice(bytes).map_err(|_| foreign())?;
    if import::text(outline.format).as_deref() != Some(FORMAT) {
        return Err(foreign());
    }
    let version = import::number(outline.version).ok_or_else(foreign)?;
    if version > u64::from(VERSION) {
        return Err(Error::invalid_input(format!(
            "This list was exported by a newer version of Hearth (format {version}; this version reads up to {VERSION}). Please update Hearth, then import it again. Nothing was imported."
        )));
    }
    if version == 0 {
        return Err(foreign());
    }
    let damaged =
        || Error::invalid_input("This bucket list file is damaged or incomplete, so nothing was imported.");
    match outline.items {
        Some(items) if items.too_long() => {
            return Err(Error::invalid_input(format!(
                "This file lists {} items, more than the {MAX_IMPORT_ITEMS} Hearth imports at once, so nothing was imported.",
                items.total
            )));
        }
        Some(_) => {}
        None => return Err(damaged()),
    }
    let file: BucketFile = serde_json::from_slice(bytes).map_err(|_| damaged())?;
    let mut seen = HashSet::new();
    for item in &file.items {
        item.validate().map_err(|e| match e {
            Error::InvalidInput(why) => Error::invalid_input(format!(
                "This bucket list file has an item Hearth can't accept ({}), so nothing was imported.",
                why.trim_end_matches('.').to_lowercase()
            )),
            other => other,
        })?;
        if !seen.insert(item.id) {
            return Err(Error::invalid_input(
                "This bucket list file lists the same item twice, so nothing was imported.",
            ));
        }
    }
    Ok(file)
}

impl BucketFile {
    /// The items in this vault's point of view: a file from another vault (the
    /// partner's) has "me" and "partner" the other way round.
    pub fn items_for(&self, our_vault_id: Uuid) -> Vec<BucketItem> {
        if self.vault_id == our_vault_id {
            self.items.clone()
        } else {
            self.items.iter().map(BucketItem::seen_from_other_side).collect()
        }
    }
}

/// The UID of an item's event: stable, so a second import into a calendar app
/// updates the event instead of adding a copy.
pub fn event_uid(id: Uuid) -> String {
    format!("{id}@bucket.hearth")
}

/// The UID of an idea's to-do (a separate component, so it has its own UID).
pub fn todo_uid(id: Uuid) -> String {
    format!("{id}-idea@bucket.hearth")
}

/// iCalendar (RFC 5545): planned and done items as all-day events, and with
/// `with_ideas` the ideas as to-dos. DTSTAMP is the export time; SEQUENCE grows
/// with every edit, so calendar apps take the newer version.
pub fn ics(items: &[BucketItem], names: &Names, with_ideas: bool, now: i64) -> String {
    let stamp = time::to_datetime(now);
    let mut cal = Calendar::new();
    cal.name("Our bucket list");
    cal.description(&format!("{} and {}'s bucket list, from Hearth", names.me, names.partner));
    for (_, group) in by_category(items) {
        for item in group {
            let seq = ((item.updated_at - time::MIN) / 1000).clamp(0, u32::MAX as i64) as u32;
            let modified = time::to_datetime(item.updated_at);
            let mut notes = item.notes.clone();
            if !item.memory.is_empty() {
                if !notes.is_empty() {
                    notes.push_str("\n\n");
                }
                notes.push_str(&item.memory);
            }
            let date = match item.status {
                Status::Planned => item.planned_for,
                Status::Done => item.done_on,
                Status::Idea => None,
            };
            if let Some(day) = date {
                let mut event = icalendar::Event::new();
                event
                    .uid(&event_uid(item.id))
                    .summary(&item.title)
                    .all_day(day)
                    .timestamp(stamp)
                    .last_modified(modified)
                    .sequence(seq)
                    .status(EventStatus::Confirmed)
                    .categories([item.category.label()]);
                if !notes.is_empty() {
                    event.description(&notes);
                }
                cal.push(event.done());
            } else if with_ideas {
                let mut todo = Todo::new();
                todo.uid(&todo_uid(item.id))
                    .summary(&item.title)
                    .timestamp(stamp)
                    .last_modified(modified)
                    .sequence(seq)
                    .status(TodoStatus::NeedsAction)
                    .categories([item.category.label()]);
                if !notes.is_empty() {
                    todo.description(&notes);
                }
                cal.push(todo.done());
            }
        }
    }
    cal.done().to_string()
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The printable list, as data: what the HTML export writes and what the window's
/// print view draws (through the `bucket_print_view` command), so both show the
/// same thing from one place. Text is plain; whoever draws it escapes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintView {
    pub title: &'static str,
    /// "Ana and Sam · 2 done, 1 planned, 3 ideas · Tue 3 Dec 2026"
    pub byline: String,
    /// One group per category that has live items, in the categories' order.
    pub groups: Vec<PrintGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintGroup {
    pub heading: &'static str,
    pub items: Vec<PrintItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintItem {
    pub title: String,
    pub done: bool,
    /// "planned for Sat 1 Mar 2025" or "done Sun 2 Mar 2025".
    pub when: Option<String>,
    /// The memory once done, else the notes; `None` when empty.
    pub note: Option<String>,
}

/// The printable list of the live items, made at `now`.
pub fn print_view(items: &[BucketItem], names: &Names, now: i64) -> PrintView {
    let today = time::to_datetime(now).date_naive();
    PrintView {
        title: "Our bucket list",
        byline: format!(
            "{} and {} · {} · {}",
            names.me,
            names.partner,
            summary_line(items),
            date_long(today)
        ),
        groups: by_category(items)
            .into_iter()
            .map(|(category, group)| PrintGroup {
                heading: category.label(),
                items: group
                    .into_iter()
                    .map(|item| PrintItem {
                        title: item.title.clone(),
                        done: item.status == Status::Done,
                        when: match (item.status, item.planned_for, item.done_on) {
                            (Status::Planned, Some(d), _) => Some(format!("planned for {}", date_long(d))),
                            (Status::Done, _, Some(d)) => Some(format!("done {}", date_long(d))),
                            _ => None,
                        },
                        note: Some(if item.memory.is_empty() { &item.notes } else { &item.memory })
                            .filter(|n| !n.is_empty())
                            .cloned(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A printable page: one self-contained HTML file (no scripts, no outside
/// resources) drawn from [`print_view`], every piece of text escaped.
pub fn html(items: &[BucketItem], names: &Names, now: i64) -> String {
    let view = print_view(items, names, now);
    let mut out = String::new();
    out.push_str(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Our bucket list</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;color:#2b1d24;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\n\
         h1{font-size:1.8rem;margin:0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #e6dbd4}\n\
         ul{list-style:none;padding:0;margin:0}li{padding:.35rem 0;break-inside:avoid}\n\
         .box{display:inline-block;width:.9em;height:.9em;border:1.5px solid #2b1d24;border-radius:3px;margin-right:.5em;vertical-align:-.1em;text-align:center;line-height:.8em}\n\
         .when,.meta{color:#6f5d66;font-size:.9em}.notes{margin:.1rem 0 0 1.45em;font-size:.92em}\n\
         @page{margin:1.6cm}\n</style>\n</head>\n<body>\n",
    );
    let _ = writeln!(out, "<h1>{}</h1>", html_escape(view.title));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", html_escape(&view.byline));
    for group in &view.groups {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul>", html_escape(group.heading));
        for item in &group.items {
            let _ = write!(
                out,
                "<li><span class=\"box\">{}</span>{}",
                if item.done { "✓" } else { "" },
                html_escape(&item.title)
            );
            if let Some(when) = &item.when {
                let _ = write!(out, " <span class=\"when\">{}</span>", html_escape(when));
            }
            if let Some(note) = &item.note {
                let _ = write!(out, "<p class=\"notes\">{}</p>", html_escape(note));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A file name for an export made on `today`.
pub fn file_name(format: Format, today: NaiveDate) -> String {
    format!("bucket-list-{}.{}", today.format("%Y-%m-%d"), format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bucket::{Cost, Interest, Person, testing};

    fn names() -> Names {
        Names { me: "Ana".into(), partner: "=Sam".into() }
    }

    fn sample() -> Vec<BucketItem> {
        let t = time::MIN + 700_000_000_000;
        let mut a = testing::item("Hike <the> ridge", t);
        a.status = Status::Planned;
        a.planned_for = NaiveDate::from_ymd_opt(2026, 6, 13);
        a.notes = "Bring water; \"lots\", of it\nand snacks".into();
        let mut b = testing::item("=HYPERLINK(\"http://evil\")", t + 1);
        b.category = Category::FoodAndDrink;
        b.notes = "+1 -2 @x".into();
        b.suggested_by = Some(Person::Partner);
        let mut c = testing::item("Concert", t + 2);
        c.category = Category::CultureAndMusic;
        c.status = Status::Done;
        c.done_on = NaiveDate::from_ymd_opt(2026, 3, 2);
        c.memory = "\tTab at the start,\r\nthen a line".into();
        let mut gone = testing::item("", t + 3);
        gone.deleted_at = Some(gone.updated_at);
        let mut idea = testing::item("Picnic, by the lake", t + 4);
        idea.interest_partner = Interest::Yes;
        idea.cost = Cost::Free;
        let mut all = vec![a, b, c, gone, idea];
        for (n, item) in all.iter_mut().enumerate() {
            item.id = Uuid::from_u128(0x1000 + n as u128);
        }
        all
    }

    #[test]
    fn csv_neutralises_hostile_cells() {
        let table = [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
            ("'already", "'already"),
        ];
        for (input, want) in table {
            assert_eq!(csv_cell(input), want, "{input:?}");
        }
    }

    #[test]
    fn csv_parses_back_with_the_csv_crate() {
        let items = sample();
        let out = csv(&items, &names()).unwrap();
        assert!(out.contains("\r\n"), "RFC 4180 line ends");
        let mut r = csv::ReaderBuilder::new().from_reader(out.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header[0], "Id");
        assert_eq!(header[9], "Interest: =Sam", "the header cell does not start with '='");
        let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 4, "live items only");
        for row in &rows {
            assert_eq!(row.len(), header.len());
            for cell in row.iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "unsafe cell {cell:?}");
            }
        }
        let hostile = rows.iter().find(|r| r[1].contains("HYPERLINK")).unwrap();
        assert_eq!(&hostile[1], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&hostile[12], "'+1 -2 @x");
        assert_eq!(&hostile[7], "'=Sam", "names are neutralised too");
        let hike = rows.iter().find(|r| r[1].starts_with("Hike")).unwrap();
        assert_eq!(
            &hike[12], "Bring water; \"lots\", of it\nand snacks",
            "quotes, commas and newlines survive"
        );
        assert_eq!(&hike[5], "2026-06-13");
        let concert = rows.iter().find(|r| &r[1] == "Concert").unwrap();
        assert_eq!(&concert[13], "'\tTab at the start,\r\nthen a line");
    }

    #[test]
    fn json_round_trips_exactly() {
        let items = sample();
        let vault = Uuid::new_v4();
        let text = json(&items, &names(), vault, time::MIN + 800_000_000_123);
        let file = read_json(text.as_bytes()).unwrap();
        let mut want = items.clone();
        want.sort_by_key(|i| i.id);
        assert_eq!(file.items, want, "every item, tombstones included");
        assert_eq!(file.names, names());
        assert_eq!(file.vault_id, vault);
        assert_eq!(file.exported_at, time::MIN + 800_000_000_123);
        assert_eq!(json(&file.items, &file.names, vault, file.exported_at), text, "stable output");
        // Our own file keeps the roles; the partner's swaps them.
        assert_eq!(file.items_for(vault), want);
        assert_eq!(file.items_for(Uuid::new_v4())[0], want[0].seen_from_other_side());
    }

    #[test]
    fn bad_files_are_refused_whole_with_a_clear_message() {
        let good: serde_json::Value =
            serde_json::from_str(&json(&sample(), &names(), Uuid::new_v4(), time::now())).unwrap();
        let with = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = good.clone();
            f(&mut v);
            serde_json::to_vec(&v).unwrap()
        };
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("not json", b"hello".to_vec(), "isn't a bucket list"),
            ("empty", Vec::new(), "isn't a bucket list"),
            ("array", b"[]".to_vec(), "isn't a bucket list"),
            ("journal export", br#"{"format":"hearth-journal","version":1}"#.to_vec(), "isn't a bucket list"),
            ("future", with(&|v| v["version"] = 2.into()), "newer version of Hearth"),
            ("version 0", with(&|v| v["version"] = 0.into()), "isn't a bucket list"),
            ("bad kind", with(&|v| v["items"][0]["kind"] = "romantic".into()), "damaged"),
            ("extra field", with(&|v| v["items"][0]["evil"] = true.into()), "damaged"),
            ("bad time", with(&|v| v["items"][0]["updated_at"] = "yesterday".into()), "damaged"),
            ("bad id", with(&|v| v["items"][0]["id"] = "42".into()), "damaged"),
            ("no title", with(&|v| v["items"][1]["title"] = "".into()), "no title"),
            ("duplicate", with(&|v| v["items"][1]["id"] = v["items"][0]["id"].clone()), "same item twice"),
            (
                "planned without date",
                with(&|v| {
                    v["items"][0]["status"] = "planned".into();
                    v["items"][0]["planned_for"] = serde_json::Value::Null;
                    v["items"][0]["done_on"] = serde_json::Value::Null;
                }),
                "needs a date",
            ),
        ];
        let many = with(&|v| {
            let item = v["items"][0].clone();
            v["items"] = serde_json::Value::Array(vec![item; MAX_IMPORT_ITEMS + 1]);
        });
        let cases = cases.into_iter().chain([("too many", many, "lists 10001 items, more than the 10000")]);
        for (name, bytes, want) in cases {
            let err = read_json(&bytes).expect_err(name);
            assert_eq!(err.kind(), "invalid_input", "{name}");
            assert!(err.to_string().contains(want), "{name}: {err}");
            assert!(!err.to_string().contains("HYPERLINK"), "no user text in messages");
        }
    }

    #[test]
    fn ics_parses_with_an_independent_parser() {
        let items = sample();
        let now = time::MIN + 800_000_000_000;
        let text = ics(&items, &names(), true, now);
        let parsed: Vec<_> =
            ical::IcalParser::new(text.as_bytes()).collect::<std::result::Result<_, _>>().unwrap();
        assert_eq!(parsed.len(), 1);
        let cal = &parsed[0];
        let prop = |props: &[ical::property::Property], name: &str| {
            props.iter().find(|p| p.name == name).and_then(|p| p.value.clone())
        };
        assert_eq!(prop(&cal.properties, "VERSION").as_deref(), Some("2.0"));
        assert!(prop(&cal.properties, "PRODID").is_some());
        assert_eq!(cal.events.len(), 2, "planned and done items are events");
        assert_eq!(cal.todos.len(), 2, "ideas are to-dos when asked for");
        let hike =
            cal.events.iter().find(|e| prop(&e.properties, "SUMMARY").unwrap().starts_with("Hike")).unwrap();
        assert_eq!(prop(&hike.properties, "SUMMARY").as_deref(), Some("Hike <the> ridge"));
        let start = hike.properties.iter().find(|p| p.name == "DTSTART").unwrap();
        assert_eq!(start.value.as_deref(), Some("20260613"));
        let params = start.params.clone().unwrap_or_default();
        assert!(
            params.iter().any(|(k, v)| k == "VALUE" && v == &vec!["DATE".to_string()]),
            "all-day: {params:?}"
        );
        assert_eq!(prop(&hike.properties, "UID"), Some(event_uid(items[0].id)));
        assert!(prop(&hike.properties, "DTSTAMP").is_some());
        // Escaping survived the round trip: the description has a comma, a semicolon and a newline.
        let desc = prop(&hike.properties, "DESCRIPTION").unwrap();
        assert!(desc.contains("lots") && desc.contains("snacks"), "{desc}");

        // A second export gives the same UIDs: calendar apps update instead of duplicating.
        let again = ics(&items, &names(), false, now + 5000);
        let reparsed = ical::IcalParser::new(again.as_bytes()).next().unwrap().unwrap();
        let uids = |c: &ical::parser::ical::component::IcalCalendar| {
            let mut v: Vec<String> = c.events.iter().map(|e| prop(&e.properties, "UID").unwrap()).collect();
            v.sort();
            v
        };
        assert_eq!(uids(&reparsed), uids(cal));
        assert!(reparsed.todos.is_empty(), "ideas left out when not asked for");
        // Lines are folded at 75 octets.
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
    }

    #[test]
    fn markdown_is_a_checklist_grouped_by_category() {
        let md = markdown(&sample(), &names(), time::MIN + 800_000_000_000);
        assert!(md.starts_with("# Our bucket list\n"));
        assert!(
            md.contains("## Outdoors\n\n- [ ] Hike \\<the\\> ridge (planned for Sat 13 Jun 2026)"),
            "{md}"
        );
        assert!(md.contains("- [x] Concert (done Mon 2 Mar 2026)"), "{md}");
        assert!(md.contains("## Food and drink"));
        assert!(md.contains("Suggested by =Sam"));
        assert!(md.find("## Outdoors") < md.find("## Food and drink"));
        assert_eq!(md.matches("- [").count(), 4, "tombstones are not listed");
    }

    #[test]
    fn html_escapes_everything() {
        let page = html(&sample(), &Names { me: "<b>Ana</b>".into(), partner: "Sam".into() }, time::now());
        assert!(!page.contains("<the>") && page.contains("Hike &lt;the&gt; ridge"));
        assert!(!page.contains("<b>Ana") && page.contains("&lt;b&gt;Ana"));
        assert!(!page.contains("<script"));
        assert_eq!(page.matches("<li>").count(), 4);
    }

    #[test]
    fn the_print_view_is_the_html_pages_content() {
        let names = Names { me: "Ana".into(), partner: "Sam".into() };
        let view = print_view(&sample(), &names, time::now());
        assert!(view.byline.starts_with("Ana and Sam · "), "{}", view.byline);
        let titles: Vec<&str> =
            view.groups.iter().flat_map(|g| g.items.iter().map(|i| i.title.as_str())).collect();
        assert_eq!(titles.len(), 4, "tombstones are not listed: {titles:?}");
        let page = html(&sample(), &names, time::now());
        for group in &view.groups {
            assert!(page.contains(&format!("<h2>{}</h2>", html_escape(group.heading))));
            for item in &group.items {
                assert!(page.contains(&html_escape(&item.title)));
                if let Some(when) = &item.when {
                    assert!(page.contains(&html_escape(when)), "{when}");
                }
            }
        }
    }
}

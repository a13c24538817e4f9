//! Printing: one entry, or every entry between two days, as the page the
//! window's print view draws and the system's print dialog (and so a PDF) takes.
//!
//! The view is data: titles, dates and tags as plain text (the window puts them
//! in with `textContent`), and each body as the sanitised HTML of
//! [`super::render::to_html`], the one renderer, so a printed entry looks as it
//! does on screen and holds nothing that could run or load. Trashed entries are
//! never printed. A range is oldest first, as one reads a diary, and capped at
//! [`MAX_PRINT_ENTRIES`] so a slip of the date can't freeze the window.

use chrono::NaiveDateTime;
use rusqlite::Connection;
use rusqlite::types::ToSql;
use serde::Serialize;

use super::entry::{Entry, Filter, parse_day};
use super::render;
use super::store::{ENTRY_COLUMNS, entry_from_row, filter_sql, get};
use crate::{Error, Result};

/// More entries than this in one range are refused, with a word on why.
pub const MAX_PRINT_ENTRIES: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintView {
    /// "From my journal" or "My journal, 1 Mar 2025 to 31 Mar 2025".
    pub heading: String,
    pub entries: Vec<PrintEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintEntry {
    pub title: String,
    /// "Tuesday 4 March 2025, 21:10" (no time for an entry at midnight).
    pub when: String,
    pub tags: Vec<String>,
    /// The body as `render::to_html` makes it: sanitised, inert.
    pub html: String,
}

fn when(entry_date: &str) -> String {
    match NaiveDateTime::parse_from_str(entry_date, "%Y-%m-%dT%H:%M:%S") {
        Ok(d) if d.time() == chrono::NaiveTime::MIN => d.format("%A %-d %B %Y").to_string(),
        Ok(d) => d.format("%A %-d %B %Y, %H:%M").to_string(),
        Err(_) => entry_date.to_owned(),
    }
}

fn printable(e: &Entry) -> PrintEntry {
    PrintEntry {
        title: e.title.clone(),
        when: when(&e.entry_date),
        tags: e.tags.clone(),
        html: render::to_html(&e.body),
    }
}

/// One live entry; `None` if there is no such entry or it is in the trash.
pub fn entry(conn: &Connection, id: &str) -> Result<Option<PrintView>> {
    Ok(get(conn, id)?
        .filter(|e| e.deleted_at.is_none())
        .map(|e| PrintView { heading: "From my journal".into(), entries: vec![printable(&e)] }))
}

/// Every live entry from `from` to `to` (days, `YYYY-MM-DD`, both included),
/// oldest first.
pub fn range(conn: &Connection, from: &str, to: &str) -> Result<PrintView> {
    let (first, last) = (parse_day(from)?, parse_day(to)?);
    if first > last {
        return Err(Error::invalid_input("The first day comes after the last one. Swap them and try again."));
    }
    let filter = Filter { from: Some(from.into()), to: Some(to.into()), ..Default::default() };
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    let mut sql = format!("SELECT {ENTRY_COLUMNS} FROM journal_entries e WHERE e.deleted_at IS NULL");
    sql.push_str(&filter_sql(&filter, &mut params)?);
    params.push(Box::new(MAX_PRINT_ENTRIES as i64 + 1));
    sql.push_str(&format!(" ORDER BY e.entry_date, e.id LIMIT ?{}", params.len()));
    let refs: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let entries: Vec<Entry> =
        conn.prepare(&sql)?.query_map(refs.as_slice(), entry_from_row)?.collect::<rusqlite::Result<_>>()?;
    if entries.len() > MAX_PRINT_ENTRIES {
        return Err(Error::invalid_input(format!(
            "There are more than {MAX_PRINT_ENTRIES} entries between those days, too many to print at once. Choose a shorter stretch."
        )));
    }
    if entries.is_empty() {
        return Err(Error::invalid_input(
            "There are no entries between those days, so there is nothing to print.",
        ));
    }
    let day = |d: chrono::NaiveDate| d.format("%-d %b %Y").to_string();
    Ok(PrintView {
        heading: format!("My journal, {} to {}", day(first), day(last)),
        entries: entries.iter().map(printable).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{conn, input};
    use super::super::{EntryInput, save, trash};
    use super::*;

    #[test]
    fn a_range_is_oldest_first_without_the_trash_and_bodies_are_rendered_inert() {
        let mut c = conn();
        save(&mut c, &input("2025-03-02T21:10", "Second", "**bold** <script>window.__pwned=1</script>"))
            .unwrap();
        save(&mut c, &EntryInput { tags: vec!["us".into()], ..input("2025-03-01", "First", "one") }).unwrap();
        let gone = save(&mut c, &input("2025-03-01T09:00", "Gone", "x")).unwrap();
        trash(&c, &gone.id).unwrap();
        save(&mut c, &input("2025-04-01", "Later", "x")).unwrap();

        let view = range(&c, "2025-03-01", "2025-03-31").unwrap();
        assert_eq!(view.heading, "My journal, 1 Mar 2025 to 31 Mar 2025");
        let titles: Vec<_> = view.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["First", "Second"]);
        assert_eq!(view.entries[0].when, "Saturday 1 March 2025");
        assert_eq!(view.entries[0].tags, ["us"]);
        assert_eq!(view.entries[1].when, "Sunday 2 March 2025, 21:10");
        assert!(view.entries[1].html.contains("<strong>bold</strong>"));
        render::assert_inert(&view.entries[1].html, "printed body");

        assert!(entry(&c, &gone.id).unwrap().is_none(), "the trash is not printed");
        for (from, to, says) in [
            ("2025-03-31", "2025-03-01", "comes after"),
            ("2024-01-01", "2024-12-31", "no entries"),
            ("someday", "2025-01-01", "isn't one Hearth can read"),
        ] {
            let err = range(&c, from, to).unwrap_err();
            assert!(err.to_string().contains(says), "{from}..{to}: {err}");
        }
    }
}

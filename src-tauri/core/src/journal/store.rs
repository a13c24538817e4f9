//! The journal in the vault: saving (inside one transaction with the entry's
//! tags), reading, keyset pages, the trash and its 30-day purge, tags, calendar and
//! "on this day". Takes a connection or transaction and the types in [`super::entry`].
//!
//! `seq`, the rowid the full-text index points at, never leaves this module and
//! [`super::search`].

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, Transaction, params};

use super::entry::{
    Clean, Cursor, DayCount, Entry, EntryInput, EntrySummary, Filter, Page, TagCount, clean_input, clean_tag,
    excerpt, parse_day, word_count,
};
use crate::{Error, Result, time};

/// Entries in the trash longer than this are deleted for good on unlock.
pub const TRASH_DAYS: i64 = 30;
/// The most entries one page of the list returns.
pub const MAX_PAGE: u32 = 200;

// ---------------------------------------------------------------------------
// Writing

/// Saves a new entry or an edit, and returns it as stored. An `id` that is not in
/// the vault yet is created with that id (so an editor can name a new entry's id).
pub fn save(conn: &mut Connection, input: &EntryInput) -> Result<Entry> {
    let clean = clean_input(input)?;
    let tx = conn.transaction()?;
    let id = write(&tx, &clean, None)?;
    tx.commit()?;
    get(conn, &id)?.ok_or_else(|| Error::invalid_input("The entry could not be found after saving."))
}

/// Inserts or updates one cleaned entry inside `tx` and returns its id. `times`
/// gives (created, updated, deleted) for imports; a save uses now.
pub(crate) fn write(
    tx: &Transaction<'_>,
    e: &Clean,
    times: Option<(&str, &str, Option<&str>)>,
) -> Result<String> {
    let now = time::stamp();
    let existing: Option<i64> = match &e.id {
        Some(id) => tx
            .prepare_cached("SELECT seq FROM journal_entries WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let tags_text = e.tags.join("\n");
    let words = word_count(&e.title) + word_count(&e.body);
    let (id, seq) = match existing {
        Some(seq) => {
            tx.prepare_cached(
                "UPDATE journal_entries SET entry_date = ?2, title = ?3, body = ?4, mood = ?5,
                 prompt = ?6, tags_text = ?7, word_count = ?8, updated_at = ?9 WHERE seq = ?1",
            )?
            .execute(params![
                seq,
                e.entry_date,
                e.title,
                e.body,
                e.mood,
                e.prompt,
                tags_text,
                words,
                now
            ])?;
            tx.prepare_cached("DELETE FROM journal_entry_tags WHERE entry_seq = ?1")?.execute([seq])?;
            (e.id.clone().unwrap_or_default(), seq)
        }
        None => {
            let id = e.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let (created, updated, deleted) = times.unwrap_or((&now, &now, None));
            tx.prepare_cached(
                "INSERT INTO journal_entries (id, entry_date, title, body, mood, prompt, tags_text,
                 word_count, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                id,
                e.entry_date,
                e.title,
                e.body,
                e.mood,
                e.prompt,
                tags_text,
                words,
                created,
                updated,
                deleted
            ])?;
            (id, tx.last_insert_rowid())
        }
    };
    for tag in &e.tags {
        tx.prepare_cached("INSERT INTO journal_tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
            .execute([tag])?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO journal_entry_tags (entry_seq, tag_id)
             SELECT ?1, id FROM journal_tags WHERE name = ?2",
        )?
        .execute(params![seq, tag])?;
    }
    Ok(id)
}

/// Moves an entry to the trash. Returns whether it was there to move.
pub fn trash(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE journal_entries SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, time::stamp()],
    )? > 0)
}

/// Brings an entry back from the trash. Returns whether it was in the trash.
pub fn restore(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE journal_entries SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )? > 0)
}

fn drop_unused_tags(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM journal_tags WHERE id NOT IN (SELECT tag_id FROM journal_entry_tags)", [])?;
    Ok(())
}

/// Deletes every entry in the trash for good. Returns how many.
pub fn empty_trash(conn: &mut Connection) -> Result<usize> {
    let tx = conn.transaction()?;
    let n = tx.execute("DELETE FROM journal_entries WHERE deleted_at IS NOT NULL", [])?;
    drop_unused_tags(&tx)?;
    tx.commit()?;
    Ok(n)
}

/// Deletes for good the entries trashed more than [`TRASH_DAYS`] before `now`.
/// Called each time the vault is unlocked.
pub fn purge_trash(conn: &mut Connection, now: chrono::DateTime<Utc>) -> Result<usize> {
    let cutoff = time::format((now - chrono::Duration::days(TRASH_DAYS)).timestamp_millis());
    let tx = conn.transaction()?;
    let n =
        tx.execute("DELETE FROM journal_entries WHERE deleted_at IS NOT NULL AND deleted_at < ?1", [cutoff])?;
    if n > 0 {
        drop_unused_tags(&tx)?;
    }
    tx.commit()?;
    Ok(n)
}

// ---------------------------------------------------------------------------
// Reading

fn split_tags(tags_text: &str) -> Vec<String> {
    tags_text.split('\n').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

pub(crate) const ENTRY_COLUMNS: &str =
    "id, entry_date, title, body, mood, tags_text, prompt, created_at, updated_at, deleted_at";

pub(crate) fn entry_from_row(r: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        entry_date: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        mood: r.get(4)?,
        tags: split_tags(&r.get::<_, String>(5)?),
        prompt: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        deleted_at: r.get(9)?,
    })
}

/// One entry by id, in the trash or not; `None` if there is no such entry.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {ENTRY_COLUMNS} FROM journal_entries WHERE id = ?1"))?
        .query_row([id], entry_from_row)
        .optional()?)
}

/// The columns a summary needs; the body is cut in SQL so a page never loads
/// megabytes of text.
pub(crate) const SUMMARY_COLUMNS: &str =
    "e.id, e.entry_date, e.title, substr(e.body, 1, 400), e.mood, e.tags_text, e.word_count, e.deleted_at";

pub(crate) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<EntrySummary> {
    Ok(EntrySummary {
        id: r.get(0)?,
        entry_date: r.get(1)?,
        title: r.get(2)?,
        excerpt: excerpt(&r.get::<_, String>(3)?),
        mood: r.get(4)?,
        tags: split_tags(&r.get::<_, String>(5)?),
        word_count: r.get(6)?,
        deleted_at: r.get(7)?,
    })
}

/// SQL conditions and parameters for a [`Filter`], on the alias `e`.
pub(crate) fn filter_sql(filter: &Filter, params: &mut Vec<Box<dyn ToSql>>) -> Result<String> {
    let mut sql = String::new();
    if let Some(tag) = filter.tag.as_deref().map(clean_tag).filter(|t| !t.is_empty()) {
        params.push(Box::new(tag));
        sql.push_str(&format!(
            " AND e.seq IN (SELECT et.entry_seq FROM journal_entry_tags et
               JOIN journal_tags t ON t.id = et.tag_id WHERE t.name = ?{})",
            params.len()
        ));
    }
    if let Some(m) = filter.mood {
        params.push(Box::new(m));
        sql.push_str(&format!(" AND e.mood = ?{}", params.len()));
    }
    if let Some(from) = filter.from.as_deref().filter(|s| !s.is_empty()) {
        params.push(Box::new(parse_day(from)?.format("%Y-%m-%d").to_string()));
        sql.push_str(&format!(" AND e.entry_date >= ?{}", params.len()));
    }
    if let Some(to) = filter.to.as_deref().filter(|s| !s.is_empty()) {
        let next = parse_day(to)?.succ_opt().unwrap_or(NaiveDate::MAX);
        params.push(Box::new(next.format("%Y-%m-%d").to_string()));
        sql.push_str(&format!(" AND e.entry_date < ?{}", params.len()));
    }
    Ok(sql)
}

/// One page of live entries, newest first, starting after `after`. Keyset
/// pagination: each page is an index range scan, as fast for the thousandth
/// page as for the first.
pub fn list(conn: &Connection, filter: &Filter, after: Option<&Cursor>, limit: u32) -> Result<Page> {
    let limit = limit.clamp(1, MAX_PAGE);
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM journal_entries e WHERE e.deleted_at IS NULL");
    sql.push_str(&filter_sql(filter, &mut params)?);
    if let Some(c) = after {
        params.push(Box::new(c.entry_date.clone()));
        params.push(Box::new(c.id.clone()));
        sql.push_str(&format!(" AND (e.entry_date, e.id) < (?{}, ?{})", params.len() - 1, params.len()));
    }
    params.push(Box::new(limit + 1));
    sql.push_str(&format!(" ORDER BY e.entry_date DESC, e.id DESC LIMIT ?{}", params.len()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|p| p.as_ref()).collect();
    let mut entries: Vec<EntrySummary> =
        stmt.query_map(refs.as_slice(), summary_from_row)?.collect::<rusqlite::Result<_>>()?;
    let next = if entries.len() > limit as usize {
        entries.truncate(limit as usize);
        entries.last().map(|e| Cursor { entry_date: e.entry_date.clone(), id: e.id.clone() })
    } else {
        None
    };
    Ok(Page { entries, next })
}

/// Everything in the trash, most recently trashed first.
pub fn list_trash(conn: &Connection) -> Result<Vec<EntrySummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM journal_entries e WHERE e.deleted_at IS NOT NULL
         ORDER BY e.deleted_at DESC, e.id"
    ))?;
    Ok(stmt.query_map([], summary_from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Tags in use on live entries, most used first; with `prefix`, only those that
/// start with it (case-insensitive), for autocomplete.
pub fn tags(conn: &Connection, prefix: Option<&str>) -> Result<Vec<TagCount>> {
    let prefix = prefix.map(clean_tag).unwrap_or_default().to_lowercase();
    let mut stmt = conn.prepare_cached(
        "SELECT t.name, count(*) FROM journal_tags t
         JOIN journal_entry_tags et ON et.tag_id = t.id
         JOIN journal_entries e ON e.seq = et.entry_seq AND e.deleted_at IS NULL
         GROUP BY t.id ORDER BY count(*) DESC, t.name COLLATE NOCASE",
    )?;
    let all = stmt.query_map([], |r| Ok(TagCount { name: r.get(0)?, count: r.get(1)? }))?;
    let mut out = Vec::new();
    for t in all {
        let t = t?;
        if t.name.to_lowercase().starts_with(&prefix) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Days of `year`-`month` that have live entries, with how many.
pub fn calendar(conn: &Connection, year: i32, month: u32) -> Result<Vec<DayCount>> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| Error::invalid_input("That month doesn't exist."))?;
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT substr(entry_date, 1, 10) AS day, count(*) FROM journal_entries
         WHERE deleted_at IS NULL AND entry_date >= ?1 AND entry_date < ?2
         GROUP BY day ORDER BY day",
    )?;
    let rows = stmt.query_map(
        params![first.format("%Y-%m-%d").to_string(), next.format("%Y-%m-%d").to_string()],
        |r| Ok(DayCount { day: r.get(0)?, count: r.get(1)? }),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Live entries written on the same month and day as `today`, in earlier years,
/// newest first.
pub fn on_this_day(conn: &Connection, today: NaiveDate) -> Result<Vec<EntrySummary>> {
    let month_day = today.format("%m-%d").to_string();
    let this_year = today.format("%Y").to_string();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM journal_entries e
         WHERE e.deleted_at IS NULL AND substr(e.entry_date, 6, 5) = ?1 AND e.entry_date < ?2
         ORDER BY e.entry_date DESC, e.id DESC LIMIT 50"
    ))?;
    Ok(stmt.query_map(params![month_day, this_year], summary_from_row)?.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::super::entry::MAX_BODY_BYTES;
    use super::super::tests::{conn, input};
    use super::*;

    #[test]
    fn a_saved_entrys_summary_is_its_row_in_the_list() {
        let mut c = conn();
        // Past the 400 characters the list reads, with multi-byte text, blank lines
        // and a fence, so a rule that differs anywhere shows.
        let bodies = [
            "# Über\n\n```\ncode\n```\n**bold** 😀 words".to_string(),
            format!("{}\nafter the cut", "\n".repeat(399)),
            "é".repeat(500),
        ];
        for (n, body) in bodies.iter().enumerate() {
            let mut entry = input(&format!("2025-01-0{}T10:00", n + 1), "Title", body);
            entry.tags = vec!["one".into()];
            let saved = save(&mut c, &entry).unwrap();
            let page = list(&c, &Filter::default(), None, 50).unwrap();
            let row = page.entries.iter().find(|e| e.id == saved.id).unwrap();
            assert_eq!(EntrySummary::of(&saved), *row, "body {n}");
        }
    }

    #[test]
    fn saving_cleans_tags_as_adding_one_does() {
        let mut c = conn();
        let mut entry = input("2025-01-01T10:00", "T", "b");
        entry.tags = vec!["#holiday  plans".into(), "HOLIDAY PLANS".into()];
        assert_eq!(save(&mut c, &entry).unwrap().tags, super::super::entry::add_tag(&[], "#holiday  plans"));
    }

    #[test]
    fn save_then_edit_keeps_id_and_created() {
        let mut c = conn();
        let mut i = input("2024-05-01T21:30", "First", "Hello **there**");
        i.tags = vec!["#Us".into(), "us".into(), " date  night ".into()];
        i.mood = Some(4);
        let e = save(&mut c, &i).unwrap();
        assert!(uuid::Uuid::parse_str(&e.id).is_ok());
        assert_eq!(e.entry_date, "2024-05-01T21:30:00");
        assert_eq!(e.tags, vec!["Us", "date night"]);
        let mut edit = i.clone();
        edit.id = Some(e.id.clone());
        edit.body = "Changed".into();
        edit.tags = vec!["walks".into()];
        let e2 = save(&mut c, &edit).unwrap();
        assert_eq!(e2.id, e.id);
        assert_eq!(e2.created_at, e.created_at);
        assert_eq!(e2.body, "Changed");
        assert_eq!(tags(&c, None).unwrap(), vec![TagCount { name: "walks".into(), count: 1 }]);
    }

    #[test]
    fn bad_input_is_refused_with_a_message() {
        let mut c = conn();
        for (i, kind) in [
            (input("yesterday", "", ""), "invalid_input"),
            (input("2024-13-01", "", ""), "invalid_input"),
            (EntryInput { mood: Some(6), ..input("2024-01-01", "", "") }, "invalid_input"),
            (EntryInput { id: Some("x'; DROP".into()), ..input("2024-01-01", "", "") }, "invalid_input"),
            (input("2024-01-01", "", &"x".repeat(MAX_BODY_BYTES + 1)), "invalid_input"),
        ] {
            assert_eq!(save(&mut c, &i).unwrap_err().kind(), kind);
        }
    }

    #[test]
    fn keyset_pages_cover_everything_once_in_order() {
        let mut c = conn();
        for d in 1..=9 {
            for _ in 0..3 {
                save(&mut c, &input(&format!("2024-02-0{d}"), "t", "b")).unwrap();
            }
        }
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = list(&c, &Filter::default(), after.as_ref(), 4).unwrap();
            seen.extend(page.entries.iter().map(|e| (e.entry_date.clone(), e.id.clone())));
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(seen.len(), 27);
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(seen, sorted);
    }

    #[test]
    fn filters_by_tag_mood_and_dates() {
        let mut c = conn();
        save(&mut c, &EntryInput { tags: vec!["a".into()], mood: Some(2), ..input("2024-01-05", "", "") })
            .unwrap();
        save(&mut c, &EntryInput { tags: vec!["b".into()], mood: Some(5), ..input("2024-02-05", "", "") })
            .unwrap();
        let n = |f: Filter| list(&c, &f, None, 50).unwrap().entries.len();
        assert_eq!(n(Filter::default()), 2);
        assert_eq!(n(Filter { tag: Some("A".into()), ..Default::default() }), 1);
        assert_eq!(n(Filter { mood: Some(5), ..Default::default() }), 1);
        assert_eq!(n(Filter { from: Some("2024-02-01".into()), ..Default::default() }), 1);
        assert_eq!(n(Filter { to: Some("2024-01-05".into()), ..Default::default() }), 1);
        assert!(list(&c, &Filter { to: Some("soon".into()), ..Default::default() }, None, 5).is_err());
    }

    #[test]
    fn trash_restore_empty_and_purge() {
        let mut c = conn();
        let a = save(&mut c, &input("2024-01-01", "a", "")).unwrap();
        let b = save(&mut c, &input("2024-01-02", "b", "")).unwrap();
        assert!(trash(&c, &a.id).unwrap());
        assert!(!trash(&c, &a.id).unwrap());
        assert_eq!(list(&c, &Filter::default(), None, 10).unwrap().entries.len(), 1);
        assert_eq!(list_trash(&c).unwrap()[0].id, a.id);
        assert!(restore(&c, &a.id).unwrap());
        assert_eq!(list(&c, &Filter::default(), None, 10).unwrap().entries.len(), 2);

        // b was trashed 31 days ago, a just now: only b is purged.
        let now = crate::time::now();
        crate::time::test_clock::set(now - 31 * 86_400_000);
        trash(&c, &b.id).unwrap();
        crate::time::test_clock::set(now);
        trash(&c, &a.id).unwrap();
        crate::time::test_clock::reset();
        assert_eq!(purge_trash(&mut c, crate::time::to_datetime(now)).unwrap(), 1);
        assert!(get(&c, &b.id).unwrap().is_none());
        assert!(get(&c, &a.id).unwrap().is_some());
        assert_eq!(empty_trash(&mut c).unwrap(), 1);
        assert!(get(&c, &a.id).unwrap().is_none());
    }

    #[test]
    fn calendar_and_on_this_day() {
        let mut c = conn();
        save(&mut c, &input("2024-03-10T08:00", "", "")).unwrap();
        save(&mut c, &input("2024-03-10T22:00", "", "")).unwrap();
        save(&mut c, &input("2022-03-11", "", "")).unwrap();
        save(&mut c, &input("2025-03-11", "", "")).unwrap();
        assert_eq!(calendar(&c, 2024, 3).unwrap(), vec![DayCount { day: "2024-03-10".into(), count: 2 }]);
        let today = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
        let otd = on_this_day(&c, today).unwrap();
        assert_eq!(otd.len(), 1);
        assert_eq!(otd[0].entry_date, "2022-03-11T00:00:00");
    }
}

//! The bucket list in the vault: one row per item in `bucket_items`, live or
//! tombstoned, plus two small settings (whose turn it is, and this vault's id in
//! export files).
//!
//! Every change sets `updated_at`, which is what the merge compares, so an edit
//! never goes back in time even if the clock did: a new `updated_at` is always at
//! least one millisecond after the previous one. The exception is a previous time
//! far in the future ([`crate::time::is_far_future`], from a partner's wrong clock
//! before Hearth refused to trust such times): the item's times are brought back to
//! now first, so editing, planning, marking done and deleting it always work.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::{BucketItem, Interest, ItemInput, Person, Status, clean_text, export, ideas, merge};
use crate::{Error, IntimacyKind, Result, settings, time};

const COLUMNS: &str = "id, title, notes, category, kind, suggested_by, interest_me, interest_partner, \
     cost, effort, status, planned_for, done_on, memory, journal_entry_id, created_at, updated_at, deleted_at";

const TURN_KEY: &str = "bucket_turn";
const VAULT_ID_KEY: &str = "bucket_vault_id";

fn not_found() -> Error {
    Error::invalid_input("That item isn't on the list any more.")
}

fn parse<T>(v: Option<T>, col: usize) -> rusqlite::Result<T> {
    v.ok_or_else(|| rusqlite::Error::InvalidColumnType(col, "value".into(), rusqlite::types::Type::Text))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<BucketItem> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let instant = |i: usize| -> rusqlite::Result<Option<i64>> {
        Ok(match r.get::<_, Option<String>>(i)? {
            Some(s) => Some(parse(time::parse(&s), i)?),
            None => None,
        })
    };
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(match r.get::<_, Option<String>>(i)? {
            Some(s) => Some(parse(NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), i)?),
            None => None,
        })
    };
    Ok(BucketItem {
        id: parse(Uuid::parse_str(&text(0)?).ok(), 0)?,
        title: text(1)?,
        notes: text(2)?,
        category: parse(super::Category::from_id(&text(3)?), 3)?,
        kind: parse(IntimacyKind::from_id(&text(4)?), 4)?,
        suggested_by: match r.get::<_, Option<String>>(5)? {
            Some(s) => Some(parse(Person::from_id(&s), 5)?),
            None => None,
        },
        interest_me: parse(Interest::from_id(&text(6)?), 6)?,
        interest_partner: parse(Interest::from_id(&text(7)?), 7)?,
        cost: parse(super::Cost::from_id(&text(8)?), 8)?,
        effort: parse(super::Effort::from_id(&text(9)?), 9)?,
        status: parse(Status::from_id(&text(10)?), 10)?,
        planned_for: date(11)?,
        done_on: date(12)?,
        memory: text(13)?,
        journal_entry_id: r.get(14)?,
        created_at: parse(instant(15)?, 15)?,
        updated_at: parse(instant(16)?, 16)?,
        deleted_at: instant(17)?,
    })
}

/// Inserts an item, or updates the row in place if it exists (used by saving and
/// by merging). An update, never a delete and insert (`INSERT OR REPLACE`): a
/// replaced row would take with it, by `ON DELETE CASCADE`, whatever belongs to
/// the item in other tables.
pub fn upsert(conn: &Connection, item: &BucketItem) -> Result<()> {
    item.validate()?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    // Built once: a sync writes thousands of items through here.
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let update = COLUMNS
            .split(", ")
            .map(str::trim)
            .filter(|c| *c != "id")
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO bucket_items ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT (id) DO UPDATE SET {update}"
        )
    });
    conn.prepare_cached(sql)?.execute(params![
        item.id.to_string(),
        item.title,
        item.notes,
        item.category.id(),
        item.kind.id(),
        item.suggested_by.map(Person::id),
        item.interest_me.id(),
        item.interest_partner.id(),
        item.cost.id(),
        item.effort.id(),
        item.status.id(),
        date(item.planned_for),
        date(item.done_on),
        item.memory,
        item.journal_entry_id,
        time::format(item.created_at),
        time::format(item.updated_at),
        item.deleted_at.map(time::format),
    ])?;
    Ok(())
}

/// The live items: planned first (soonest first), then ideas (newest first), then
/// done (most recent first).
pub fn list(conn: &Connection) -> Result<Vec<BucketItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM bucket_items WHERE deleted_at IS NULL
         ORDER BY CASE status WHEN 'planned' THEN 0 WHEN 'idea' THEN 1 ELSE 2 END,
                  CASE status WHEN 'planned' THEN planned_for END ASC,
                  CASE status WHEN 'done' THEN done_on END DESC,
                  created_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every item including tombstones, by id: what an export or a merge needs.
pub fn all_with_tombstones(conn: &Connection) -> Result<Vec<BucketItem>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM bucket_items ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One item, tombstones included; `None` if there is no such id.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<BucketItem>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM bucket_items WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?)
}

/// A live item, about to be changed: its times are brought back to now if they lie
/// far in the future, so the change can be stored.
fn get_live(conn: &Connection, id: Uuid) -> Result<BucketItem> {
    let mut item = get(conn, id)?.filter(|i| !i.is_deleted()).ok_or_else(not_found)?;
    item.bring_back_to(time::now());
    Ok(item)
}

/// A time for an edit: now, but never at or before the previous edit, unless
/// that lies far in the future (a wrong clock's), which is not followed.
fn edit_time(previous: i64) -> i64 {
    let now = time::now();
    if time::is_far_future(previous, now) { now } else { now.max(previous + 1) }
}

/// Adds a new idea.
pub fn create(conn: &Connection, input: &ItemInput) -> Result<BucketItem> {
    let item = BucketItem::new_idea(Uuid::new_v4(), input.cleaned()?, time::now());
    upsert(conn, &item)?;
    Ok(item)
}

/// Changes what the person filled in; status and dates stay.
pub fn update(conn: &Connection, id: Uuid, input: &ItemInput) -> Result<BucketItem> {
    let input = input.cleaned()?;
    let old = get_live(conn, id)?;
    let updated_at = edit_time(old.updated_at);
    let item = old.with_input(input, updated_at);
    upsert(conn, &item)?;
    Ok(item)
}

fn change(conn: &Connection, id: Uuid, f: impl FnOnce(&mut BucketItem)) -> Result<BucketItem> {
    let mut item = get_live(conn, id)?;
    f(&mut item);
    item.updated_at = edit_time(item.updated_at);
    upsert(conn, &item)?;
    Ok(item)
}

/// Deletes an item, leaving a tombstone (its text emptied) so the deletion can
/// reach the partner's copy.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    let mut item = get_live(conn, id)?;
    item.title.clear();
    item.notes.clear();
    item.memory.clear();
    item.journal_entry_id = None;
    item.updated_at = edit_time(item.updated_at);
    item.deleted_at = Some(item.updated_at);
    upsert(conn, &item)
}

/// Plans an item for a day, or with `None` puts it back among the ideas.
pub fn plan(conn: &Connection, id: Uuid, on: Option<NaiveDate>) -> Result<BucketItem> {
    change(conn, id, |i| {
        i.done_on = None;
        i.planned_for = on;
        i.status = if on.is_some() { Status::Planned } else { Status::Idea };
    })
}

/// Marks an item done on a day with a memory note, and passes the turn to pick the
/// next date to the other person.
pub fn mark_done(conn: &Connection, id: Uuid, on: NaiveDate, memory: &str) -> Result<BucketItem> {
    let memory = clean_text(memory);
    if memory.chars().count() > super::MAX_TEXT_CHARS {
        return Err(Error::invalid_input(format!(
            "Memories can be up to {} characters.",
            super::MAX_TEXT_CHARS
        )));
    }
    let was_done = get_live(conn, id)?.status == Status::Done;
    let item = change(conn, id, |i| {
        i.status = Status::Done;
        i.done_on = Some(on);
        i.memory = memory;
    })?;
    // Editing the memory of something already done is not another date.
    if !was_done {
        let next = turn(conn)?.other();
        settings::set(conn, TURN_KEY, next.id())?;
    }
    Ok(item)
}

pub fn set_interest(conn: &Connection, id: Uuid, who: Person, interest: Interest) -> Result<BucketItem> {
    change(conn, id, |i| match who {
        Person::Me => i.interest_me = interest,
        Person::Partner => i.interest_partner = interest,
    })
}

/// Remembers the journal entry written about an item.
pub fn link_journal(conn: &Connection, id: Uuid, entry_id: &str) -> Result<BucketItem> {
    let entry_id = entry_id.trim();
    if entry_id.is_empty() || entry_id.chars().count() > super::MAX_LINK_CHARS {
        return Err(Error::invalid_input("That journal entry can't be linked."));
    }
    change(conn, id, |i| i.journal_entry_id = Some(entry_id.to_string()))
}

/// Whose turn it is to pick the next date.
pub fn turn(conn: &Connection) -> Result<Person> {
    Ok(settings::get(conn, TURN_KEY)?.and_then(|s| Person::from_id(&s)).unwrap_or(Person::Me))
}

pub fn set_turn(conn: &Connection, who: Person) -> Result<()> {
    settings::set(conn, TURN_KEY, who.id())
}

/// This vault's id in export files, made on first use. It tells an import whether
/// a file came from the partner (roles swapped) or is this vault's own backup.
pub fn vault_id(conn: &Connection) -> Result<Uuid> {
    if let Some(id) = settings::get(conn, VAULT_ID_KEY)?.and_then(|s| Uuid::parse_str(&s).ok()) {
        return Ok(id);
    }
    let id = Uuid::new_v4();
    settings::set(conn, VAULT_ID_KEY, &id.to_string())?;
    Ok(id)
}

/// Chooses at random among the ideas you both said yes to; `None` if there are none.
pub fn pick_for_us(conn: &Connection) -> Result<Option<BucketItem>> {
    let both: Vec<BucketItem> =
        list(conn)?.into_iter().filter(|i| i.status == Status::Idea && i.both_want()).collect();
    if both.is_empty() {
        return Ok(None);
    }
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(|_| Error::Random)?;
    let n = u64::from_le_bytes(buf) % both.len() as u64;
    Ok(both.into_iter().nth(n as usize))
}

/// Progress at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done_this_year: usize,
    pub done_total: usize,
    pub planned: usize,
    pub ideas: usize,
    pub both_want: usize,
    pub year: i32,
}

pub fn progress(conn: &Connection, today: NaiveDate) -> Result<Progress> {
    let items = list(conn)?;
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    Ok(Progress {
        done_this_year: items.iter().filter(|i| i.done_on.is_some_and(|d| d.year() == today.year())).count(),
        done_total: count(Status::Done),
        planned: count(Status::Planned),
        ideas: count(Status::Idea),
        both_want: items.iter().filter(|i| i.status != Status::Done && i.both_want()).count(),
        year: today.year(),
    })
}

/// Adds the starter ideas with these ids (unknown ids are refused). Starter items
/// get ids derived from the idea, so the same idea added in both partners' vaults
/// is one item after a merge. Returns how many were added; ideas already on the
/// list are skipped.
pub fn add_starters(conn: &Connection, ids: &[String]) -> Result<usize> {
    let all = ideas::starter_ideas();
    let mut added = 0;
    for id in ids {
        let idea = all
            .iter()
            .find(|i| &i.id == id)
            .ok_or_else(|| Error::invalid_input("That starter idea isn't one Hearth knows."))?;
        let item_id = idea.item_id();
        let previous = get(conn, item_id)?;
        if previous.as_ref().is_some_and(|p| !p.is_deleted()) {
            continue;
        }
        let now = previous.as_ref().map_or_else(time::now, |p| edit_time(p.updated_at));
        upsert(conn, &idea.to_item(now))?;
        added += 1;
    }
    Ok(added)
}

// ---------------------------------------------------------------------------
// Import and export

/// What importing `file` would change in this vault (nothing is written, except
/// this vault's export id on first use). A paired vault takes only items it doesn't
/// have ([`merge::MergePlan::only_new`]).
pub fn import_plan(conn: &rusqlite::Connection, file: &export::BucketFile) -> Result<merge::MergePlan> {
    let now = time::now();
    let mut ours = all_with_tombstones(conn)?;
    for item in &mut ours {
        item.bring_back_to(now);
    }
    let theirs = merge::distrust_future(&ours, file.items_for(vault_id(conn)?), now);
    let plan = merge::plan(&ours, &theirs);
    Ok(if crate::shared::store::is_paired(conn)? { plan.only_new() } else { plan })
}

/// Imports `file` in one transaction: everything or, on any failure, nothing.
/// Returns what changed.
pub fn import_apply(
    conn: &mut rusqlite::Connection,
    file: &export::BucketFile,
) -> Result<merge::MergePreview> {
    let tx = conn.transaction()?;
    let plan = import_plan(&tx, file)?;
    apply_plan(&tx, &plan)?;
    tx.commit()?;
    Ok(plan.preview())
}

/// The list from the vault in `format`. `with_ideas` adds ideas as to-dos to the
/// calendar export.
pub fn export_from(
    conn: &rusqlite::Connection,
    format: export::Format,
    with_ideas: bool,
    now: i64,
) -> Result<String> {
    let names = crate::settings::names(conn)?;
    let items = all_with_tombstones(conn)?;
    Ok(match format {
        export::Format::Markdown => export::markdown(&items, &names, now),
        export::Format::Csv => export::csv(&items, &names)?,
        export::Format::Json => export::json(&items, &names, vault_id(conn)?, now),
        export::Format::Ics => export::ics(&items, &names, with_ideas, now),
        export::Format::Html => export::html(&items, &names, now),
    })
}

/// Writes a merge plan. Runs inside the caller's transaction, so an import is applied
/// whole or not at all.
pub fn apply_plan(tx: &Transaction<'_>, plan: &merge::MergePlan) -> Result<usize> {
    let mut n = 0;
    for item in plan.writes() {
        upsert(tx, item)?;
        n += 1;
    }
    Ok(n)
}

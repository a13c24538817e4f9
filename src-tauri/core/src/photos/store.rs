//! Photos in the vault: adding (through [`super::intake`]), listing an owner's
//! photos, reading a thumbnail or the full picture, removing.
//!
//! Photos live and die with their owner: a journal entry in the trash keeps its
//! photos (restoring brings them back); deleting it for good (emptying the trash,
//! the 30-day purge) deletes them by `ON DELETE CASCADE`; a bucket item deleted
//! (a tombstone) loses its memory's photos by trigger. `secure_delete` is on, so
//! their pages are overwritten.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::intake::{Prepared, prepare};
use super::{MAX_PER_OWNER, Mime, Owner, Photo};
use crate::{Error, Result, time};

const COLUMNS: &str = "p.id, p.mime, p.width, p.height, p.byte_len, p.created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Photo> {
    from_row_at(r, 0)
}

/// A photo from [`COLUMNS`] starting at column `at`.
fn from_row_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Photo> {
    let mime: String = r.get(at + 1)?;
    Ok(Photo {
        id: r.get(at)?,
        mime: Mime::parse(&mime).unwrap_or(Mime::Jpeg),
        width: r.get(at + 2)?,
        height: r.get(at + 3)?,
        byte_len: r.get::<_, i64>(at + 4)? as u64,
        created_at: r.get(at + 5)?,
    })
}

fn not_found() -> Error {
    Error::invalid_input("That entry or memory isn't there any more, so the photo wasn't added.")
}

/// The owner's key in `photos`: the entry's `seq`, or the bucket item's id. Only a
/// live entry, or a live bucket item, can take a new photo; an import also brings
/// photos to an entry it brings in trashed.
enum Key {
    Entry(i64),
    Memory(String),
}

fn key(conn: &Connection, owner: Owner<'_>, trashed_too: bool) -> Result<Key> {
    match owner {
        Owner::Entry(id) => conn
            .prepare_cached("SELECT seq FROM journal_entries WHERE id = ?1 AND (deleted_at IS NULL OR ?2)")?
            .query_row(params![id, trashed_too], |r| r.get(0))
            .optional()?
            .map(Key::Entry)
            .ok_or_else(not_found),
        Owner::Memory(id) => conn
            .prepare_cached("SELECT id FROM bucket_items WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .map(Key::Memory)
            .ok_or_else(not_found),
    }
}

fn owner_clause(k: &Key) -> (&'static str, rusqlite::types::Value) {
    match k {
        Key::Entry(seq) => ("p.entry_seq = ?1", (*seq).into()),
        Key::Memory(id) => ("p.bucket_item = ?1", id.clone().into()),
    }
}

/// Takes in a photo for `owner` and stores it with its thumbnail. The picture is
/// checked and stripped before the vault is touched; a refusal stores nothing.
pub fn add(conn: &mut Connection, owner: Owner<'_>, bytes: &[u8]) -> Result<Photo> {
    key(conn, owner, false)?;
    add_prepared(conn, owner, &prepare(bytes)?)
}

/// Stores a photo already through [`prepare`] (the shell prepares it without
/// holding the vault, as that takes a while).
pub fn add_prepared(conn: &mut Connection, owner: Owner<'_>, prepared: &Prepared) -> Result<Photo> {
    let tx = conn.transaction()?;
    let id = insert(&tx, owner, prepared, None)?;
    tx.commit()?;
    get(conn, &id)?.ok_or_else(not_found)
}

/// How many photos the vault holds (the window's first-time note).
pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM photos", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Inserts a prepared photo inside `tx` and returns its id. `existing` gives the id
/// and time a photo already has (an import); a new photo gets fresh ones.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    owner: Owner<'_>,
    p: &Prepared,
    existing: Option<(&str, &str)>,
) -> Result<String> {
    let k = key(tx, owner, existing.is_some())?;
    let (clause, value) = owner_clause(&k);
    let (count, next): (i64, i64) = tx.query_row(
        &format!("SELECT count(*), coalesce(max(p.position), -1) + 1 FROM photos p WHERE {clause}"),
        [&value],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if count as usize >= MAX_PER_OWNER {
        return Err(Error::invalid_input(format!(
            "This already holds {MAX_PER_OWNER} photos, as many as Hearth keeps in one place. Nothing was added."
        )));
    }
    let now = time::stamp();
    let (id, created) = match existing {
        Some((id, at)) => (id.to_owned(), at.to_owned()),
        None => (uuid::Uuid::new_v4().to_string(), now),
    };
    let (entry_seq, item) = match &k {
        Key::Entry(seq) => (Some(*seq), None),
        Key::Memory(id) => (None, Some(id.as_str())),
    };
    tx.prepare_cached(
        "INSERT INTO photos (id, entry_seq, bucket_item, position, mime, width, height, byte_len, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        entry_seq,
        item,
        next,
        p.mime.as_str(),
        p.width,
        p.height,
        p.bytes.len() as i64,
        created
    ])?;
    let seq = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO photo_thumbs (photo_seq, mime, data) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, p.thumb_mime.as_str(), p.thumb])?;
    tx.prepare_cached("INSERT INTO photo_images (photo_seq, data) VALUES (?1, ?2)")?
        .execute(params![seq, p.bytes])?;
    Ok(id)
}

/// One photo's details, if it exists.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Photo>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM photos p WHERE p.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// The owner's photos in the order they were added. An owner that is gone (or an
/// entry in the trash, for memories and entries alike) has none to show here.
pub fn list(conn: &Connection, owner: Owner<'_>) -> Result<Vec<Photo>> {
    let sql = match owner {
        Owner::Entry(_) => format!(
            "SELECT {COLUMNS} FROM photos p JOIN journal_entries e ON e.seq = p.entry_seq
             WHERE e.id = ?1 ORDER BY p.position"
        ),
        Owner::Memory(_) => {
            format!("SELECT {COLUMNS} FROM photos p WHERE p.bucket_item = ?1 ORDER BY p.position")
        }
    };
    let id = match owner {
        Owner::Entry(id) | Owner::Memory(id) => id,
    };
    Ok(conn.prepare_cached(&sql)?.query_map([id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// A photo's thumbnail: its type and bytes.
pub fn thumbnail(conn: &Connection, id: &str) -> Result<Option<(Mime, Vec<u8>)>> {
    read(
        conn,
        "SELECT t.mime, t.data FROM photos p JOIN photo_thumbs t ON t.photo_seq = p.seq WHERE p.id = ?1",
        id,
    )
}

/// A photo's full picture: its type and bytes.
pub fn image(conn: &Connection, id: &str) -> Result<Option<(Mime, Vec<u8>)>> {
    read(
        conn,
        "SELECT p.mime, i.data FROM photos p JOIN photo_images i ON i.photo_seq = p.seq WHERE p.id = ?1",
        id,
    )
}

fn read(conn: &Connection, sql: &str, id: &str) -> Result<Option<(Mime, Vec<u8>)>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| {
            let mime: String = r.get(0)?;
            Ok((Mime::parse(&mime).unwrap_or(Mime::Jpeg), r.get::<_, Vec<u8>>(1)?))
        })
        .optional()?)
}

/// Removes one photo for good. Returns whether it was there.
pub fn remove(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM photos WHERE id = ?1", [id])? > 0)
}

/// Every photo of journal entries, with the entry's id, in entry and position
/// order: what the journal's exports carry.
pub fn for_entries(conn: &Connection) -> Result<Vec<(String, Photo)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, {COLUMNS} FROM photos p JOIN journal_entries e ON e.seq = p.entry_seq
         ORDER BY e.entry_date, e.id, p.position"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, from_row_at(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a photo with this id is in the vault (an import skips it).
pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM photos WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::super::intake::tests::{jpeg, png};
    use super::*;
    use crate::journal::tests::{conn, input};
    use crate::journal::{empty_trash, save, trash};

    #[test]
    fn photos_live_and_die_with_their_entry() {
        let mut c = conn();
        let e = save(&mut c, &input("2024-05-01", "Trip", "")).unwrap();
        let a = add(&mut c, Owner::Entry(&e.id), &jpeg(300, 200)).unwrap();
        let b = add(&mut c, Owner::Entry(&e.id), &png(20, 10)).unwrap();
        let ids: Vec<_> = list(&c, Owner::Entry(&e.id)).unwrap().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![a.id.clone(), b.id.clone()]);
        assert_eq!(thumbnail(&c, &a.id).unwrap().unwrap().0, Mime::Jpeg);
        assert_eq!(image(&c, &b.id).unwrap().unwrap().0, Mime::Png);

        assert!(remove(&c, &b.id).unwrap());
        assert!(!remove(&c, &b.id).unwrap());
        trash(&c, &e.id).unwrap();
        assert!(image(&c, &a.id).unwrap().is_some(), "the trash keeps photos, as it keeps text");
        let err = add(&mut c, Owner::Entry(&e.id), &jpeg(10, 10)).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        empty_trash(&mut c).unwrap();
        let left: i64 = c
            .query_row(
                "SELECT (SELECT count(*) FROM photos) + (SELECT count(*) FROM photo_thumbs)
                 + (SELECT count(*) FROM photo_images)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "emptying the trash deletes the photos too");
    }

    #[test]
    fn a_refused_photo_stores_nothing() {
        let mut c = conn();
        let e = save(&mut c, &input("2024-05-01", "x", "")).unwrap();
        let j = jpeg(64, 64);
        assert!(add(&mut c, Owner::Entry(&e.id), &j[..j.len() - 40]).is_err());
        assert!(list(&c, Owner::Entry(&e.id)).unwrap().is_empty());
    }

    #[test]
    fn a_deleted_bucket_item_loses_its_memorys_photos() {
        let mut c = conn();
        let input =
            crate::bucket::ItemInput { title: "Concert".into(), ..crate::bucket::vocabulary::new_item() };
        let item = crate::bucket::store::create(&c, &input).unwrap();
        let id = item.id.to_string();
        add(&mut c, Owner::Memory(&id), &jpeg(30, 30)).unwrap();
        assert_eq!(list(&c, Owner::Memory(&id)).unwrap().len(), 1);
        crate::bucket::store::delete(&c, item.id).unwrap();
        assert!(list(&c, Owner::Memory(&id)).unwrap().is_empty());
    }
}

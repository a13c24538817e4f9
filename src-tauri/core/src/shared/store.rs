//! The shared space in the vault, and one round of sync.
//!
//! The `bucket_items` table stays the list every screen, search and export reads;
//! the Automerge document is what travels. Local changes reach the document
//! through `shared_dirty`, which triggers fill in the same transaction as the change
//! (so a crash can't lose that something must be shared); changes from the partner
//! reach the table by [`sync`] writing the items they touched. The document is
//! kept as a compacted save plus increments (`shared_doc`, `shared_chunks`).
//!
//! A round of [`sync`]: (1) put what changed here into the document; (2) read the
//! partner's new files, apply them and write the items they changed, all in one
//! transaction; (3) if the document has changes the partner hasn't been sent,
//! write them as this device's next file. A file number is taken (committed)
//! before its file is written, and the document's heads are recorded only after,
//! so a crash at any point sends a change twice (harmless: applying is idempotent)
//! but never skips one.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::folder::{Entry, Folder};
use super::seal::{self, Kind};
use super::space::together::Record;
use super::space::{Applied, Space, TURN_MARK};
use super::{Couple, Members, Notice, Received};
use crate::bucket::{self, Status as ItemStatus};
use crate::selfcheck::{self, share::ShareFile};
use crate::{Error, Result, settings, time};

/// Past this many increments in the vault, the document is saved whole again.
const COMPACT_CHUNKS: i64 = 64;
/// Past this many of its own files in the folder, a device writes a snapshot and
/// removes the files before it.
const COMPACT_FILES: usize = 32;
/// The first byte of every changes or snapshot file's content: how the rest is
/// written (1: Automerge's own binary format). A later format is left for a later
/// Hearth to read, never marked as read.
const FORMAT: u8 = 1;

/// A paired vault's shared space, open while the vault is.
pub struct Session {
    space: Space,
    couple: Couple,
    folder: Folder,
    /// Heads of changes read from the partner's files since the vault was opened:
    /// the partner has them and all they build on, so [`send`] leaves them out.
    partner_heads: Vec<automerge::ChangeHash>,
    /// The whole document as [`begin`] saved it, with its heads: the first file
    /// this device writes is that same snapshot, not a second save (70 ms for
    /// 10,000 items).
    begun: Option<(Vec<automerge::ChangeHash>, Vec<u8>)>,
}

/// What one round of sync did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    /// Whether the folder could be reached.
    pub reachable: bool,
    pub received: Received,
    pub notices: Vec<Notice>,
    /// Whether this device wrote a file.
    pub sent: bool,
    /// The partner's device said it unpaired.
    pub partner_left: bool,
    /// Nothing needed doing: the notices of the last round that ran still hold.
    pub idle: bool,
}

/// What Settings shows about the pairing.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PairStatus {
    pub folder: PathBuf,
    pub paired_at: String,
    pub last_received_at: Option<String>,
    pub last_received: Option<String>,
    pub partner_left_at: Option<String>,
}

fn already_paired() -> Error {
    Error::invalid_input("This Hearth is already paired. Unpair it first to pair again.")
}

fn uuid_col(s: String) -> Result<Uuid> {
    Uuid::parse_str(&s).map_err(|_| Error::invalid_input("The pairing stored in this vault is damaged."))
}

pub fn is_paired(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM shared_config)", [], |r| r.get(0))?)
}

pub fn status(conn: &Connection) -> Result<Option<PairStatus>> {
    Ok(conn
        .query_row(
            "SELECT folder, paired_at, last_received_at, last_received, partner_left_at FROM shared_config",
            [],
            |r| {
                Ok(PairStatus {
                    folder: PathBuf::from(r.get::<_, String>(0)?),
                    paired_at: r.get(1)?,
                    last_received_at: r.get(2)?,
                    last_received: r.get(3)?,
                    partner_left_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Starts the shared space of a couple just paired: the document is made from
/// this vault's bucket list (ids kept) and stored with the couple key.
pub fn begin(conn: &mut Connection, couple: Couple, root: &Path) -> Result<Session> {
    let root_text = root.to_str().ok_or_else(|| Error::invalid_input("That folder's name can't be used."))?;
    let tx = conn.transaction()?;
    if is_paired(&tx)? {
        return Err(already_paired());
    }
    let mut space = Space::new(couple.members)?;
    for item in bucket::store::all_with_tombstones(&tx)? {
        space.put_item(&item)?;
    }
    space.set_turn(bucket::store::turn(&tx)?)?;
    super::together::put_all(&tx, &mut space)?;
    let saved = space.save();
    let heads = space.fingerprint();
    tx.execute_batch("DELETE FROM shared_doc; DELETE FROM shared_chunks; DELETE FROM shared_dirty; DELETE FROM shared_seen;")?;
    tx.execute("INSERT INTO shared_doc (id, bytes) VALUES (1, ?1)", [&saved])?;
    tx.execute(
        "INSERT INTO shared_config (id, couple_id, couple_key, folder, device_id, member_id,
             partner_device_id, partner_member_id, paired_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            couple.couple_id.to_string(),
            &couple.key[..],
            root_text,
            couple.device.to_string(),
            couple.members.me.to_string(),
            couple.partner_device.to_string(),
            couple.members.partner.to_string(),
            time::stamp(),
        ],
    )?;
    tx.commit()?;
    let folder = Folder::new(root, couple.couple_id);
    Ok(Session { space, couple, folder, partner_heads: vec![], begun: Some((heads, saved)) })
}

/// The shared space of a paired vault, loaded; `None` if it isn't paired.
pub fn open(conn: &Connection) -> Result<Option<Session>> {
    let row = conn
        .query_row(
            "SELECT couple_id, couple_key, folder, device_id, member_id, partner_device_id, partner_member_id
             FROM shared_config",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Zeroizing::new(r.get::<_, Vec<u8>>(1)?),
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((couple_id, key_bytes, root, device, me, partner_device, partner)) = row else {
        return Ok(None);
    };
    let mut key = Zeroizing::new([0u8; 32]);
    if key_bytes.len() != 32 {
        return Err(Error::invalid_input("The pairing stored in this vault is damaged."));
    }
    key.copy_from_slice(&key_bytes);
    let couple = Couple {
        couple_id: uuid_col(couple_id)?,
        key,
        device: uuid_col(device)?,
        partner_device: uuid_col(partner_device)?,
        members: Members { me: uuid_col(me)?, partner: uuid_col(partner)? },
    };
    let saved: Vec<u8> = conn.query_row("SELECT bytes FROM shared_doc WHERE id = 1", [], |r| r.get(0))?;
    let increments = conn
        .prepare("SELECT bytes FROM shared_chunks ORDER BY seq")?
        .query_map([], |r| r.get::<_, Vec<u8>>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let space = Space::load(&saved, &increments, couple.members)?;
    let folder = Folder::new(root, couple.couple_id);
    Ok(Some(Session { space, couple, folder, partner_heads: vec![], begun: None }))
}

impl Session {
    pub fn folder(&self) -> &Path {
        self.folder.root()
    }

    pub fn couple(&self) -> &Couple {
        &self.couple
    }

    /// The document, for tests and benchmarks.
    pub fn space(&mut self) -> &mut Space {
        &mut self.space
    }
}

/// Puts every marked local change into the document and stores the increment.
fn absorb(tx: &Transaction<'_>, space: &mut Space) -> Result<bool> {
    let marked = tx
        .prepare("SELECT item FROM shared_dirty")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for mark in &marked {
        if mark == TURN_MARK {
            space.set_turn(bucket::store::turn(tx)?)?;
        } else if let Some(record) = Record::of_mark(mark) {
            super::together::absorb(tx, space, &record)?;
        } else if let Some(item) =
            Uuid::parse_str(mark).ok().map(|id| bucket::store::get(tx, id)).transpose()?.flatten()
        {
            space.put_item(&item)?;
        }
    }
    tx.execute("DELETE FROM shared_dirty", [])?;
    Ok(!marked.is_empty())
}

/// Stores what the document gained since it was last stored.
fn persist(tx: &Transaction<'_>, space: &mut Space) -> Result<()> {
    let inc = space.save_incremental();
    if !inc.is_empty() {
        tx.execute("INSERT INTO shared_chunks (bytes) VALUES (?1)", [&inc])?;
    }
    let chunks: i64 = tx.query_row("SELECT count(*) FROM shared_chunks", [], |r| r.get(0))?;
    if chunks > COMPACT_CHUNKS {
        let saved = space.save();
        tx.execute("UPDATE shared_doc SET bytes = ?1 WHERE id = 1", [&saved])?;
        tx.execute("DELETE FROM shared_chunks", [])?;
    }
    Ok(())
}

/// Writes the items `ids` (and whose turn it is) from the document into the
/// vault's tables, and says what changed.
fn materialize(
    tx: &Transaction<'_>,
    space: &Space,
    ids: impl IntoIterator<Item = Uuid>,
    turn: bool,
    notices: &mut Vec<Notice>,
) -> Result<Received> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.len() >= QUIET_FROM {
        without_item_triggers(tx, || materialize_items(tx, space, ids, turn, notices))
    } else {
        materialize_items(tx, space, ids, turn, notices)
    }
}

/// From how many arriving items [`materialize`] writes them without the triggers.
const QUIET_FROM: usize = 64;

/// Runs `f` with the bucket list's dirty-marking triggers (`bucket_items_shared_*`,
/// and only those: others, such as the one that deletes a deleted item's photos,
/// keep working) set aside, inside the
/// caller's transaction (so a failure or a crash puts them back untouched), and
/// then puts them back as they were. For writes that came from the document: the
/// marks they would make are cleared at once anyway. Measured (release): 10,000
/// upserts took 4.3 s with the triggers and 0.9 s without while SQLCipher locked
/// every allocation (`sqlite_memory` explains why it no longer does); since then,
/// the first full sync of 10,000 items takes 0.85 s with them set aside and 0.94 s
/// without, and a round of 1,000 edits 110 ms against 114 ms
/// (`cargo bench -p hearth-core --bench shared`).
fn without_item_triggers<T>(tx: &Transaction<'_>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let triggers = tx
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'trigger' AND tbl_name = 'bucket_items' AND name LIKE 'bucket_items_shared_%'",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
    }
    let done = f();
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    done
}

fn materialize_items(
    tx: &Transaction<'_>,
    space: &Space,
    ids: Vec<Uuid>,
    turn: bool,
    notices: &mut Vec<Notice>,
) -> Result<Received> {
    let mut got = Received::default();
    let now = time::now();
    for id in ids {
        let mut item = match space.item(id) {
            None => continue,
            Some(Err(e)) => {
                notices.push(Notice { file: String::new(), message: e.to_string() });
                continue;
            }
            Some(Ok(item)) => item,
        };
        let old = bucket::store::get(tx, id)?;
        item.journal_entry_id = old.as_ref().and_then(|o| o.journal_entry_id.clone());
        item.bring_back_to(now);
        if old.as_ref() == Some(&item) {
            continue;
        }
        match &old {
            None if item.deleted_at.is_none() => got.added += 1,
            None => {}
            Some(o) if o.deleted_at.is_none() && item.deleted_at.is_some() => got.removed += 1,
            Some(o) if o.status != ItemStatus::Planned && item.status == ItemStatus::Planned => {
                got.planned += 1;
                got.planned_title = Some(item.title.clone());
            }
            Some(o) if o.status != ItemStatus::Done && item.status == ItemStatus::Done => got.done += 1,
            Some(_) => got.changed += 1,
        }
        bucket::store::upsert(tx, &item)?;
    }
    if turn
        && let Some(who) = space.turn()
        && bucket::store::turn(tx)? != who
    {
        bucket::store::set_turn(tx, who)?;
        got.turn = true;
    }
    // The writes above marked their items; they came from the document already.
    tx.execute("DELETE FROM shared_dirty", [])?;
    Ok(got)
}

/// Keeps the partner's newly shared self-check results beside any they sent as a
/// file, each checked exactly as a share file is (`ShareFile::parse`).
fn take_results(
    tx: &Transaction<'_>,
    space: &Space,
    keys: &std::collections::BTreeSet<String>,
    notices: &mut Vec<Notice>,
) -> Result<usize> {
    let mut kept = 0;
    for json in keys.iter().filter_map(|k| space.result(k)) {
        match ShareFile::parse(json.as_bytes()).and_then(|file| selfcheck::store::save_partner(tx, &file)) {
            Ok(_) => kept += 1,
            Err(e) => notices.push(Notice {
                file: String::new(),
                message: format!("A self-check result your partner shared can't be shown: {e}"),
            }),
        }
    }
    Ok(kept)
}

/// Shares one of this person's self-check results with the partner, through the
/// shared space (no file to carry, nothing in plain text). It goes with the next
/// round of [`sync`].
pub fn share_result(conn: &mut Connection, session: &mut Session, file: &ShareFile) -> Result<()> {
    let tx = conn.transaction()?;
    session.space.put_result(&file.taken_at, &file.to_json())?;
    persist(&tx, &mut session.space)?;
    tx.commit()?;
    Ok(())
}

/// What one of the partner's files came to.
#[derive(Debug)]
pub enum Taken {
    /// Its changes are in the document (or were already).
    Applied(Applied),
    /// The partner's device said it unpaired.
    Farewell,
    /// Left alone, the document unchanged; why, in words for people.
    Refused(&'static str),
}

/// Takes in the bytes of the partner's file `kind` number `seq`, as read from the
/// folder: opens the seal, checks the format byte and applies the changes. What
/// [`sync`] does with each new file (and what the `shared_file` fuzz target feeds).
pub fn take_in_file(space: &mut Space, couple: &Couple, kind: Kind, seq: u64, bytes: &[u8]) -> Taken {
    let label = seal::Label { couple: couple.couple_id, device: couple.partner_device, kind, seq };
    let payload = match seal::open(&couple.key, &label, bytes) {
        Ok(p) => p,
        Err(why) => return Taken::Refused(why.message()),
    };
    match kind {
        Kind::Farewell => Taken::Farewell,
        Kind::Changes | Kind::Snapshot if payload.first() != Some(&FORMAT) => Taken::Refused(
            "This file was written by a newer Hearth. Update Hearth to take it in; it was left alone.",
        ),
        Kind::Changes | Kind::Snapshot => match space.apply(&payload[1..]) {
            Ok(applied) => Taken::Applied(applied),
            Err(_) => Taken::Refused(
                "This file opened but its changes can't be read by this version of Hearth. It was left alone.",
            ),
        },
    }
}

/// A fixed couple (ids and key) for the `shared_file` fuzz target and its seeds
/// (`cargo run -p hearth-tests --example fuzz_seeds`), so seeds sealed by one open
/// in the other. Never a real couple's.
#[doc(hidden)]
pub fn fuzz_couple() -> Couple {
    Couple {
        couple_id: Uuid::from_u128(1),
        key: Zeroizing::new([7; 32]),
        device: Uuid::from_u128(2),
        partner_device: Uuid::from_u128(3),
        members: Members { me: Uuid::from_u128(4), partner: Uuid::from_u128(5) },
    }
}

/// Reads the partner's files not read before and applies them to the document.
fn take_in(
    tx: &Transaction<'_>,
    session: &mut Session,
    notices: &mut Vec<Notice>,
    partner_left: &mut bool,
) -> Result<Applied> {
    let seen: HashSet<String> = tx
        .prepare("SELECT name FROM shared_seen")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    let listed = session.folder.list(session.couple.partner_device)?;
    // Names the partner has since compacted away never come back (numbers only
    // grow), so they need not be remembered.
    let present: HashSet<&str> = listed.iter().map(|e| e.name.as_str()).collect();
    for gone in seen.iter().filter(|n| !present.contains(n.as_str())) {
        tx.execute("DELETE FROM shared_seen WHERE name = ?1", [gone])?;
    }
    let entries: Vec<Entry> = listed.iter().filter(|e| !seen.contains(&e.name)).cloned().collect();
    let mut all = Applied::default();
    for entry in entries {
        let bytes = match Folder::read(&entry) {
            Ok(b) => b,
            Err(e) => {
                notices.push(Notice { file: entry.name.clone(), message: e.to_string() });
                continue;
            }
        };
        let done = match take_in_file(&mut session.space, &session.couple, entry.kind, entry.seq, &bytes) {
            Taken::Farewell => {
                *partner_left = true;
                true
            }
            Taken::Applied(applied) => {
                // Heads the file brought are the partner's: they have them.
                for head in applied.brought {
                    if !session.partner_heads.contains(&head) {
                        session.partner_heads.push(head);
                    }
                }
                all.items.extend(applied.items);
                all.turn |= applied.turn;
                all.results.extend(applied.results);
                all.together.extend(applied.together);
                // Changes waiting for earlier ones are read again next time.
                !applied.waiting
            }
            Taken::Refused(why) => {
                notices.push(Notice { file: entry.name.clone(), message: why.into() });
                false
            }
        };
        if done {
            tx.execute("INSERT OR IGNORE INTO shared_seen (name) VALUES (?1)", [&entry.name])?;
        }
    }
    Ok(all)
}

/// This device's id in the shared folder, made on first use and kept in settings.
pub fn device_id(conn: &Connection) -> Result<Uuid> {
    const KEY: &str = "shared_device_id";
    if let Some(id) = settings::get(conn, KEY)?.and_then(|s| Uuid::parse_str(&s).ok()) {
        return Ok(id);
    }
    let id = Uuid::new_v4();
    settings::set(conn, KEY, &id.to_string())?;
    Ok(id)
}

/// Whether a round of [`sync`] has anything to do: a local change not yet in the
/// document, a file from the partner not read yet, or news not yet written. Reads
/// only; an idle Hearth checks this every second or so and writes nothing.
fn has_work(conn: &Connection, session: &mut Session, reachable: bool) -> Result<bool> {
    if conn.query_row("SELECT EXISTS (SELECT 1 FROM shared_dirty)", [], |r| r.get::<_, bool>(0))? {
        return Ok(true);
    }
    if !reachable {
        return Ok(false);
    }
    let mut seen = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM shared_seen WHERE name = ?1)")?;
    for entry in session.folder.list(session.couple.partner_device)? {
        if !seen.query_row([&entry.name], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(session.space.fingerprint() != written_heads(conn)?)
}

/// One round of sync: local changes into the document, the partner's new files
/// into the vault, and this device's news out to the folder. An unreachable
/// folder or an unreadable file is reported, never an error: local work goes on.
pub fn sync(conn: &mut Connection, session: &mut Session) -> Result<Report> {
    let mut report = Report { reachable: session.folder.reachable(), ..Default::default() };
    if !has_work(conn, session, report.reachable)? {
        report.idle = true;
        return Ok(report);
    }
    let tx = conn.transaction()?;
    absorb(&tx, &mut session.space)?;
    // Whether this device has news of its own the partner hasn't been sent.
    let news = session.space.fingerprint() != written_heads(&tx)?;
    if report.reachable {
        let mut left = false;
        let applied = take_in(&tx, session, &mut report.notices, &mut left)?;
        if !news {
            // Everything the document gained came from the partner, who has it:
            // nothing to send back (sending it was a second copy of every change).
            let heads = Space::heads_to_bytes(&session.space.fingerprint());
            tx.execute("UPDATE shared_config SET written_heads = ?1", [heads])?;
        }
        report.received = materialize(&tx, &session.space, applied.items, applied.turn, &mut report.notices)?;
        report.received.results = take_results(&tx, &session.space, &applied.results, &mut report.notices)?;
        super::together::materialize(
            &tx,
            &mut session.space,
            &applied.together,
            &mut report.received,
            &mut report.notices,
        )?;
        report.partner_left = left;
        if !report.received.is_empty() {
            let partner = settings::names(&tx)?.partner;
            tx.execute(
                "UPDATE shared_config SET last_received_at = ?1, last_received = ?2",
                params![time::stamp(), report.received.sentence(&partner)],
            )?;
        }
        if left {
            tx.execute(
                "UPDATE shared_config SET partner_left_at = coalesce(partner_left_at, ?1)",
                [time::stamp()],
            )?;
        }
        for stranger in session.folder.strangers(&[session.couple.device, session.couple.partner_device]) {
            report.notices.push(Notice {
                file: stranger,
                message:
                    "This folder holds files from a Hearth that isn't paired with you. They were left alone."
                        .into(),
            });
        }
    }
    persist(&tx, &mut session.space)?;
    tx.commit()?;
    if report.reachable {
        report.sent = send(conn, session)?;
    }
    Ok(report)
}

/// Takes this device's next file number, committed before the file is written.
fn next_seq(conn: &Connection) -> Result<u64> {
    let seq: i64 =
        conn.query_row("UPDATE shared_config SET next_seq = next_seq + 1 RETURNING next_seq - 1", [], |r| {
            r.get(0)
        })?;
    Ok(seq as u64)
}

/// The document's heads when this device last wrote a file, sorted as
/// [`Space::fingerprint`] gives them, so the two compare.
fn written_heads(conn: &Connection) -> Result<Vec<automerge::ChangeHash>> {
    let bytes: Vec<u8> = conn.query_row("SELECT written_heads FROM shared_config", [], |r| r.get(0))?;
    let mut heads = Space::heads_from_bytes(&bytes);
    heads.sort();
    Ok(heads)
}

/// Writes what the partner hasn't been sent yet, and compacts this device's files.
fn send(conn: &Connection, session: &mut Session) -> Result<bool> {
    let written = written_heads(conn)?;
    let heads = session.space.fingerprint();
    if heads == written {
        return Ok(false);
    }
    let own = session.folder.list(session.couple.device)?.len();
    // What the partner has: what this device wrote, and what it read from them.
    let known: Vec<_> = written.iter().chain(&session.partner_heads).copied().collect();
    let begun = session.begun.take().filter(|(at, _)| *at == heads);
    let (kind, doc) = if known.is_empty() || own >= COMPACT_FILES {
        (Kind::Snapshot, begun.map_or_else(|| session.space.save(), |(_, saved)| saved))
    } else {
        (Kind::Changes, session.space.changes_since(&known))
    };
    let mut payload = Zeroizing::new(Vec::with_capacity(doc.len() + 1));
    payload.push(FORMAT);
    payload.extend_from_slice(&doc);
    let seq = next_seq(conn)?;
    session.folder.write(&session.couple.key, session.couple.device, kind, seq, &payload)?;
    conn.execute("UPDATE shared_config SET written_heads = ?1", [Space::heads_to_bytes(&heads)])?;
    if kind == Kind::Snapshot {
        session.folder.remove_below(session.couple.device, seq)?;
    }
    Ok(true)
}

/// Stops sharing: tells the partner's device (if the folder can be reached),
/// forgets the couple key and the document, and keeps the bucket list as it is.
pub fn unpair(conn: &mut Connection, session: Session) -> Result<()> {
    if session.folder.reachable() {
        let seq = next_seq(conn)?;
        // Best effort: the partner also learns from the missing files in time.
        let _ = session.folder.write(&session.couple.key, session.couple.device, Kind::Farewell, seq, b"");
    }
    conn.execute_batch(
        "BEGIN;
         DELETE FROM shared_config; DELETE FROM shared_doc; DELETE FROM shared_chunks;
         DELETE FROM shared_dirty; DELETE FROM shared_seen;
         COMMIT;",
    )?;
    Ok(())
}

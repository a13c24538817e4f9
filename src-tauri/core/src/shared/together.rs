//! Together's records between the vault's tables and the shared document: what
//! [`super::store`] does for the bucket list, for questions asked together, check-ins,
//! the jar and care profiles (issue 13). The tables (`together::store`) stay what
//! every screen reads; the document (`space::together`) is what travels.
//!
//! **Invariant:** an answer's or check-in's words reach the partner's vault only
//! once the partner has answered too (`space::together`: the mark goes first, the
//! words when the partner's mark is in); and `Asked::view` and `CheckIn::view` still
//! hold words back until both are there, on both devices alike. Favourites never
//! travel.

use rusqlite::Transaction;

use super::space::Space;
use super::space::together::Record;
use super::{Notice, Received};
use crate::together::{Person, store};
use crate::{Result, time};

/// Puts every Together record this vault holds into the document (at pairing).
pub fn put_all(tx: &Transaction<'_>, space: &mut Space) -> Result<()> {
    for a in store::all_asked(tx)? {
        space.put_asked(&a)?;
    }
    for c in store::all_checkins(tx)? {
        space.put_checkin(&c)?;
    }
    for n in store::notes(tx)? {
        space.put_note(&n)?;
    }
    for c in store::care(tx)? {
        space.put_care(&c)?;
    }
    Ok(())
}

/// Puts one record marked in `shared_dirty` into the document.
pub fn absorb(tx: &Transaction<'_>, space: &mut Space, record: &Record) -> Result<()> {
    match record {
        Record::Asked(id) => {
            if let Some(a) = store::get(tx, *id)? {
                space.put_asked(&a)?;
            }
        }
        Record::CheckIn(week) => space.put_checkin(&store::checkin(tx, week)?)?,
        Record::Note(id) => {
            if let Some(n) = store::note(tx, *id)? {
                space.put_note(&n)?;
            }
        }
        Record::Care(item) => {
            for c in store::care(tx)?.into_iter().filter(|c| &c.item == item) {
                space.put_care(&c)?;
            }
        }
    }
    Ok(())
}

fn unreadable(e: crate::Error, notices: &mut Vec<Notice>) {
    notices.push(Notice { file: String::new(), message: e.to_string() });
}

/// Writes the records `records` from the document into the vault's tables, and
/// counts what came from the partner in `got` (numbers only: never a word of an
/// answer, which may not be shown yet).
pub fn materialize<'a>(
    tx: &Transaction<'_>,
    space: &mut Space,
    records: impl IntoIterator<Item = &'a Record>,
    got: &mut Received,
    notices: &mut Vec<Notice>,
) -> Result<()> {
    let now = time::now();
    for record in records {
        match record {
            Record::Asked(id) => match space.asked(*id) {
                None => {}
                Some(Err(e)) => unreadable(e, notices),
                Some(Ok(mut a)) => {
                    let old = store::get(tx, *id)?;
                    if time::is_far_future(a.asked_at, now) {
                        a.asked_at = old.as_ref().map_or(now, |o| o.asked_at.min(now));
                    }
                    let had_theirs = old.as_ref().is_some_and(|o| o.answered(Person::Partner));
                    if store::put_asked(tx, &a)? && !had_theirs && a.answered(Person::Partner) {
                        got.answered += 1;
                    }
                    // The partner's answer is in: this person's words may go now.
                    if let Some(here) = store::get(tx, *id)? {
                        space.put_asked(&here)?;
                    }
                }
            },
            Record::CheckIn(week) => match space.checkin(week) {
                None => {}
                Some(Err(e)) => unreadable(e, notices),
                Some(Ok(c)) => {
                    let old = store::checkin(tx, week)?;
                    let had_theirs = old.answers_partner.is_some() || old.partner_pending;
                    if store::put_checkin(tx, &c)?
                        && !had_theirs
                        && (c.answers_partner.is_some() || c.partner_pending)
                    {
                        got.checkins += 1;
                    }
                    space.put_checkin(&store::checkin(tx, week)?)?;
                }
            },
            Record::Note(id) => match space.note(*id) {
                None => {}
                Some(Err(e)) => unreadable(e, notices),
                Some(Ok(mut n)) => {
                    if time::is_far_future(n.written_at, now) {
                        n.written_at = now;
                    }
                    if store::put_note(tx, &n)? && n.author == Person::Partner {
                        got.notes += 1;
                    }
                }
            },
            Record::Care(item) => {
                for line in space.care(item) {
                    match line {
                        Err(e) => unreadable(e, notices),
                        Ok(c) => {
                            if store::put_care(tx, &c)? && c.person == Person::Partner {
                                got.care = true;
                            }
                        }
                    }
                }
            }
        }
    }
    // The writes above marked their records; they came from the document already.
    tx.execute("DELETE FROM shared_dirty", [])?;
    Ok(())
}

//! The self-check's records in the vault: completed checks (kept, never edited),
//! the one check in progress (so a lock or restart loses nothing) and results a
//! partner shared.
//!
//! Functions take a connection and plain types; not-found is `None`. Messages never
//! quote what the person answered.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::bank::{self, Bank, SCALE_MAX};
use super::scoring::{Answers, score};
use super::share::ShareFile;
use super::{Draft, PartnerResult, SelfCheck};
use crate::time;
use crate::{Error, Result};

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("self-check records serialise")
}

fn parse<T: for<'de> Deserialize<'de>>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

/// Checks that answers and warning signs belong to `bank` and are on the scale.
fn check_answers(bank: &Bank, answers: &Answers, warning_signs: &[String]) -> Result<()> {
    for (id, a) in answers {
        if bank.item(id).is_none() {
            return Err(Error::invalid_input("An answer doesn't match any question in this self-check."));
        }
        if a.now.is_some_and(|v| v > SCALE_MAX) || a.wish.is_some_and(|v| v > SCALE_MAX) {
            return Err(Error::invalid_input("Answers go from 0 to 4."));
        }
    }
    for (n, w) in warning_signs.iter().enumerate() {
        if !bank.warning_signs.iter().any(|s| &s.id == w) || warning_signs[..n].contains(w) {
            return Err(Error::invalid_input("A ticked sign doesn't match the checklist."));
        }
    }
    Ok(())
}

/// The check in progress, if any. A draft from a bank this build doesn't know is
/// left alone and reported as none.
pub fn draft(conn: &Connection) -> Result<Option<Draft>> {
    let d = conn
        .query_row(
            "SELECT bank_version, started_at, updated_at, position, answers, warning_signs
             FROM selfcheck_draft WHERE id = 1",
            [],
            |r| {
                Ok(Draft {
                    bank_version: r.get(0)?,
                    started_at: r.get(1)?,
                    updated_at: r.get(2)?,
                    position: r.get(3)?,
                    answers: parse(&r.get::<_, String>(4)?)?,
                    warning_signs: parse(&r.get::<_, String>(5)?)?,
                })
            },
        )
        .optional()?;
    Ok(d.filter(|d| bank::bank(d.bank_version).is_some()))
}

/// Saves the check in progress (with the latest bank), replacing what was there.
pub fn save_draft(
    conn: &Connection,
    position: u32,
    answers: &Answers,
    warning_signs: &[String],
) -> Result<Draft> {
    let bank = bank::latest();
    check_answers(bank, answers, warning_signs)?;
    let now = time::stamp();
    conn.execute(
        "INSERT INTO selfcheck_draft (id, bank_version, started_at, updated_at, position, answers, warning_signs)
         VALUES (1, ?1, ?2, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET bank_version = excluded.bank_version, updated_at = excluded.updated_at,
             position = excluded.position, answers = excluded.answers, warning_signs = excluded.warning_signs",
        params![bank.version, now, position, json(answers), json(&warning_signs)],
    )?;
    Ok(draft(conn)?.expect("the draft was just saved"))
}

/// Throws the check in progress away.
pub fn discard_draft(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM selfcheck_draft", [])?;
    Ok(())
}

/// Scores a finished check with the latest bank, keeps it, and clears the draft,
/// all in one transaction.
pub fn complete(conn: &mut Connection, answers: &Answers, warning_signs: &[String]) -> Result<SelfCheck> {
    let bank = bank::latest();
    check_answers(bank, answers, warning_signs)?;
    let scores = score(bank, answers)?;
    let check = SelfCheck {
        id: uuid::Uuid::new_v4().to_string(),
        taken_at: time::stamp(),
        bank_version: bank.version,
        scores,
        answers: answers.clone(),
        warning_signs: warning_signs.to_vec(),
    };
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO selfcheck_results (id, taken_at, bank_version, scores, answers, warning_signs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            check.id,
            check.taken_at,
            check.bank_version,
            json(&check.scores),
            json(&check.answers),
            json(&check.warning_signs)
        ],
    )?;
    tx.execute("DELETE FROM selfcheck_draft", [])?;
    tx.commit()?;
    Ok(check)
}

fn check_from_row(r: &Row<'_>) -> rusqlite::Result<SelfCheck> {
    Ok(SelfCheck {
        id: r.get(0)?,
        taken_at: r.get(1)?,
        bank_version: r.get(2)?,
        scores: parse(&r.get::<_, String>(3)?)?,
        answers: parse(&r.get::<_, String>(4)?)?,
        warning_signs: parse(&r.get::<_, String>(5)?)?,
    })
}

const CHECK_COLUMNS: &str = "id, taken_at, bank_version, scores, answers, warning_signs";

/// Every completed check, oldest first.
pub fn history(conn: &Connection) -> Result<Vec<SelfCheck>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {CHECK_COLUMNS} FROM selfcheck_results ORDER BY taken_at, rowid"))?;
    let rows = stmt.query_map([], check_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<SelfCheck>> {
    Ok(conn
        .query_row(
            &format!("SELECT {CHECK_COLUMNS} FROM selfcheck_results WHERE id = ?1"),
            [id],
            check_from_row,
        )
        .optional()?)
}

/// Keeps a partner's (already validated) results. The same file imported twice is
/// kept once: the existing record is returned.
pub fn save_partner(conn: &Connection, file: &ShareFile) -> Result<PartnerResult> {
    let scores = file.scores()?;
    let id = uuid::Uuid::new_v4().to_string();
    // One stored form, so the same result shared twice is recognised as one.
    let taken_at = time::normalize(&file.taken_at)
        .ok_or_else(|| Error::invalid_input("The date in this file can't be read. Nothing was imported."))?;
    conn.execute(
        "INSERT INTO selfcheck_partner_results
             (id, imported_at, display_name, taken_at, bank_version, scores, answers)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (display_name, taken_at) DO NOTHING",
        params![
            id,
            time::stamp(),
            file.display_name,
            taken_at,
            file.bank_version,
            json(&scores),
            file.answers.as_ref().map(json)
        ],
    )?;
    Ok(conn.query_row(
        &format!("SELECT {PARTNER_COLUMNS} FROM selfcheck_partner_results WHERE display_name = ?1 AND taken_at = ?2"),
        params![file.display_name, taken_at],
        partner_from_row,
    )?)
}

const PARTNER_COLUMNS: &str = "id, imported_at, display_name, taken_at, bank_version, scores, answers";

fn partner_from_row(r: &Row<'_>) -> rusqlite::Result<PartnerResult> {
    Ok(PartnerResult {
        id: r.get(0)?,
        imported_at: r.get(1)?,
        display_name: r.get(2)?,
        taken_at: r.get(3)?,
        bank_version: r.get(4)?,
        scores: parse(&r.get::<_, String>(5)?)?,
        answers: r.get::<_, Option<String>>(6)?.map(|s| parse(&s)).transpose()?,
    })
}

/// Every partner result imported, newest check first.
pub fn partner_results(conn: &Connection) -> Result<Vec<PartnerResult>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PARTNER_COLUMNS} FROM selfcheck_partner_results ORDER BY taken_at DESC, rowid DESC"
    ))?;
    let rows = stmt.query_map([], partner_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn partner_result(conn: &Connection, id: &str) -> Result<Option<PartnerResult>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PARTNER_COLUMNS} FROM selfcheck_partner_results WHERE id = ?1"),
            [id],
            partner_from_row,
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selfcheck::scoring::Answer;

    fn conn() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::schema::migrations().to_latest(&mut c).unwrap();
        c
    }

    fn full(now: u8, wish: u8) -> Answers {
        bank::latest()
            .items()
            .map(|(_, i)| (i.id.clone(), Answer { now: Some(now), wish: Some(wish) }))
            .collect()
    }

    #[test]
    fn draft_saves_replaces_and_clears_on_complete() {
        let mut c = conn();
        assert_eq!(draft(&c).unwrap(), None);
        let mut a = Answers::new();
        a.insert("emo-1".into(), Answer { now: Some(3), wish: None });
        let d = save_draft(&c, 1, &a, &["lonely".into()]).unwrap();
        assert_eq!((d.position, d.answers.len(), d.warning_signs.len()), (1, 1, 1));
        let d2 = save_draft(&c, 2, &full(2, 3), &[]).unwrap();
        assert_eq!((d2.position, d2.answers.len(), d2.started_at), (2, 30, d.started_at));
        let check = complete(&mut c, &full(2, 3), &["conflict".into()]).unwrap();
        assert_eq!(uuid::Uuid::parse_str(&check.id).unwrap().get_version_num(), 4, "ids are random UUIDs");
        assert_eq!(draft(&c).unwrap(), None);
        assert_eq!(get(&c, &check.id).unwrap(), Some(check.clone()));
        assert_eq!(history(&c).unwrap(), vec![check]);
        assert_eq!(get(&c, "nope").unwrap(), None);
    }

    #[test]
    fn bad_answers_are_refused_and_nothing_is_kept() {
        let mut c = conn();
        let mut unknown = full(2, 2);
        unknown.insert("xyz".into(), Answer::default());
        let too_high = {
            let mut a = full(2, 2);
            a.insert("emo-1".into(), Answer { now: Some(5), wish: Some(1) });
            a
        };
        let mut partial = full(2, 2);
        partial.remove("hab-2");
        for (answers, signs) in [
            (unknown, vec![]),
            (too_high, vec![]),
            (full(1, 1), vec!["not-a-sign".to_string()]),
            (full(1, 1), vec!["lonely".to_string(), "lonely".to_string()]),
            (partial, vec![]),
        ] {
            assert_eq!(complete(&mut c, &answers, &signs).unwrap_err().kind(), "invalid_input");
        }
        assert!(history(&c).unwrap().is_empty());
    }
}

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
/// A safety question takes a "now" answer only; "doesn't apply" only where the
/// bank offers it, and then with no figures beside it.
fn check_answers(bank: &Bank, answers: &Answers, warning_signs: &[String]) -> Result<()> {
    for (id, a) in answers {
        let safety = bank.safety_item(id).is_some();
        if bank.item(id).is_none() && !safety {
            return Err(Error::invalid_input("An answer doesn't match any question in this self-check."));
        }
        if a.now.is_some_and(|v| v > SCALE_MAX) || a.wish.is_some_and(|v| v > SCALE_MAX) {
            return Err(Error::invalid_input("Answers go from 0 to 4."));
        }
        let na_misused = a.not_applicable
            && (safety || !bank.allows_not_applicable() || a.now.is_some() || a.wish.is_some());
        if na_misused || (safety && a.wish.is_some()) {
            return Err(Error::invalid_input("An answer doesn't fit its question."));
        }
    }
    for (n, w) in warning_signs.iter().enumerate() {
        if !bank.warning_signs.iter().any(|s| &s.id == w) || warning_signs[..n].contains(w) {
            return Err(Error::invalid_input("A ticked sign doesn't match the checklist."));
        }
    }
    Ok(())
}

/// The check in progress, if any. A draft taken with another bank than the latest
/// (an older one after an update, or one this build doesn't know) is left alone
/// and reported as none: its questions are not the ones on screen. The next save
/// replaces it.
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
    Ok(d.filter(|d| d.bank_version == bank::LATEST_VERSION))
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
        crate::schema::test_conn()
    }

    fn full(now: u8, wish: u8) -> Answers {
        bank::latest().items().map(|(_, i)| (i.id.clone(), Answer::new(now, wish))).collect()
    }

    #[test]
    fn draft_saves_replaces_and_clears_on_complete() {
        let mut c = conn();
        assert_eq!(draft(&c).unwrap(), None);
        let mut a = Answers::new();
        a.insert("emo2-1".into(), Answer { now: Some(3), ..Answer::default() });
        let d = save_draft(&c, 1, &a, &["lonely".into()]).unwrap();
        assert_eq!((d.position, d.answers.len(), d.warning_signs.len()), (1, 1, 1));
        let d2 = save_draft(&c, 2, &full(2, 3), &[]).unwrap();
        let total = bank::latest().items().count();
        assert_eq!((d2.position, d2.answers.len(), d2.started_at), (2, total, d.started_at));
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
            a.insert("emo2-1".into(), Answer::new(5, 1));
            a
        };
        let mut partial = full(2, 2);
        partial.remove("hab2-2");
        let safety_wish = {
            let mut a = full(2, 2);
            a.insert("safe-1".into(), Answer::new(3, 4));
            a
        };
        let safety_na = {
            let mut a = full(2, 2);
            a.insert("safe-2".into(), Answer::NOT_APPLICABLE);
            a
        };
        let na_with_figures = {
            let mut a = full(2, 2);
            a.insert("phy2-1".into(), Answer { not_applicable: true, ..Answer::new(1, 1) });
            a
        };
        for (answers, signs) in [
            (safety_wish, vec![]),
            (safety_na, vec![]),
            (na_with_figures, vec![]),
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

    #[test]
    fn checks_from_the_older_bank_keep_their_scores_beside_new_ones() {
        let mut c = conn();
        // A check kept by a Hearth from before bank v2, exactly as it stored it.
        let v1 = bank::bank(1).unwrap();
        let old_answers: Answers = v1.items().map(|(_, i)| (i.id.clone(), Answer::new(4, 4))).collect();
        let old_scores = score(v1, &old_answers).unwrap();
        c.execute(
            "INSERT INTO selfcheck_results (id, taken_at, bank_version, scores, answers, warning_signs)
             VALUES ('old', '2025-01-01T10:00:00Z', 1, ?1, ?2, '[]')",
            params![json(&old_scores), json(&old_answers)],
        )
        .unwrap();
        // A v1 draft left over from before the update is not offered for resuming.
        c.execute(
            "INSERT INTO selfcheck_draft (id, bank_version, started_at, updated_at, position, answers, warning_signs)
             VALUES (1, 1, '2025-01-02T10:00:00Z', '2025-01-02T10:00:00Z', 2, '{}', '[]')",
            [],
        )
        .unwrap();
        assert_eq!(draft(&c).unwrap(), None);
        let new = complete(&mut c, &full(4, 4), &[]).unwrap();
        let history = history(&c).unwrap();
        assert_eq!(history.iter().map(|h| h.bank_version).collect::<Vec<_>>(), [1, 2]);
        // The old check still says what it said (emotional 60 under v1's keying),
        // the new one is scored by v2 (no reverse keys: 100).
        let emo = super::super::Dimension::Kind(crate::IntimacyKind::Emotional);
        assert_eq!(history[0].scores, old_scores);
        assert_eq!(history[0].scores.get(emo).unwrap().now, 60);
        assert_eq!(new.scores.get(emo).unwrap().now, 100);
        // Area by area, the two versions line up.
        let rows = super::super::compare::compare(&history[0].scores, &history[1].scores);
        assert_eq!(rows.len(), 6);
    }

    #[test]
    fn safety_answers_are_kept_in_the_vault_only() {
        let mut c = conn();
        let mut a = full(3, 3);
        a.insert("safe-2".into(), Answer { now: Some(0), ..Answer::default() });
        let check = complete(&mut c, &a, &[]).unwrap();
        assert_eq!(get(&c, &check.id).unwrap().unwrap().answers["safe-2"].now, Some(0));
        let file = super::super::share::ShareFile::from_check(&check, "Ana", true).unwrap();
        assert!(!file.to_json().contains("safe-"), "safety answers never travel");
    }
}

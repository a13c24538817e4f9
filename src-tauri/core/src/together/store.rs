//! Together in the vault: the one part of `together` that touches the database
//! (tables from `migrations/0007_together.sql`). Everything else in the module is
//! pure.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::content::{self, Question};
use super::week::{self, Streak};
use super::{
    Asked, AskedView, CareAnswer, CheckIn, CheckInAnswers, Found, MAX_CARE_NOTE_CHARS, Note, Person, Uuid,
    clean_answer, clean_checkin,
};
use crate::{Error, Result, time};

const OPT_IN_KEY: &str = "together_opt_in_decks";

/// Whether the opt-in decks (spicy-but-kind) are offered. Off until chosen.
pub fn opt_ins(conn: &Connection) -> Result<bool> {
    Ok(crate::settings::get(conn, OPT_IN_KEY)?.as_deref() == Some("on"))
}

pub fn set_opt_ins(conn: &Connection, on: bool) -> Result<()> {
    crate::settings::set(conn, OPT_IN_KEY, if on { "on" } else { "off" })
}

fn person(s: &str) -> rusqlite::Result<Person> {
    Ok(if s == "partner" { Person::Partner } else { Person::Me })
}

fn uuid(s: String) -> rusqlite::Result<Uuid> {
    Uuid::parse_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))
}

fn ms(s: String) -> i64 {
    time::parse(&s).unwrap_or(time::MIN)
}

const ASKED_COLUMNS: &str =
    "id, question_id, asked_at, answer_me, answer_partner, skipped_at, answered_partner_at";

fn asked_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Asked> {
    Ok(Asked {
        id: uuid(r.get(0)?)?,
        question_id: r.get(1)?,
        asked_at: ms(r.get(2)?),
        answer_me: r.get(3)?,
        answer_partner: r.get(4)?,
        skipped: r.get::<_, Option<String>>(5)?.is_some(),
        // Answered on their own Hearth, the words not here yet.
        partner_pending: r.get::<_, Option<String>>(4)?.is_none() && r.get::<_, Option<String>>(6)?.is_some(),
    })
}

pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Asked>> {
    Ok(conn
        .query_row(
            &format!("SELECT {ASKED_COLUMNS} FROM together_asked WHERE id = ?1"),
            [id.to_string()],
            asked_from_row,
        )
        .optional()?)
}

fn must_get(conn: &Connection, id: Uuid) -> Result<Asked> {
    get(conn, id)?
        .ok_or_else(|| Error::invalid_input("That question can't be found. Try reopening Together."))
}

/// Asks `question_id` together: the open (unanswered by one of you, not skipped)
/// asking of it if there is one, or a new one.
pub fn ask(conn: &Connection, question_id: &str) -> Result<Asked> {
    let q = content::question(question_id)
        .ok_or_else(|| Error::invalid_input("That question isn't one Hearth knows."))?;
    let opt = opt_ins(conn)?;
    if content::deck(&q.deck).is_some_and(|d| !content::offered(d, opt)) {
        return Err(Error::invalid_input("That deck is switched off. You can switch it on in Together."));
    }
    let open = conn
        .query_row(
            &format!(
                "SELECT {ASKED_COLUMNS} FROM together_asked WHERE question_id = ?1 AND skipped_at IS NULL
                 AND (answer_me IS NULL OR answer_partner IS NULL) ORDER BY asked_at DESC LIMIT 1"
            ),
            [question_id],
            asked_from_row,
        )
        .optional()?;
    if let Some(open) = open {
        return Ok(open);
    }
    let now = time::now();
    let id = new_asked_id(conn, question_id)?;
    conn.execute(
        "INSERT INTO together_asked (id, question_id, asked_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![id.to_string(), question_id, time::format(now)],
    )?;
    must_get(conn, id)
}

/// The id of a new asking of `question_id`. When this vault is paired it is the
/// same on both devices (a UUID v5 of the couple, the question and how many times
/// it was asked before), so a question asked on both at once, before either heard
/// of the other's, is one record in the shared space, not two half-answered ones.
/// Unpaired, a random one (two vaults used apart must not collide at pairing).
fn new_asked_id(conn: &Connection, question_id: &str) -> Result<Uuid> {
    // Read straight from the shared space's table: `shared` uses this module, not
    // the other way round.
    let couple: Option<String> =
        conn.query_row("SELECT couple_id FROM shared_config", [], |r| r.get(0)).optional()?;
    let Some(couple) = couple.and_then(|c| Uuid::parse_str(&c).ok()) else {
        return Ok(Uuid::new_v4());
    };
    let mut n: i64 =
        conn.query_row("SELECT count(*) FROM together_asked WHERE question_id = ?1", [question_id], |r| {
            r.get(0)
        })?;
    loop {
        let id = Uuid::new_v5(&couple, format!("{question_id}#{n}").as_bytes());
        if get(conn, id)?.is_none() {
            return Ok(id);
        }
        n += 1;
    }
}

/// Whether this vault is paired: then each person answers, checks in, writes
/// notes and their care profile on their own Hearth, and the partner's come
/// through the shared space.
pub fn paired(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM shared_config)", [], |r| r.get(0))?)
}

/// Refuses writing as the partner while paired: their own Hearth does that.
fn only_mine_when_paired(conn: &Connection, who: Person) -> Result<()> {
    if who == Person::Partner && paired(conn)? {
        return Err(Error::invalid_input(
            "Your Hearths are paired, so your partner answers on their own Hearth. Theirs will show here when it arrives.",
        ));
    }
    Ok(())
}

/// Keeps `who`'s answer. An answer is given once: it can't be read or changed
/// before the other has answered too, and after that both are on the table.
pub fn answer(conn: &Connection, id: Uuid, who: Person, text: &str) -> Result<Asked> {
    let text = clean_answer(text, "an answer")?;
    only_mine_when_paired(conn, who)?;
    let asked = must_get(conn, id)?;
    if asked.answer(who).is_some() {
        return Err(Error::invalid_input("This answer is already in. It shows once you have both answered."));
    }
    let (col, at) = match who {
        Person::Me => ("answer_me", "answered_me_at"),
        Person::Partner => ("answer_partner", "answered_partner_at"),
    };
    let now = time::stamp();
    conn.execute(
        &format!("UPDATE together_asked SET {col} = ?2, {at} = ?3, skipped_at = NULL, updated_at = ?3 WHERE id = ?1"),
        params![id.to_string(), text, now],
    )?;
    must_get(conn, id)
}

/// Sets a question aside. A question already answered by both stays in history.
pub fn skip(conn: &Connection, id: Uuid) -> Result<()> {
    let asked = must_get(conn, id)?;
    if asked.revealed() {
        return Err(Error::invalid_input("You have both answered this one, so it stays in your history."));
    }
    conn.execute(
        "UPDATE together_asked SET skipped_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id.to_string(), time::stamp()],
    )?;
    Ok(())
}

pub fn favourites(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT question_id FROM together_favourites")?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub fn set_favourite(conn: &Connection, question_id: &str, on: bool) -> Result<()> {
    if content::question(question_id).is_none() {
        return Err(Error::invalid_input("That question isn't one Hearth knows."));
    }
    if on {
        conn.execute(
            "INSERT OR IGNORE INTO together_favourites (question_id, added_at) VALUES (?1, ?2)",
            params![question_id, time::stamp()],
        )?;
    } else {
        conn.execute("DELETE FROM together_favourites WHERE question_id = ?1", [question_id])?;
    }
    Ok(())
}

/// One asked question as the window may see it.
pub fn view(conn: &Connection, asked: &Asked) -> Result<AskedView> {
    Ok(asked.view(favourites(conn)?.contains(&asked.question_id)))
}

/// Every question asked, newest first (skipped ones included and marked).
pub fn history(conn: &Connection) -> Result<Vec<AskedView>> {
    let favs = favourites(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ASKED_COLUMNS} FROM together_asked ORDER BY asked_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], asked_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.iter().map(|a| a.view(favs.contains(&a.question_id))).collect())
}

/// A question not asked yet, from `deck` or from every deck offered but the repair
/// deck, the same one
/// all day on `today` (so "a question for tonight" doesn't change on every visit).
pub fn next_question(
    conn: &Connection,
    deck: Option<&str>,
    today: NaiveDate,
) -> Result<Option<&'static Question>> {
    let opt = opt_ins(conn)?;
    let mut stmt = conn.prepare_cached("SELECT DISTINCT question_id FROM together_asked")?;
    let asked: HashSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let fresh: Vec<&'static Question> = content::content()
        .questions
        .iter()
        .filter(|q| deck.is_none_or(|d| q.deck == d))
        // Drawn from any deck, never the one for after a hard moment: that one is
        // chosen on purpose, not offered as tonight's question.
        .filter(|q| deck.is_some() || q.deck != content::REPAIR_DECK)
        .filter(|q| content::deck(&q.deck).is_some_and(|d| content::offered(d, opt)))
        .filter(|q| !asked.contains(&q.id))
        .collect();
    if fresh.is_empty() {
        return Ok(None);
    }
    let day = today.signed_duration_since(NaiveDate::default()).num_days().unsigned_abs() as usize;
    // A stride that shares no factor with most deck sizes walks through the decks.
    Ok(Some(fresh[(day * 7919) % fresh.len()]))
}

fn answers_from(s: Option<String>) -> Option<CheckInAnswers> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// The check-in of `week` (`YYYY-Www`), empty if nobody has started it.
pub fn checkin(conn: &Connection, week: &str) -> Result<CheckIn> {
    Ok(conn
        .query_row(
            "SELECT id, answers_me, answers_partner, done_partner_at FROM together_checkins WHERE week = ?1",
            [week],
            |r| {
                let answers_partner = answers_from(r.get(2)?);
                Ok(CheckIn {
                    id: uuid(r.get(0)?)?,
                    week: week.to_owned(),
                    answers_me: answers_from(r.get(1)?),
                    partner_pending: answers_partner.is_none() && r.get::<_, Option<String>>(3)?.is_some(),
                    answers_partner,
                })
            },
        )
        .optional()?
        .unwrap_or_else(|| CheckIn {
            id: Uuid::nil(),
            week: week.to_owned(),
            answers_me: None,
            answers_partner: None,
            partner_pending: false,
        }))
}

/// Keeps `who`'s check-in for this week (the week of `today`). Given once, like
/// an answer: it shows when both are in.
pub fn checkin_save(
    conn: &Connection,
    today: NaiveDate,
    who: Person,
    answers: &CheckInAnswers,
) -> Result<CheckIn> {
    let answers = clean_checkin(answers)?;
    only_mine_when_paired(conn, who)?;
    let week = week::week_of(today);
    let current = checkin(conn, &week)?;
    let done_already = match who {
        Person::Me => current.answers_me.is_some(),
        Person::Partner => current.answers_partner.is_some() || current.partner_pending,
    };
    if done_already {
        return Err(Error::invalid_input(
            "This check-in is already in. It shows once you have both done it.",
        ));
    }
    let (col, at) = match who {
        Person::Me => ("answers_me", "done_me_at"),
        Person::Partner => ("answers_partner", "done_partner_at"),
    };
    let json = serde_json::to_string(&answers).expect("a map of strings serialises");
    let now = time::stamp();
    conn.execute(
        &format!(
            "INSERT INTO together_checkins (id, week, {col}, {at}, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (week) DO UPDATE SET {col} = excluded.{col}, {at} = excluded.{at}, updated_at = excluded.updated_at"
        ),
        params![Uuid::new_v4().to_string(), week, json, now],
    )?;
    checkin(conn, &week)
}

/// Every question asked, as stored (for the shared space at pairing).
pub fn all_asked(conn: &Connection) -> Result<Vec<Asked>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {ASKED_COLUMNS} FROM together_asked ORDER BY id"))?;
    Ok(stmt.query_map([], asked_from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Keeps a question asked together as the shared space has it: its question,
/// asking time and skip, and the answers that have arrived. An answer this vault
/// holds is never taken away (the document may not have this person's words yet:
/// they are sent once the partner's answer is in), and "the partner answered" may
/// come before their words. Whether anything changed.
pub fn put_asked(conn: &Connection, a: &Asked) -> Result<bool> {
    let before = get(conn, a.id)?;
    if before.as_ref() == Some(a) {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO together_asked (id, question_id, asked_at, answer_me, answered_me_at, answer_partner,
             answered_partner_at, skipped_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, CASE WHEN ?4 IS NULL THEN NULL ELSE ?7 END, ?5,
             CASE WHEN ?5 IS NULL AND NOT ?8 THEN NULL ELSE ?7 END, CASE WHEN ?6 THEN ?7 END, ?7)
         ON CONFLICT (id) DO UPDATE SET
             question_id = excluded.question_id, asked_at = excluded.asked_at,
             answer_me = coalesce(answer_me, excluded.answer_me),
             answered_me_at = coalesce(answered_me_at, excluded.answered_me_at),
             answer_partner = coalesce(answer_partner, excluded.answer_partner),
             answered_partner_at = coalesce(answered_partner_at, excluded.answered_partner_at),
             skipped_at = CASE WHEN excluded.skipped_at IS NULL THEN NULL ELSE coalesce(skipped_at, excluded.skipped_at) END,
             updated_at = excluded.updated_at",
        params![
            a.id.to_string(),
            a.question_id,
            time::format(a.asked_at),
            a.answer_me,
            a.answer_partner,
            a.skipped,
            time::stamp(),
            a.partner_pending
        ],
    )?;
    Ok(get(conn, a.id)? != before)
}

/// Every week's check-in either of you started (for the shared space at pairing).
pub fn all_checkins(conn: &Connection) -> Result<Vec<CheckIn>> {
    let mut stmt = conn.prepare_cached("SELECT week FROM together_checkins ORDER BY week")?;
    let weeks = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    weeks.iter().map(|w| checkin(conn, w)).collect()
}

/// Keeps a week's check-in as the shared space has it (this vault's row id kept),
/// as [`put_asked`] does: this person's answers are never taken away, and "the
/// partner is done" may come before their words. Whether anything changed.
pub fn put_checkin(conn: &Connection, c: &CheckIn) -> Result<bool> {
    let before = checkin(conn, &c.week)?;
    let json = |a: &Option<CheckInAnswers>| {
        a.as_ref().map(|a| serde_json::to_string(a).expect("a map of strings serialises"))
    };
    conn.execute(
        "INSERT INTO together_checkins (id, week, answers_me, done_me_at, answers_partner, done_partner_at, updated_at)
         VALUES (?1, ?2, ?3, CASE WHEN ?3 IS NULL THEN NULL ELSE ?5 END, ?4,
             CASE WHEN ?4 IS NULL AND NOT ?6 THEN NULL ELSE ?5 END, ?5)
         ON CONFLICT (week) DO UPDATE SET
             answers_me = coalesce(answers_me, excluded.answers_me),
             done_me_at = coalesce(done_me_at, excluded.done_me_at),
             answers_partner = coalesce(answers_partner, excluded.answers_partner),
             done_partner_at = coalesce(done_partner_at, excluded.done_partner_at),
             updated_at = excluded.updated_at
         WHERE answers_me IS NOT coalesce(answers_me, excluded.answers_me)
            OR answers_partner IS NOT coalesce(answers_partner, excluded.answers_partner)
            OR done_partner_at IS NOT coalesce(done_partner_at, excluded.done_partner_at)",
        params![Uuid::new_v4().to_string(), c.week, json(&c.answers_me), json(&c.answers_partner), time::stamp(), c.partner_pending],
    )?;
    Ok(checkin(conn, &c.week)? != before)
}

/// What waits between the two of you, for Home: counts only, never a word of an
/// answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Waiting {
    /// Questions the partner answered that wait for this person's answer.
    pub for_me: usize,
    /// Questions this person answered that wait for the partner's.
    pub for_partner: usize,
    /// Notes from the partner written in the last seven days.
    pub notes_this_week: usize,
}

pub fn waiting(conn: &Connection, now: i64) -> Result<Waiting> {
    let count = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<usize> {
        Ok(conn.query_row(sql, p, |r| r.get::<_, i64>(0))? as usize)
    };
    let open = "SELECT count(*) FROM together_asked WHERE skipped_at IS NULL AND";
    Ok(Waiting {
        for_me: count(&format!("{open} answered_partner_at IS NOT NULL AND answer_me IS NULL"), &[])?,
        for_partner: count(&format!("{open} answer_me IS NOT NULL AND answered_partner_at IS NULL"), &[])?,
        notes_this_week: count(
            "SELECT count(*) FROM together_notes WHERE author = 'partner' AND written_at >= ?1",
            &[&time::format(now - 7 * 86_400_000)],
        )?,
    })
}

/// Every week both of you checked in, oldest first.
pub fn checkin_weeks_done(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT week FROM together_checkins WHERE answers_me IS NOT NULL AND answers_partner IS NOT NULL ORDER BY week",
    )?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub fn streak(conn: &Connection, today: NaiveDate) -> Result<Streak> {
    Ok(week::streak(&checkin_weeks_done(conn)?, today))
}

/// Every check-in done by both, newest first.
pub fn checkins_done(conn: &Connection) -> Result<Vec<CheckIn>> {
    let mut out = Vec::new();
    for w in checkin_weeks_done(conn)?.iter().rev() {
        out.push(checkin(conn, w)?);
    }
    Ok(out)
}

/// Puts an "I noticed…" note in the jar.
pub fn add_note(conn: &Connection, author: Person, text: &str) -> Result<Note> {
    let note =
        Note { id: Uuid::new_v4(), author, text: clean_answer(text, "a note")?, written_at: time::now() };
    only_mine_when_paired(conn, author)?;
    put_note(conn, &note)?;
    Ok(note)
}

/// Keeps a note as it is (one written here, or one from the shared space); a note
/// already in the jar stays as it was. Whether it was new.
pub fn put_note(conn: &Connection, note: &Note) -> Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO together_notes (id, author, text, written_at) VALUES (?1, ?2, ?3, ?4)",
        params![note.id.to_string(), note.author.id(), note.text, time::format(note.written_at)],
    )? == 1)
}

pub fn note(conn: &Connection, id: Uuid) -> Result<Option<Note>> {
    Ok(notes(conn)?.into_iter().find(|n| n.id == id))
}

/// The jar, newest first.
pub fn notes(conn: &Connection) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, author, text, written_at FROM together_notes ORDER BY written_at DESC, id",
    )?;
    Ok(stmt
        .query_map([], |r| {
            Ok(Note {
                id: uuid(r.get(0)?)?,
                author: person(&r.get::<_, String>(1)?)?,
                text: r.get(2)?,
                written_at: ms(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Sets one line of `who`'s care profile.
pub fn set_care(conn: &Connection, who: Person, item: &str, level: &str, note: &str) -> Result<CareAnswer> {
    let c = &content::content().care;
    if !c.items.iter().any(|i| i.id == item) || !c.levels.iter().any(|l| l.id == level) {
        return Err(Error::invalid_input("That choice isn't one Hearth knows. Try reopening Together."));
    }
    let note = crate::journal::entry::clean_line(note);
    if note.chars().count() > MAX_CARE_NOTE_CHARS {
        return Err(Error::invalid_input(format!(
            "A care note can be up to {MAX_CARE_NOTE_CHARS} characters."
        )));
    }
    only_mine_when_paired(conn, who)?;
    let answer = CareAnswer { person: who, item: item.into(), level: level.into(), note };
    put_care(conn, &answer)?;
    Ok(answer)
}

/// Keeps a care line as it is (checked already). Whether anything changed.
pub fn put_care(conn: &Connection, a: &CareAnswer) -> Result<bool> {
    Ok(conn.execute(
        "INSERT INTO together_care (person, item, level, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person, item) DO UPDATE SET level = excluded.level, note = excluded.note, updated_at = excluded.updated_at
         WHERE level IS NOT excluded.level OR note IS NOT excluded.note",
        params![a.person.id(), a.item, a.level, a.note, time::stamp()],
    )? == 1)
}

/// Both care profiles, in the content's order of items.
pub fn care(conn: &Connection) -> Result<Vec<CareAnswer>> {
    let mut stmt = conn.prepare_cached("SELECT person, item, level, note FROM together_care")?;
    let mut rows: Vec<CareAnswer> = stmt
        .query_map([], |r| {
            Ok(CareAnswer {
                person: person(&r.get::<_, String>(0)?)?,
                item: r.get(1)?,
                level: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let order =
        |id: &str| content::content().care.items.iter().position(|i| i.id == id).unwrap_or(usize::MAX);
    rows.sort_by_key(|a| (a.person.id(), order(&a.item)));
    Ok(rows)
}

/// Searches the questions offered, the answers both have given (never one still
/// hidden), the jar and the check-ins both finished, ignoring case.
pub fn search(conn: &Connection, query: &str) -> Result<Vec<Found>> {
    let needle = crate::journal::entry::clean_line(query).to_lowercase();
    if needle.is_empty() {
        return Ok(Vec::new());
    }
    let hit = |s: &str| s.to_lowercase().contains(&needle);
    let mut found = Vec::new();
    for a in history(conn)?.into_iter().filter(|a| a.revealed) {
        let texts = [a.me.text.as_deref(), a.partner.text.as_deref()];
        if hit(&a.question) || texts.iter().flatten().any(|t| hit(t)) {
            found.push(Found { kind: "answer", id: a.id.to_string(), text: a.question.clone() });
        }
    }
    for n in notes(conn)?.into_iter().filter(|n| hit(&n.text)) {
        found.push(Found { kind: "note", id: n.id.to_string(), text: n.text });
    }
    for c in checkins_done(conn)? {
        let all = c.answers_me.iter().chain(c.answers_partner.iter()).flat_map(|m| m.values());
        if all.clone().any(|t| hit(t)) {
            found.push(Found {
                kind: "checkin",
                id: c.week.clone(),
                text: format!("Check-in, week {}", c.week),
            });
        }
    }
    let opt = opt_ins(conn)?;
    for q in content::content().questions.iter().filter(|q| hit(&q.text)) {
        if content::deck(&q.deck).is_some_and(|d| content::offered(d, opt)) {
            found.push(Found { kind: "question", id: q.id.clone(), text: q.text.clone() });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::test_conn as conn;

    #[test]
    fn an_answer_stays_hidden_until_both_have_answered() {
        let c = conn();
        let asked = ask(&c, "now-001").unwrap();
        let v = view(&c, &asked).unwrap();
        assert!(!v.revealed && !v.me.answered && !v.partner.answered);
        let asked = answer(&c, asked.id, Person::Me, "  The cat and the ladder  ").unwrap();
        let v = view(&c, &asked).unwrap();
        assert!(v.me.answered && !v.partner.answered && !v.revealed);
        assert_eq!(v.me.text, None, "my answer is hidden until my partner's is in");
        assert!(search(&c, "ladder").unwrap().is_empty(), "a hidden answer can't be found by searching");
        // Asking the same question again finds the open one, not a second.
        assert_eq!(ask(&c, "now-001").unwrap().id, asked.id);
        let err = answer(&c, asked.id, Person::Me, "changed my mind").unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        let asked = answer(&c, asked.id, Person::Partner, "Your dance in the kitchen").unwrap();
        let v = view(&c, &asked).unwrap();
        assert!(v.revealed);
        assert_eq!(v.me.text.as_deref(), Some("The cat and the ladder"));
        assert_eq!(v.partner.text.as_deref(), Some("Your dance in the kitchen"));
        assert_eq!(search(&c, "LADDER").unwrap()[0].kind, "answer");
        assert_eq!(skip(&c, asked.id).unwrap_err().kind(), "invalid_input");
    }

    #[test]
    fn waiting_counts_what_each_of_you_has_to_answer() {
        let c = conn();
        let a = ask(&c, "now-001").unwrap();
        answer(&c, a.id, Person::Partner, "Theirs").unwrap();
        let b = ask(&c, "now-002").unwrap();
        answer(&c, b.id, Person::Me, "Mine").unwrap();
        let s = ask(&c, "now-003").unwrap();
        answer(&c, s.id, Person::Partner, "Set aside").unwrap();
        skip(&c, s.id).unwrap();
        add_note(&c, Person::Partner, "I noticed the flowers").unwrap();
        add_note(&c, Person::Me, "I noticed the tea").unwrap();
        let w = waiting(&c, time::now()).unwrap();
        assert_eq!(w, Waiting { for_me: 1, for_partner: 1, notes_this_week: 1 });
        assert_eq!(waiting(&c, time::now() + 8 * 86_400_000).unwrap().notes_this_week, 0);
    }

    #[test]
    fn bad_answers_are_refused_with_nothing_written() {
        let c = conn();
        let asked = ask(&c, "fun-001").unwrap();
        for bad in ["", "   \n\t ", &"x".repeat(super::super::MAX_TEXT_CHARS + 1)] {
            assert_eq!(answer(&c, asked.id, Person::Me, bad).unwrap_err().kind(), "invalid_input");
        }
        assert!(!get(&c, asked.id).unwrap().unwrap().view(false).me.answered);
        assert_eq!(ask(&c, "no-such-question").unwrap_err().kind(), "invalid_input");
        assert_eq!(answer(&c, Uuid::new_v4(), Person::Me, "hi").unwrap_err().kind(), "invalid_input");
    }

    #[test]
    fn spicy_is_off_until_chosen_and_skipped_questions_stay_in_history() {
        let c = conn();
        assert!(!opt_ins(&c).unwrap());
        assert_eq!(ask(&c, "spicy-001").unwrap_err().kind(), "invalid_input");
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        for _ in 0..5 {
            let q = next_question(&c, None, day).unwrap().unwrap();
            assert!(q.deck != "spicy" && q.deck != "repair", "{}", q.id);
            let a = ask(&c, &q.id).unwrap();
            skip(&c, a.id).unwrap();
        }
        assert_eq!(history(&c).unwrap().iter().filter(|a| a.skipped).count(), 5);
        assert!(next_question(&c, Some("spicy"), day).unwrap().is_none());
        set_opt_ins(&c, true).unwrap();
        assert_eq!(next_question(&c, Some("spicy"), day).unwrap().unwrap().deck, "spicy");
        ask(&c, "spicy-001").unwrap();
        set_favourite(&c, "fun-002", true).unwrap();
        set_favourite(&c, "fun-002", true).unwrap();
        assert_eq!(favourites(&c).unwrap().len(), 1);
        set_favourite(&c, "fun-002", false).unwrap();
        assert!(favourites(&c).unwrap().is_empty());
    }

    #[test]
    fn the_checkin_is_per_week_and_shows_once_both_are_in() {
        let c = conn();
        let thu = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let mine: CheckInAnswers = [("went-well".to_string(), "Sunday walk".to_string())].into();
        let ci = checkin_save(&c, thu, Person::Me, &mine).unwrap();
        assert!(!ci.view().done && ci.view().me_done && ci.view().answers_me.is_none());
        assert_eq!(checkin_save(&c, thu, Person::Me, &mine).unwrap_err().kind(), "invalid_input");
        let empty: CheckInAnswers = [("went-well".to_string(), "   ".to_string())].into();
        assert_eq!(checkin_save(&c, thu, Person::Partner, &empty).unwrap_err().kind(), "invalid_input");
        let unknown: CheckInAnswers = [("nope".to_string(), "x".to_string())].into();
        assert_eq!(checkin_save(&c, thu, Person::Partner, &unknown).unwrap_err().kind(), "invalid_input");
        let ci = checkin_save(&c, thu, Person::Partner, &mine).unwrap();
        assert!(ci.view().done);
        assert_eq!(ci.view().answers_partner.unwrap()["went-well"], "Sunday walk");
        assert_eq!(streak(&c, thu).unwrap(), Streak { weeks_done: 1, in_a_row: 1 });
        // Sunday is the same week; Monday starts a new one, due again, the count kept.
        let sun = NaiveDate::from_ymd_opt(2026, 12, 13).unwrap();
        assert!(checkin(&c, &week::week_of(sun)).unwrap().done());
        let mon = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
        assert!(!checkin(&c, &week::week_of(mon)).unwrap().done());
        assert_eq!(streak(&c, mon).unwrap(), Streak { weeks_done: 1, in_a_row: 1 });
    }

    #[test]
    fn the_week_follows_the_clock() {
        let c = conn();
        // Wednesday 2026-12-09 at noon UTC: the same day in every time zone.
        time::test_clock::set(1_796_817_600_000);
        assert_eq!(week::week_of(time::today()), "2026-W50");
        let mine: CheckInAnswers = [("was-hard".to_string(), "Long days".to_string())].into();
        checkin_save(&c, time::today(), Person::Me, &mine).unwrap();
        checkin_save(&c, time::today(), Person::Partner, &mine).unwrap();
        // A week later the check-in is due again and the count holds.
        time::test_clock::advance(7 * 86_400_000);
        assert!(!checkin(&c, &week::week_of(time::today())).unwrap().done());
        assert_eq!(streak(&c, time::today()).unwrap().weeks_done, 1);
        time::test_clock::reset();
    }

    #[test]
    fn notes_and_care_profiles_keep_roles_and_refuse_unknown_choices() {
        let c = conn();
        add_note(&c, Person::Partner, "I noticed you made tea before I asked.").unwrap();
        add_note(&c, Person::Me, "I noticed you fixed the gate.").unwrap();
        assert_eq!(add_note(&c, Person::Me, " ").unwrap_err().kind(), "invalid_input");
        let jar = notes(&c).unwrap();
        assert_eq!(jar.len(), 2);
        assert!(jar.iter().any(|n| n.author == Person::Partner && n.text.contains("tea")));
        assert_eq!(search(&c, "gate").unwrap()[0].kind, "note");
        set_care(&c, Person::Me, "touch", "not_for_us", "").unwrap();
        set_care(&c, Person::Partner, "words", "a_lot", "Notes in my bag").unwrap();
        set_care(&c, Person::Me, "touch", "some", "").unwrap();
        assert_eq!(set_care(&c, Person::Me, "money", "a_lot", "").unwrap_err().kind(), "invalid_input");
        assert_eq!(set_care(&c, Person::Me, "words", "lots", "").unwrap_err().kind(), "invalid_input");
        let profile = care(&c).unwrap();
        assert_eq!(profile.len(), 2);
        assert!(profile.iter().any(|a| a.person == Person::Me && a.item == "touch" && a.level == "some"));
    }
}

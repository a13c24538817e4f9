//! "Together": what two people do side by side in a few minutes (issue 13).
//! Questions from themed decks that both answer and see only once both have; a
//! weekly check-in; appreciation notes kept in a jar; how each likes to be cared
//! for; and a short guide for after a hard moment.
//!
//! On one computer it works by passing the laptop: one person answers, the answer
//! is hidden, the other answers on the same screen, and then both show. The data
//! is shaped for the shared space to carry later: every record has a stable id
//! (a UUID, or a natural key of stable ids), people are roles
//! ([`Person::Me`] is whoever owns this vault), and nothing lives in the journal.
//!
//! `content.rs` is the versioned text (`data/together-v1.json`), `week.rs` the pure
//! rules for ISO weeks and the check-in's count, `export.rs` the Markdown and JSON
//! files, and `store.rs` the one part that touches the vault.
//!
//! **Invariant:** a person's answer (to a question or a check-in) leaves the core
//! only once both have answered: [`Asked::view`] and [`CheckIn::view`] are the
//! only ways out, and they hold the text back until then.

pub mod content;
pub mod export;
pub mod store;
pub mod week;

use std::collections::BTreeMap;

pub use crate::bucket::Person;
use serde::{Deserialize, Serialize};
pub use uuid::Uuid;

use crate::{Error, Result};

/// The longest answer, note or care note, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;
/// The longest note in a care profile, in characters.
pub const MAX_CARE_NOTE_CHARS: usize = 300;

/// Cleans a person's text (control characters out, line ends made plain), trims
/// it and refuses it empty or too long, with `what` naming the field for people.
pub fn clean_answer(text: &str, what: &str) -> Result<String> {
    let s = crate::journal::entry::clean_text(text).trim().to_owned();
    if s.is_empty() {
        return Err(Error::invalid_input(format!("Write {what} first.")));
    }
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid_input(format!(
            "That's a long one: {what} can be up to {MAX_TEXT_CHARS} characters."
        )));
    }
    Ok(s)
}

pub fn parse_id(id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::invalid_input("That item can't be found. Try reopening Together."))
}

/// A question asked together, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub id: Uuid,
    pub question_id: String,
    pub asked_at: i64,
    pub answer_me: Option<String>,
    pub answer_partner: Option<String>,
    pub skipped: bool,
    /// Paired: the partner has answered on their own Hearth, and their words come
    /// once their Hearth has seen that this person answered too (`answer_partner`
    /// is `None` until then).
    pub partner_pending: bool,
}

/// One person's side of an answer as the window may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub answered: bool,
    /// The answer, only once both have answered.
    pub text: Option<String>,
}

/// An asked question as the window may see it: the answers only once both exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AskedView {
    pub id: Uuid,
    pub question_id: String,
    pub question: String,
    pub deck: String,
    #[serde(with = "crate::time::millis")]
    pub asked_at: i64,
    pub me: Side,
    pub partner: Side,
    pub revealed: bool,
    pub skipped: bool,
    pub favourite: bool,
}

impl Asked {
    pub fn revealed(&self) -> bool {
        self.answer_me.is_some() && self.answer_partner.is_some()
    }

    pub fn answer(&self, who: Person) -> Option<&str> {
        match who {
            Person::Me => self.answer_me.as_deref(),
            Person::Partner => self.answer_partner.as_deref(),
        }
    }

    /// Whether `who` has answered, words here or on their way.
    pub fn answered(&self, who: Person) -> bool {
        self.answer(who).is_some() || (who == Person::Partner && self.partner_pending)
    }

    /// What may be shown: each side's text only when both have answered.
    pub fn view(&self, favourite: bool) -> AskedView {
        let revealed = self.revealed();
        let side = |who| Side {
            answered: self.answered(who),
            text: if revealed { self.answer(who).map(str::to_owned) } else { None },
        };
        let q = content::question(&self.question_id);
        AskedView {
            id: self.id,
            question_id: self.question_id.clone(),
            question: q.map(|q| q.text.clone()).unwrap_or_else(|| "A question from a newer Hearth".into()),
            deck: q.map(|q| q.deck.clone()).unwrap_or_default(),
            asked_at: self.asked_at,
            me: side(Person::Me),
            partner: side(Person::Partner),
            revealed,
            skipped: self.skipped,
            favourite,
        }
    }
}

/// Check-in answers: check-in question id → text.
pub type CheckInAnswers = BTreeMap<String, String>;

/// One ISO week's check-in, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub id: Uuid,
    /// `2026-W49`.
    pub week: String,
    pub answers_me: Option<CheckInAnswers>,
    pub answers_partner: Option<CheckInAnswers>,
    /// Paired: the partner has done theirs; their words come once their Hearth has
    /// seen that this person's is in too (as [`Asked::partner_pending`]).
    pub partner_pending: bool,
}

/// A check-in as the window may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckInView {
    pub week: String,
    pub me_done: bool,
    pub partner_done: bool,
    pub done: bool,
    /// Both people's answers, only once both are done.
    pub answers_me: Option<CheckInAnswers>,
    pub answers_partner: Option<CheckInAnswers>,
}

impl CheckIn {
    pub fn done(&self) -> bool {
        self.answers_me.is_some() && self.answers_partner.is_some()
    }

    pub fn view(&self) -> CheckInView {
        let done = self.done();
        CheckInView {
            week: self.week.clone(),
            me_done: self.answers_me.is_some(),
            partner_done: self.answers_partner.is_some() || self.partner_pending,
            done,
            answers_me: if done { self.answers_me.clone() } else { None },
            answers_partner: if done { self.answers_partner.clone() } else { None },
        }
    }
}

/// Cleans a check-in: every answer is optional except that one at least is
/// written, and unknown question ids are refused.
pub fn clean_checkin(answers: &CheckInAnswers) -> Result<CheckInAnswers> {
    let mut out = CheckInAnswers::new();
    for (id, text) in answers {
        if !content::content().checkin.questions.iter().any(|q| &q.id == id) {
            return Err(Error::invalid_input("That check-in question isn't one Hearth knows."));
        }
        let text = crate::journal::entry::clean_text(text).trim().to_owned();
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::invalid_input(format!(
                "That's a long one: each answer can be up to {MAX_TEXT_CHARS} characters."
            )));
        }
        if !text.is_empty() {
            out.insert(id.clone(), text);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid_input("Write at least one answer first. A few words is plenty."));
    }
    Ok(out)
}

/// An appreciation note in the jar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: Uuid,
    pub author: Person,
    pub text: String,
    #[serde(with = "crate::time::millis")]
    pub written_at: i64,
}

/// One line of a care profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareAnswer {
    pub person: Person,
    /// A care item id from the content (`words`, `time`, …).
    pub item: String,
    /// A level id from the content (`a_lot`, …, `not_for_us`).
    pub level: String,
    pub note: String,
}

/// Something found by Together's search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    /// `question`, `answer`, `note` or `checkin`.
    pub kind: &'static str,
    /// The question id, the asked question's id, the note's id or the week.
    pub id: String,
    pub text: String,
}

//! Together's shared records in the document (issue 13), pure like the rest of
//! [`Space`]. They live in the `together` map the genesis change made, as flat
//! registers like the bucket list's, so each field resolves on its own:
//!
//! - a question asked together: `q:<id>:question`, `q:<id>:asked_at`,
//!   `q:<id>:skipped` ("yes" or empty), and per person `q:<id>:answered:<member id>`
//!   ("yes") and `q:<id>:answer:<member id>` (the words);
//! - a week's check-in: per person `c:<week>:done:<member id>` ("yes") and
//!   `c:<week>:<member id>` (the answers as JSON);
//! - a note in the jar: `n:<id>:author` (a member id), `n:<id>:text`, `n:<id>:written_at`;
//! - a care profile line: `care:<item>:<member id>`, `{"level", "note"}` as JSON.
//!
//! Each person's answer and check-in is a register of their own, written once, so
//! the two never compete. **Words follow the partner's answer:** giving an answer
//! (or a check-in) puts only its "answered" mark in the document; the words go in
//! once the partner's mark is there too, so an answer never waits in the partner's
//! vault before they have answered. The reveal then takes one more trip: the
//! second to answer sends mark and words together, the first sends their words on
//! seeing that (`shared::together::materialize` puts them in). Roles are member ids here and "me"/"partner" only as each
//! vault reads them. Everything read back is checked as the partner's input:
//! unknown shapes are refused, over-long text is cut to Hearth's own limits.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ReadDoc};
use uuid::Uuid;

use super::{Space, TOGETHER, damaged};
use crate::journal::entry::{clean_line, clean_text};
use crate::together::{
    Asked, CareAnswer, CheckIn, CheckInAnswers, MAX_CARE_NOTE_CHARS, MAX_TEXT_CHARS, Note, Person, content,
};
use crate::{Error, Result, time};

/// The longest question id taken from the document.
const MAX_ID_CHARS: usize = 64;
/// The longest register read as JSON (a check-in: four answers and their ids).
const MAX_JSON_BYTES: usize = 4 * (MAX_TEXT_CHARS * 4 + 256);

/// One of Together's shared records, as `shared_dirty` marks it (`~t:…`) and as a
/// change from the partner names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    Asked(Uuid),
    /// The ISO week, `2026-W49`.
    CheckIn(String),
    Note(Uuid),
    /// A care item id: both people's lines for it.
    Care(String),
}

const MARK: &str = "~t:";

impl Record {
    fn from_parts(kind: &str, id: &str) -> Option<Record> {
        match kind {
            "q" => Uuid::parse_str(id).ok().map(Record::Asked),
            "c" if is_week(id) => Some(Record::CheckIn(id.to_owned())),
            "n" => Uuid::parse_str(id).ok().map(Record::Note),
            "care" if id.len() <= MAX_ID_CHARS => Some(Record::Care(id.to_owned())),
            _ => None,
        }
    }

    /// The record a register of the `together` map belongs to.
    pub fn of_key(key: &str) -> Option<Record> {
        let mut parts = key.splitn(3, ':');
        Record::from_parts(parts.next()?, parts.next()?)
    }

    /// The record a `shared_dirty` mark names (the triggers of migration 0009 write
    /// `~t:<kind>:<id>`); `None` for a bucket item or whose turn it is.
    pub fn of_mark(mark: &str) -> Option<Record> {
        let (kind, id) = mark.strip_prefix(MARK)?.split_once(':')?;
        Record::from_parts(kind, id)
    }

    pub fn mark(&self) -> String {
        match self {
            Record::Asked(id) => format!("{MARK}q:{id}"),
            Record::CheckIn(week) => format!("{MARK}c:{week}"),
            Record::Note(id) => format!("{MARK}n:{id}"),
            Record::Care(item) => format!("{MARK}care:{item}"),
        }
    }
}

/// `2026-W49`, as `together::week::week_of` writes it.
fn is_week(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && &b[4..6] == b"-W"
        && b[6..].iter().all(u8::is_ascii_digit)
        && matches!(s[6..].parse::<u8>(), Ok(1..=53))
}

fn unreadable() -> Error {
    Error::invalid_input("Something your partner shared in Together can't be read by this version of Hearth.")
}

/// The partner's text, made plain: control characters out, trimmed, cut to `max`
/// characters; `None` if nothing is left.
fn cut(s: &str, max: usize) -> Option<String> {
    let s = clean_text(s);
    let s = s.trim();
    let s: String = match s.char_indices().nth(max) {
        Some((end, _)) => s[..end].trim_end().to_owned(),
        None => s.to_owned(),
    };
    (!s.is_empty()).then_some(s)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CareLine {
    level: String,
    #[serde(default)]
    note: String,
}

impl Space {
    pub(super) fn together_map(&self) -> Result<ObjId> {
        match self.doc.get(ROOT, TOGETHER).map_err(|_| damaged())? {
            Some((automerge::Value::Object(ObjType::Map), id)) => Ok(id),
            _ => Err(damaged()),
        }
    }

    fn together_get(&self, key: &str) -> Option<String> {
        self.text(&self.together_map().ok()?, key)
    }

    /// Writes a register of the `together` map only if its value differs, so an
    /// unchanged field never competes with the partner's.
    fn together_put(&mut self, key: String, value: &str) -> Result<()> {
        let map = self.together_map()?;
        if self.text(&map, &key).as_deref() != Some(value) {
            self.doc.put(&map, key, value).map_err(|_| damaged())?;
        }
        Ok(())
    }

    /// Every Together record the document holds.
    pub fn together_records(&self) -> std::collections::BTreeSet<Record> {
        let Ok(map) = self.together_map() else { return Default::default() };
        self.doc.keys(&map).filter_map(|k| Record::of_key(&k)).collect()
    }

    /// Puts a person's "answered" mark, and their words if they may go: the other
    /// has answered (their mark is in the document, or their words are here), or
    /// the words are the partner's own (typed here by passing the laptop before
    /// pairing: theirs to have).
    fn put_answer(
        &mut self,
        mark: String,
        words: String,
        who: Person,
        text: &str,
        other_in: bool,
    ) -> Result<()> {
        self.together_put(mark, "yes")?;
        if who == Person::Partner || other_in {
            self.together_put(words, text)?;
        }
        Ok(())
    }

    /// Puts this vault's version of a question asked together: each person's
    /// answer under their member id (an answer typed here for the partner, by
    /// passing the laptop before pairing, goes as theirs), the words only once
    /// both have answered.
    pub fn put_asked(&mut self, a: &Asked) -> Result<()> {
        let id = a.id;
        self.together_put(format!("q:{id}:question"), &a.question_id)?;
        // Set once: the first asking's time stays unless both sides asked at once.
        if self.together_get(&format!("q:{id}:asked_at")).is_none() {
            self.together_put(format!("q:{id}:asked_at"), &time::format(a.asked_at))?;
        }
        self.together_put(format!("q:{id}:skipped"), if a.skipped { "yes" } else { "" })?;
        for who in [Person::Me, Person::Partner] {
            if let Some(text) = a.answer(who) {
                let (member, other) = (self.members.id_of(who), self.members.id_of(who.other()));
                let other_in = a.answer(who.other()).is_some()
                    || self.together_get(&format!("q:{id}:answered:{other}")).is_some();
                self.put_answer(
                    format!("q:{id}:answered:{member}"),
                    format!("q:{id}:answer:{member}"),
                    who,
                    text,
                    other_in,
                )?;
            }
        }
        Ok(())
    }

    /// A question asked together as this vault sees it, if the document has it.
    pub fn asked(&self, id: Uuid) -> Option<Result<Asked>> {
        let question_id = self.together_get(&format!("q:{id}:question"))?;
        let read = || {
            let ok = !question_id.is_empty()
                && question_id.len() <= MAX_ID_CHARS
                && question_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return Err(unreadable());
            }
            let answer = |who: Person| {
                self.together_get(&format!("q:{id}:answer:{}", self.members.id_of(who)))
                    .and_then(|s| cut(&s, MAX_TEXT_CHARS))
            };
            let answer_partner = answer(Person::Partner);
            let partner_mark =
                self.together_get(&format!("q:{id}:answered:{}", self.members.partner)).is_some();
            Ok(Asked {
                id,
                question_id: question_id.clone(),
                asked_at: self
                    .together_get(&format!("q:{id}:asked_at"))
                    .and_then(|s| time::parse(&s))
                    .ok_or_else(unreadable)?,
                answer_me: answer(Person::Me),
                partner_pending: answer_partner.is_none() && partner_mark,
                answer_partner,
                skipped: self.together_get(&format!("q:{id}:skipped")).is_some_and(|s| !s.is_empty()),
            })
        };
        Some(read())
    }

    /// Puts each person's check-in of a week that this vault holds: the mark that
    /// it is done, and the words once both are (as [`Space::put_asked`]).
    pub fn put_checkin(&mut self, c: &CheckIn) -> Result<()> {
        let week = &c.week;
        let answers = |who: Person| match who {
            Person::Me => &c.answers_me,
            Person::Partner => &c.answers_partner,
        };
        for who in [Person::Me, Person::Partner] {
            if let Some(mine) = answers(who) {
                let json = serde_json::to_string(mine).expect("a map of strings serialises");
                let (member, other) = (self.members.id_of(who), self.members.id_of(who.other()));
                let other_in = answers(who.other()).is_some()
                    || self.together_get(&format!("c:{week}:done:{other}")).is_some();
                self.put_answer(
                    format!("c:{week}:done:{member}"),
                    format!("c:{week}:{member}"),
                    who,
                    &json,
                    other_in,
                )?;
            }
        }
        Ok(())
    }

    /// A week's check-in as this vault sees it (its `id` is nil: the vault keeps
    /// its own), if either person's is in the document. Only the check-in's own
    /// questions are kept, each answer cut to Hearth's limit.
    pub fn checkin(&self, week: &str) -> Option<Result<CheckIn>> {
        let side = |who: Person| -> Option<Result<CheckInAnswers>> {
            let json = self.together_get(&format!("c:{week}:{}", self.members.id_of(who)))?;
            if json.len() > MAX_JSON_BYTES {
                return Some(Err(unreadable()));
            }
            let Ok(all) = serde_json::from_str::<CheckInAnswers>(&json) else {
                return Some(Err(unreadable()));
            };
            let known = &content::content().checkin.questions;
            let kept: CheckInAnswers = all
                .into_iter()
                .filter(|(q, _)| known.iter().any(|k| &k.id == q))
                .filter_map(|(q, text)| Some((q, cut(&text, MAX_TEXT_CHARS)?)))
                .collect();
            Some(if kept.is_empty() { Err(unreadable()) } else { Ok(kept) })
        };
        let (me, partner) = (side(Person::Me), side(Person::Partner));
        let mark = |who: Uuid| self.together_get(&format!("c:{week}:done:{who}")).is_some();
        let partner_mark = mark(self.members.partner);
        if me.is_none() && partner.is_none() && !partner_mark && !mark(self.members.me) {
            return None;
        }
        let read = || {
            let answers_partner = partner.transpose()?;
            Ok(CheckIn {
                id: Uuid::nil(),
                week: week.to_owned(),
                answers_me: me.transpose()?,
                partner_pending: answers_partner.is_none() && partner_mark,
                answers_partner,
            })
        };
        Some(read())
    }

    /// Puts a note from the jar. A note is written once and never edited.
    pub fn put_note(&mut self, n: &Note) -> Result<()> {
        let id = n.id;
        self.together_put(format!("n:{id}:author"), &self.members.id_of(n.author).to_string())?;
        self.together_put(format!("n:{id}:text"), &n.text)?;
        self.together_put(format!("n:{id}:written_at"), &time::format(n.written_at))
    }

    pub fn note(&self, id: Uuid) -> Option<Result<Note>> {
        let text = self.together_get(&format!("n:{id}:text"))?;
        let read = || {
            let author = self.together_get(&format!("n:{id}:author")).ok_or_else(unreadable)?;
            Ok(Note {
                id,
                author: self.members.role_of(&author).ok_or_else(unreadable)?,
                text: cut(&text, MAX_TEXT_CHARS).ok_or_else(unreadable)?,
                written_at: self
                    .together_get(&format!("n:{id}:written_at"))
                    .and_then(|s| time::parse(&s))
                    .ok_or_else(unreadable)?,
            })
        };
        Some(read())
    }

    /// Puts one line of a care profile, under its person's member id.
    pub fn put_care(&mut self, c: &CareAnswer) -> Result<()> {
        let line = CareLine { level: c.level.clone(), note: c.note.clone() };
        let json = serde_json::to_string(&line).expect("two strings serialise");
        self.together_put(format!("care:{}:{}", c.item, self.members.id_of(c.person)), &json)
    }

    /// Both people's lines for a care item that the document holds. A line with an
    /// item or level Hearth doesn't know is refused.
    pub fn care(&self, item: &str) -> Vec<Result<CareAnswer>> {
        let c = &content::content().care;
        [Person::Me, Person::Partner]
            .into_iter()
            .filter_map(|who| {
                let json = self.together_get(&format!("care:{item}:{}", self.members.id_of(who)))?;
                let line = (json.len() <= MAX_JSON_BYTES)
                    .then(|| serde_json::from_str::<CareLine>(&json).ok())
                    .flatten()
                    .filter(|l| {
                        c.items.iter().any(|i| i.id == item) && c.levels.iter().any(|v| v.id == l.level)
                    });
                Some(line.ok_or_else(unreadable).map(|l| CareAnswer {
                    person: who,
                    item: item.to_owned(),
                    level: l.level,
                    note: cut(&clean_line(&l.note), MAX_CARE_NOTE_CHARS).unwrap_or_default(),
                }))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Members;
    use super::*;

    fn pair() -> (Space, Space) {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        (
            Space::new(Members { me: a, partner: b }).unwrap(),
            Space::new(Members { me: b, partner: a }).unwrap(),
        )
    }

    fn exchange(a: &mut Space, b: &mut Space) -> (Vec<Record>, Vec<Record>) {
        let (from_a, from_b) = (a.changes_since(&[]), b.changes_since(&[]));
        let to_b = b.apply(&from_a).unwrap().together.into_iter().collect();
        let to_a = a.apply(&from_b).unwrap().together.into_iter().collect();
        (to_a, to_b)
    }

    fn asked(id: Uuid) -> Asked {
        Asked {
            id,
            question_id: "now-001".into(),
            asked_at: time::now(),
            answer_me: None,
            answer_partner: None,
            skipped: false,
            partner_pending: false,
        }
    }

    #[test]
    fn each_answer_is_its_own_persons_seen_from_each_side() {
        let (mut a, mut b) = pair();
        let id = Uuid::new_v4();
        let on_a = Asked { answer_me: Some("The lake".into()), ..asked(id) };
        a.put_asked(&on_a).unwrap();
        // B asked the same record at the same moment (the same id) and answered it.
        let on_b = Asked { answer_me: Some("Your laugh".into()), ..asked(id) };
        b.put_asked(&on_b).unwrap();
        let (to_a, to_b) = exchange(&mut a, &mut b);
        assert_eq!(to_b, vec![Record::Asked(id)]);
        assert_eq!(to_a, vec![Record::Asked(id)]);
        // Each learns that the other answered; no words travelled before that.
        for s in [&a, &b] {
            let seen = s.asked(id).unwrap().unwrap();
            assert_eq!((seen.answer_me, seen.answer_partner, seen.partner_pending), (None, None, true));
        }
        // Each side's words go once it has seen the other's mark.
        a.put_asked(&on_a).unwrap();
        b.put_asked(&on_b).unwrap();
        exchange(&mut a, &mut b);
        let (x, y) = (a.asked(id).unwrap().unwrap(), b.asked(id).unwrap().unwrap());
        assert_eq!(
            (x.answer_me.as_deref(), x.answer_partner.as_deref()),
            (Some("The lake"), Some("Your laugh"))
        );
        assert_eq!(
            (y.answer_me.as_deref(), y.answer_partner.as_deref()),
            (Some("Your laugh"), Some("The lake"))
        );
        assert_eq!(x.asked_at, y.asked_at, "one asking time wins on both sides");
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn checkins_notes_and_care_travel_with_their_roles() {
        let (mut a, mut b) = pair();
        let week = "2026-W50";
        let mine: CheckInAnswers = [("went-well".to_string(), "Sunday walk".to_string())].into();
        a.put_checkin(&CheckIn {
            id: Uuid::new_v4(),
            week: week.into(),
            answers_me: Some(mine.clone()),
            answers_partner: None,
            partner_pending: false,
        })
        .unwrap();
        let note = Note {
            id: Uuid::new_v4(),
            author: Person::Me,
            text: "I noticed the tea".into(),
            written_at: time::now(),
        };
        a.put_note(&note).unwrap();
        a.put_care(&CareAnswer {
            person: Person::Me,
            item: "words".into(),
            level: "a_lot".into(),
            note: "Notes".into(),
        })
        .unwrap();
        let (_, to_b) = exchange(&mut a, &mut b);
        assert_eq!(to_b.len(), 3, "{to_b:?}");
        let c = b.checkin(week).unwrap().unwrap();
        assert_eq!(
            (&c.answers_me, &c.answers_partner, c.partner_pending),
            (&None, &None, true),
            "done, words kept back"
        );
        // Once B's check-in is in, B's words go with its mark, and A's follow.
        let b_side: CheckInAnswers = [("was-hard".to_string(), "Long days".to_string())].into();
        b.put_checkin(&CheckIn { answers_me: Some(b_side.clone()), ..c }).unwrap();
        exchange(&mut a, &mut b);
        let on_a = a.checkin(week).unwrap().unwrap();
        assert_eq!(on_a.answers_partner.as_ref(), Some(&b_side));
        a.put_checkin(&CheckIn { answers_me: Some(mine.clone()), ..on_a }).unwrap();
        exchange(&mut a, &mut b);
        assert_eq!(b.checkin(week).unwrap().unwrap().answers_partner, Some(mine));
        assert_eq!(b.note(note.id).unwrap().unwrap().author, Person::Partner);
        let care = b.care("words");
        assert_eq!(care.len(), 1);
        assert_eq!(care[0].as_ref().unwrap().person, Person::Partner);
        assert!(b.checkin("2026-W51").is_none());
    }

    #[test]
    fn forged_records_are_refused_or_cut_never_a_panic() {
        let (mut a, mut b) = pair();
        let map = a.together_map().unwrap();
        let (id, note) = (Uuid::new_v4(), Uuid::new_v4());
        let me = a.members.me;
        let long = "é".repeat(MAX_TEXT_CHARS * 3);
        for (k, v) in [
            (format!("q:{id}:question"), "now-001".to_string()),
            (format!("q:{id}:asked_at"), time::stamp()),
            (format!("q:{id}:answer:{me}"), long.clone()),
            (format!("n:{note}:text"), "<script>x</script>".into()),
            (format!("n:{note}:author"), Uuid::new_v4().to_string()),
            (format!("n:{note}:written_at"), time::stamp()),
            ("c:2026-W50:x".into(), "{".into()),
            (format!("c:2026-W51:{me}"), format!("{{\"went-well\":\"{long}\",\"nope\":\"x\"}}")),
            (format!("c:2026-W52:{me}"), "[1,2]".into()),
            (format!("care:words:{me}"), "{\"level\":\"lots\"}".into()),
            ("q:not-a-uuid:question".into(), "x".into()),
            ("c:9999-W99:x".into(), "{}".into()),
        ] {
            a.doc.put(&map, k, v).unwrap();
        }
        let (_, to_b) = exchange(&mut a, &mut b);
        assert!(!to_b.iter().any(|r| matches!(r, Record::CheckIn(w) if w == "9999-W99")));
        let q = b.asked(id).unwrap().unwrap();
        assert_eq!(q.answer_partner.unwrap().chars().count(), MAX_TEXT_CHARS, "cut to the limit");
        assert!(b.note(note).unwrap().is_err(), "an author who isn't one of the two");
        let cut_week = b.checkin("2026-W51").unwrap().unwrap().answers_partner.unwrap();
        assert_eq!(cut_week.len(), 1, "only the check-in's own questions");
        assert_eq!(cut_week["went-well"].chars().count(), MAX_TEXT_CHARS);
        assert!(b.checkin("2026-W52").unwrap().is_err());
        assert!(b.care("words")[0].is_err());
        assert!(is_week("2026-W01") && !is_week("2026-W00") && !is_week("2026-W5x") && !is_week("2026W-50"));
    }

    #[test]
    fn marks_and_keys_name_the_same_records() {
        for r in [
            Record::Asked(Uuid::new_v4()),
            Record::CheckIn("2026-W49".into()),
            Record::Note(Uuid::new_v4()),
            Record::Care("touch".into()),
        ] {
            assert_eq!(Record::of_mark(&r.mark()), Some(r.clone()));
        }
        assert_eq!(Record::of_mark("~turn"), None);
        assert_eq!(Record::of_mark(&Uuid::new_v4().to_string()), None);
    }
}

/// Convergence of Together's registers: two replicas asking, answering, checking
/// in, writing notes and care lines at random, their changes delivered in random
/// order with duplicates and losses, then everything delivered. Words of an answer
/// or check-in are in the documents exactly when both gave theirs.
#[cfg(test)]
mod convergence {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::super::Members;
    use super::*;

    #[derive(Debug, Clone)]
    enum Step {
        /// Replica asks question n (the same id on both sides for the same n, as a
        /// paired asking's id is) and maybe answers it.
        Answer(usize, u8, bool),
        CheckIn(usize, u8),
        Note(usize),
        Care(usize, u8),
        Skip(usize, u8),
        Deliver(usize, usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..2usize, 0..4u8, any::<bool>()).prop_map(|(r, q, a)| Step::Answer(r, q, a)),
            (0..2usize, 0..3u8).prop_map(|(r, w)| Step::CheckIn(r, w)),
            (0..2usize).prop_map(Step::Note),
            (0..2usize, 0..3u8).prop_map(|(r, l)| Step::Care(r, l)),
            (0..2usize, 0..4u8).prop_map(|(r, q)| Step::Skip(r, q)),
            (0..2usize, 0..64usize).prop_map(|(r, n)| Step::Deliver(r, n)),
        ]
    }

    const LEVELS: [&str; 3] = ["a_lot", "some", "not_for_us"];

    /// Everything a replica reads, with roles turned to the first replica's view.
    fn seen(s: &Space, from_first: bool) -> Vec<String> {
        let swap = |a: Option<String>, b: Option<String>| if from_first { (a, b) } else { (b, a) };
        let role = |p: Person| if from_first { p } else { p.other() };
        s.together_records()
            .into_iter()
            .map(|r| match &r {
                Record::Asked(id) => {
                    let a = s.asked(*id).unwrap().unwrap();
                    format!("{r:?} {} {:?} {}", a.question_id, swap(a.answer_me, a.answer_partner), a.skipped)
                }
                Record::CheckIn(w) => {
                    let c = s.checkin(w).unwrap().unwrap();
                    format!(
                        "{r:?} {:?}",
                        swap(
                            c.answers_me.map(|m| format!("{m:?}")),
                            c.answers_partner.map(|m| format!("{m:?}"))
                        )
                    )
                }
                Record::Note(id) => {
                    let n = s.note(*id).unwrap().unwrap();
                    format!("{r:?} {:?} {}", role(n.author), n.text)
                }
                Record::Care(item) => {
                    let mut lines: Vec<String> = s
                        .care(item)
                        .into_iter()
                        .map(|c| c.unwrap())
                        .map(|c| format!("{:?} {}", role(c.person), c.level))
                        .collect();
                    lines.sort();
                    format!("{r:?} {lines:?}")
                }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn two_replicas_converge_and_words_wait_for_both(steps in prop::collection::vec(step(), 1..60), order in any::<u64>()) {
            let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
            let mut replicas = [
                Space::new(Members { me: a, partner: b }).unwrap(),
                Space::new(Members { me: b, partner: a }).unwrap(),
            ];
            let ids: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
            let mut wire = super::super::tests::Wire::new(&mut replicas);
            // Each replica's own answers and check-ins, as its vault keeps them.
            let mut given: BTreeMap<(usize, Uuid), String> = BTreeMap::new();
            let mut checked: BTreeMap<(usize, String), CheckInAnswers> = BTreeMap::new();
            // What a replica's vault holds: the document's record with its own words.
            let local = |s: &Space, given: &BTreeMap<(usize, Uuid), String>, r: usize, id: Uuid| {
                s.asked(id).map(|a| Asked { answer_me: given.get(&(r, id)).cloned(), ..a.unwrap() })
            };
            // What `shared::together::materialize` does after taking changes in: put
            // this vault's records again, so words go once the partner's mark is in.
            let release = |replicas: &mut [Space; 2], given: &BTreeMap<(usize, Uuid), String>, checked: &BTreeMap<(usize, String), CheckInAnswers>, r: usize| {
                for (_, id) in given.keys().filter(|(rr, _)| *rr == r) {
                    let here = local(&replicas[r], given, r, *id).unwrap();
                    replicas[r].put_asked(&here).unwrap();
                }
                for ((_, week), mine) in checked.iter().filter(|((rr, _), _)| *rr == r) {
                    let c = replicas[r].checkin(week).unwrap().unwrap();
                    replicas[r].put_checkin(&CheckIn { answers_me: Some(mine.clone()), ..c }).unwrap();
                }
            };
            for (n, s) in steps.into_iter().enumerate() {
                match s {
                    Step::Answer(r, q, answer) => {
                        let id = ids[q as usize];
                        let mut asked = local(&replicas[r], &given, r, id).unwrap_or(Asked {
                            id, question_id: format!("now-00{}", q + 1), asked_at: time::now() + n as i64,
                            answer_me: None, answer_partner: None, skipped: false, partner_pending: false,
                        });
                        if answer && asked.answer_me.is_none() {
                            let text = format!("answer {r}.{n}");
                            asked.answer_me = Some(text.clone());
                            asked.skipped = false;
                            given.insert((r, id), text);
                        }
                        replicas[r].put_asked(&asked).unwrap();
                    }
                    Step::Skip(r, q) => {
                        if let Some(a) = local(&replicas[r], &given, r, ids[q as usize]) {
                            replicas[r].put_asked(&Asked { skipped: true, ..a }).unwrap();
                        }
                    }
                    Step::CheckIn(r, w) => {
                        let week = format!("2026-W{:02}", 10 + w);
                        if !checked.contains_key(&(r, week.clone())) {
                            let answers: CheckInAnswers = [("went-well".to_string(), format!("week {r}.{n}"))].into();
                            let c = replicas[r].checkin(&week).map(|c| c.unwrap()).unwrap_or(CheckIn {
                                id: Uuid::nil(), week: week.clone(), answers_me: None, answers_partner: None, partner_pending: false,
                            });
                            replicas[r].put_checkin(&CheckIn { answers_me: Some(answers.clone()), ..c }).unwrap();
                            checked.insert((r, week), answers);
                        }
                    }
                    Step::Note(r) => {
                        let note = Note { id: Uuid::new_v4(), author: Person::Me, text: format!("note {r}.{n}"), written_at: time::now() };
                        replicas[r].put_note(&note).unwrap();
                    }
                    Step::Care(r, l) => {
                        let line = CareAnswer { person: Person::Me, item: "words".into(), level: LEVELS[l as usize].into(), note: String::new() };
                        replicas[r].put_care(&line).unwrap();
                    }
                    Step::Deliver(to, n) => {
                        wire.deliver(&mut replicas, to, n);
                        release(&mut replicas, &given, &checked, to);
                    }
                }
                wire.send(&mut replicas);
            }
            // Everything delivered, each side answering what it learnt, until quiet:
            // marks first, then the words they let go.
            for _ in 0..3 {
                wire.deliver_all(&mut replicas, order);
                for r in 0..2 {
                    release(&mut replicas, &given, &checked, r);
                }
                wire.send(&mut replicas);
            }
            let [mut x, mut y] = replicas;
            prop_assert_eq!(x.fingerprint(), y.fingerprint());
            prop_assert_eq!(seen(&x, true), seen(&y, false));
            for ((r, id), text) in &given {
                let on_x = x.asked(*id).unwrap().unwrap();
                let on_y = y.asked(*id).unwrap().unwrap();
                let (words_on_x, words_on_y) = if *r == 0 { (&on_x.answer_me, &on_y.answer_partner) } else { (&on_x.answer_partner, &on_y.answer_me) };
                if given.contains_key(&(1 - r, *id)) {
                    prop_assert_eq!(words_on_x.as_ref(), Some(text), "both answered: both see every answer");
                    prop_assert_eq!(words_on_y.as_ref(), Some(text));
                } else {
                    prop_assert_eq!(words_on_x, &None, "only one answered: no words in either document");
                    prop_assert_eq!(words_on_y, &None);
                    let other = if *r == 0 { &on_y } else { &on_x };
                    prop_assert!(other.partner_pending, "but the other knows an answer is in");
                }
            }
            for ((r, week), mine) in &checked {
                let c = if *r == 0 { y.checkin(week) } else { x.checkin(week) }.unwrap().unwrap();
                if checked.contains_key(&(1 - r, week.clone())) {
                    prop_assert_eq!(c.answers_partner.as_ref(), Some(mine));
                } else {
                    prop_assert!(c.answers_partner.is_none() && c.partner_pending);
                }
            }
        }
    }
}

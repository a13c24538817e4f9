//! The file a person shares with their partner, and reading the partner's.
//!
//! ```json
//! { "format": "hearth-selfcheck-share", "version": 1,
//!   "display_name": "Ana", "taken_at": "2025-03-01T20:15:00Z", "bank_version": 1,
//!   "scores": { "emotional": { "now": 60, "wish": 85 }, ... },
//!   "answers": { "emo-1": { "now": 3, "wish": 4 }, ... } }
//! ```
//!
//! It holds the scores, the date, the question bank version and a display name,
//! and nothing else: no journal, no warning signs, never the answers to the safety
//! questions, and the other item answers only when the person ticks a box. An area
//! where nothing applied (bank v2 on) has no score in the file. An imported file is checked whole (size, format,
//! version, names, ranges, known dimensions and questions, no unknown fields) and
//! refused whole with a message that says why; nothing is written for a refused
//! file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Dimension;
use super::SelfCheck;
use super::bank::{self, SCALE_MAX};
use super::scoring::{Answers, DimensionScore, Score, Scores};
use crate::settings::MAX_NAME_CHARS;
use crate::{Error, Result};

pub const FORMAT: &str = "hearth-selfcheck-share";
/// The newest share-file version this build writes and reads.
pub const VERSION: u32 = 1;
/// No genuine share file comes near this; anything larger is refused unread.
pub const MAX_BYTES: usize = 64 * 1024;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareScore {
    pub now: i64,
    pub wish: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareFile {
    pub format: String,
    pub version: u32,
    pub display_name: String,
    pub taken_at: String,
    pub bank_version: u32,
    pub scores: BTreeMap<String, ShareScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Answers>,
}

fn refuse(why: &str) -> Error {
    Error::invalid_input(format!(
        "This file can't be opened as your partner's results: {why} Nothing was imported."
    ))
}

/// Trims a display name and removes control characters; `None` if it's empty or
/// too long.
pub fn clean_name(name: &str) -> Option<String> {
    let s: String = name.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
    (!s.is_empty() && s.chars().count() <= MAX_NAME_CHARS).then_some(s)
}

/// The answers a share file may carry: those to scored items. Answers to the
/// safety questions never leave the vault.
fn scored_answers(check: &SelfCheck) -> Answers {
    let bank = bank::bank(check.bank_version);
    check
        .answers
        .iter()
        .filter(|(id, _)| bank.is_some_and(|b| b.item(id).is_some()))
        .map(|(id, a)| (id.clone(), *a))
        .collect()
}

impl ShareFile {
    /// The file for one of the person's own checks.
    pub fn from_check(check: &SelfCheck, display_name: &str, include_answers: bool) -> Result<ShareFile> {
        let display_name = clean_name(display_name).ok_or_else(|| {
            Error::invalid_input(format!(
                "Please give a name of 1 to {MAX_NAME_CHARS} characters to share with."
            ))
        })?;
        Ok(ShareFile {
            format: FORMAT.into(),
            version: VERSION,
            display_name,
            taken_at: check.taken_at.clone(),
            bank_version: check.bank_version,
            scores: check
                .scores
                .dimensions
                .iter()
                .map(|d| {
                    (
                        d.dimension.id().to_string(),
                        ShareScore { now: d.score.now.into(), wish: d.score.wish.into() },
                    )
                })
                .collect(),
            answers: include_answers.then(|| scored_answers(check)),
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a share file serialises")
    }

    /// Reads and checks a partner's file.
    pub fn parse(bytes: &[u8]) -> Result<ShareFile> {
        if bytes.len() > MAX_BYTES {
            return Err(refuse("it is much larger than a self-check file ever is."));
        }
        let not_ours = || refuse("it isn't a Hearth self-check file.");
        // Look at the format and version first, so a newer file gets the right
        // message; then read the whole file into its typed struct (no `Value`).
        #[derive(Deserialize)]
        struct Outline<'a> {
            #[serde(default, borrow)]
            format: Option<&'a serde_json::value::RawValue>,
            #[serde(default, borrow)]
            version: Option<&'a serde_json::value::RawValue>,
        }
        let outline: Outline = serde_json::from_slice(bytes).map_err(|_| not_ours())?;
        if crate::import::text(outline.format).as_deref() != Some(FORMAT) {
            return Err(not_ours());
        }
        match crate::import::number(outline.version) {
            Some(v) if v > u64::from(VERSION) => {
                return Err(refuse(
                    "it was made by a newer version of Hearth. Updating Hearth will let you open it.",
                ));
            }
            Some(v) if v >= 1 => {}
            _ => return Err(not_ours()),
        }
        let mut file: ShareFile = serde_json::from_slice(bytes)
            .map_err(|_| refuse("its contents aren't in the shape Hearth expects."))?;
        file.validate()?;
        file.bring_back_to(crate::time::now());
        Ok(file)
    }

    /// A date more than a day after `now` came from a clock that was wrong: it is
    /// brought back to `now`, so the partner's results sort and read as just taken
    /// rather than being refused (see [`crate::time::FUTURE_MARGIN`]).
    fn bring_back_to(&mut self, now: i64) {
        if crate::time::parse(&self.taken_at).is_some_and(|t| crate::time::is_far_future(t, now)) {
            self.taken_at = crate::time::format(now);
        }
    }

    fn validate(&self) -> Result<()> {
        let Some(bank) = bank::bank(self.bank_version) else {
            return Err(if self.bank_version > bank::LATEST_VERSION {
                refuse(
                    "it was taken with newer questions than this version of Hearth knows. Updating Hearth will let you open it.",
                )
            } else {
                refuse("it names a set of questions Hearth has never had.")
            });
        };
        if clean_name(&self.display_name).as_deref() != Some(self.display_name.as_str()) {
            return Err(refuse(&format!(
                "the name in it is empty, longer than {MAX_NAME_CHARS} characters, or has hidden characters."
            )));
        }
        let taken = crate::time::parse(&self.taken_at).ok_or_else(|| refuse("its date can't be read."))?;
        if !(crate::time::MIN..=crate::time::MAX).contains(&taken) {
            return Err(refuse("its date is impossible."));
        }
        for (id, s) in &self.scores {
            if Dimension::from_id(id).is_none_or(|d| bank.dimension(d).is_none()) {
                return Err(refuse("it has a score for something this self-check doesn't measure."));
            }
            if !(0..=100).contains(&s.now) || !(0..=100).contains(&s.wish) {
                return Err(refuse("a score in it is outside 0 to 100."));
            }
        }
        // From v2 an area where nothing applied has no score; before, all are needed.
        let complete = self.scores.len() == bank.dimensions.len();
        if self.scores.is_empty() || (!complete && !bank.allows_not_applicable()) {
            return Err(refuse("some of its scores are missing."));
        }
        if let Some(answers) = &self.answers {
            let ok = answers.iter().all(|(id, a)| {
                bank.item(id).is_some()
                    && a.now.is_none_or(|v| v <= SCALE_MAX)
                    && a.wish.is_none_or(|v| v <= SCALE_MAX)
                    && (!a.not_applicable || bank.allows_not_applicable())
            });
            if !ok {
                return Err(refuse("its answers don't match the questions."));
            }
        }
        Ok(())
    }

    /// The scores as Hearth keeps them (in the bank's order, overall recomputed).
    pub fn scores(&self) -> Result<Scores> {
        let bank = bank::bank(self.bank_version).ok_or_else(|| refuse("it names unknown questions."))?;
        let dims = bank
            .dimensions
            .iter()
            .filter_map(|d| {
                let s = self.scores.get(d.id.id())?;
                let clamp = |v: i64| v.clamp(0, 100) as u8;
                Some(DimensionScore { dimension: d.id, score: Score::new(clamp(s.now), clamp(s.wish)) })
            })
            .collect::<Vec<_>>();
        if dims.is_empty() || (dims.len() < bank.dimensions.len() && !bank.allows_not_applicable()) {
            return Err(refuse("some of its scores are missing."));
        }
        Ok(Scores::from_dimensions(dims))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selfcheck::scoring::{Answer, score};
    use serde_json::{Value, json};

    fn check(include: bool) -> ShareFile {
        let answers: Answers =
            bank::latest().items().map(|(_, i)| (i.id.clone(), Answer::new(2, 3))).collect();
        let c = SelfCheck {
            id: "x".into(),
            taken_at: "2025-03-01T20:15:00Z".into(),
            bank_version: bank::LATEST_VERSION,
            scores: score(bank::latest(), &answers).unwrap(),
            answers,
            warning_signs: vec!["lonely".into()],
        };
        ShareFile::from_check(&c, "  Ana ", include).unwrap()
    }

    fn good() -> Value {
        serde_json::to_value(check(false)).unwrap()
    }

    #[test]
    fn a_shared_file_round_trips_and_holds_only_what_it_should() {
        let f = check(false);
        let text = f.to_json();
        assert_eq!(ShareFile::parse(text.as_bytes()).unwrap(), f);
        let v: Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["bank_version", "display_name", "format", "scores", "taken_at", "version"]);
        assert_eq!(v["display_name"], "Ana");
        assert!(!text.contains("lonely"), "warning signs never travel");
        let with = check(true);
        let items = bank::latest().items().count();
        assert_eq!(ShareFile::parse(with.to_json().as_bytes()).unwrap().answers.unwrap().len(), items);
        assert_eq!(f.scores().unwrap().dimensions.len(), 6);
    }

    #[test]
    fn hostile_and_malformed_files_are_refused() {
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v = good();
            f(&mut v);
            serde_json::to_vec(&v).unwrap()
        };
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "isn't a Hearth self-check file"),
            ("not json", b"hello there".to_vec(), "isn't a Hearth self-check file"),
            ("a json array", b"[1,2,3]".to_vec(), "isn't a Hearth self-check file"),
            ("binary", vec![0xff, 0xfe, 0x00, 0x01], "isn't a Hearth self-check file"),
            ("too big", vec![b' '; MAX_BYTES + 1], "much larger"),
            (
                "another format",
                with(&|v| v["format"] = json!("hearth-bucket-list")),
                "isn't a Hearth self-check file",
            ),
            (
                "no format",
                with(&|v| {
                    v.as_object_mut().unwrap().remove("format");
                }),
                "isn't a Hearth",
            ),
            ("newer version", with(&|v| v["version"] = json!(2)), "newer version of Hearth"),
            ("version zero", with(&|v| v["version"] = json!(0)), "isn't a Hearth"),
            ("version as text", with(&|v| v["version"] = json!("1")), "isn't a Hearth"),
            ("newer questions", with(&|v| v["bank_version"] = json!(9)), "newer questions"),
            ("bank zero", with(&|v| v["bank_version"] = json!(0)), "never had"),
            ("unknown field", with(&|v| v["journal"] = json!("our secrets")), "shape Hearth expects"),
            ("unknown score field", with(&|v| v["scores"]["emotional"]["rank"] = json!(1)), "shape"),
            ("score too high", with(&|v| v["scores"]["physical"]["now"] = json!(101)), "outside 0 to 100"),
            ("score negative", with(&|v| v["scores"]["habits"]["wish"] = json!(-1)), "outside 0 to 100"),
            ("score fractional", with(&|v| v["scores"]["habits"]["wish"] = json!(50.5)), "shape"),
            ("score huge", with(&|v| v["scores"]["habits"]["wish"] = json!(1e300)), "shape"),
            (
                "unknown dimension",
                with(&|v| v["scores"]["romance"] = json!({"now": 1, "wish": 2})),
                "doesn't measure",
            ),
            (
                "missing dimension in a v1 file",
                with(&|v| {
                    v["bank_version"] = json!(1);
                    v["scores"].as_object_mut().unwrap().remove("spiritual");
                }),
                "missing",
            ),
            ("no scores at all", with(&|v| v["scores"] = json!({})), "missing"),
            ("a safety answer", with(&|v| v["answers"] = json!({"safe-1": {"now": 0}})), "don't match"),
            ("empty name", with(&|v| v["display_name"] = json!("  ")), "the name in it"),
            ("long name", with(&|v| v["display_name"] = json!("x".repeat(41))), "the name in it"),
            (
                "control chars in name",
                with(&|v| v["display_name"] = json!("Ana\u{202e}\n")),
                "the name in it",
            ),
            ("bad date", with(&|v| v["taken_at"] = json!("last tuesday")), "date can't be read"),
            ("before 2000", with(&|v| v["taken_at"] = json!("1999-12-31T00:00:00Z")), "impossible"),
            ("unknown question", with(&|v| v["answers"] = json!({"zzz": {"now": 1}})), "don't match"),
            ("answer out of range", with(&|v| v["answers"] = json!({"emo-1": {"now": 9}})), "don't match"),
            (
                "answer extra field",
                with(&|v| v["answers"] = json!({"emo-1": {"now": 1, "why": "x"}})),
                "shape",
            ),
        ];
        for (what, bytes, expected) in cases {
            let err = ShareFile::parse(&bytes).unwrap_err();
            assert_eq!(err.kind(), "invalid_input", "{what}");
            let msg = err.to_string();
            assert!(msg.contains(expected), "{what}: {msg}");
            assert!(msg.ends_with("Nothing was imported."), "{what}: {msg}");
            assert!(
                !msg.contains("our secrets") && !msg.contains("rank"),
                "{what}: no file content in {msg}"
            );
        }
    }

    #[test]
    fn a_date_from_a_clock_far_ahead_is_brought_back_to_now() {
        let now = crate::time::parse("2026-05-01T12:00:00Z").unwrap();
        crate::time::test_clock::set(now);
        let with_date = |d: &str| {
            let mut v = good();
            v["taken_at"] = json!(d);
            ShareFile::parse(&serde_json::to_vec(&v).unwrap()).unwrap().taken_at
        };
        // Within a day ahead (time zones, drift): kept as it is.
        assert_eq!(with_date("2026-05-02T11:00:00Z"), "2026-05-02T11:00:00Z");
        // Further ahead, up to the last day Hearth knows: now.
        assert_eq!(with_date("2026-05-03T12:00:00Z"), "2026-05-01T12:00:00.000Z");
        assert_eq!(with_date("9999-12-31T00:00:00Z"), "2026-05-01T12:00:00.000Z");
        crate::time::test_clock::reset();
    }

    #[test]
    fn an_area_where_nothing_applied_travels_as_no_score() {
        let mut v = good();
        v["scores"].as_object_mut().unwrap().remove("physical");
        let f = ShareFile::parse(&serde_json::to_vec(&v).unwrap()).unwrap();
        let scores = f.scores().unwrap();
        assert_eq!(scores.dimensions.len(), 5);
        assert!(scores.get(Dimension::Kind(crate::IntimacyKind::Physical)).is_none());
    }
}

//! The question bank: versioned data, not strings scattered through the code.
//!
//! Each version lives in `data/selfcheck-v<N>.json` and is embedded at build time,
//! parsed and checked once. A published version is never edited: wording changes
//! make a new version, and every stored result names the version it was taken
//! with, so old results keep their meaning.
//!
//! Every suggestion names the theme it comes from, as
//! `"<heading in content-themes.md> / <the idea it draws on>"`, so wording can be
//! traced back to the product's subject matter.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Dimension;
use crate::IntimacyKind;

/// The newest bank; new checks are taken with it.
pub const LATEST_VERSION: u32 = 1;
/// Answers run from 0 to this.
pub const SCALE_MAX: u8 = 4;

/// The headings of content-themes.md that suggestions may cite.
pub const THEMES: &[&str] = &[
    "What emotional intimacy is",
    "Signs it is present (strengths to measure)",
    "What it brings (used for encouragement copy and result explanations)",
    "Signs it is lacking (warning signs)",
    "Five kinds of intimacy (the self-check's dimensions)",
    "Why people hold back (for gentle explanations, never diagnoses)",
    "What helps (the app's recommendations)",
    "Safety and honesty",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub version: u32,
    /// Labels for 0..=4, shared by "now" and "wish".
    pub scale: Vec<String>,
    pub dimensions: Vec<DimensionBank>,
    pub warning_signs: Vec<WarningSign>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionBank {
    pub id: Dimension,
    pub items: Vec<Item>,
    /// Said when this dimension is one of the person's strengths.
    pub strength: String,
    /// Said when this dimension is worth talking about.
    pub talk: String,
    pub suggestions: Suggestions,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: String,
    /// A statement where agreeing means less closeness: scored as 4 - answer.
    pub reverse: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestions {
    pub journal: JournalPrompt,
    pub activity: Activity,
    pub habit: Habit,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalPrompt {
    pub prompt: String,
    pub theme: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub title: String,
    pub notes: String,
    /// The kind of intimacy the idea feeds, for the bucket list.
    pub kind: IntimacyKind,
    pub theme: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Habit {
    pub text: String,
    pub theme: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningSign {
    pub id: String,
    pub text: String,
}

impl Bank {
    pub fn dimension(&self, d: Dimension) -> Option<&DimensionBank> {
        self.dimensions.iter().find(|x| x.id == d)
    }

    pub fn items(&self) -> impl Iterator<Item = (Dimension, &Item)> {
        self.dimensions.iter().flat_map(|d| d.items.iter().map(move |i| (d.id, i)))
    }

    pub fn item(&self, id: &str) -> Option<(Dimension, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    /// Checks the bank's shape; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        if self.scale.len() != usize::from(SCALE_MAX) + 1 {
            return Err(format!("the scale needs {} labels", SCALE_MAX + 1));
        }
        let dims: Vec<Dimension> = self.dimensions.iter().map(|d| d.id).collect();
        if dims != Dimension::ALL {
            return Err("the bank must have the six dimensions, in order".into());
        }
        let mut ids = HashSet::new();
        let (mut total, mut reversed) = (0usize, 0usize);
        for d in &self.dimensions {
            if d.items.len() < 5 {
                return Err(format!("{} has fewer than 5 items", d.id.id()));
            }
            if d.items.iter().all(|i| i.reverse) || !d.items.iter().any(|i| i.reverse) {
                return Err(format!("{} needs both plain and reverse-keyed items", d.id.id()));
            }
            for i in &d.items {
                if !ids.insert(i.id.as_str()) {
                    return Err(format!("item id {} is used twice", i.id));
                }
                if i.text.trim().is_empty() {
                    return Err(format!("item {} has no text", i.id));
                }
            }
            total += d.items.len();
            reversed += d.items.iter().filter(|i| i.reverse).count();
            let s = &d.suggestions;
            for (what, text) in [
                ("strength", &d.strength),
                ("talk", &d.talk),
                ("journal prompt", &s.journal.prompt),
                ("activity title", &s.activity.title),
                ("activity notes", &s.activity.notes),
                ("habit", &s.habit.text),
            ] {
                if text.trim().is_empty() {
                    return Err(format!("{}: the {what} is empty", d.id.id()));
                }
            }
            for theme in [&s.journal.theme, &s.activity.theme, &s.habit.theme] {
                let heading = theme.split(" / ").next().unwrap_or_default();
                if !THEMES.contains(&heading) || !theme.contains(" / ") {
                    return Err(format!("{}: theme {theme:?} names no content-themes heading", d.id.id()));
                }
            }
        }
        // About a third reverse-keyed.
        if !(total * 25..=total * 40).contains(&(reversed * 100)) {
            return Err(format!("{reversed} of {total} items are reverse-keyed; aim for about a third"));
        }
        if self.warning_signs.is_empty() {
            return Err("there are no warning signs".into());
        }
        for w in &self.warning_signs {
            if !ids.insert(w.id.as_str()) || w.text.trim().is_empty() {
                return Err(format!("warning sign {} is repeated or empty", w.id));
            }
        }
        Ok(())
    }
}

const SOURCES: &[(u32, &str)] = &[(1, include_str!("../../data/selfcheck-v1.json"))];

fn parse(version: u32, json: &str) -> Bank {
    let bank: Bank = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("self-check bank v{version} is not valid JSON: {e}"));
    assert_eq!(bank.version, version, "self-check bank file and version disagree");
    if let Err(e) = bank.validate() {
        panic!("self-check bank v{version} is malformed: {e}");
    }
    bank
}

/// The bank of `version`, if this build knows it. Parsed and checked once; a
/// malformed bank is a build defect, caught by this module's tests.
pub fn bank(version: u32) -> Option<&'static Bank> {
    static BANKS: OnceLock<Vec<Bank>> = OnceLock::new();
    BANKS
        .get_or_init(|| SOURCES.iter().map(|(v, json)| parse(*v, json)).collect())
        .iter()
        .find(|b| b.version == version)
}

/// The bank new checks are taken with.
pub fn latest() -> &'static Bank {
    bank(LATEST_VERSION).expect("the latest bank is embedded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_bank_is_well_formed() {
        for (v, json) in SOURCES {
            let b = parse(*v, json);
            b.validate().unwrap();
        }
        assert_eq!(latest().version, LATEST_VERSION);
        assert!(bank(LATEST_VERSION + 1).is_none());
    }

    #[test]
    fn every_dimension_and_item_is_reachable() {
        let b = latest();
        for d in Dimension::ALL {
            let db = b.dimension(d).unwrap_or_else(|| panic!("{} missing", d.id()));
            assert!(db.items.len() >= 5);
            for item in &db.items {
                assert_eq!(b.item(&item.id).map(|(dim, _)| dim), Some(d));
            }
        }
        let total = b.items().count();
        let reversed = b.items().filter(|(_, i)| i.reverse).count();
        assert!(total >= 30, "{total} items");
        assert!((total / 4..=total * 2 / 5).contains(&reversed), "{reversed} reverse of {total}");
        let signs: Vec<&str> = b.warning_signs.iter().map(|w| w.id.as_str()).collect();
        for expected in ["lonely", "unsupported", "inner-life", "events", "affection", "conflict"] {
            assert!(signs.contains(&expected), "warning sign {expected}");
        }
    }

    #[test]
    fn validation_catches_each_kind_of_mistake() {
        let good = latest().clone();
        let cases: Vec<(&str, Box<dyn Fn(&mut Bank)>)> = vec![
            (
                "six dimensions",
                Box::new(|b| {
                    b.dimensions.pop();
                }),
            ),
            (
                "fewer than 5",
                Box::new(|b| {
                    b.dimensions[2].items.truncate(4);
                }),
            ),
            ("used twice", Box::new(|b| b.dimensions[1].items[0].id = "emo-1".into())),
            (
                "both plain and reverse",
                Box::new(|b| b.dimensions[0].items.iter_mut().for_each(|i| i.reverse = false)),
            ),
            (
                "names no content-themes heading",
                Box::new(|b| b.dimensions[3].suggestions.habit.theme = "Something I made up / x".into()),
            ),
            (
                "names no content-themes heading",
                Box::new(|b| {
                    b.dimensions[3].suggestions.journal.theme =
                        "What helps (the app's recommendations)".into()
                }),
            ),
            ("is empty", Box::new(|b| b.dimensions[4].suggestions.activity.title = " ".into())),
            (
                "about a third",
                Box::new(|b| {
                    for d in &mut b.dimensions {
                        d.items.iter_mut().enumerate().for_each(|(n, i)| i.reverse = n == 0);
                    }
                }),
            ),
            (
                "scale",
                Box::new(|b| {
                    b.scale.pop();
                }),
            ),
            ("no warning signs", Box::new(|b| b.warning_signs.clear())),
        ];
        for (expected, break_it) in cases {
            let mut b = good.clone();
            break_it(&mut b);
            let err = b.validate().unwrap_err();
            assert!(err.contains(expected), "expected {expected:?}, got {err:?}");
        }
    }

    #[test]
    fn unknown_fields_in_the_bank_are_refused() {
        let json = SOURCES[0].1.replacen("\"version\": 1,", "\"version\": 1, \"extra\": true,", 1);
        assert!(serde_json::from_str::<Bank>(&json).is_err());
    }
}

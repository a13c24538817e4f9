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

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Dimension;
use crate::IntimacyKind;

/// The newest bank; new checks are taken with it.
pub const LATEST_VERSION: u32 = 2;
/// Answers run from 0 to this.
pub const SCALE_MAX: u8 = 4;
/// The label set an item uses when it names none (and the only one in v1).
pub const DEFAULT_SCALE: &str = "agree";

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
    /// v1 only: the labels for 0..=4, shared by every item. From v2 on, see `scales`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    /// Named label sets for 0..=4 ("agree", "often"); each item names the one that
    /// fits it. A v1 bank gets its `scale` here as "agree" when it is loaded.
    #[serde(default)]
    pub scales: BTreeMap<String, Vec<String>>,
    /// From v2: the label of the "doesn't apply to us" choice every item offers.
    /// Such an answer is left out of the score (see `scoring`). `None`: every item
    /// must be answered on the scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    pub dimensions: Vec<DimensionBank>,
    /// From v2: the questions on feeling safe and the note they can lead to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<Safety>,
    /// From v2: what results say when fears hold closeness back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fear: Option<Fear>,
    pub warning_signs: Vec<WarningSign>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionBank {
    pub id: Dimension,
    /// From v2: what the area's page says about it, when it differs from
    /// [`Dimension::about`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
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
    /// v1 has some; v2 has none, so a wish is never a double negative.
    #[serde(default)]
    pub reverse: bool,
    /// Which of the bank's `scales` labels this item's answers.
    #[serde(default = "default_scale")]
    pub scale: String,
    /// A statement about a fear that can hold closeness back (answered low, it
    /// brings the results' section on fear of closeness).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fear: bool,
    /// Why an " and " in the text joins one idea rather than two questions. The
    /// single-question check (v2 on) refuses an " and " without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub and_intended: Option<String>,
}

fn default_scale() -> String {
    DEFAULT_SCALE.to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestions {
    pub journal: JournalPrompt,
    pub activity: Activity,
    pub habit: Habit,
}

/// A journal prompt: written here (v1) or, from v2, one of the journal's own
/// prompts by id (`journal::prompts`), filled in when the bank is loaded so the
/// same prompt never exists twice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalPrompt {
    #[serde(default)]
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_id: Option<u32>,
    pub theme: String,
}

/// An activity: written here (v1) or, from v2, one of the bucket list's starter
/// ideas by id (`bucket::ideas`), filled in when the bank is loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idea: Option<String>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub notes: String,
    /// The kind of intimacy the idea feeds, for the bucket list.
    #[serde(default)]
    pub kind: Option<IntimacyKind>,
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

/// The questions on feeling safe. They are answered for "now" only, never scored
/// into an area, never written to a share file, and any answer below
/// [`super::scoring::SAFE_FROM`] makes the results open with `note`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Safety {
    pub title: String,
    pub about: String,
    pub items: Vec<Item>,
    pub note: Note,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Fear of closeness: a short reading, its own suggestions and individual support.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fear {
    pub title: String,
    pub reading: Vec<String>,
    pub suggestions: Suggestions,
    pub support: String,
}

impl Bank {
    pub fn dimension(&self, d: Dimension) -> Option<&DimensionBank> {
        self.dimensions.iter().find(|x| x.id == d)
    }

    /// The scored items, with their dimension (not the safety questions).
    pub fn items(&self) -> impl Iterator<Item = (Dimension, &Item)> {
        self.dimensions.iter().flat_map(|d| d.items.iter().map(move |i| (d.id, i)))
    }

    /// A scored item by id (not a safety question: see [`Bank::safety_item`]).
    pub fn item(&self, id: &str) -> Option<(Dimension, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    pub fn safety_items(&self) -> &[Item] {
        self.safety.as_ref().map_or(&[], |s| s.items.as_slice())
    }

    pub fn safety_item(&self, id: &str) -> Option<&Item> {
        self.safety_items().iter().find(|i| i.id == id)
    }

    /// Whether "doesn't apply to us" may be chosen.
    pub fn allows_not_applicable(&self) -> bool {
        self.not_applicable.is_some()
    }

    /// Every suggestion set: one per dimension, and fear of closeness's.
    fn all_suggestions(&mut self) -> impl Iterator<Item = (&'static str, &mut Suggestions)> {
        let dims = self.dimensions.iter_mut().map(|d| (d.id.id(), &mut d.suggestions));
        dims.chain(self.fear.iter_mut().map(|f| ("fear", &mut f.suggestions)))
    }

    /// Fills in suggestions given by reference (a journal prompt id, a starter
    /// idea id) and a v1 bank's single scale.
    fn resolve(&mut self) -> Result<(), String> {
        if self.scales.is_empty() && !self.scale.is_empty() {
            self.scales.insert(DEFAULT_SCALE.into(), self.scale.clone());
        }
        for (area, s) in self.all_suggestions() {
            if let Some(id) = s.journal.prompt_id {
                let p = crate::journal::prompts::by_id(id)
                    .ok_or_else(|| format!("{area}: journal prompt {id} doesn't exist"))?;
                s.journal.prompt = p.text.to_string();
            }
            if let Some(id) = &s.activity.idea {
                let idea = crate::bucket::ideas::starter_ideas()
                    .iter()
                    .find(|i| &i.id == id)
                    .ok_or_else(|| format!("{area}: starter idea {id} doesn't exist"))?;
                s.activity.title = idea.title.clone();
                s.activity.notes = idea.notes.clone();
                s.activity.kind = Some(idea.kind);
            }
        }
        Ok(())
    }

    /// Checks the bank's shape; the message says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        let v2 = self.version >= 2;
        if self.scales.is_empty() {
            return Err("the bank has no scale".into());
        }
        for (name, labels) in &self.scales {
            if labels.len() != usize::from(SCALE_MAX) + 1 {
                return Err(format!("the scale {name} needs {} labels", SCALE_MAX + 1));
            }
        }
        let dims: Vec<Dimension> = self.dimensions.iter().map(|d| d.id).collect();
        if dims != Dimension::ALL {
            return Err("the bank must have the six dimensions, in order".into());
        }
        let mut ids = HashSet::new();
        let mut check_item = |i: &Item| -> Result<(), String> {
            if !ids.insert(i.id.clone()) {
                return Err(format!("item id {} is used twice", i.id));
            }
            if i.text.trim().is_empty() {
                return Err(format!("item {} has no text", i.id));
            }
            if !self.scales.contains_key(&i.scale) {
                return Err(format!("item {} names the unknown scale {}", i.id, i.scale));
            }
            if v2 && i.text.contains(" and ") && i.and_intended.is_none() {
                return Err(format!("item {} may ask two questions at once (\" and \")", i.id));
            }
            Ok(())
        };
        let (mut total, mut reversed) = (0usize, 0usize);
        let reverse_per_dimension: HashSet<usize> =
            self.dimensions.iter().map(|d| d.items.iter().filter(|i| i.reverse).count()).collect();
        for d in &self.dimensions {
            if d.items.len() < 5 {
                return Err(format!("{} has fewer than 5 items", d.id.id()));
            }
            if !v2 && (d.items.iter().all(|i| i.reverse) || !d.items.iter().any(|i| i.reverse)) {
                return Err(format!("{} needs both plain and reverse-keyed items", d.id.id()));
            }
            for i in &d.items {
                check_item(i)?;
            }
            total += d.items.len();
            reversed += d.items.iter().filter(|i| i.reverse).count();
            for (what, text) in [("strength", &d.strength), ("talk", &d.talk)] {
                if text.trim().is_empty() {
                    return Err(format!("{}: the {what} is empty", d.id.id()));
                }
            }
            check_suggestions(d.id.id(), &d.suggestions)?;
        }
        if v2 {
            // Balanced keying: every area has as many reverse-keyed items as the others.
            if reverse_per_dimension.len() > 1 {
                return Err("the areas need the same number of reverse-keyed items".into());
            }
            if self.not_applicable.as_deref().is_none_or(|l| l.trim().is_empty()) {
                return Err("the \"doesn't apply\" label is missing".into());
            }
            let safety = self.safety.as_ref().ok_or("the safety questions are missing")?;
            if !(2..=4).contains(&safety.items.len()) {
                return Err("there should be two to four safety questions".into());
            }
            for i in &safety.items {
                check_item(i)?;
                if i.reverse || i.fear {
                    return Err(format!("safety question {} must be plainly keyed", i.id));
                }
            }
            if safety.note.title.trim().is_empty()
                || safety.note.paragraphs.iter().any(|p| p.trim().is_empty())
            {
                return Err("the safety note is empty".into());
            }
            let fear = self.fear.as_ref().ok_or("the section on fear of closeness is missing")?;
            if !self.items().any(|(_, i)| i.fear) {
                return Err("no item asks about the fears that hold closeness back".into());
            }
            if fear.reading.is_empty() || fear.support.trim().is_empty() {
                return Err("the section on fear of closeness is empty".into());
            }
            check_suggestions("fear", &fear.suggestions)?;
        } else if !(total * 25..=total * 40).contains(&(reversed * 100)) {
            // v1: about a third reverse-keyed.
            return Err(format!("{reversed} of {total} items are reverse-keyed; aim for about a third"));
        }
        if self.warning_signs.is_empty() {
            return Err("there are no warning signs".into());
        }
        for w in &self.warning_signs {
            if !ids.insert(w.id.clone()) || w.text.trim().is_empty() {
                return Err(format!("warning sign {} is repeated or empty", w.id));
            }
        }
        Ok(())
    }
}

fn check_suggestions(area: &str, s: &Suggestions) -> Result<(), String> {
    for (what, text) in [
        ("journal prompt", &s.journal.prompt),
        ("activity title", &s.activity.title),
        ("activity notes", &s.activity.notes),
        ("habit", &s.habit.text),
    ] {
        if text.trim().is_empty() {
            return Err(format!("{area}: the {what} is empty"));
        }
    }
    if s.activity.kind.is_none() {
        return Err(format!("{area}: the activity has no kind"));
    }
    for theme in [&s.journal.theme, &s.activity.theme, &s.habit.theme] {
        let heading = theme.split(" / ").next().unwrap_or_default();
        if !THEMES.contains(&heading) || !theme.contains(" / ") {
            return Err(format!("{area}: theme {theme:?} names no content-themes heading"));
        }
    }
    Ok(())
}

const SOURCES: &[(u32, &str)] =
    &[(1, include_str!("../../data/selfcheck-v1.json")), (2, include_str!("../../data/selfcheck-v2.json"))];

fn parse(version: u32, json: &str) -> Bank {
    let mut bank: Bank = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("self-check bank v{version} is not valid JSON: {e}"));
    assert_eq!(bank.version, version, "self-check bank file and version disagree");
    if let Err(e) = bank.resolve().and_then(|()| bank.validate()) {
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
        for b in [bank(1).unwrap(), latest()] {
            for d in Dimension::ALL {
                let db = b.dimension(d).unwrap_or_else(|| panic!("{} missing", d.id()));
                assert!(db.items.len() >= 5);
                for item in &db.items {
                    assert_eq!(b.item(&item.id).map(|(dim, _)| dim), Some(d));
                    assert_eq!(b.scales[&item.scale].len(), 5);
                }
            }
            assert!(b.items().count() >= 30, "v{}", b.version);
            let signs: Vec<&str> = b.warning_signs.iter().map(|w| w.id.as_str()).collect();
            for expected in ["lonely", "unsupported", "inner-life", "events", "affection", "conflict"] {
                assert!(signs.contains(&expected), "warning sign {expected}");
            }
        }
        let v1 = bank(1).unwrap();
        let (total, reversed) = (v1.items().count(), v1.items().filter(|(_, i)| i.reverse).count());
        assert!((total / 4..=total * 2 / 5).contains(&reversed), "{reversed} reverse of {total}");
        assert!(latest().items().all(|(_, i)| !i.reverse), "v2 keys every item the same way");
        // Safety questions are not scored items, and scored items are not safety questions.
        for s in latest().safety_items() {
            assert!(latest().item(&s.id).is_none());
            assert!(latest().safety_item(&s.id).is_some());
        }
        assert!(bank(1).unwrap().safety_items().is_empty());
    }

    #[test]
    fn suggestions_by_reference_are_filled_in() {
        let b = latest();
        let emo = &b.dimension(Dimension::Kind(IntimacyKind::Emotional)).unwrap().suggestions;
        let idea = crate::bucket::ideas::starter_ideas().iter().find(|i| i.id == "big-questions").unwrap();
        assert_eq!(emo.activity.title, idea.title);
        assert_eq!(emo.activity.kind, Some(idea.kind));
        assert_eq!(emo.journal.prompt, crate::journal::prompts::by_id(4).unwrap().text);
        let fear = &b.fear.as_ref().unwrap().suggestions;
        assert!(!fear.journal.prompt.is_empty() && !fear.activity.title.is_empty());
    }

    /// The content check: every item asks one thing, every kind of closeness has
    /// an area and an idea, suggestions are the journal's and the bucket list's own
    /// (so they can't drift into near-copies), tagged with the kind they feed.
    #[test]
    fn content_is_single_barrelled_covered_and_consistent() {
        let b = latest();
        let all_items = b.items().map(|(_, i)| i).chain(b.safety_items());
        for i in all_items {
            let joined = i.text.matches(" and ").count();
            assert!(joined == 0 || i.and_intended.is_some(), "{} asks two things: {}", i.id, i.text);
            assert!(
                !i.text.contains(" still ") && !i.text.contains("used to"),
                "{} assumes a long history",
                i.id
            );
        }
        let ideas = crate::bucket::ideas::starter_ideas();
        for (area, s) in b
            .dimensions
            .iter()
            .map(|d| (Some(d.id), &d.suggestions))
            .chain(b.fear.iter().map(|f| (None, &f.suggestions)))
        {
            let id = s.activity.idea.as_deref().expect("v2 activities are starter ideas");
            let idea = ideas.iter().find(|i| i.id == id).unwrap();
            if let Some(Dimension::Kind(k)) = area {
                assert_eq!(idea.kind, k, "{id} suggested for {}", k.id());
            }
            assert!(s.journal.prompt_id.is_some(), "v2 journal suggestions are the journal's prompts");
            for other in ideas {
                let sim = crate::near_duplicates::similarity(
                    &s.habit.text,
                    &format!("{} {}", other.title, other.notes),
                );
                assert!(
                    sim < crate::near_duplicates::NEAR,
                    "habit {:?} repeats idea {}",
                    s.habit.text,
                    other.id
                );
            }
        }
        for k in IntimacyKind::ALL {
            assert!(b.dimension(Dimension::Kind(k)).is_some());
            assert!(ideas.iter().any(|i| i.kind == k), "no idea for {}", k.id());
        }
    }

    #[test]
    fn validation_catches_each_kind_of_mistake() {
        type Break = Box<dyn Fn(&mut Bank)>;
        let v1_cases: Vec<(&str, Break)> = vec![
            (
                "both plain and reverse",
                Box::new(|b| b.dimensions[0].items.iter_mut().for_each(|i| i.reverse = false)),
            ),
            (
                "about a third",
                Box::new(|b| {
                    for d in &mut b.dimensions {
                        d.items.iter_mut().enumerate().for_each(|(n, i)| i.reverse = n == 0);
                    }
                }),
            ),
        ];
        let v2_cases: Vec<(&str, Break)> = vec![
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
            ("used twice", Box::new(|b| b.dimensions[1].items[0].id = "emo2-1".into())),
            ("used twice", Box::new(|b| b.safety.as_mut().unwrap().items[0].id = "hab2-1".into())),
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
            ("is empty", Box::new(|b| b.fear.as_mut().unwrap().suggestions.habit.text = String::new())),
            ("same number of reverse", Box::new(|b| b.dimensions[0].items[0].reverse = true)),
            (
                "two questions at once",
                Box::new(|b| b.dimensions[5].items[2].text = "We rest and we play.".into()),
            ),
            ("unknown scale", Box::new(|b| b.dimensions[1].items[1].scale = "often-ish".into())),
            (
                "scale",
                Box::new(|b| {
                    b.scales.get_mut("often").unwrap().pop();
                }),
            ),
            ("\"doesn't apply\" label", Box::new(|b| b.not_applicable = None)),
            ("safety questions are missing", Box::new(|b| b.safety = None)),
            (
                "two to four safety",
                Box::new(|b| {
                    b.safety.as_mut().unwrap().items.truncate(1);
                }),
            ),
            (
                "safety note is empty",
                Box::new(|b| b.safety.as_mut().unwrap().note.paragraphs.push(" ".into())),
            ),
            ("fear of closeness is missing", Box::new(|b| b.fear = None)),
            (
                "no item asks about the fears",
                Box::new(|b| {
                    b.dimensions.iter_mut().for_each(|d| d.items.iter_mut().for_each(|i| i.fear = false))
                }),
            ),
            ("no warning signs", Box::new(|b| b.warning_signs.clear())),
        ];
        for (good, cases) in [(bank(1).unwrap(), v1_cases), (latest(), v2_cases)] {
            for (expected, break_it) in cases {
                let mut b = good.clone();
                break_it(&mut b);
                let err = b.validate().unwrap_err();
                assert!(err.contains(expected), "v{}: expected {expected:?}, got {err:?}", good.version);
            }
        }
    }

    #[test]
    fn unknown_fields_in_the_bank_are_refused() {
        for (v, json) in SOURCES {
            let from = format!("\"version\": {v},");
            let json = json.replacen(&from, &format!("{from} \"extra\": true,"), 1);
            assert!(serde_json::from_str::<Bank>(&json).is_err(), "v{v}");
        }
    }
}

//! Together's words: the question decks, the weekly check-in, the care profile's
//! items and the guide for after a hard moment. Versioned data in
//! `data/together-v1.json`, embedded and checked by the tests below. Questions are
//! only ever added: a question's id never changes or moves to other words, since
//! asked questions (and, later, the partner's device) refer to it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const CONTENT_JSON: &str = include_str!("../../data/together-v1.json");

/// The deck for after a hard moment: drawn from only when chosen.
pub const REPAIR_DECK: &str = "repair";

/// Every tag a deck or question may carry.
pub const TAGS: &[&str] = &[
    "curiosity",
    "story",
    "future",
    "gratitude",
    "play",
    "values",
    "repair",
    "apart",
    "desire",
    "light",
    "deep",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub blurb: String,
    pub tags: Vec<String>,
    /// Offered only once the person has chosen it in Together (off by default).
    pub opt_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// `<deck>-<nnn>`; stable, never reused.
    pub id: String,
    pub deck: String,
    pub text: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInContent {
    pub minutes: u32,
    pub questions: Vec<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareItem {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareContent {
    pub levels: Vec<Level>,
    pub note: String,
    pub items: Vec<CareItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairGuide {
    pub title: String,
    pub intro: String,
    pub steps: Vec<Step>,
    pub support: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub version: u32,
    pub decks: Vec<Deck>,
    pub questions: Vec<Question>,
    pub checkin: CheckInContent,
    pub care: CareContent,
    pub repair: RepairGuide,
}

/// All of Together's words.
pub fn content() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| {
        let c: Content = serde_json::from_str(CONTENT_JSON).expect("together-v1.json is checked by tests");
        assert_eq!(c.version, 1);
        c
    })
}

pub fn question(id: &str) -> Option<&'static Question> {
    content().questions.iter().find(|q| q.id == id)
}

pub fn deck(id: &str) -> Option<&'static Deck> {
    content().decks.iter().find(|d| d.id == id)
}

/// Whether a deck is offered: opt-in decks only when chosen.
pub fn offered(deck: &Deck, opt_ins: bool) -> bool {
    !deck.opt_in || opt_ins
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn at_least_two_hundred_questions_in_nine_tagged_decks() {
        let c = content();
        assert!(c.questions.len() >= 200, "found {}", c.questions.len());
        let ids: Vec<&str> = c.decks.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["now", "memories", "dreams", "appreciation", "fun", "meaning", "repair", "distance", "spicy"]
        );
        for d in &c.decks {
            let n = c.questions.iter().filter(|q| q.deck == d.id).count();
            assert!(n >= 18, "deck {} has only {n} questions", d.id);
            assert!(!d.tags.is_empty(), "deck {} has no tags", d.id);
            assert!(d.tags.iter().all(|t| TAGS.contains(&t.as_str())), "deck {}: {:?}", d.id, d.tags);
            assert!(d.blurb.ends_with('.'), "{}", d.blurb);
        }
        for q in &c.questions {
            assert!(deck(&q.deck).is_some(), "{} is in no deck", q.id);
            assert!(!q.tags.is_empty(), "{} has no tags", q.id);
            assert!(q.tags.iter().all(|t| TAGS.contains(&t.as_str())), "{}: {:?}", q.id, q.tags);
            assert!(q.tags.iter().any(|t| t == "light" || t == "deep"), "{} says light or deep", q.id);
            assert!(q.text.ends_with('?'), "{} is a question: {}", q.id, q.text);
            assert!(q.text.chars().count() <= 120, "{} is short", q.id);
        }
    }

    #[test]
    fn only_the_spicy_deck_is_opt_in_and_it_is_off_by_default() {
        let opt_in: Vec<&str> = content().decks.iter().filter(|d| d.opt_in).map(|d| d.id.as_str()).collect();
        assert_eq!(opt_in, ["spicy"]);
        assert!(!offered(deck("spicy").unwrap(), false));
        assert!(offered(deck("spicy").unwrap(), true));
        assert!(offered(deck("fun").unwrap(), false));
    }

    #[test]
    fn ids_are_unique_stable_and_never_renumbered() {
        let mut seen = HashSet::new();
        for q in &content().questions {
            assert!(seen.insert(q.id.as_str()), "duplicate id {}", q.id);
            let (deck, number) = q.id.rsplit_once('-').unwrap();
            assert_eq!(deck, q.deck, "{}'s id names its deck", q.id);
            assert!(number.len() == 3 && number.parse::<u32>().is_ok(), "{}", q.id);
        }
        // Published ids keep their words: asked questions point at them.
        for (id, text) in [
            ("now-001", "What has made you laugh this week that I missed?"),
            ("memories-001", "What do you remember most clearly from the day we met?"),
            ("repair-001", "What did you need from me during our last disagreement?"),
            ("spicy-001", "What kind of touch makes you feel most wanted?"),
            ("distance-020", "What local spot would you show me on your next walk?"),
        ] {
            assert_eq!(question(id).unwrap().text, text, "{id} keeps its words");
        }
    }

    #[test]
    fn no_duplicate_or_near_duplicate_questions() {
        let c = content();
        let mut texts = HashSet::new();
        for q in &c.questions {
            assert!(texts.insert(q.text.to_lowercase()), "duplicate question {}", q.text);
        }
        let all: Vec<(String, String)> = c.questions.iter().map(|q| (q.id.clone(), q.text.clone())).collect();
        let near = crate::near_duplicates::find(&all);
        assert!(near.is_empty(), "near-duplicate questions:\n{}", near.join("\n"));
    }

    #[test]
    fn the_checkin_care_profile_and_repair_guide_are_complete() {
        let c = content();
        assert!((3..=4).contains(&c.checkin.questions.len()));
        let care: Vec<&str> = c.care.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(care, ["words", "time", "touch", "help", "surprises"]);
        assert!(c.care.levels.iter().any(|l| l.id == "not_for_us"), "a \"doesn't fit us\" choice");
        let steps: Vec<&str> = c.repair.steps.iter().map(|s| s.id.as_str()).collect();
        for needed in ["cool-down", "what-i-heard", "one-request"] {
            assert!(steps.contains(&needed), "the guide has {needed}");
        }
        let mut ids = HashSet::new();
        for id in c.checkin.questions.iter().map(|q| &q.id).chain(c.care.levels.iter().map(|l| &l.id)) {
            assert!(ids.insert(id), "duplicate id {id}");
        }
    }
}

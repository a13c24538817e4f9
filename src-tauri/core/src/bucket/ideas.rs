//! Starter ideas, offered when the list is empty and whenever someone asks for
//! inspiration. The ideas are versioned data in `data/bucket-ideas-v1.json`,
//! embedded in the binary and checked by the tests below. Ideas are only ever
//! added: an idea's id never changes, as it makes the item's id.
//!
//! The kind an idea is tagged with is the closeness it mainly feeds: talking,
//! feelings and appreciation are emotional; touch and rest side by side are
//! physical; doing something new or fun is experiential; ideas, games and
//! learning are intellectual; meaning, faith, values, giving and wonder are
//! spiritual.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BucketItem, Category, Cost, Effort, Interest, ItemInput};
use crate::IntimacyKind;

const IDEAS_JSON: &str = include_str!("../../data/bucket-ideas-v1.json");

/// The namespace for starter items' ids (UUID v5 of the idea's id): the same
/// starter idea added in both partners' vaults is the same item.
const STARTER_NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_3c2e_8d4a_4f0b_9a57_2e61_d0c4_b8a3);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterIdea {
    /// Stable within the data file; never reuse one for a different idea.
    pub id: String,
    pub title: String,
    pub notes: String,
    pub category: Category,
    pub kind: IntimacyKind,
    pub cost: Cost,
    pub effort: Effort,
    /// Who else it suits: couples living apart, low-energy days, and people who
    /// can't walk far, stand long or drive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suits: Vec<Suits>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suits {
    /// Can be done by a couple in two places (on a call, by post).
    Apart,
    /// Asks little energy: fine on a tired or unwell day.
    LowEnergy,
    /// Needs no walking far, standing long, driving or swimming.
    Accessible,
}

impl Suits {
    /// A short phrase for people, shown beside the idea.
    pub fn label(self) -> &'static str {
        match self {
            Suits::Apart => "Works apart",
            Suits::LowEnergy => "Low energy",
            Suits::Accessible => "Easy access",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdeasFile {
    version: u32,
    ideas: Vec<StarterIdea>,
}

/// Every starter idea, in the data file's order.
pub fn starter_ideas() -> &'static [StarterIdea] {
    static IDEAS: OnceLock<Vec<StarterIdea>> = OnceLock::new();
    IDEAS.get_or_init(|| {
        let file: IdeasFile =
            serde_json::from_str(IDEAS_JSON).expect("bucket-ideas-v1.json is checked by tests");
        assert_eq!(file.version, 1);
        file.ideas
    })
}

impl StarterIdea {
    /// The id the idea has once it is on the list.
    pub fn item_id(&self) -> Uuid {
        Uuid::new_v5(&STARTER_NAMESPACE, self.id.as_bytes())
    }

    /// The idea as a new item, made at `now`.
    pub fn to_item(&self, now: i64) -> BucketItem {
        let input = ItemInput {
            title: self.title.clone(),
            notes: self.notes.clone(),
            category: self.category,
            kind: self.kind,
            suggested_by: None,
            interest_me: Interest::NotAsked,
            interest_partner: Interest::NotAsked,
            cost: self.cost,
            effort: self.effort,
        };
        BucketItem::new_idea(self.item_id(), input, now)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_starter_ideas_are_valid_and_varied() {
        let ideas = starter_ideas();
        assert!(ideas.len() >= 30, "at least 30 starter ideas, found {}", ideas.len());
        let mut ids = HashSet::new();
        let mut titles = HashSet::new();
        for idea in ideas {
            assert!(ids.insert(idea.id.clone()), "duplicate id {}", idea.id);
            assert!(titles.insert(idea.title.to_lowercase()), "duplicate title {}", idea.title);
            assert!(
                idea.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "id {} is kebab-case",
                idea.id
            );
            assert!(!idea.title.is_empty() && idea.title.chars().count() <= 60, "{}", idea.title);
            assert!(!idea.title.ends_with('.'), "titles have no full stop: {}", idea.title);
            assert!(idea.notes.ends_with('.') && idea.notes.len() < 200, "{}", idea.notes);
            idea.to_item(crate::time::now()).validate().unwrap();
        }
        // Every category and every kind of intimacy has something.
        for c in Category::ALL {
            assert!(ideas.iter().any(|i| i.category == *c), "no idea for {}", c.id());
        }
        for k in IntimacyKind::ALL {
            assert!(ideas.iter().any(|i| i.kind == k), "no idea for {}", k.id());
        }
    }

    #[test]
    fn starter_item_ids_are_uuid_v5_of_the_idea_id_and_never_change() {
        // Fixed values, computed outside Rust (Python's
        // `uuid.uuid5(UUID("6b1f3c2e-8d4a-4f0b-9a57-2e61d0c4b8a3"), "day-hike")`):
        // a changed namespace or name scheme would give both partners' vaults, and
        // every vault made before the change, different ids for the same idea.
        let id_of = |name: &str| starter_ideas().iter().find(|i| i.id == name).unwrap().item_id();
        assert_eq!(id_of("day-hike").to_string(), "d6ca2791-7002-5128-96b6-0780c705e844");
        assert_eq!(id_of("picnic").to_string(), "e849f8ec-9249-5081-89fc-43d71a0d7f1f");
        let mut seen = HashSet::new();
        for idea in starter_ideas() {
            let id = idea.item_id();
            assert_eq!(id.get_version_num(), 5, "{}", idea.id);
            assert!(seen.insert(id), "{} shares its item id with another idea", idea.id);
            assert_eq!(idea.to_item(crate::bucket::time::now()).id, id, "the item carries the id");
        }
    }

    #[test]
    fn at_least_sixty_ideas_for_every_kind_of_couple_and_no_near_duplicates() {
        let ideas = starter_ideas();
        assert!(ideas.len() >= 60, "at least 60 starter ideas, found {}", ideas.len());
        for suits in [Suits::Apart, Suits::LowEnergy, Suits::Accessible] {
            let n = ideas.iter().filter(|i| i.suits.contains(&suits)).count();
            assert!(n >= 10, "only {n} ideas suit {suits:?}");
        }
        for k in IntimacyKind::ALL {
            assert!(
                ideas.iter().any(|i| i.kind == k && i.suits.contains(&Suits::Apart)),
                "no {} idea for couples apart",
                k.id()
            );
        }
        let texts: Vec<(String, String)> =
            ideas.iter().map(|i| (i.id.clone(), format!("{} {}", i.title, i.notes))).collect();
        let near = crate::near_duplicates::find(&texts);
        assert!(near.is_empty(), "near-duplicate ideas:\n{}", near.join("\n"));
    }

    /// Ids already handed out must never change: items made from them would no
    /// longer match between the partners' vaults.
    #[test]
    fn existing_starter_ids_are_unchanged() {
        let first_ideas = [
            "your-pick-restaurant",
            "day-hike",
            "live-concert",
            "pizza-favourite-film",
            "plan-a-trip",
            "phone-free-evening",
            "couples-class",
            "couples-group",
            "cook-new-dish",
            "stargazing",
            "future-letters",
            "volunteer-together",
            "museum-afternoon",
            "sunrise-breakfast",
            "book-swap",
            "weekend-away",
            "picnic",
            "memory-lane",
            "massage-evening",
            "dance-kitchen",
            "tasting-evening",
            "big-questions",
            "values-walk",
            "learn-language",
            "theatre-night",
            "bike-ride",
            "plant-something",
            "kindness-day",
            "photo-album",
            "farmers-market",
            "swim-outdoors",
            "game-night",
            "dream-trip",
            "talk-to-counsellor",
            "gig-local",
            "gratitude-evening",
            "day-trip-train",
            "cook-for-others",
        ];
        let now: Vec<&str> = starter_ideas().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(&now[..first_ideas.len()], first_ideas, "the first ideas keep their ids and order");
    }
}

//! The five kinds of intimacy Hearth talks about. The self-check measures them, the
//! bucket list tags ideas with the one they feed, and journal prompts draw on them.
//!
//! The ids (`emotional`, …) are stable: they are stored in the vault and in export
//! files, so never rename one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntimacyKind {
    Emotional,
    Physical,
    Experiential,
    Intellectual,
    Spiritual,
}

impl IntimacyKind {
    pub const ALL: [IntimacyKind; 5] = [
        IntimacyKind::Emotional,
        IntimacyKind::Physical,
        IntimacyKind::Experiential,
        IntimacyKind::Intellectual,
        IntimacyKind::Spiritual,
    ];

    /// The stable id, as stored and exported.
    pub fn id(self) -> &'static str {
        match self {
            IntimacyKind::Emotional => "emotional",
            IntimacyKind::Physical => "physical",
            IntimacyKind::Experiential => "experiential",
            IntimacyKind::Intellectual => "intellectual",
            IntimacyKind::Spiritual => "spiritual",
        }
    }

    pub fn from_id(id: &str) -> Option<IntimacyKind> {
        IntimacyKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A short name for people.
    pub fn label(self) -> &'static str {
        match self {
            IntimacyKind::Emotional => "Emotional",
            IntimacyKind::Physical => "Physical",
            IntimacyKind::Experiential => "Shared experiences",
            IntimacyKind::Intellectual => "Intellectual",
            IntimacyKind::Spiritual => "Spiritual",
        }
    }

    /// One plain sentence on what it means, in Hearth's own words.
    pub fn about(self) -> &'static str {
        match self {
            IntimacyKind::Emotional => {
                "Feeling known and safe with each other, and able to say what you feel."
            }
            IntimacyKind::Physical => "Affection, touch and closeness, from a hand held to a night together.",
            IntimacyKind::Experiential => "Doing things side by side and making memories you both keep.",
            IntimacyKind::Intellectual => {
                "Swapping ideas, disagreeing kindly and being curious about each other's mind."
            }
            IntimacyKind::Spiritual => "Sharing what gives life meaning, and backing each other's growth.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for kind in IntimacyKind::ALL {
            assert_eq!(IntimacyKind::from_id(kind.id()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.id());
            assert!(!kind.label().is_empty() && kind.about().ends_with('.'));
        }
        assert_eq!(IntimacyKind::from_id("Emotional"), None);
    }
}

//! The intimacy self-check: a versioned question bank, a pure scoring function,
//! the vault's record of completed checks (and the one in progress), and the small
//! file a person may share with their partner.
//!
//! - [`bank`]: the questions, as data (`data/selfcheck-v<N>.json`), checked once.
//! - [`scoring`]: answers → scores per dimension, strengths and areas to talk about.
//! - [`store`]: completed checks, the draft that survives a lock, partner results.
//! - [`share`]: the share file format: what it holds, and strict validation on import.
//! - [`compare`]: one person's scores beside their partner's, flagging differences.
//! - [`helplines`]: where to find help when someone feels unsafe (versioned data).
//!
//! The record types ([`SelfCheck`], [`Draft`], [`PartnerResult`]) live here, so
//! `store` (which keeps a validated share file) and `share` (which writes one from
//! a check) each depend on them and never on each other's internals: `store` uses
//! `share`, `share` does not use `store`.
//!
//! The self-check is not a diagnosis, and nothing here ranks one partner against
//! the other: comparisons only ever flag differences as worth talking about.

pub mod bank;
pub mod compare;
pub mod helplines;
pub mod scoring;
pub mod share;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::IntimacyKind;

pub use bank::{Bank, bank};
pub use scoring::{Answer, Answers, Insights, Scores, insights, score};

/// One of the six things the self-check measures: the five kinds of intimacy and
/// the everyday habits that feed them. Stored and exported by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Dimension {
    Kind(IntimacyKind),
    Habits,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Kind(IntimacyKind::Emotional),
        Dimension::Kind(IntimacyKind::Physical),
        Dimension::Kind(IntimacyKind::Experiential),
        Dimension::Kind(IntimacyKind::Intellectual),
        Dimension::Kind(IntimacyKind::Spiritual),
        Dimension::Habits,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Kind(k) => k.id(),
            Dimension::Habits => "habits",
        }
    }

    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Kind(k) => k.label(),
            Dimension::Habits => "Everyday habits",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            Dimension::Kind(k) => k.about(),
            Dimension::Habits => {
                "Putting phones away, being there for each other, making time, and keeping room to be yourselves."
            }
        }
    }
}

/// A completed check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfCheck {
    pub id: String,
    pub taken_at: String,
    pub bank_version: u32,
    pub scores: Scores,
    pub answers: Answers,
    pub warning_signs: Vec<String>,
}

impl SelfCheck {
    /// What this check's results lead with, judged by the bank it was taken with.
    pub fn insights(&self) -> Insights {
        let bank = bank::bank(self.bank_version).unwrap_or_else(bank::latest);
        insights(bank, &self.answers, &self.scores, self.warning_signs.len())
    }
}

/// The check in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub bank_version: u32,
    pub started_at: String,
    pub updated_at: String,
    pub position: u32,
    pub answers: Answers,
    pub warning_signs: Vec<String>,
}

/// Results a partner shared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerResult {
    pub id: String,
    pub imported_at: String,
    pub display_name: String,
    pub taken_at: String,
    pub bank_version: u32,
    pub scores: Scores,
    pub answers: Option<Answers>,
}

impl TryFrom<String> for Dimension {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Dimension::from_id(&s).ok_or_else(|| "unknown dimension".to_string())
    }
}

impl From<Dimension> for String {
    fn from(d: Dimension) -> String {
        d.id().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_ids_round_trip() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::from_id(d.id()), Some(d));
            assert_eq!(serde_json::to_value(d).unwrap(), d.id());
            assert_eq!(serde_json::from_value::<Dimension>(d.id().into()).unwrap(), d);
            assert!(d.about().ends_with('.'));
        }
        assert!(serde_json::from_value::<Dimension>("romance".into()).is_err());
    }
}

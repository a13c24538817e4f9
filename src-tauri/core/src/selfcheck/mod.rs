//! The intimacy self-check: a versioned question bank, a pure scoring function,
//! the vault's record of completed checks (and the one in progress), and the small
//! file a person may share with their partner.
//!
//! - [`bank`]: the questions, as data (`data/selfcheck-v<N>.json`), checked once.
//! - [`scoring`]: answers → scores per dimension, strengths and areas to talk about.
//! - [`store`]: completed checks, the draft that survives a lock, partner results.
//! - [`share`]: the share file: what it holds, and strict validation on import.
//! - [`helplines`]: where to find help when someone feels unsafe (versioned data).
//!
//! The self-check is not a diagnosis, and nothing here ranks one partner against
//! the other: comparisons only ever flag differences as worth talking about.

pub mod bank;
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

/// A random (version 4) UUID, as text.
pub(crate) fn new_id() -> crate::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|_| crate::Error::Random)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    Ok(format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]))
}

/// Now, as stored: RFC 3339 in UTC, to the second.
pub(crate) fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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

    #[test]
    fn ids_are_v4_uuids() {
        let a = new_id().unwrap();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert_ne!(a, new_id().unwrap());
    }
}

//! How strong a passphrase is, and the minimum Hearth accepts.
//!
//! Strength comes from zxcvbn, which estimates how many guesses an attacker needs
//! (dictionaries, names, keyboard patterns, dates). Because there is no recovery
//! without the passphrase and the vault file may be copied off the machine, Hearth
//! asks for at least [`MIN_CHARS`] characters and a zxcvbn score of [`MIN_SCORE`].

use serde::Serialize;
use zxcvbn::zxcvbn;

use crate::{Error, Result};

pub const MIN_CHARS: usize = 10;
pub const MIN_SCORE: u8 = 3;
/// Longer input is not scored (zxcvbn's cost grows with length); it is plenty.
const MAX_SCORED_CHARS: usize = 256;
/// Words that say nothing secret about this vault.
const APP_WORDS: &[&str] = &["hearth", "journal", "couple", "partner", "passphrase", "password", "love"];

/// What the lock screen shows while someone types a new passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// 0 (too guessable) to 4 (very unguessable).
    pub score: u8,
    /// Whether Hearth will accept it.
    pub acceptable: bool,
    /// One plain sentence about the passphrase, always present.
    pub summary: String,
    /// zxcvbn's warning and suggestions, if it has any.
    pub hints: Vec<String>,
}

pub fn strength(passphrase: &str) -> Strength {
    let chars = passphrase.chars().count();
    if chars == 0 {
        return Strength {
            score: 0,
            acceptable: false,
            summary: format!("Use at least {MIN_CHARS} characters. A few unrelated words work well."),
            hints: vec![],
        };
    }
    let scored: String = passphrase.chars().take(MAX_SCORED_CHARS).collect();
    let estimate = zxcvbn(&scored, APP_WORDS);
    let score = u8::from(estimate.score());
    let mut hints = Vec::new();
    if let Some(feedback) = estimate.feedback() {
        if let Some(w) = feedback.warning() {
            hints.push(w.to_string());
        }
        hints.extend(feedback.suggestions().iter().map(|s| s.to_string()));
    }
    let long_enough = chars >= MIN_CHARS;
    let acceptable = long_enough && score >= MIN_SCORE;
    let summary = if !long_enough {
        format!("Keep going: at least {MIN_CHARS} characters ({chars} so far).")
    } else {
        match score {
            0 | 1 => "Too easy to guess. Try a few unrelated words.".to_string(),
            2 => "Getting there, but still guessable. Add another word or two.".to_string(),
            3 => "Good. This would take a very long time to guess.".to_string(),
            _ => "Strong. This would be extremely hard to guess.".to_string(),
        }
    };
    Strength { score, acceptable, summary, hints }
}

/// Checks a new passphrase and its confirmation before a vault is created or the
/// passphrase changed.
pub fn check_new(passphrase: &str, confirmation: &str) -> Result<()> {
    let s = strength(passphrase);
    if !s.acceptable {
        return Err(Error::WeakPassphrase(s.summary));
    }
    if passphrase != confirmation {
        return Err(Error::PassphraseMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_passphrases() {
        // (passphrase, accepted?)
        let cases = [
            ("", false),
            ("short", false),
            ("password12", false),
            ("hearthhearth", false),
            ("aaaaaaaaaaaaaaaa", false),
            ("qwertyuiop", false),
            ("1234567890", false),
            ("lantern orchard tuesday", true),
            ("correct horse battery staple", true),
            ("Mb7#qz!Lp2vX", true),
        ];
        for (p, ok) in cases {
            let s = strength(p);
            assert_eq!(s.acceptable, ok, "{p:?}: {s:?}");
            assert!(!s.summary.is_empty());
            assert!(s.score <= 4);
        }
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // Nine characters, far more than nine bytes.
        let s = strength("ñøü€😀ßçåé");
        assert!(!s.acceptable);
        assert!(s.summary.contains("9 so far"), "{}", s.summary);
    }

    #[test]
    fn huge_input_is_scored_quickly_and_accepted() {
        let long = "plum river ".repeat(10_000);
        assert!(strength(&long).acceptable);
    }

    #[test]
    fn check_new_wants_strength_then_a_match() {
        assert_eq!(check_new("weak", "weak").unwrap_err().kind(), "weak_passphrase");
        assert_eq!(
            check_new("lantern orchard tuesday", "lantern orchard tuesdy").unwrap_err().kind(),
            "passphrase_mismatch"
        );
        check_new("lantern orchard tuesday", "lantern orchard tuesday").unwrap();
    }
}

//! Test-only: a plain check for near-duplicate wording in Hearth's written content
//! (journal prompts, starter ideas, the self-check's suggestions).
//!
//! Two texts are near-duplicates when the words that carry meaning in them
//! (lower-cased, a plural "s" dropped, common small words left out) overlap by
//! [`NEAR`] or more (Jaccard similarity). Crude, and meant to be: it catches the
//! same idea written twice with a word or two changed.

use std::collections::BTreeSet;

/// The overlap from which two texts count as near-duplicates.
pub const NEAR: f64 = 0.5;

const SMALL_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "each",
    "even",
    "for",
    "from",
    "had",
    "has",
    "have",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "just",
    "last",
    "like",
    "me",
    "more",
    "most",
    "my",
    "no",
    "not",
    "of",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "partner",
    "partner's",
    "so",
    "some",
    "something",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "they",
    "thing",
    "this",
    "to",
    "two",
    "up",
    "us",
    "was",
    "we",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "you've",
    "you'd",
    "together",
];

/// The words of `text` that carry its meaning.
pub fn words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(w))
        .map(|w| w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w).to_string())
        .collect()
}

/// Jaccard similarity of the two texts' meaningful words, from 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Every pair among `texts` (label, text) at or above [`NEAR`], for a test to report.
pub fn find(texts: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, (la, a)) in texts.iter().enumerate() {
        for (lb, b) in &texts[n + 1..] {
            let s = similarity(a, b);
            if s >= NEAR {
                found.push(format!("{la} and {lb} ({s:.2}): {a:?} / {b:?}"));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_catches_a_reworded_copy_and_passes_different_ideas() {
        assert!(similarity("A whole evening without phones", "An evening without any phones") >= NEAR);
        assert!(
            similarity("Watch the sun come up", "Write letters to us in five years") < NEAR,
            "different ideas"
        );
        let found = find(&[
            ("a".into(), "Cook a meal for someone who could use one".into()),
            ("b".into(), "Cook a meal for someone who needs one".into()),
            ("c".into(), "Lie under the stars".into()),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}

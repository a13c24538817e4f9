//! The partner comparison: one person's scores beside the partner's, dimension by
//! dimension, each difference flagged when it is worth talking about.
//!
//! **Invariant:** nothing here ranks one partner above the other: a row holds each
//! person's own figures and a flag, never a "who is higher".

use serde::Serialize;

use super::Dimension;
use super::scoring::{Score, Scores};

/// A difference of this many points between partners, in "now" or in "wish", is
/// flagged as worth talking about.
pub const WORTH_TALKING: u8 = 25;

/// One row of the side-by-side view: each person's own figures, and whether the
/// difference is worth talking about. There is deliberately no "who is higher".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    pub dimension: Dimension,
    pub mine: Score,
    pub theirs: Score,
    pub worth_talking: bool,
}

/// Lines up two sets of scores by dimension (only dimensions both have).
pub fn compare(mine: &Scores, theirs: &Scores) -> Vec<ComparisonRow> {
    mine.dimensions
        .iter()
        .filter_map(|m| {
            let t = theirs.get(m.dimension)?;
            let far = |a: u8, b: u8| a.abs_diff(b) >= WORTH_TALKING;
            Some(ComparisonRow {
                dimension: m.dimension,
                mine: m.score,
                theirs: t,
                worth_talking: far(m.score.now, t.now) || far(m.score.wish, t.wish),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selfcheck::scoring::tests::scores as mk;

    #[test]
    fn comparison_flags_large_differences_never_ranks() {
        let mine = mk([(50, 80), (50, 80), (50, 80), (50, 80), (50, 80), (50, 80)]);
        let theirs = mk([(74, 80), (75, 80), (25, 80), (50, 55), (50, 56), (50, 80)]);
        let flags: Vec<bool> = compare(&mine, &theirs).iter().map(|r| r.worth_talking).collect();
        assert_eq!(flags, [false, true, true, true, false, false]);
        let row = serde_json::to_value(&compare(&mine, &theirs)[0]).unwrap();
        let keys: Vec<&str> = row.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["dimension", "mine", "theirs", "worth_talking"]);
    }
}

//! Scoring: a pure function from a bank and answers to scores.
//!
//! The formula, for each dimension and separately for "now" and "wish":
//!
//! 1. Each answer `a` is on the 0-4 scale. A reverse-keyed item (one where agreeing
//!    means less closeness, "Phones often pull our attention away") counts as
//!    `4 - a`; other items count as `a`.
//! 2. The dimension's score is the mean of those values scaled to 0-100:
//!    `mean × 25`, rounded to the nearest whole number (halves round up).
//! 3. The gap is `wish - now` (from -100 to 100). A positive gap is room to grow
//!    that the person would like; it is never a verdict.
//! 4. The overall figure is the mean of the six unrounded dimension scores, rounded
//!    the same way, and its gap is the difference of the rounded overall figures.
//!
//! Every item must be answered for both "now" and "wish"; anything else is refused.
//! Scores are stored with the bank version they came from, never recomputed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Dimension;
use super::bank::{Bank, SCALE_MAX};
use crate::{Error, Result};

/// One item's two answers. Either may be missing while a check is in progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wish: Option<u8>,
}

/// Answers by item id.
pub type Answers = BTreeMap<String, Answer>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub now: u8,
    pub wish: u8,
    pub gap: i16,
}

impl Score {
    pub fn new(now: u8, wish: u8) -> Score {
        Score { now, wish, gap: i16::from(wish) - i16::from(now) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionScore {
    pub dimension: Dimension,
    #[serde(flatten)]
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    /// In the bank's order.
    pub dimensions: Vec<DimensionScore>,
    pub overall: Score,
}

impl Scores {
    pub fn get(&self, d: Dimension) -> Option<Score> {
        self.dimensions.iter().find(|s| s.dimension == d).map(|s| s.score)
    }

    /// Scores from per-dimension figures (as in a partner's file); the overall is
    /// the rounded mean.
    pub fn from_dimensions(dims: Vec<DimensionScore>) -> Scores {
        let n = dims.len().max(1) as f64;
        let now = dims.iter().map(|d| f64::from(d.score.now)).sum::<f64>() / n;
        let wish = dims.iter().map(|d| f64::from(d.score.wish)).sum::<f64>() / n;
        Scores { dimensions: dims, overall: Score::new(round(now), round(wish)) }
    }
}

fn round(x: f64) -> u8 {
    (x + 0.5).floor().clamp(0.0, 100.0) as u8
}

fn keyed(answer: Option<u8>, reverse: bool, item: &str) -> Result<f64> {
    let a = answer.filter(|a| *a <= SCALE_MAX).ok_or_else(|| {
        Error::invalid_input(format!("Question {item} still needs an answer on the 0-4 scale."))
    })?;
    Ok(f64::from(if reverse { SCALE_MAX - a } else { a }))
}

/// Scores a complete set of answers (see the module's documentation for the formula).
pub fn score(bank: &Bank, answers: &Answers) -> Result<Scores> {
    if let Some(unknown) = answers.keys().find(|id| bank.item(id).is_none()) {
        return Err(Error::invalid_input(format!("Question {unknown} isn't part of this self-check.")));
    }
    let scale = f64::from(SCALE_MAX);
    let (mut sum_now, mut sum_wish) = (0.0, 0.0);
    let mut dimensions = Vec::with_capacity(bank.dimensions.len());
    for d in &bank.dimensions {
        let (mut now, mut wish) = (0.0, 0.0);
        for item in &d.items {
            let a = answers.get(&item.id).copied().unwrap_or_default();
            now += keyed(a.now, item.reverse, &item.id)?;
            wish += keyed(a.wish, item.reverse, &item.id)?;
        }
        let n = d.items.len() as f64;
        let (now, wish) = (now / n / scale * 100.0, wish / n / scale * 100.0);
        sum_now += now;
        sum_wish += wish;
        dimensions.push(DimensionScore { dimension: d.id, score: Score::new(round(now), round(wish)) });
    }
    let n = bank.dimensions.len() as f64;
    Ok(Scores { dimensions, overall: Score::new(round(sum_now / n), round(sum_wish / n)) })
}

/// Areas are worth talking about from this gap (wish above now) …
pub const TALK_GAP: i16 = 15;
/// … or below this score for "now".
pub const TALK_BELOW: u8 = 50;
/// A strength: "now" at least this, and the gap at most [`TALK_GAP`] - 1.
pub const STRENGTH_FROM: u8 = 70;
/// Below this, or with any warning sign ticked, results suggest talking it
/// through together and, if it would help, with a couples counsellor.
pub const GENTLE_NUDGE_BELOW: u8 = 40;

/// What the results screen leads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insights {
    /// Up to three, the strongest first.
    pub strengths: Vec<Dimension>,
    /// Two or three: the largest gaps first, then the lowest "now".
    pub talk_about: Vec<Dimension>,
    /// Warning signs ticked or low scores: suggest talking, and a counsellor.
    pub suggest_support: bool,
}

/// Strengths and the areas most worth talking about. Pure, like [`score`].
///
/// Areas are ordered by gap (largest first), then by "now" (lowest first), then
/// by the bank's order; the first two are always offered, a third when it also
/// has a gap of at least [`TALK_GAP`] or a "now" below [`TALK_BELOW`]. Strengths
/// are the other dimensions with "now" ≥ [`STRENGTH_FROM`] and a small gap, highest
/// first; when none qualifies, the highest-scoring other dimension is named, so
/// every result has something warm to say.
pub fn insights(scores: &Scores, warning_signs: usize) -> Insights {
    let mut order: Vec<&DimensionScore> = scores.dimensions.iter().collect();
    order.sort_by(|a, b| b.score.gap.cmp(&a.score.gap).then(a.score.now.cmp(&b.score.now)));
    let worth = |d: &DimensionScore| d.score.gap >= TALK_GAP || d.score.now < TALK_BELOW;
    let mut talk_about: Vec<Dimension> = order.iter().take(2).map(|d| d.dimension).collect();
    if let Some(third) = order.get(2).filter(|d| worth(d)) {
        talk_about.push(third.dimension);
    }
    let mut rest: Vec<&DimensionScore> =
        scores.dimensions.iter().filter(|d| !talk_about.contains(&d.dimension)).collect();
    rest.sort_by(|a, b| b.score.now.cmp(&a.score.now).then(a.score.gap.cmp(&b.score.gap)));
    let mut strengths: Vec<Dimension> = rest
        .iter()
        .filter(|d| d.score.now >= STRENGTH_FROM && d.score.gap < TALK_GAP)
        .take(3)
        .map(|d| d.dimension)
        .collect();
    if strengths.is_empty() {
        strengths.extend(rest.first().map(|d| d.dimension));
    }
    let low =
        scores.overall.now < TALK_BELOW || scores.dimensions.iter().any(|d| d.score.now < GENTLE_NUDGE_BELOW);
    Insights { strengths, talk_about, suggest_support: warning_signs > 0 || low }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IntimacyKind::*;
    use crate::selfcheck::bank::latest;

    /// Every item answered `now`/`wish`, then `overrides` (item id, now, wish).
    fn answers(now: u8, wish: u8, overrides: &[(&str, u8, u8)]) -> Answers {
        let mut a: Answers = latest()
            .items()
            .map(|(_, i)| (i.id.clone(), Answer { now: Some(now), wish: Some(wish) }))
            .collect();
        for (id, n, w) in overrides {
            a.insert(id.to_string(), Answer { now: Some(*n), wish: Some(*w) });
        }
        a
    }

    fn dim(s: &Scores, d: Dimension) -> (u8, u8, i16) {
        let x = s.get(d).unwrap();
        (x.now, x.wish, x.gap)
    }

    const EMO: Dimension = Dimension::Kind(Emotional);
    const PHY: Dimension = Dimension::Kind(Physical);
    const EXP: Dimension = Dimension::Kind(Experiential);
    const INT: Dimension = Dimension::Kind(Intellectual);
    const SPI: Dimension = Dimension::Kind(Spiritual);
    const HAB: Dimension = Dimension::Habits;

    #[test]
    fn scoring_table() {
        // (what, answers, dimension, expected (now, wish, gap))
        let all_max_keyed: Vec<(&str, u8, u8)> = latest()
            .items()
            .map(|(_, i)| (i.id.as_str(), if i.reverse { 0 } else { 4 }, if i.reverse { 0 } else { 4 }))
            .collect();
        let all_min_keyed: Vec<(&str, u8, u8)> = latest()
            .items()
            .map(|(_, i)| (i.id.as_str(), if i.reverse { 4 } else { 0 }, if i.reverse { 4 } else { 0 }))
            .collect();
        let cases: Vec<(&str, Answers, Dimension, (u8, u8, i16))> = vec![
            // Emotional has 3 plain + 2 reverse items: all 4s → (3×4 + 2×0)/5 = 2.4 → 60.
            ("all 4 answers, reverse keys count as 0", answers(4, 4, &[]), EMO, (60, 60, 0)),
            ("all 0 answers, reverse keys count as 4", answers(0, 0, &[]), EMO, (40, 40, 0)),
            // Intellectual has 4 plain + 1 reverse: all 4s → 16/20 → 80.
            ("one reverse item", answers(4, 4, &[]), INT, (80, 80, 0)),
            ("all 2s are the midpoint everywhere", answers(2, 2, &[]), HAB, (50, 50, 0)),
            ("highest possible", answers(0, 0, &all_max_keyed), SPI, (100, 100, 0)),
            ("lowest possible", answers(4, 4, &all_min_keyed), PHY, (0, 0, 0)),
            ("highest possible, habits", answers(0, 0, &all_max_keyed), HAB, (100, 100, 0)),
            // A reverse item answered 4 now (phones pull us away a lot), 0 wish.
            ("reverse item alone moves now down", answers(2, 2, &[("hab-1", 4, 0)]), HAB, (40, 60, 20)),
            ("plain item alone moves now up", answers(2, 2, &[("exp-1", 4, 4)]), EXP, (60, 60, 0)),
            (
                "several items add up",
                answers(2, 2, &[("int-1", 4, 4), ("int-2", 4, 4), ("int-3", 3, 3)]),
                INT,
                (75, 75, 0),
            ),
            ("negative gap: wish below now", answers(3, 1, &[]), INT, (65, 35, -30)),
            ("answers in other dimensions don't leak", answers(2, 2, &[("emo-1", 4, 4)]), PHY, (50, 50, 0)),
        ];
        for (what, a, d, expected) in cases {
            assert_eq!(dim(&score(latest(), &a).unwrap(), d), expected, "{what} ({})", d.id());
        }
    }

    #[test]
    fn overall_is_the_mean_of_unrounded_dimensions() {
        let s = score(latest(), &answers(2, 4, &[])).unwrap();
        assert_eq!(s.dimensions.len(), 6);
        assert_eq!(s.dimensions.iter().map(|d| d.dimension).collect::<Vec<_>>(), Dimension::ALL);
        let (now, wish): (Vec<u8>, Vec<u8>) =
            s.dimensions.iter().map(|d| (d.score.now, d.score.wish)).unzip();
        assert!(now.iter().all(|n| *n == 50));
        // wish all 4: emotional/physical/experiential/habits 60, intellectual/spiritual 80 → 66.67 → 67.
        assert_eq!(wish, vec![60, 60, 60, 80, 80, 60]);
        assert_eq!(s.overall, Score { now: 50, wish: 67, gap: 17 });
        // Three dimensions at 55, three at 50: 52.5 overall, and halves round up.
        let s =
            score(latest(), &answers(2, 2, &[("emo-1", 3, 2), ("phy-1", 3, 2), ("exp-1", 3, 2)])).unwrap();
        assert_eq!(s.overall, Score { now: 53, wish: 50, gap: -3 });
    }

    #[test]
    fn incomplete_or_out_of_range_answers_are_refused() {
        let mut missing = answers(2, 2, &[]);
        missing.remove("spi-3");
        let mut half = answers(2, 2, &[]);
        half.insert("emo-2".into(), Answer { now: Some(1), wish: None });
        let mut extra = answers(2, 2, &[]);
        extra.insert("zzz-9".into(), Answer { now: Some(1), wish: Some(1) });
        for (what, a) in [
            ("missing item", missing),
            ("missing wish", half),
            ("out of range", answers(2, 2, &[("hab-4", 5, 2)])),
            ("unknown item", extra),
        ] {
            let err = score(latest(), &a).unwrap_err();
            assert_eq!(err.kind(), "invalid_input", "{what}");
        }
    }

    fn scores(list: [(u8, u8); 6]) -> Scores {
        Scores::from_dimensions(
            Dimension::ALL
                .into_iter()
                .zip(list)
                .map(|(dimension, (n, w))| DimensionScore { dimension, score: Score::new(n, w) })
                .collect(),
        )
    }

    #[test]
    fn insights_table() {
        // (what, [emo, phy, exp, int, spi, hab] as (now, wish), signs, strengths, talk, support)
        let cases: Vec<(&str, [(u8, u8); 6], usize, Vec<Dimension>, Vec<Dimension>, bool)> = vec![
            (
                "largest gaps first, third only if worth it",
                [(80, 85), (40, 90), (70, 75), (85, 85), (60, 90), (75, 80)],
                0,
                vec![INT, EMO, HAB],
                vec![PHY, SPI],
                false,
            ),
            (
                "a third area when it too has a real gap",
                [(80, 85), (40, 90), (60, 80), (85, 85), (60, 90), (75, 80)],
                0,
                vec![INT, EMO, HAB],
                vec![PHY, SPI, EXP],
                false,
            ),
            (
                "ties on the gap: lower now first, then bank order",
                [(50, 70), (60, 80), (50, 70), (90, 90), (90, 90), (90, 90)],
                0,
                vec![INT, SPI, HAB],
                vec![EMO, EXP, PHY],
                false,
            ),
            (
                "all equal: bank order, no real strength so the best other is named",
                [(50, 50); 6],
                0,
                vec![EXP],
                vec![EMO, PHY],
                false,
            ),
            ("a warning sign asks for support", [(90, 90); 6], 1, vec![EXP, INT, SPI], vec![EMO, PHY], true),
            (
                "one very low area asks for support",
                [(90, 90), (90, 90), (30, 60), (90, 90), (90, 90), (90, 90)],
                0,
                vec![PHY, INT, SPI],
                vec![EXP, EMO],
                true,
            ),
            ("all lowest", [(0, 0); 6], 0, vec![INT], vec![EMO, PHY, EXP], true),
        ];
        for (what, list, signs, strengths, talk, support) in cases {
            let got = insights(&scores(list), signs);
            assert_eq!(got.talk_about, talk, "{what}: talk about");
            assert_eq!(got.strengths, strengths, "{what}: strengths");
            assert_eq!(got.suggest_support, support, "{what}: support");
            assert!(got.strengths.iter().all(|d| !got.talk_about.contains(d)), "{what}: no overlap");
        }
    }
}

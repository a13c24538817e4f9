//! Scoring: a pure function from a bank and answers to scores.
//!
//! The formula, for each dimension and separately for "now" and "wish":
//!
//! 1. Each answer `a` is on the 0-4 scale. A reverse-keyed item (v1 only: one where
//!    agreeing means less closeness, "Phones often pull our attention away") counts
//!    as `4 - a`; other items count as `a`.
//! 2. An item answered "doesn't apply to us" (v2 on) is left out: it counts neither
//!    as 0 nor as anything else. A dimension where nothing applies has no score and
//!    is missing from [`Scores::dimensions`].
//! 3. The dimension's score is the mean of the counted values scaled to 0-100:
//!    `mean × 25`, rounded to the nearest whole number (halves round up).
//! 4. The gap is `wish - now` (from -100 to 100). A positive gap is room to grow
//!    that the person would like; a negative one is a wish for less. Neither is a
//!    verdict.
//! 5. The overall figure is the mean of the unrounded scores of the dimensions that
//!    have one, rounded the same way, and its gap is the difference of the rounded
//!    overall figures.
//!
//! The safety questions are never part of a score: they only decide whether the
//! results lead with the safety note ([`safety_concern`]).
//!
//! Every scored item must be answered for both "now" and "wish" (or, where the bank
//! allows it, marked as not applying); anything else is refused. Scores are stored
//! with the bank version they came from, never recomputed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Dimension;
use super::bank::{Bank, SCALE_MAX};
use crate::{Error, Result};

/// One item's two answers. Either may be missing while a check is in progress.
/// A safety question has only `now`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wish: Option<u8>,
    /// "Doesn't apply to us": left out of the score (then `now` and `wish` are empty).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
}

impl Answer {
    pub fn new(now: u8, wish: u8) -> Answer {
        Answer { now: Some(now), wish: Some(wish), not_applicable: false }
    }

    pub const NOT_APPLICABLE: Answer = Answer { now: None, wish: None, not_applicable: true };
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
    /// In the bank's order; a dimension where nothing applied is absent.
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
/// Answers to the safety questions are allowed and ignored here.
pub fn score(bank: &Bank, answers: &Answers) -> Result<Scores> {
    if let Some(unknown) = answers.keys().find(|id| bank.item(id).is_none() && bank.safety_item(id).is_none())
    {
        return Err(Error::invalid_input(format!("Question {unknown} isn't part of this self-check.")));
    }
    let scale = f64::from(SCALE_MAX);
    let (mut sum_now, mut sum_wish) = (0.0, 0.0);
    let mut dimensions = Vec::with_capacity(bank.dimensions.len());
    for d in &bank.dimensions {
        let (mut now, mut wish, mut counted) = (0.0, 0.0, 0usize);
        for item in &d.items {
            let a = answers.get(&item.id).copied().unwrap_or_default();
            if a.not_applicable {
                if !bank.allows_not_applicable() {
                    return Err(Error::invalid_input(format!(
                        "Question {} needs an answer on the 0-4 scale.",
                        item.id
                    )));
                }
                continue;
            }
            now += keyed(a.now, item.reverse, &item.id)?;
            wish += keyed(a.wish, item.reverse, &item.id)?;
            counted += 1;
        }
        if counted == 0 {
            continue;
        }
        let n = counted as f64;
        let (now, wish) = (now / n / scale * 100.0, wish / n / scale * 100.0);
        sum_now += now;
        sum_wish += wish;
        dimensions.push(DimensionScore { dimension: d.id, score: Score::new(round(now), round(wish)) });
    }
    if dimensions.is_empty() {
        return Err(Error::invalid_input(
            "Every statement is marked as not applying, so there is nothing to score yet.",
        ));
    }
    let n = dimensions.len() as f64;
    Ok(Scores { dimensions, overall: Score::new(round(sum_now / n), round(sum_wish / n)) })
}

/// An area is worth talking about when its wish is at least this far above "now".
/// Smaller gaps are everyday ups and downs: on a 0-4 scale, 15 points is more than
/// half a step on every item of an area.
pub const TALK_GAP: i16 = 15;
/// A wish this far below "now" (or further) is shown as a wish for less.
pub const LESS_GAP: i16 = -15;
/// At most this many areas are offered to talk about, the largest gaps first.
pub const TALK_MAX: usize = 3;
/// A strength: "now" at least this, and the gap (either way) smaller than
/// [`TALK_GAP`]. When no area qualifies, none is named.
pub const STRENGTH_FROM: u8 = 70;
/// An area this low that is also worth talking about, or any warning sign
/// ticked, brings the support section (a counsellor of one's own, or a couples
/// counsellor).
pub const GENTLE_NUDGE_BELOW: u8 = 40;
/// A safety question answered below this ("Often" on its scale) points to fear or
/// control: the results lead with the safety note.
pub const SAFE_FROM: u8 = 3;
/// A fear-of-closeness item answered at or below this ("A little") brings the
/// section on fear of closeness.
pub const FEAR_AT_OR_BELOW: u8 = 1;

/// Whether any answer to a safety question points to fear or control.
pub fn safety_concern(bank: &Bank, answers: &Answers) -> bool {
    bank.safety_items().iter().any(|i| answers.get(&i.id).and_then(|a| a.now).is_some_and(|v| v < SAFE_FROM))
}

/// Whether an answer says a fear is holding closeness back.
pub fn fear_of_closeness(bank: &Bank, answers: &Answers) -> bool {
    bank.items()
        .filter(|(_, i)| i.fear)
        .any(|(_, i)| answers.get(&i.id).and_then(|a| a.now).is_some_and(|v| v <= FEAR_AT_OR_BELOW))
}

/// What the results screen leads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insights {
    /// Up to three, the strongest first; empty when nothing is strong.
    pub strengths: Vec<Dimension>,
    /// Up to [`TALK_MAX`] areas with a gap of at least [`TALK_GAP`], largest first.
    pub talk_about: Vec<Dimension>,
    /// Areas where the person wishes for less, the largest difference first.
    pub wish_less: Vec<Dimension>,
    /// Areas with no score because nothing in them applied.
    pub not_scored: Vec<Dimension>,
    /// Warning signs ticked, or a low area worth talking about: suggest talking,
    /// and a counsellor (one's own or a couples counsellor).
    pub suggest_support: bool,
    /// A safety answer points to fear or control: lead with the safety note,
    /// individual support first, no couples counselling, no sharing.
    pub safety: bool,
    /// A fear holds closeness back: show the section on fear of closeness.
    pub fear: bool,
}

/// Strengths, the areas worth talking about and what to lead with. Pure, like
/// [`score`]; the thresholds are the constants above.
///
/// Areas to talk about are ordered by gap (largest first), then by "now" (lowest
/// first), then by the bank's order. Strengths are the other areas with "now" ≥
/// [`STRENGTH_FROM`] and a gap smaller than [`TALK_GAP`] either way, highest
/// first.
pub fn insights(bank: &Bank, answers: &Answers, scores: &Scores, warning_signs: usize) -> Insights {
    let mut order: Vec<&DimensionScore> = scores.dimensions.iter().collect();
    order.sort_by(|a, b| b.score.gap.cmp(&a.score.gap).then(a.score.now.cmp(&b.score.now)));
    let talk: Vec<&DimensionScore> =
        order.iter().copied().filter(|d| d.score.gap >= TALK_GAP).take(TALK_MAX).collect();
    let mut less: Vec<&DimensionScore> =
        scores.dimensions.iter().filter(|d| d.score.gap <= LESS_GAP).collect();
    less.sort_by_key(|d| d.score.gap);
    let mut strong: Vec<&DimensionScore> = scores
        .dimensions
        .iter()
        .filter(|d| d.score.now >= STRENGTH_FROM && d.score.gap.abs() < TALK_GAP)
        .collect();
    strong.sort_by(|a, b| b.score.now.cmp(&a.score.now).then(a.score.gap.abs().cmp(&b.score.gap.abs())));
    let suggest_support = warning_signs > 0 || talk.iter().any(|d| d.score.now < GENTLE_NUDGE_BELOW);
    Insights {
        strengths: strong.iter().take(3).map(|d| d.dimension).collect(),
        talk_about: talk.iter().map(|d| d.dimension).collect(),
        wish_less: less.iter().map(|d| d.dimension).collect(),
        not_scored: bank.dimensions.iter().map(|d| d.id).filter(|d| scores.get(*d).is_none()).collect(),
        suggest_support,
        safety: safety_concern(bank, answers),
        fear: fear_of_closeness(bank, answers),
    }
}

/// "How these numbers are worked out", in plain words, with the thresholds above.
pub fn explanation() -> Vec<String> {
    vec![
        "Each answer counts from 0 to 4. For every area, Hearth takes the average of your answers and turns it into a number from 0 to 100, once for how it is now and once for how you wish it were.".into(),
        "Statements you marked \"Doesn't apply to us\" are left out, so they never pull a number down. An area where nothing applied has no number at all.".into(),
        "The questions about feeling safe are never part of a number. They only decide whether Hearth shows you a note about safety and help.".into(),
        format!("An area is named as going well when it is at {STRENGTH_FROM} or more now and your wish is within {TALK_GAP} points of it. If no area is there yet, none is named."),
        format!("An area is worth talking about when your wish is at least {TALK_GAP} points above how it is now. Up to {TALK_MAX} are shown, the biggest difference first."),
        format!("When your wish is {} points or more below how it is now, that is a wish for less, and it is shown as just as valid.", -LESS_GAP),
        "Results from different versions of the questions are kept as they were worked out at the time. When you compare them, Hearth says that the questions differed.".into(),
    ]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::IntimacyKind::*;
    use crate::selfcheck::bank::{bank, latest};

    fn v1() -> &'static Bank {
        bank(1).unwrap()
    }

    /// Every scored item of `b` answered `now`/`wish`, then `overrides` (item id, now, wish).
    fn answers_in(b: &Bank, now: u8, wish: u8, overrides: &[(&str, u8, u8)]) -> Answers {
        let mut a: Answers = b.items().map(|(_, i)| (i.id.clone(), Answer::new(now, wish))).collect();
        for (id, n, w) in overrides {
            a.insert(id.to_string(), Answer::new(*n, *w));
        }
        a
    }

    fn answers(now: u8, wish: u8, overrides: &[(&str, u8, u8)]) -> Answers {
        answers_in(v1(), now, wish, overrides)
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

    /// Old checks keep their scores: bank v1, with its reverse-keyed items, scores
    /// exactly as it always did.
    #[test]
    fn scoring_table_v1() {
        // (what, answers, dimension, expected (now, wish, gap))
        let all_max_keyed: Vec<(&str, u8, u8)> = v1()
            .items()
            .map(|(_, i)| (i.id.as_str(), if i.reverse { 0 } else { 4 }, if i.reverse { 0 } else { 4 }))
            .collect();
        let all_min_keyed: Vec<(&str, u8, u8)> = v1()
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
            assert_eq!(dim(&score(v1(), &a).unwrap(), d), expected, "{what} ({})", d.id());
        }
    }

    #[test]
    fn scoring_table_v2() {
        let b = latest();
        let na = |ids: &[&str], mut a: Answers| {
            for id in ids {
                a.insert(id.to_string(), Answer::NOT_APPLICABLE);
            }
            a
        };
        let all = |now, wish| answers_in(b, now, wish, &[]);
        let cases: Vec<(&str, Answers, Dimension, Option<(u8, u8, i16)>)> = vec![
            // No reverse keys: all 4s are 100 everywhere, all 0s are 0.
            ("all full", all(4, 4), EMO, Some((100, 100, 0))),
            ("all full, intellectual too", all(4, 4), INT, Some((100, 100, 0))),
            ("all zero", all(0, 0), HAB, Some((0, 0, 0))),
            ("no gap", all(3, 3), SPI, Some((75, 75, 0))),
            ("negative gap", all(4, 1), PHY, Some((100, 25, -75))),
            // Physical has 6 items; two don't apply, the other four are 2/4 → 50/100.
            (
                "doesn't apply is left out, not zero",
                na(&["phy2-3", "phy2-4"], all(2, 4)),
                PHY,
                Some((50, 100, 50)),
            ),
            (
                "one applying item decides the area",
                na(
                    &["phy2-1", "phy2-2", "phy2-3", "phy2-4", "phy2-5"],
                    answers_in(b, 1, 1, &[("phy2-6", 4, 3)]),
                ),
                PHY,
                Some((100, 75, -25)),
            ),
            (
                "nothing applies: no score at all",
                na(&["phy2-1", "phy2-2", "phy2-3", "phy2-4", "phy2-5", "phy2-6"], all(2, 2)),
                PHY,
                None,
            ),
        ];
        for (what, a, d, expected) in cases {
            let s = score(b, &a).unwrap();
            assert_eq!(s.get(d).map(|x| (x.now, x.wish, x.gap)), expected, "{what}");
        }
        // The overall figure is over the areas that have a score.
        let a = na(&["phy2-1", "phy2-2", "phy2-3", "phy2-4", "phy2-5", "phy2-6"], answers_in(b, 2, 2, &[]));
        let s = score(b, &a).unwrap();
        assert_eq!(s.dimensions.len(), 5);
        assert_eq!(s.overall, Score { now: 50, wish: 50, gap: 0 });
        // Safety answers never move a score.
        let mut with_safety = all(3, 3);
        for i in b.safety_items() {
            with_safety.insert(i.id.clone(), Answer { now: Some(0), ..Answer::default() });
        }
        assert_eq!(score(b, &with_safety).unwrap(), score(b, &all(3, 3)).unwrap());
    }

    #[test]
    fn overall_is_the_mean_of_unrounded_dimensions() {
        let s = score(v1(), &answers(2, 4, &[])).unwrap();
        assert_eq!(s.dimensions.len(), 6);
        assert_eq!(s.dimensions.iter().map(|d| d.dimension).collect::<Vec<_>>(), Dimension::ALL);
        let (now, wish): (Vec<u8>, Vec<u8>) =
            s.dimensions.iter().map(|d| (d.score.now, d.score.wish)).unzip();
        assert!(now.iter().all(|n| *n == 50));
        // wish all 4: emotional/physical/experiential/habits 60, intellectual/spiritual 80 → 66.67 → 67.
        assert_eq!(wish, vec![60, 60, 60, 80, 80, 60]);
        assert_eq!(s.overall, Score { now: 50, wish: 67, gap: 17 });
        // Three dimensions at 55, three at 50: 52.5 overall, and halves round up.
        let s = score(v1(), &answers(2, 2, &[("emo-1", 3, 2), ("phy-1", 3, 2), ("exp-1", 3, 2)])).unwrap();
        assert_eq!(s.overall, Score { now: 53, wish: 50, gap: -3 });
    }

    #[test]
    fn incomplete_or_out_of_range_answers_are_refused() {
        let mut missing = answers(2, 2, &[]);
        missing.remove("spi-3");
        let mut half = answers(2, 2, &[]);
        half.insert("emo-2".into(), Answer { now: Some(1), ..Answer::default() });
        let mut extra = answers(2, 2, &[]);
        extra.insert("zzz-9".into(), Answer::new(1, 1));
        let mut na_in_v1 = answers(2, 2, &[]);
        na_in_v1.insert("phy-1".into(), Answer::NOT_APPLICABLE);
        let nothing_applies: Answers =
            latest().items().map(|(_, i)| (i.id.clone(), Answer::NOT_APPLICABLE)).collect();
        for (what, bank, a) in [
            ("missing item", v1(), missing),
            ("missing wish", v1(), half),
            ("out of range", v1(), answers(2, 2, &[("hab-4", 5, 2)])),
            ("unknown item", v1(), extra),
            ("doesn't apply isn't offered in v1", v1(), na_in_v1),
            ("a v2 item in a v1 check", v1(), answers(2, 2, &[("emo2-1", 2, 2)])),
            ("nothing applies anywhere", latest(), nothing_applies),
        ] {
            let err = score(bank, &a).unwrap_err();
            assert_eq!(err.kind(), "invalid_input", "{what}");
        }
    }

    pub(crate) fn scores(list: [(u8, u8); 6]) -> Scores {
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
        let none = Answers::new();
        // (what, [emo, phy, exp, int, spi, hab] as (now, wish), signs, strengths, talk, less, support)
        type Case =
            (&'static str, [(u8, u8); 6], usize, Vec<Dimension>, Vec<Dimension>, Vec<Dimension>, bool);
        let cases: Vec<Case> = vec![
            (
                "only real gaps are worth talking about",
                [(80, 85), (40, 90), (70, 75), (85, 85), (60, 90), (75, 80)],
                0,
                vec![INT, EMO, HAB],
                vec![PHY, SPI],
                vec![],
                false,
            ),
            (
                "a third area when it too has a real gap",
                [(80, 85), (40, 90), (60, 80), (85, 85), (60, 90), (75, 80)],
                0,
                vec![INT, EMO, HAB],
                vec![PHY, SPI, EXP],
                vec![],
                false,
            ),
            (
                "never more than three, largest gaps first",
                [(50, 70), (40, 90), (60, 80), (10, 90), (60, 90), (50, 70)],
                0,
                vec![],
                vec![INT, PHY, SPI],
                vec![],
                true,
            ),
            (
                "ties on the gap: lower now first, then bank order",
                [(50, 70), (60, 80), (50, 70), (90, 90), (90, 90), (90, 90)],
                0,
                vec![INT, SPI, HAB],
                vec![EMO, EXP, PHY],
                vec![],
                false,
            ),
            (
                "the old edge: now 50, wished 55 is no gap worth flagging",
                [(50, 55), (50, 50), (50, 50), (50, 50), (50, 50), (50, 50)],
                0,
                vec![],
                vec![],
                vec![],
                false,
            ),
            (
                "all full: strong, nothing to talk about",
                [(100, 100); 6],
                0,
                vec![EMO, PHY, EXP],
                vec![],
                vec![],
                false,
            ),
            ("no gap at 90/90", [(90, 90); 6], 0, vec![EMO, PHY, EXP], vec![], vec![], false),
            ("all zero: nothing is named as strong", [(0, 0); 6], 0, vec![], vec![], vec![], false),
            ("a warning sign asks for support", [(90, 90); 6], 1, vec![EMO, PHY, EXP], vec![], vec![], true),
            (
                "one very low area with a gap asks for support",
                [(90, 90), (90, 90), (30, 60), (90, 90), (90, 90), (90, 90)],
                0,
                vec![EMO, PHY, INT],
                vec![EXP],
                vec![],
                true,
            ),
            (
                "wishes for less are shown, largest first, and aren't strengths",
                [(80, 40), (90, 20), (80, 70), (50, 50), (85, 70), (60, 60)],
                0,
                vec![EXP],
                vec![],
                vec![PHY, EMO, SPI],
                false,
            ),
        ];
        for (what, list, signs, strengths, talk, less, support) in cases {
            let got = insights(latest(), &none, &scores(list), signs);
            assert_eq!(got.talk_about, talk, "{what}: talk about");
            assert_eq!(got.strengths, strengths, "{what}: strengths");
            assert_eq!(got.wish_less, less, "{what}: wish for less");
            assert_eq!(got.suggest_support, support, "{what}: support");
            assert!(got.strengths.iter().all(|d| !got.talk_about.contains(d)), "{what}: no overlap");
            assert!(!got.safety && !got.fear, "{what}");
        }
    }

    #[test]
    fn every_safety_answer_below_the_line_leads_to_the_safety_note() {
        let b = latest();
        let base = answers_in(b, 3, 3, &[]);
        assert!(!safety_concern(b, &base), "unanswered safety questions raise nothing");
        for item in b.safety_items() {
            for v in 0..=SCALE_MAX {
                let mut a = base.clone();
                a.insert(item.id.clone(), Answer { now: Some(v), ..Answer::default() });
                let s = score(b, &a).unwrap();
                let got = insights(b, &a, &s, 0);
                assert_eq!(got.safety, v < SAFE_FROM, "{} answered {v}", item.id);
            }
        }
    }

    #[test]
    fn fears_that_hold_closeness_back_bring_their_own_section() {
        let b = latest();
        let fear_items: Vec<&str> = b.items().filter(|(_, i)| i.fear).map(|(_, i)| i.id.as_str()).collect();
        assert!(fear_items.len() >= 2);
        for id in fear_items {
            for v in 0..=SCALE_MAX {
                let a = answers_in(b, 3, 3, &[(id, v, 4)]);
                let s = score(b, &a).unwrap();
                assert_eq!(insights(b, &a, &s, 0).fear, v <= FEAR_AT_OR_BELOW, "{id} answered {v}");
            }
        }
    }

    #[test]
    fn areas_with_nothing_applying_are_reported_not_scored() {
        let b = latest();
        let mut a = answers_in(b, 2, 2, &[]);
        for (_, i) in b.items().filter(|(d, _)| *d == PHY) {
            a.insert(i.id.clone(), Answer::NOT_APPLICABLE);
        }
        let s = score(b, &a).unwrap();
        let got = insights(b, &a, &s, 0);
        assert_eq!(got.not_scored, vec![PHY]);
        assert!(!got.talk_about.contains(&PHY) && !got.strengths.contains(&PHY));
    }

    #[test]
    fn the_explanation_names_the_thresholds_in_use() {
        let text = explanation().join(" ");
        for n in [STRENGTH_FROM.to_string(), TALK_GAP.to_string(), (-LESS_GAP).to_string()] {
            assert!(text.contains(&n), "{n} missing from the explanation");
        }
        assert!(text.contains("Doesn't apply to us"));
    }
}

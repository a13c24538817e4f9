//! Merging the partner's copy of the list into ours.
//!
//! [`merge_sets`] and [`plan`] are pure functions over item sets;
//! [`super::store::apply_plan`] writes a plan inside a transaction the caller owns. The rule, per item id:
//!
//! - the version edited last (`updated_at`) wins; a deletion is an edit, so a
//!   tombstone wins over anything older and loses to a later edit;
//! - on equal times, a deterministic tie-break on the item's content decides, and it
//!   reads the same in both partners' vaults (see [`order_key`]).
//!
//! Picking the greater of a total order per id makes the merge idempotent,
//! commutative and associative: importing the same file twice changes nothing, and
//! the order in which files are imported doesn't change the result. The property
//! tests below check all three.
//!
//! Incoming items must already be in this vault's point of view (see
//! [`super::BucketItem::seen_from_other_side`]), and have passed
//! [`distrust_future`].
//!
//! **Times from another device are not trusted blindly.** The rule above compares
//! wall-clock times, so a partner whose clock ran far ahead would win every merge
//! for good. Any incoming item with a time more than a day after now
//! ([`crate::time::FUTURE_MARGIN`]) is therefore taken as follows: an item this
//! vault already holds (live or deleted) keeps this vault's version, so a far-future
//! edit or deletion never beats an honest one, however often the file is imported
//! again; an item new to this vault comes in with its times brought back to now.
//! Our own far-future times (stored before this rule) are brought back to now for
//! the comparison. (The sync issue replaces wall-clock ordering altogether; this
//! rule stands for the file exchange until then.)

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use super::BucketItem;

/// The canonical form used to break ties: the item as JSON (field order fixed by
/// the struct), with the two roles put in whichever order sorts first, so that the
/// partner's vault, which holds the same item with the roles swapped, reaches the
/// same verdict.
fn order_key(item: &BucketItem) -> (i64, String, String) {
    let mine = serde_json::to_string(item).expect("items always serialise");
    let theirs = serde_json::to_string(&item.seen_from_other_side()).expect("items always serialise");
    let neutral = if mine <= theirs { mine.clone() } else { theirs };
    (item.updated_at, neutral, mine)
}

/// Which of two versions of the same item wins.
pub fn newer<'a>(a: &'a BucketItem, b: &'a BucketItem) -> &'a BucketItem {
    if a == b {
        return a;
    }
    match a.updated_at.cmp(&b.updated_at) {
        Ordering::Greater => a,
        Ordering::Less => b,
        Ordering::Equal => {
            if order_key(a) >= order_key(b) {
                a
            } else {
                b
            }
        }
    }
}

/// The union of two sets with the winner for every id.
pub fn merge_sets(a: &[BucketItem], b: &[BucketItem]) -> BTreeMap<Uuid, BucketItem> {
    let mut out: BTreeMap<Uuid, BucketItem> = BTreeMap::new();
    for item in a.iter().chain(b) {
        match out.get(&item.id) {
            Some(existing) if newer(existing, item) == existing => {}
            _ => {
                out.insert(item.id, item.clone());
            }
        }
    }
    out
}

/// What importing `incoming` into `local` would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergePlan {
    /// Items we don't have yet.
    pub new: Vec<BucketItem>,
    /// (ours now, theirs which wins) for items changed on the other side.
    pub updated: Vec<(BucketItem, BucketItem)>,
    /// (ours now, their tombstone) for items the partner deleted.
    pub removed: Vec<(BucketItem, BucketItem)>,
    /// Tombstones for items we never had or already deleted: kept so they travel on,
    /// but nothing visible changes.
    pub quiet: Vec<BucketItem>,
    /// Items where our copy wins or both are the same.
    pub unchanged: usize,
    /// Items both lists hold that the file would have changed, left alone because
    /// this vault is paired: the shared space keeps those in step, by its own rules
    /// rather than by whose clock says later ([`MergePlan::only_new`]).
    pub left_to_pairing: usize,
}

impl MergePlan {
    /// For a paired vault: keeps only what the list doesn't have at all, so a file
    /// can still bring ideas in, but never decides between two versions of an item
    /// by their clocks.
    pub fn only_new(mut self) -> MergePlan {
        self.left_to_pairing = self.updated.len() + self.removed.len();
        self.updated.clear();
        self.removed.clear();
        self
    }

    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.updated.is_empty() && self.removed.is_empty() && self.quiet.is_empty()
    }

    /// Every row that must be written.
    pub fn writes(&self) -> impl Iterator<Item = &BucketItem> {
        self.new
            .iter()
            .chain(self.updated.iter().map(|(_, t)| t))
            .chain(self.removed.iter().map(|(_, t)| t))
            .chain(&self.quiet)
    }

    /// Counts and titles for the preview, in the shape the window shows.
    pub fn preview(&self) -> MergePreview {
        let titles = |it: &mut dyn Iterator<Item = &BucketItem>| -> Vec<String> {
            let mut v: Vec<String> = it.map(|i| i.title.clone()).collect();
            v.sort_by_key(|t| t.to_lowercase());
            v
        };
        MergePreview {
            new: titles(&mut self.new.iter()),
            updated: titles(&mut self.updated.iter().map(|(_, t)| t)),
            // A tombstone has no title any more: show ours.
            removed: titles(&mut self.removed.iter().map(|(o, _)| o)),
            unchanged: self.unchanged + self.quiet.len(),
            left_to_pairing: self.left_to_pairing,
        }
    }
}

/// What the person sees before they confirm an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergePreview {
    pub new: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
    /// Items the file would have changed, left to the shared space (paired only).
    pub left_to_pairing: usize,
}

/// Applies the far-future rule (see the module's notes) to `incoming`, compared
/// with `local`: a far-future version of an item we hold becomes our own version
/// (so it counts as unchanged), and a far-future new item has its times brought
/// back to `now`.
pub fn distrust_future(local: &[BucketItem], incoming: Vec<BucketItem>, now: i64) -> Vec<BucketItem> {
    let local: BTreeMap<Uuid, &BucketItem> = local.iter().map(|i| (i.id, i)).collect();
    incoming
        .into_iter()
        .map(|mut theirs| {
            if theirs.is_far_future(now) {
                match local.get(&theirs.id) {
                    Some(ours) => return (*ours).clone(),
                    None => {
                        theirs.bring_back_to(now);
                    }
                }
            }
            theirs
        })
        .collect()
}

/// Works out what importing `incoming` into `local` (both including tombstones)
/// would change. Pure: nothing is read or written.
pub fn plan(local: &[BucketItem], incoming: &[BucketItem]) -> MergePlan {
    let local: BTreeMap<Uuid, &BucketItem> = local.iter().map(|i| (i.id, i)).collect();
    let mut out = MergePlan::default();
    for theirs in merge_sets(&[], incoming).into_values() {
        match local.get(&theirs.id) {
            None if theirs.is_deleted() => out.quiet.push(theirs),
            None => out.new.push(theirs),
            Some(ours) => {
                let ours = (*ours).clone();
                if newer(&ours, &theirs) == &ours {
                    out.unchanged += 1;
                } else if theirs.is_deleted() {
                    if ours.is_deleted() {
                        out.quiet.push(theirs);
                    } else {
                        out.removed.push((ours, theirs));
                    }
                } else if ours.is_deleted() {
                    // Edited on their side after we deleted it: it comes back.
                    out.new.push(theirs);
                } else {
                    out.updated.push((ours, theirs));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bucket::{Cost, Interest, Person, Status, testing};
    use crate::time;
    use proptest::prelude::*;

    /// Items drawn from a small pool of ids and times, so collisions (the
    /// interesting part) are frequent.
    fn arb_item(ids: Vec<Uuid>) -> impl Strategy<Value = BucketItem> {
        (0..ids.len(), 0i64..6, any::<bool>(), 0usize..3, 0usize..4, 0usize..4, "[a-c]{1,2}").prop_map(
            move |(id, t, deleted, status, me, partner, title)| {
                let mut it = testing::item(&title, time::MIN + 10_000 + t);
                it.id = ids[id];
                it.interest_me = Interest::ALL[me];
                it.interest_partner = Interest::ALL[partner];
                it.status = Status::ALL[status];
                let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
                match it.status {
                    Status::Idea => {}
                    Status::Planned => it.planned_for = day,
                    Status::Done => it.done_on = day,
                }
                if deleted {
                    it.title.clear();
                    it.deleted_at = Some(it.updated_at);
                }
                it
            },
        )
    }

    fn arb_set() -> impl Strategy<Value = Vec<BucketItem>> {
        let ids: Vec<Uuid> = (1..=6u128).map(Uuid::from_u128).collect();
        // One version per id within a set, as a vault holds.
        prop::collection::vec(arb_item(ids), 0..8).prop_map(|v| merge_sets(&[], &v).into_values().collect())
    }

    fn vals(m: BTreeMap<Uuid, BucketItem>) -> Vec<BucketItem> {
        m.into_values().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn merge_is_idempotent(a in arb_set(), b in arb_set()) {
            let once = vals(merge_sets(&a, &b));
            prop_assert_eq!(vals(merge_sets(&once, &b)), once.clone());
            prop_assert_eq!(vals(merge_sets(&a, &a)), a.clone());
            // Importing the same file into the merged vault plans no change.
            prop_assert!(plan(&once, &b).is_empty());
        }

        #[test]
        fn merge_is_commutative(a in arb_set(), b in arb_set()) {
            prop_assert_eq!(merge_sets(&a, &b), merge_sets(&b, &a));
        }

        #[test]
        fn import_order_does_not_matter(a in arb_set(), b in arb_set(), c in arb_set()) {
            let ab_c = vals(merge_sets(&vals(merge_sets(&a, &b)), &c));
            let ac_b = vals(merge_sets(&vals(merge_sets(&a, &c)), &b));
            let a_bc = vals(merge_sets(&a, &vals(merge_sets(&b, &c))));
            prop_assert_eq!(&ab_c, &ac_b);
            prop_assert_eq!(&ab_c, &a_bc);
        }

        /// Each vault merges the other's file in its own point of view; the two
        /// results are the same list, with roles swapped. (One case can't agree and
        /// is left out: two versions saved in the same millisecond that are exact
        /// mirror images of each other; each vault then keeps a consistent choice.)
        #[test]
        fn both_vaults_agree(a in arb_set(), b in arb_set()) {
            let swap = |v: &[BucketItem]| v.iter().map(BucketItem::seen_from_other_side).collect::<Vec<_>>();
            let mirrored = a.iter().any(|x| b.contains(x) && *x != x.seen_from_other_side());
            prop_assume!(!mirrored);
            let in_a = vals(merge_sets(&a, &swap(&b)));
            let in_b = vals(merge_sets(&b, &swap(&a)));
            prop_assert_eq!(swap(&in_a), in_b);
        }

        /// Applying the plan gives exactly the merged set.
        #[test]
        fn plan_reaches_the_merge(a in arb_set(), b in arb_set()) {
            let p = plan(&a, &b);
            let mut after: BTreeMap<Uuid, BucketItem> = a.iter().map(|i| (i.id, i.clone())).collect();
            for w in p.writes() { after.insert(w.id, w.clone()); }
            prop_assert_eq!(after, merge_sets(&a, &b));
        }
    }

    #[test]
    fn newest_edit_wins_and_a_later_tombstone_removes() {
        let ours = testing::item("Picnic", time::MIN + 5_000);
        let mut theirs = ours.clone();
        theirs.title = "Picnic by the river".into();
        theirs.updated_at += 1;
        let p = plan(std::slice::from_ref(&ours), std::slice::from_ref(&theirs));
        assert_eq!(p.preview().updated, vec!["Picnic by the river".to_string()]);

        // Our later edit beats their older one.
        let p = plan(std::slice::from_ref(&theirs), &[ours.clone()]);
        assert!(p.is_empty() && p.unchanged == 1);

        let mut gone = ours.clone();
        gone.title.clear();
        gone.updated_at += 10;
        gone.deleted_at = Some(gone.updated_at);
        let p = plan(std::slice::from_ref(&ours), std::slice::from_ref(&gone));
        assert_eq!(p.preview().removed, vec!["Picnic".to_string()]);

        // An edit made after the deletion brings it back.
        let mut revived = ours.clone();
        revived.updated_at += 20;
        revived.cost = Cost::High;
        revived.suggested_by = Some(Person::Partner);
        let p = plan(&[gone], std::slice::from_ref(&revived));
        assert_eq!(p.new, vec![revived]);
    }
}

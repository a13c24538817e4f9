//! The shared bucket list: things the two of you want to do together.
//!
//! - [`BucketItem`] is one idea, plan or memory, with a stable [`Uuid`] that
//!   survives export, import and merging between the two partners' vaults.
//! - [`store`] reads and writes items in the vault (deleting leaves a tombstone),
//!   and imports and exports the list: the one module here that touches the vault.
//! - [`ideas`] holds the starter ideas (versioned data in `data/bucket-ideas-v1.json`).
//! - [`merge`] is the pure merge of two item sets ([`store::apply_plan`] writes it).
//! - [`export`] writes Markdown, CSV, JSON, iCalendar and a printable page (and the
//!   print view it is drawn from), and reads the JSON back.
//! - [`vocabulary`] is what the window shows for the stable ids, and a new idea's
//!   defaults.
//!
//! People are roles, not names: [`Person::Me`] is whoever owns this vault,
//! [`Person::Partner`] the other. A file from the partner's Hearth therefore has the
//! roles the other way round, and [`BucketItem::seen_from_other_side`] swaps them on
//! import. Names come from [`crate::settings::names`] only when something is shown.

pub mod export;
pub mod ideas;
pub mod merge;
pub mod store;
pub mod vocabulary;

pub use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
pub use uuid::Uuid;

use crate::{Error, IntimacyKind, Result, time};

/// Limits on what an item may hold, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 10_000;
pub const MAX_LINK_CHARS: usize = 100;

/// An enum with stable ids (stored and exported; never rename one) and labels.
macro_rules! id_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $id:literal : $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $( #[serde(rename = $id)] $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable id, as stored and exported.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }

            /// A short name for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

id_enum!(
    /// What sort of thing it is; the list can be grouped and filtered by it.
    Category {
        Outdoors = "outdoors": "Outdoors",
        FoodAndDrink = "food_drink": "Food and drink",
        CultureAndMusic = "culture_music": "Culture and music",
        AtHome = "at_home": "At home",
        Travel = "travel": "Travel",
        Learning = "learning": "Learning together",
        GivingBack = "giving_back": "Giving back",
        Reflective = "reflective": "Quiet and reflective",
    }
);

id_enum!(
    /// Where an item is on its way from wish to memory.
    Status {
        Idea = "idea": "Ideas",
        Planned = "planned": "Planned",
        Done = "done": "Done",
    }
);

id_enum!(
    /// How keen one of you is.
    Interest {
        Yes = "yes": "Yes",
        Maybe = "maybe": "Maybe",
        NotForMe = "not_for_me": "Not for me",
        NotAsked = "not_asked": "Not asked yet",
    }
);

id_enum!(
    /// One of the two of you, seen from this vault.
    Person {
        Me = "me": "Me",
        Partner = "partner": "My partner",
    }
);

id_enum!(
    /// A rough idea of what it costs.
    Cost {
        Free = "free": "Free",
        Low = "low": "Low cost",
        Medium = "medium": "Some cost",
        High = "high": "A splurge",
    }
);

id_enum!(
    /// A rough idea of how much organising it takes.
    Effort {
        Easy = "easy": "Easy",
        Some = "some": "Some planning",
        Big = "big": "A big undertaking",
    }
);

impl Person {
    pub fn other(self) -> Person {
        match self {
            Person::Me => Person::Partner,
            Person::Partner => Person::Me,
        }
    }

    /// The person's name from Settings.
    pub fn name(self, names: &crate::settings::Names) -> &str {
        match self {
            Person::Me => &names.me,
            Person::Partner => &names.partner,
        }
    }
}

/// One thing on the list: an idea, a plan or (once done) a memory.
///
/// Times are milliseconds since the Unix epoch, UTC, stored and exported in
/// [`crate::time`]'s one format.
/// A tombstone has `deleted_at` set and its text emptied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketItem {
    pub id: Uuid,
    pub title: String,
    pub notes: String,
    pub category: Category,
    pub kind: IntimacyKind,
    /// `None` for Hearth's own starter ideas.
    pub suggested_by: Option<Person>,
    pub interest_me: Interest,
    pub interest_partner: Interest,
    pub cost: Cost,
    pub effort: Effort,
    pub status: Status,
    pub planned_for: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    /// What it was like, written when it is marked done.
    pub memory: String,
    /// A journal entry written about it (the journal's own id; no foreign key).
    pub journal_entry_id: Option<String>,
    #[serde(with = "time::millis")]
    pub created_at: i64,
    #[serde(with = "time::millis")]
    pub updated_at: i64,
    #[serde(with = "time::opt_millis")]
    pub deleted_at: Option<i64>,
}

/// What the person fills in when adding or editing an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemInput {
    pub title: String,
    #[serde(default)]
    pub notes: String,
    pub category: Category,
    pub kind: IntimacyKind,
    pub suggested_by: Option<Person>,
    pub interest_me: Interest,
    pub interest_partner: Interest,
    pub cost: Cost,
    pub effort: Effort,
}

impl BucketItem {
    /// A new idea on the list, made at `now` from what was filled in.
    pub fn new_idea(id: Uuid, input: ItemInput, now: i64) -> BucketItem {
        BucketItem {
            id,
            title: input.title,
            notes: input.notes,
            category: input.category,
            kind: input.kind,
            suggested_by: input.suggested_by,
            interest_me: input.interest_me,
            interest_partner: input.interest_partner,
            cost: input.cost,
            effort: input.effort,
            status: Status::Idea,
            planned_for: None,
            done_on: None,
            memory: String::new(),
            journal_entry_id: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    /// This item with what was filled in; status, dates, memory and link stay.
    pub fn with_input(self, input: ItemInput, updated_at: i64) -> BucketItem {
        BucketItem {
            title: input.title,
            notes: input.notes,
            category: input.category,
            kind: input.kind,
            suggested_by: input.suggested_by,
            interest_me: input.interest_me,
            interest_partner: input.interest_partner,
            cost: input.cost,
            effort: input.effort,
            updated_at,
            ..self
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Whether any of the item's times is later than `now` can explain
    /// ([`time::is_far_future`]): it was stamped by a clock that was wrong.
    pub fn is_far_future(&self, now: i64) -> bool {
        [Some(self.created_at), Some(self.updated_at), self.deleted_at]
            .into_iter()
            .flatten()
            .any(|t| time::is_far_future(t, now))
    }

    /// If the item is [far in the future](Self::is_far_future), brings each of its
    /// times back to at most `now` (taking the earlier of the two keeps their order,
    /// so the item stays valid). Returns whether anything changed.
    pub fn bring_back_to(&mut self, now: i64) -> bool {
        if !self.is_far_future(now) {
            return false;
        }
        self.created_at = self.created_at.min(now);
        self.updated_at = self.updated_at.min(now);
        self.deleted_at = self.deleted_at.map(|d| d.min(now));
        true
    }

    /// Both of you said yes.
    pub fn both_want(&self) -> bool {
        self.interest_me == Interest::Yes && self.interest_partner == Interest::Yes
    }

    pub fn interest_of(&self, who: Person) -> Interest {
        match who {
            Person::Me => self.interest_me,
            Person::Partner => self.interest_partner,
        }
    }

    /// The same item as the other partner's vault holds it: "me" and "partner"
    /// swapped (who suggested it, and whose interest is whose).
    pub fn seen_from_other_side(&self) -> BucketItem {
        BucketItem {
            suggested_by: self.suggested_by.map(Person::other),
            interest_me: self.interest_partner,
            interest_partner: self.interest_me,
            ..self.clone()
        }
    }

    /// Checks everything a stored or imported item must satisfy. The message names
    /// the problem, never the item's text.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::invalid_input(what));
        if self.id.is_nil() {
            return bad("An item has an empty id.");
        }
        if self.deleted_at.is_none() && self.title.trim().is_empty() {
            return bad("An item has no title.");
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid_input(format!("Titles can be up to {MAX_TITLE_CHARS} characters.")));
        }
        if self.notes.chars().count() > MAX_TEXT_CHARS || self.memory.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::invalid_input(format!(
                "Notes and memories can be up to {MAX_TEXT_CHARS} characters."
            )));
        }
        if self.journal_entry_id.as_ref().is_some_and(|j| j.is_empty() || j.chars().count() > MAX_LINK_CHARS)
        {
            return bad("An item's journal link isn't valid.");
        }
        match self.status {
            Status::Idea if self.planned_for.is_some() || self.done_on.is_some() => {
                return bad("An idea can't have a planned or done date.");
            }
            Status::Planned if self.planned_for.is_none() || self.done_on.is_some() => {
                return bad("A planned item needs a date, and no done date.");
            }
            Status::Done if self.done_on.is_none() => return bad("A done item needs the date it was done."),
            _ => {}
        }
        for t in [Some(self.created_at), Some(self.updated_at), self.deleted_at].into_iter().flatten() {
            if !(time::MIN..=time::MAX).contains(&t) {
                return bad("An item has a time outside the years 2000 to 9999.");
            }
        }
        if self.updated_at < self.created_at || self.deleted_at.is_some_and(|d| d > self.updated_at) {
            return bad("An item's times are out of order.");
        }
        Ok(())
    }
}

impl ItemInput {
    /// Trims the text and checks it, ready to store.
    pub fn cleaned(&self) -> Result<ItemInput> {
        let title = clean_line(&self.title);
        if title.is_empty() {
            return Err(Error::invalid_input("Give the idea a short title."));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid_input(format!("Titles can be up to {MAX_TITLE_CHARS} characters.")));
        }
        let notes = clean_text(&self.notes);
        if notes.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::invalid_input(format!("Notes can be up to {MAX_TEXT_CHARS} characters.")));
        }
        Ok(ItemInput { title, notes, ..self.clone() })
    }
}

/// One line of text: control characters (newlines included) become spaces, trimmed.
pub(crate) fn clean_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
}

/// Free text: keeps newlines and tabs, drops other control characters, trims the ends.
pub(crate) fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string()
}

/// An item id from the window.
pub fn parse_id(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::invalid_input("That item isn't on the list any more."))
}

/// A date from the window (YYYY-MM-DD), within the years 2000 to 9999.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| Error::invalid_input("Choose a date from the calendar."))
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A plain, valid idea for tests.
    pub fn item(title: &str, updated_at: i64) -> BucketItem {
        BucketItem {
            id: Uuid::new_v4(),
            title: title.into(),
            notes: String::new(),
            category: Category::Outdoors,
            kind: IntimacyKind::Experiential,
            suggested_by: Some(Person::Me),
            interest_me: Interest::Yes,
            interest_partner: Interest::Maybe,
            cost: Cost::Low,
            effort: Effort::Easy,
            status: Status::Idea,
            planned_for: None,
            done_on: None,
            memory: String::new(),
            journal_entry_id: None,
            created_at: time::MIN + 1000,
            updated_at,
            deleted_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_id(c.id()), Some(*c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.id());
        }
        for i in Interest::ALL {
            assert_eq!(serde_json::to_value(i).unwrap(), i.id());
        }
        assert_eq!(Category::ALL.len(), 8);
        assert_eq!(Interest::from_id("not_for_me"), Some(Interest::NotForMe));
    }

    #[test]
    fn the_other_side_swaps_roles_and_back() {
        let mut it = testing::item("Hike", time::MIN + 5000);
        it.interest_partner = Interest::NotForMe;
        let other = it.seen_from_other_side();
        assert_eq!(other.suggested_by, Some(Person::Partner));
        assert_eq!((other.interest_me, other.interest_partner), (Interest::NotForMe, Interest::Yes));
        assert_eq!(other.seen_from_other_side(), it);
    }

    #[test]
    fn validation_catches_inconsistent_items() {
        let ok = testing::item("Hike", time::MIN + 5000);
        ok.validate().unwrap();
        let cases: Vec<(&str, Box<dyn Fn(&mut BucketItem)>)> = vec![
            ("no title", Box::new(|i| i.title = "  ".into())),
            ("long title", Box::new(|i| i.title = "x".repeat(MAX_TITLE_CHARS + 1))),
            ("planned without date", Box::new(|i| i.status = Status::Planned)),
            ("done without date", Box::new(|i| i.status = Status::Done)),
            ("idea with date", Box::new(|i| i.planned_for = NaiveDate::from_ymd_opt(2026, 1, 1))),
            ("updated before created", Box::new(|i| i.updated_at = i.created_at - 1)),
            ("time far away", Box::new(|i| i.updated_at = time::MAX + 1)),
            ("nil id", Box::new(|i| i.id = Uuid::nil())),
        ];
        for (name, change) in cases {
            let mut it = ok.clone();
            change(&mut it);
            assert!(it.validate().is_err(), "{name} should be refused");
        }
        // A tombstone may have no title.
        let mut t = ok.clone();
        t.title.clear();
        t.deleted_at = Some(t.updated_at);
        t.validate().unwrap();
    }

    #[test]
    fn input_is_cleaned() {
        let input = ItemInput {
            title: "  Picnic\nby the lake\u{0} ".into(),
            notes: " bring \r\n a blanket ".into(),
            category: Category::Outdoors,
            kind: IntimacyKind::Experiential,
            suggested_by: None,
            interest_me: Interest::Yes,
            interest_partner: Interest::NotAsked,
            cost: Cost::Free,
            effort: Effort::Easy,
        };
        let c = input.cleaned().unwrap();
        assert_eq!(c.title, "Picnic by the lake");
        assert_eq!(c.notes, "bring \n a blanket");
        assert!(ItemInput { title: " \n ".into(), ..input }.cleaned().is_err());
    }
}

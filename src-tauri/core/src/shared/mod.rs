//! The shared space: what two paired Hearths keep in step, through a folder both
//! can reach, with no server and no network connection of Hearth's own.
//!
//! - [`space`] is the Automerge document (pure, no SQL, no files): the bucket list
//!   and whose turn it is, kept as one flat map of `<item id>:<field>` registers,
//!   so concurrent edits to different fields of one item both survive, and the
//!   same field edited on both sides resolves the same way on both devices with no
//!   wall clock involved; and Together's shared records ([`space::together`]).
//! - [`seal`] seals and opens the files in the folder (XChaCha20-Poly1305 under the
//!   couple key, bound to the author device, the file's kind and number).
//! - [`folder`] is the folder's layout: which files are whose.
//! - [`pair`] is the one-time pairing: a code shown on one device and typed on the
//!   other, run through SPAKE2, with the messages carried by the folder itself.
//! - [`store`] keeps the document, the couple key and what was already read in
//!   the vault, and runs one round of sync ([`store::sync`]): with [`together`]
//!   (Together's records between their tables and the document), the only modules
//!   here that touch the vault.
//!
//! **Invariant:** nothing of the journal, the self-check's own answers or settings
//! other than whose turn it is ever enters the document. A bucket item's journal
//! link stays in this vault; Together's question favourites stay too.
//!
//! People: in the document a person is a *member id* (each vault's own stable
//! uuid, [`crate::bucket::store::vault_id`]); each vault maps its own id to
//! [`Person::Me`] and the partner's to [`Person::Partner`], so roles stay "me" and
//! "partner" as each device sees them.

pub mod folder;
pub mod pair;
pub mod seal;
pub mod space;
pub mod store;
pub mod together;

use serde::Serialize;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::bucket::Person;

/// The two members of a couple, as this vault knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Members {
    pub me: Uuid,
    pub partner: Uuid,
}

impl Members {
    pub fn id_of(&self, who: Person) -> Uuid {
        match who {
            Person::Me => self.me,
            Person::Partner => self.partner,
        }
    }

    /// The role of a member id; `None` for anyone else.
    pub fn role_of(&self, id: &str) -> Option<Person> {
        let id = Uuid::parse_str(id).ok()?;
        if id == self.me {
            Some(Person::Me)
        } else if id == self.partner {
            Some(Person::Partner)
        } else {
            None
        }
    }
}

/// The couple key: 256 bits, known only to the two paired devices, wiped on drop.
pub type CoupleKey = Zeroizing<[u8; 32]>;

/// Everything this device needs to take part in a couple's shared space.
pub struct Couple {
    /// Names the couple's folder inside the chosen folder, and binds every file.
    pub couple_id: Uuid,
    pub key: CoupleKey,
    pub device: Uuid,
    pub partner_device: Uuid,
    pub members: Members,
}

/// Never prints the key.
impl std::fmt::Debug for Couple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Couple")
            .field("couple_id", &self.couple_id)
            .field("device", &self.device)
            .field("partner_device", &self.partner_device)
            .field("members", &self.members)
            .finish_non_exhaustive()
    }
}

/// Something Hearth could not take in from the folder, in words for people. The
/// shared space is never changed by such a file, and local work is never lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The file's name inside the folder (never its content).
    pub file: String,
    pub message: String,
}

/// What one round of sync did, for the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Received {
    pub added: usize,
    pub planned: usize,
    pub done: usize,
    pub removed: usize,
    pub changed: usize,
    pub turn: bool,
    /// Self-check results the partner shared.
    pub results: usize,
    /// The title of one planned item, to say what was planned.
    pub planned_title: Option<String>,
    /// Together: notes from the partner put in the jar.
    pub notes: usize,
    /// Together: questions the partner answered (the text stays hidden until both have).
    pub answered: usize,
    /// Together: weeks the partner did their check-in.
    pub checkins: usize,
    /// Together: the partner's care profile changed.
    pub care: bool,
}

impl Received {
    pub fn is_empty(&self) -> bool {
        *self == Received::default()
    }

    /// "Sam added 2 ideas and planned “Saturday's hike”."
    pub fn sentence(&self, partner: &str) -> Option<String> {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 { one.to_string() } else { format!("{n} {many}") }
        };
        let mut parts = Vec::new();
        if self.added > 0 {
            parts.push(format!("added {}", plural(self.added, "an idea", "ideas")));
        }
        if self.planned > 0 {
            parts.push(match (&self.planned_title, self.planned) {
                (Some(t), 1) => format!("planned “{t}”"),
                _ => format!("planned {}", plural(self.planned, "an item", "items")),
            });
        }
        if self.done > 0 {
            parts.push(format!("marked {} done", plural(self.done, "one", "items")));
        }
        if self.removed > 0 {
            parts.push(format!("removed {}", plural(self.removed, "an item", "items")));
        }
        if self.changed > 0 {
            parts.push(format!("changed {}", plural(self.changed, "an item", "items")));
        }
        if self.turn {
            parts.push("changed whose turn it is to pick".to_string());
        }
        if self.results > 0 {
            parts.push(format!(
                "shared {}",
                plural(self.results, "a self-check result", "self-check results")
            ));
        }
        if self.notes > 0 {
            parts.push(format!("put {} in the jar", plural(self.notes, "a note", "notes")));
        }
        if self.answered > 0 {
            parts.push(format!("answered {}", plural(self.answered, "a question", "questions")));
        }
        if self.checkins > 0 {
            parts.push("did the check-in".to_string());
        }
        if self.care {
            parts.push("updated how they like to be cared for".to_string());
        }
        let (last, rest) = parts.split_last()?;
        let said = if rest.is_empty() { last.clone() } else { format!("{} and {last}", rest.join(", ")) };
        Some(format!("{partner} {said}."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_came_in_reads_as_a_sentence() {
        let r = Received {
            added: 2,
            planned: 1,
            planned_title: Some("Saturday's hike".into()),
            ..Default::default()
        };
        assert_eq!(r.sentence("Sam").unwrap(), "Sam added 2 ideas and planned “Saturday's hike”.");
        let r = Received { added: 1, done: 3, removed: 1, ..Default::default() };
        assert_eq!(r.sentence("Sam").unwrap(), "Sam added an idea, marked 3 items done and removed an item.");
        assert_eq!(Received::default().sentence("Sam"), None);
        let r = Received { notes: 1, answered: 2, checkins: 1, ..Default::default() };
        assert_eq!(
            r.sentence("Sam").unwrap(),
            "Sam put a note in the jar, answered 2 questions and did the check-in."
        );
    }
}

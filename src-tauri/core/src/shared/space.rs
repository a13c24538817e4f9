//! The shared space as an Automerge document. Pure: no SQL, no files.
//!
//! Layout. Every Hearth starts its document from the same *genesis* change (a fixed
//! actor and time, so the same hash everywhere), which makes three maps under the
//! root: `items`, `results` and `together`. Because the maps come from one shared
//! change, two documents started apart still agree on them, and merge. Under
//! `items`, a bucket item is flat registers keyed `<item id>:<field>`: a `base`
//! register with every field the item was first put in with (as JSON), then one
//! register per field that either side changed later, which wins over the base;
//! interest is always a register per member (`<item id>:interest:<member id>`).
//! Flat registers rather than one map object per item: two vaults that both hold
//! an item (a starter idea, or one carried over in a file before pairing) would
//! otherwise each make their own object for it, and Automerge would keep only one
//! of the two objects. The base keeps a list of thousands to thousands of
//! operations (loading follows the count); for an item both vaults held before
//! pairing, one side's base is kept whole, and each person's interest survives.
//! Documents written before the base existed have field registers only, and read
//! the same way.
//!
//! Conflicts (the same register written on both sides without either seeing the
//! other) resolve by Automerge's operation order, which depends on counters and
//! actor ids and never on a clock, so both devices pick the same value.
//!
//! Times inside items (`created_at`, `updated_at`, `deleted_at`) are carried for
//! display only; nothing here compares them.

pub mod together;

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, ROOT, ReadDoc};
use chrono::NaiveDate;
use uuid::Uuid;

use super::Members;
use crate::bucket::{BucketItem, Category, Cost, Effort, Interest, Person, Status};
use crate::{Error, IntimacyKind, Result, time};

const GENESIS_ACTOR: &[u8; 16] = b"hearth-genesis-1";
const ITEMS: &str = "items";
const RESULTS: &str = "results";
const TOGETHER: &str = "together";
/// The register holding the fields an item was first put in with (`<id>:base`).
const BASE: &str = "base";
/// A root register: the member id whose turn it is to pick the next date.
const TURN: &str = "turn";
/// The id `shared_dirty` uses for whose turn it is.
pub const TURN_MARK: &str = "~turn";

/// The shared document, with this vault's view of who is who.
pub struct Space {
    doc: AutoCommit,
    items: ObjId,
    /// Self-check results each person chose to share: `<member id>:<taken at>` →
    /// the share file's JSON (`selfcheck::share`), checked again on arrival.
    results: ObjId,
    members: Members,
    /// Heads of what the vault holds of the document (its save and increments), so
    /// [`Space::save_incremental`] gives only what is newer. Automerge's own cursor
    /// starts empty on load, which made the first increment of every session the
    /// whole document again.
    stored: Vec<ChangeHash>,
    /// Files' changes taken in on top of what was stored, kept as they came: the
    /// next increment is these bytes (plus anything newer) rather than the same
    /// changes encoded again (10 ms for 1,000 edits, 50 ms for a 10,000-item list).
    received: Vec<u8>,
}

/// What taking in a file changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Items with a changed register, each once.
    pub items: BTreeSet<Uuid>,
    pub turn: bool,
    /// Keys of the partner's shared self-check results that arrived or changed.
    pub results: BTreeSet<String>,
    /// Together's records with a changed register (`together::Record`), each once.
    pub together: BTreeSet<together::Record>,
    /// The file's changes wait for earlier ones that have not arrived yet.
    pub waiting: bool,
    /// Heads the changes brought: the sender has them and all they build on.
    pub brought: Vec<ChangeHash>,
}

fn genesis() -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(GENESIS_ACTOR));
    for key in [ITEMS, RESULTS, TOGETHER] {
        doc.put_object(ROOT, key, ObjType::Map).expect("a fresh document takes a map");
    }
    doc.commit_with(CommitOptions::default().with_time(0));
    doc
}

fn random_actor() -> Result<ActorId> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| Error::Random)?;
    Ok(ActorId::from(bytes))
}

fn unreadable() -> Error {
    Error::invalid_input("An item from the shared space can't be read by this version of Hearth.")
}

fn damaged() -> Error {
    Error::invalid_input("The shared space stored in this vault is damaged.")
}

fn key(id: Uuid, field: &str) -> String {
    format!("{id}:{field}")
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

impl Space {
    /// A new document: the genesis change, then changes by a new random actor.
    pub fn new(members: Members) -> Result<Space> {
        let mut space = Space::around(genesis(), members)?;
        space.stored.clear();
        Ok(space)
    }

    /// A document saved by [`Space::save`] and [`Space::save_incremental`].
    pub fn load(saved: &[u8], increments: &[Vec<u8>], members: Members) -> Result<Space> {
        let mut doc = AutoCommit::load(saved).map_err(|_| damaged())?;
        // All increments in one call: Automerge reads a run of chunks and applies
        // their changes as one batch, where one call per increment re-applies
        // against a growing document each time (measured: opening went from 15 ms
        // to 900 ms over 40 sessions of a 40-item list).
        if !increments.is_empty() {
            doc.load_incremental(&increments.concat()).map_err(|_| damaged())?;
        }
        Space::around(doc, members)
    }

    fn around(doc: AutoCommit, members: Members) -> Result<Space> {
        // A fresh actor for every session: a vault restored from an older backup
        // must never reuse an actor's sequence numbers.
        let mut doc = doc;
        doc.set_actor(random_actor()?);
        let map = |doc: &AutoCommit, key: &str| match doc.get(ROOT, key).map_err(|_| damaged())? {
            Some((automerge::Value::Object(ObjType::Map), id)) => Ok(id),
            _ => Err(damaged()),
        };
        let (items, results) = (map(&doc, ITEMS)?, map(&doc, RESULTS)?);
        let stored = doc.get_heads();
        Ok(Space { doc, items, results, members, stored, received: Vec::new() })
    }

    pub fn members(&self) -> Members {
        self.members
    }

    /// Learns who the partner is (at pairing), for reading and writing roles.
    pub fn set_members(&mut self, members: Members) {
        self.members = members;
    }

    /// The text register `key` of the map `obj` (an item field, a shared result,
    /// whose turn it is), if it holds text.
    fn text(&self, obj: &ObjId, key: &str) -> Option<String> {
        match self.doc.get(obj, key).ok()?? {
            (automerge::Value::Scalar(s), _) => s.to_str().map(str::to_string),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<String> {
        self.text(&self.items, key)
    }

    /// Writes a register only if its value differs, so an unchanged field never
    /// competes with the partner's edit of it.
    fn put(&mut self, key: String, value: &str) -> Result<()> {
        if self.get(&key).as_deref() != Some(value) {
            self.doc.put(&self.items, key, value).map_err(|_| damaged())?;
        }
        Ok(())
    }

    /// Every text register of one item, by field, in one range look-up: an item's
    /// keys `<id>:…` sort together (`;` comes right after `:`). Reading a field at a
    /// time cost a look-up each, seventeen an item.
    fn registers(&self, id: Uuid) -> BTreeMap<String, String> {
        let (from, to) = (format!("{id}:"), format!("{id};"));
        let skip = from.len();
        self.doc
            .map_range(&self.items, from..to)
            .filter_map(|r| match r.value {
                automerge::ValueRef::Scalar(automerge::ScalarValueRef::Str(s)) => {
                    Some((r.key[skip..].to_string(), s.into_owned()))
                }
                _ => None,
            })
            .collect()
    }

    /// An item's fields as they stand: each field's own register if either side
    /// has changed it since, else what its base holds (a field in neither is
    /// empty). `None` if the document doesn't have the item; `Err` if its base
    /// can't be read.
    fn fields(&self, id: Uuid) -> Option<Result<BTreeMap<String, String>>> {
        let mut fields = self.registers(id);
        match fields.remove(BASE) {
            Some(base) => match serde_json::from_str::<BTreeMap<String, String>>(&base) {
                Ok(base) => {
                    for (field, value) in base {
                        fields.entry(field).or_insert(value);
                    }
                }
                Err(_) => return Some(Err(unreadable())),
            },
            // Written before bases existed: registers only.
            None if !fields.contains_key("title") => return None,
            None => {}
        }
        Some(Ok(fields))
    }

    /// Puts this vault's version of `item` into the document. An item new to the
    /// document goes in as one `base` register holding all its fields, so a list of
    /// thousands costs thousands of operations rather than tens of thousands (what
    /// Automerge's load time follows). After that, each field that changes gets a
    /// register of its own, so edits of different fields on both sides both stay.
    /// Interest is always a register per member: neither side's base carries the
    /// other's. The journal link is never shared.
    pub fn put_item(&mut self, item: &BucketItem) -> Result<()> {
        let id = item.id;
        let m = self.members;
        let pending = self.doc.pending_ops();
        let fields: [(&str, String); 14] = [
            ("title", item.title.clone()),
            ("notes", item.notes.clone()),
            ("category", item.category.id().into()),
            ("kind", item.kind.id().into()),
            ("suggested_by", item.suggested_by.map(|p| m.id_of(p).to_string()).unwrap_or_default()),
            ("cost", item.cost.id().into()),
            ("effort", item.effort.id().into()),
            ("status", item.status.id().into()),
            ("planned_for", date_text(item.planned_for)),
            ("done_on", date_text(item.done_on)),
            ("memory", item.memory.clone()),
            ("created_at", time::format(item.created_at)),
            ("deleted_at", item.deleted_at.map(time::format).unwrap_or_default()),
            ("updated_at", time::format(item.updated_at)),
        ];
        // An unreadable base (from a newer Hearth, say) is written over field by field.
        let current = self.fields(id).map(|f| f.unwrap_or_default());
        let now = |current: &Option<BTreeMap<String, String>>, field: &str| {
            current.as_ref().and_then(|c| c.get(field).cloned()).unwrap_or_default()
        };
        if current.is_none() {
            let base: BTreeMap<&str, &String> =
                fields.iter().filter(|(_, v)| !v.is_empty()).map(|(f, v)| (*f, v)).collect();
            let json = serde_json::to_string(&base).map_err(|_| damaged())?;
            self.doc.put(&self.items, key(id, BASE), json).map_err(|_| damaged())?;
        } else {
            let (updated, rest) = fields.split_last().expect("fields are not empty");
            for (field, value) in rest {
                if now(&current, field) != *value {
                    self.doc.put(&self.items, key(id, field), value.as_str()).map_err(|_| damaged())?;
                }
            }
            // Last, and only if something else changed, so it never makes a conflict alone.
            if self.doc.pending_ops() > pending {
                self.put(key(id, updated.0), &updated.1)?;
            }
        }
        for (who, interest) in [(m.me, item.interest_me), (m.partner, item.interest_partner)] {
            let field = format!("interest:{who}");
            let was = now(&current, &field);
            if (if was.is_empty() { Interest::NotAsked.id() } else { was.as_str() }) != interest.id() {
                self.doc.put(&self.items, key(id, &field), interest.id()).map_err(|_| damaged())?;
            }
        }
        Ok(())
    }

    /// The item as this vault sees it, if the document has it. `Err` when a field
    /// can't be read (from a newer Hearth, say): the caller leaves its own copy.
    /// The journal link is `None`: it belongs to the vault, not the document.
    pub fn item(&self, id: Uuid) -> Option<Result<BucketItem>> {
        Some(self.fields(id)?.and_then(|fields| self.read_item(id, &fields)))
    }

    fn read_item(&self, id: Uuid, fields: &BTreeMap<String, String>) -> Result<BucketItem> {
        let bad = unreadable;
        let text = |f: &str| fields.get(f).cloned().unwrap_or_default();
        let date = |f: &str| -> Result<Option<NaiveDate>> {
            match text(f) {
                s if s.is_empty() => Ok(None),
                s => NaiveDate::parse_from_str(&s, "%Y-%m-%d").map(Some).map_err(|_| bad()),
            }
        };
        let instant = |f: &str| -> Result<Option<i64>> {
            match text(f) {
                s if s.is_empty() => Ok(None),
                s => time::parse(&s).map(Some).ok_or_else(bad),
            }
        };
        let interest = |who: Uuid| -> Result<Interest> {
            match fields.get(&format!("interest:{who}")) {
                None => Ok(Interest::NotAsked),
                Some(s) => Interest::from_id(s).ok_or_else(bad),
            }
        };
        let suggested = text("suggested_by");
        let item = BucketItem {
            id,
            title: text("title"),
            notes: text("notes"),
            category: Category::from_id(&text("category")).ok_or_else(bad)?,
            kind: IntimacyKind::from_id(&text("kind")).ok_or_else(bad)?,
            suggested_by: if suggested.is_empty() { None } else { self.members.role_of(&suggested) },
            interest_me: interest(self.members.me)?,
            interest_partner: interest(self.members.partner)?,
            cost: Cost::from_id(&text("cost")).ok_or_else(bad)?,
            effort: Effort::from_id(&text("effort")).ok_or_else(bad)?,
            status: Status::from_id(&text("status")).ok_or_else(bad)?,
            planned_for: date("planned_for")?,
            done_on: date("done_on")?,
            memory: text("memory"),
            journal_entry_id: None,
            created_at: instant("created_at")?.ok_or_else(bad)?,
            updated_at: instant("updated_at")?.or(instant("created_at")?).ok_or_else(bad)?,
            deleted_at: instant("deleted_at")?,
        };
        let mut item = item;
        settle(&mut item);
        item.validate().map_err(|_| bad())?;
        Ok(item)
    }

    /// Every item id in the document.
    pub fn item_ids(&self) -> BTreeSet<Uuid> {
        self.doc.keys(&self.items).filter_map(|k| id_of_key(&k)).collect()
    }

    /// Shares one of this person's self-check results (the share file's JSON) with
    /// the partner; sharing the same check again replaces it.
    pub fn put_result(&mut self, taken_at: &str, json: &str) -> Result<()> {
        let key = format!("{}:{taken_at}", self.members.me);
        if self.text(&self.results, &key).as_deref() != Some(json) {
            self.doc.put(&self.results, key, json).map_err(|_| damaged())?;
        }
        Ok(())
    }

    /// A shared result by its key (from [`Applied::results`]).
    pub fn result(&self, key: &str) -> Option<String> {
        self.text(&self.results, key)
    }

    /// Whose turn it is to pick, if either of you has said.
    pub fn turn(&self) -> Option<Person> {
        self.members.role_of(&self.text(&ROOT, TURN)?)
    }

    pub fn set_turn(&mut self, who: Person) -> Result<()> {
        if self.turn() != Some(who) {
            self.doc.put(ROOT, TURN, self.members.id_of(who).to_string()).map_err(|_| damaged())?;
        }
        Ok(())
    }

    /// Ends the current change (if any). Its time is left out: the partner needs
    /// no clock of ours, and none decides anything.
    pub fn commit(&mut self) {
        self.doc.commit_with(CommitOptions::default().with_time(0));
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Changes made since `heads` (all of them for an empty list), to send.
    pub fn changes_since(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        self.commit();
        self.doc.save_after(heads)
    }

    /// The whole document, compacted.
    pub fn save(&mut self) -> Vec<u8> {
        self.commit();
        let saved = self.doc.save();
        self.stored = self.doc.get_heads();
        self.received.clear();
        saved
    }

    /// What the document gained since it was loaded or last saved, whole or in
    /// part (empty if nothing).
    pub fn save_incremental(&mut self) -> Vec<u8> {
        self.commit();
        let heads = self.doc.get_heads();
        let mut increment = std::mem::take(&mut self.received);
        if heads != self.stored {
            increment.extend(self.doc.save_after(&self.stored));
            self.stored = heads;
        }
        increment
    }

    /// Takes in changes or a whole document from the partner. Idempotent: what is
    /// already here changes nothing. Refused whole if the bytes don't parse.
    pub fn apply(&mut self, bytes: &[u8]) -> Result<Applied> {
        self.commit();
        let before = self.doc.get_heads();
        // Nothing here beyond what is stored (no local change, no changes waiting
        // for others): the file's bytes can be stored as they are.
        let clean = before == self.stored && self.doc.get_missing_deps(&[]).is_empty();
        self.doc.load_incremental(bytes).map_err(|_| Error::invalid_input("These changes can't be read."))?;
        let after = self.doc.get_heads();
        let mut applied =
            Applied { waiting: !self.doc.get_missing_deps(&[]).is_empty(), ..Default::default() };
        if before == after {
            return Ok(applied);
        }
        if clean {
            self.received.extend_from_slice(bytes);
            self.stored.clone_from(&after);
        }
        applied.brought = after.iter().filter(|h| !before.contains(h)).copied().collect();
        let together_map = self.together_map().ok();
        for patch in self.doc.diff(&before, &after) {
            let key = match &patch.action {
                PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => key,
                _ => continue,
            };
            if patch.obj == self.items {
                applied.items.extend(id_of_key(key));
            } else if patch.obj == self.results && key.starts_with(&format!("{}:", self.members.partner)) {
                applied.results.insert(key.clone());
            } else if Some(&patch.obj) == together_map.as_ref() {
                applied.together.extend(together::Record::of_key(key));
            } else if patch.obj == ROOT && key == TURN {
                applied.turn = true;
            }
        }
        Ok(applied)
    }

    /// Hashes as stored (32 bytes each, one after another) and back.
    pub fn heads_to_bytes(heads: &[ChangeHash]) -> Vec<u8> {
        heads.iter().flat_map(|h| h.0).collect()
    }

    pub fn heads_from_bytes(bytes: &[u8]) -> Vec<ChangeHash> {
        bytes.chunks_exact(32).filter_map(|c| ChangeHash::try_from(c).ok()).collect()
    }

    /// Every item in the document, as this vault sees it (unreadable ones left out).
    pub fn items(&self) -> Vec<BucketItem> {
        self.item_ids().into_iter().filter_map(|id| self.item(id)?.ok()).collect()
    }

    /// The document's heads, sorted: its whole state in one comparable value (what
    /// this device last sent is compared with it; tests compare replicas by it).
    pub fn fingerprint(&mut self) -> Vec<ChangeHash> {
        let mut h = self.heads();
        h.sort();
        h
    }
}

/// Makes an item whole again where fields resolved from different sides don't fit
/// together: a deletion on one side wins over an edit of the text on the other; a
/// status wins over dates left from another status (planned on one side, marked
/// done on the other: done, with its date; a plan whose date was lost is an idea
/// again); times are put back in order.
fn settle(item: &mut BucketItem) {
    if item.deleted_at.is_some() {
        item.title.clear();
        item.notes.clear();
        item.memory.clear();
    }
    match item.status {
        Status::Idea => {
            item.planned_for = None;
            item.done_on = None;
        }
        Status::Planned if item.planned_for.is_none() => {
            item.status = Status::Idea;
            item.done_on = None;
        }
        Status::Planned => item.done_on = None,
        Status::Done if item.done_on.is_none() => {
            item.status = if item.planned_for.is_some() { Status::Planned } else { Status::Idea };
        }
        Status::Done => {}
    }
    item.updated_at = item.updated_at.max(item.created_at).max(item.deleted_at.unwrap_or(i64::MIN));
}

fn id_of_key(key: &str) -> Option<Uuid> {
    Uuid::parse_str(key.split(':').next()?).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::bucket::{ItemInput, vocabulary};

    fn members() -> (Members, Members) {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        (Members { me: a, partner: b }, Members { me: b, partner: a })
    }

    pub(crate) fn idea(title: &str) -> BucketItem {
        let mut input: ItemInput = vocabulary::new_item();
        input.title = title.into();
        input.suggested_by = Some(Person::Me);
        input.interest_me = Interest::Yes;
        BucketItem::new_idea(Uuid::new_v4(), input, time::now())
    }

    /// Two replicas' messages for the convergence tests: each replica's changes
    /// since its last message, kept to be delivered (again, late, or never) and at
    /// last all delivered in a shuffled order.
    pub(crate) struct Wire {
        sent: [Vec<ChangeHash>; 2],
        outbox: [Vec<Vec<u8>>; 2],
    }

    impl Wire {
        pub(crate) fn new(replicas: &mut [Space; 2]) -> Wire {
            Wire { sent: [replicas[0].heads(), replicas[1].heads()], outbox: [vec![], vec![]] }
        }

        /// Delivers the other replica's message number `n` (mod its outbox) to `to`.
        pub(crate) fn deliver(&self, replicas: &mut [Space; 2], to: usize, n: usize) {
            let from = &self.outbox[1 - to];
            if !from.is_empty() {
                replicas[to].apply(&from[n % from.len()]).unwrap();
            }
        }

        /// Each replica sends what it made since its last message.
        pub(crate) fn send(&mut self, replicas: &mut [Space; 2]) {
            for (r, replica) in replicas.iter_mut().enumerate() {
                let heads = replica.heads();
                if heads != self.sent[r] {
                    self.outbox[r].push(replica.changes_since(&self.sent[r]));
                    self.sent[r] = heads;
                }
            }
        }

        /// Everything delivered at last, in an order shuffled by `seed`.
        pub(crate) fn deliver_all(&self, replicas: &mut [Space; 2], seed: u64) {
            let mut rng = seed;
            for (to, replica) in replicas.iter_mut().enumerate() {
                let mut msgs = self.outbox[1 - to].clone();
                for i in (1..msgs.len()).rev() {
                    rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    msgs.swap(i, (rng >> 33) as usize % (i + 1));
                }
                for m in &msgs {
                    replica.apply(m).unwrap();
                }
            }
        }
    }

    fn exchange(a: &mut Space, b: &mut Space) {
        let from_a = a.changes_since(&[]);
        let from_b = b.changes_since(&[]);
        b.apply(&from_a).unwrap();
        a.apply(&from_b).unwrap();
    }

    #[test]
    fn every_hearth_starts_from_the_same_genesis() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        assert_eq!(a.heads(), b.heads());
        assert_eq!(a.items, b.items);
    }

    #[test]
    fn roles_are_seen_from_each_side() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        let item = idea("Picnic by the river");
        a.put_item(&item).unwrap();
        a.set_turn(Person::Partner).unwrap();
        exchange(&mut a, &mut b);
        let seen = b.item(item.id).unwrap().unwrap();
        assert_eq!(seen, BucketItem { journal_entry_id: None, ..item.seen_from_other_side() });
        assert_eq!(b.turn(), Some(Person::Me));
    }

    #[test]
    fn edits_to_different_fields_of_one_item_both_survive() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        let item = idea("Stargazing");
        a.put_item(&item).unwrap();
        exchange(&mut a, &mut b);
        let mut on_a = a.item(item.id).unwrap().unwrap();
        on_a.notes = "Bring the thick blanket".into();
        a.put_item(&on_a).unwrap();
        let mut on_b = b.item(item.id).unwrap().unwrap();
        on_b.interest_me = Interest::Yes;
        b.put_item(&on_b).unwrap();
        exchange(&mut a, &mut b);
        let (x, y) = (a.item(item.id).unwrap().unwrap(), b.item(item.id).unwrap().unwrap());
        assert_eq!(x.notes, "Bring the thick blanket");
        assert_eq!(x.interest_partner, Interest::Yes);
        assert_eq!(y.notes, "Bring the thick blanket");
        assert_eq!(y.interest_me, Interest::Yes);
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn a_deletion_wins_over_a_concurrent_edit_of_the_text() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        let item = idea("Pottery class");
        a.put_item(&item).unwrap();
        exchange(&mut a, &mut b);
        let mut gone = item.clone();
        gone.updated_at += 1;
        gone.deleted_at = Some(gone.updated_at);
        gone.title.clear();
        a.put_item(&gone).unwrap();
        let mut edited = b.item(item.id).unwrap().unwrap();
        edited.title = "Pottery class, evenings".into();
        b.put_item(&edited).unwrap();
        exchange(&mut a, &mut b);
        for s in [&a, &b] {
            let i = s.item(item.id).unwrap().unwrap();
            assert!(i.deleted_at.is_some());
            assert!(i.title.is_empty());
        }
    }

    #[test]
    fn the_same_item_added_on_both_sides_before_pairing_becomes_one_keeping_both_interests() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        // Each rated it in their own vault before pairing, and B had retitled it.
        let item = BucketItem { interest_me: Interest::Yes, ..idea("Learn to make dumplings") };
        let theirs = BucketItem {
            interest_me: Interest::NotForMe,
            title: "Learn to make dumplings together".into(),
            ..item.clone()
        };
        a.put_item(&item).unwrap();
        b.put_item(&theirs).unwrap();
        exchange(&mut a, &mut b);
        assert_eq!(a.item_ids().len(), 1);
        let (on_a, on_b) = (a.item(item.id).unwrap().unwrap(), b.item(item.id).unwrap().unwrap());
        assert_eq!((on_a.interest_me, on_a.interest_partner), (Interest::Yes, Interest::NotForMe));
        assert_eq!((on_b.interest_me, on_b.interest_partner), (Interest::NotForMe, Interest::Yes));
        // One side's title, the same on both.
        assert_eq!(on_a.title, on_b.title);
        assert_eq!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn an_item_goes_in_as_one_register_and_later_edits_as_one_each() {
        let (ma, _) = members();
        let mut a = Space::new(ma).unwrap();
        let mut item = idea("Sunrise at the lighthouse");
        item.notes = "Thermos".into();
        a.put_item(&item).unwrap();
        a.commit();
        let keys = |a: &Space| a.doc.keys(&a.items).collect::<Vec<_>>();
        // The base and this person's interest, nothing else.
        assert_eq!(keys(&a).len(), 2, "{:?}", keys(&a));
        item.notes = String::new();
        item.updated_at += 1;
        a.put_item(&item).unwrap();
        assert!(keys(&a).contains(&format!("{}:notes", item.id)));
        assert_eq!(a.item(item.id).unwrap().unwrap().notes, "", "a field emptied later wins over the base");
        // Putting the same item again writes nothing.
        a.commit();
        let ops = a.doc.pending_ops();
        a.put_item(&item).unwrap();
        assert_eq!(a.doc.pending_ops(), ops);
    }

    #[test]
    fn garbage_changes_nothing() {
        let (ma, _) = members();
        let mut a = Space::new(ma).unwrap();
        a.put_item(&idea("Board games night")).unwrap();
        let before = a.fingerprint();
        let applied = a.apply(b"definitely not automerge").unwrap_or_default();
        assert!(applied.items.is_empty());
        assert_eq!(a.fingerprint(), before);
    }

    #[test]
    fn planned_on_one_side_and_done_on_the_other_settles_as_done() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        let item = idea("Concert in the park");
        a.put_item(&item).unwrap();
        exchange(&mut a, &mut b);
        let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut planned = item.clone();
        (planned.status, planned.planned_for) = (Status::Planned, Some(day));
        a.put_item(&planned).unwrap();
        let mut done = b.item(item.id).unwrap().unwrap();
        (done.status, done.done_on, done.memory) = (Status::Done, Some(day), "Loud and lovely".into());
        b.put_item(&done).unwrap();
        exchange(&mut a, &mut b);
        let (x, y) = (a.item(item.id).unwrap().unwrap(), b.item(item.id).unwrap().unwrap());
        assert_eq!(x.status, y.status);
        assert_eq!((x.planned_for, x.done_on), (y.planned_for, y.done_on));
        x.validate().unwrap();
    }

    #[test]
    fn a_shared_result_reaches_the_partner_only_as_theirs() {
        let (ma, mb) = members();
        let (mut a, mut b) = (Space::new(ma).unwrap(), Space::new(mb).unwrap());
        a.put_result("2027-01-02T10:00:00.000Z", "{\"x\":1}").unwrap();
        let from_a = a.changes_since(&[]);
        let applied = b.apply(&from_a).unwrap();
        assert_eq!(applied.results.len(), 1);
        let key = applied.results.iter().next().unwrap();
        assert_eq!(b.result(key).as_deref(), Some("{\"x\":1}"));
        // A's own view of the same change names no partner result.
        let mut again = Space::new(ma).unwrap();
        assert!(again.apply(&from_a).unwrap().results.is_empty());
    }

    #[test]
    fn heads_round_trip_through_bytes() {
        let (ma, _) = members();
        let mut a = Space::new(ma).unwrap();
        a.put_item(&idea("Sunrise walk")).unwrap();
        a.commit();
        let heads = a.heads();
        assert_eq!(Space::heads_from_bytes(&Space::heads_to_bytes(&heads)), heads);
    }

    #[test]
    fn a_saved_space_loads_with_its_increments() {
        let (ma, _) = members();
        let mut a = Space::new(ma).unwrap();
        a.put_item(&idea("One")).unwrap();
        let saved = a.save();
        let two = idea("Two");
        a.put_item(&two).unwrap();
        let inc = a.save_incremental();
        assert!(!inc.is_empty());
        let mut b = Space::load(&saved, &[inc.clone()], ma).unwrap();
        assert_eq!(b.item_ids().len(), 2);
        assert_eq!(b.item(two.id).unwrap().unwrap().title, "Two");
        assert!(Space::load(b"junk", &[], ma).is_err());

        // A loaded space's next increment holds only what is new since.
        assert!(b.save_incremental().is_empty(), "nothing new since loading");
        let three = idea("Three");
        b.put_item(&three).unwrap();
        let inc3 = b.save_incremental();
        assert!(!inc3.is_empty());
        let alone = Space::new(ma).unwrap().apply(&inc3).unwrap();
        assert!(alone.waiting, "the increment builds on what was stored, and doesn't carry it again");
        assert!(b.save_incremental().is_empty());
        let c = Space::load(&saved, &[inc, inc3], ma).unwrap();
        assert_eq!(c.item(three.id).unwrap().unwrap().title, "Three");
    }

    #[test]
    fn what_arrives_is_stored_as_it_came_and_local_changes_beside_it() {
        let (ma, mb) = members();
        let mut a = Space::new(ma).unwrap();
        let mut b = Space::new(mb).unwrap();
        let saved = b.save();
        let mut increments = vec![];
        let mut items = vec![];

        // Nothing of b's own waits: a's file is stored byte for byte.
        let first = idea("From a");
        a.put_item(&first).unwrap();
        let file = a.changes_since(&[]);
        b.apply(&file).unwrap();
        let inc = b.save_incremental();
        assert_eq!(inc, file, "stored as it came");
        increments.push(inc);
        items.push(first);

        // A change of b's own before and after the next file: both stored too.
        let before = idea("b, before");
        b.put_item(&before).unwrap();
        let second = idea("From a, again");
        a.put_item(&second).unwrap();
        let from = a.heads();
        let mut third = idea("From a, a third");
        third.notes = "later".into();
        a.put_item(&third).unwrap();
        assert!(b.apply(&a.changes_since(&from)).unwrap().waiting, "it builds on `second`, not here yet");
        let after = idea("b, after");
        b.put_item(&after).unwrap();
        let inc = b.save_incremental();
        assert_ne!(inc, a.changes_since(&from), "encoded again with b's own");
        increments.push(inc);
        items.extend([before, third, after]);
        // The file carrying `second` arrives late, then its follower is re-read.
        b.apply(&a.changes_since(&[])).unwrap();
        increments.push(b.save_incremental());
        items.push(second);
        assert!(b.save_incremental().is_empty(), "nothing twice");

        let reloaded = Space::load(&saved, &increments, mb).unwrap();
        for it in &items {
            assert_eq!(reloaded.item(it.id).unwrap().unwrap().title, it.title);
        }
        assert_eq!(Space::load(&saved, &increments, mb).unwrap().fingerprint(), b.fingerprint());
    }
}

/// Convergence: two replicas editing at random, their changes delivered in random
/// order, with duplicates, delays and losses, then everything delivered.
#[cfg(test)]
mod convergence {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::tests::idea;
    use super::*;

    #[derive(Debug, Clone)]
    enum Step {
        /// Replica adds a new item.
        Add(usize),
        /// Replica edits a field (0 title, 1 notes, 2 my interest) of the nth item it knows.
        Edit(usize, usize, u8, u8),
        Delete(usize, usize),
        /// Delivers the other replica's message number n (mod its outbox), maybe again.
        Deliver(usize, usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..2usize).prop_map(Step::Add),
            (0..2usize, 0..8usize, 0..3u8, 0..4u8).prop_map(|(r, i, f, v)| Step::Edit(r, i, f, v)),
            (0..2usize, 0..8usize).prop_map(|(r, i)| Step::Delete(r, i)),
            (0..2usize, 0..64usize).prop_map(|(r, n)| Step::Deliver(r, n)),
        ]
    }

    const INTERESTS: [Interest; 4] = [Interest::Yes, Interest::Maybe, Interest::NotForMe, Interest::NotAsked];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn two_replicas_always_converge(steps in prop::collection::vec(step(), 1..60), order in any::<u64>()) {
            let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
            let mut replicas = [
                Space::new(Members { me: a, partner: b }).unwrap(),
                Space::new(Members { me: b, partner: a }).unwrap(),
            ];
            let mut wire = super::tests::Wire::new(&mut replicas);
            // (item, field) -> which replicas wrote it, and each one's last value.
            let mut writes: HashMap<(Uuid, u8), HashMap<usize, String>> = HashMap::new();
            let mut deleted: Vec<Uuid> = vec![];
            for s in steps {
                match s {
                    Step::Add(r) => {
                        let item = idea(&format!("idea {r}"));
                        replicas[r].put_item(&item).unwrap();
                    }
                    Step::Edit(r, n, field, v) => {
                        let ids: Vec<Uuid> = replicas[r].item_ids().into_iter().collect();
                        if ids.is_empty() { continue; }
                        let id = ids[n % ids.len()];
                        let Some(Ok(mut item)) = replicas[r].item(id) else { continue };
                        if item.deleted_at.is_some() { continue; }
                        let value = match field {
                            0 => { item.title = format!("title {r}.{v}"); item.title.clone() }
                            1 => { item.notes = format!("notes {r}.{v}"); item.notes.clone() }
                            _ => { item.interest_me = INTERESTS[v as usize]; format!("{}:{}", replicas[r].members().me, item.interest_me.id()) }
                        };
                        item.updated_at += 1;
                        replicas[r].put_item(&item).unwrap();
                        writes.entry((id, field)).or_default().insert(r, value);
                    }
                    Step::Delete(r, n) => {
                        let ids: Vec<Uuid> = replicas[r].item_ids().into_iter().collect();
                        if ids.is_empty() { continue; }
                        let id = ids[n % ids.len()];
                        let Some(Ok(mut item)) = replicas[r].item(id) else { continue };
                        item.updated_at += 1;
                        item.deleted_at = Some(item.updated_at);
                        item.title.clear();
                        replicas[r].put_item(&item).unwrap();
                        deleted.push(id);
                    }
                    Step::Deliver(to, n) => wire.deliver(&mut replicas, to, n),
                }
                wire.send(&mut replicas);
            }
            wire.deliver_all(&mut replicas, order);
            let [mut x, mut y] = replicas;
            prop_assert_eq!(x.fingerprint(), y.fingerprint());
            let seen_by_x = x.items();
            let seen_by_y: Vec<BucketItem> = y.items().iter().map(BucketItem::seen_from_other_side).collect();
            prop_assert_eq!(&seen_by_x, &seen_by_y);
            for item in &seen_by_x {
                if deleted.contains(&item.id) {
                    prop_assert!(item.deleted_at.is_some());
                    continue;
                }
                for field in 0..3u8 {
                    let Some(by) = writes.get(&(item.id, field)) else { continue };
                    if field == 2 {
                        // Each person's interest is their own register: every last write stays.
                        for (r, v) in by {
                            let (who, interest) = if *r == 0 { (a, item.interest_me) } else { (b, item.interest_partner) };
                            prop_assert_eq!(v, &format!("{who}:{}", interest.id()));
                        }
                        continue;
                    }
                    let now = if field == 0 { &item.title } else { &item.notes };
                    // An edit nothing overwrote is there; of two concurrent ones, one wins.
                    prop_assert!(by.values().any(|v| v == now), "field {} is {:?}, written {:?}", field, now, by);
                }
            }
        }
    }
}

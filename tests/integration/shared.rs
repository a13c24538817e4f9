//! The shared space between real vaults through a real folder: pairing, editing on
//! both sides while the folder is away, wrong clocks, bad files, a third vault,
//! unpairing.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hearth_core::bucket::Uuid;
use hearth_core::bucket::{self, BucketItem, Interest, ItemInput, Person, store};
use hearth_core::keyfile::KdfParams;
use hearth_core::shared::pair::{Join, Offer};
use hearth_core::shared::store::{self as shared, Report, Session};
use hearth_core::{Vault, time};
use hearth_tests::{PASSPHRASE, contains, dump_tables, snapshot_files};

pub(crate) struct Side {
    _dir: tempfile::TempDir,
    pub(crate) vault: Vault,
    pub(crate) session: Option<Session>,
}

pub(crate) fn side() -> Side {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    Side { _dir: dir, vault, session: None }
}

impl Side {
    pub(crate) fn sync(&mut self) -> Report {
        shared::sync(self.vault.conn_mut(), self.session.as_mut().unwrap()).unwrap()
    }

    fn list(&self) -> Vec<BucketItem> {
        let mut l = store::all_with_tombstones(self.vault.conn()).unwrap();
        for i in &mut l {
            i.journal_entry_id = None;
        }
        l
    }

    fn device(&self) -> Uuid {
        self.session.as_ref().unwrap().couple().device
    }
}

/// Pairs two vaults through `root` as the window does: offer, join, confirm.
pub(crate) fn pair(a: &mut Side, b: &mut Side, root: &Path) {
    let (da, db) = (Uuid::new_v4(), Uuid::new_v4());
    let mut offer = Offer::start(root, da, store::vault_id(a.vault.conn()).unwrap()).unwrap();
    let mut join = Join::start(root, &offer.code(), db, store::vault_id(b.vault.conn()).unwrap()).unwrap();
    let ca = offer.poll().unwrap().unwrap();
    let cb = join.poll().unwrap().unwrap();
    a.session = Some(shared::begin(a.vault.conn_mut(), ca, root).unwrap());
    b.session = Some(shared::begin(b.vault.conn_mut(), cb, root).unwrap());
}

/// Syncs both sides until neither has news: at most a few rounds.
pub(crate) fn settle(a: &mut Side, b: &mut Side) {
    for _ in 0..4 {
        let (x, y) = (a.sync(), b.sync());
        if !x.sent && !y.sent && x.received.is_empty() && y.received.is_empty() {
            return;
        }
    }
    panic!("the two sides did not settle in four rounds");
}

fn assert_same_list(a: &Side, b: &Side) {
    let seen_from_a: Vec<BucketItem> = b.list().iter().map(BucketItem::seen_from_other_side).collect();
    assert_eq!(a.list(), seen_from_a);
}

fn input(title: &str) -> ItemInput {
    ItemInput { title: title.into(), ..bucket::vocabulary::new_item() }
}

/// Adds `n` ideas titled "`prefix` 0", "`prefix` 1"… to a side's list, in one
/// transaction.
fn add_ideas(s: &Side, prefix: &str, n: usize) {
    let tx = s.vault.conn().unchecked_transaction().unwrap();
    for k in 0..n {
        store::create(&tx, &input(&format!("{prefix} {k}"))).unwrap();
    }
    tx.commit().unwrap();
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
}

pub(crate) fn shared_folder() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("Sync");
    fs::create_dir(&root).unwrap();
    (t, root)
}

#[test]
fn pairing_brings_both_lists_together_keeping_ids_and_roles() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let hike = store::create(a.vault.conn(), &ItemInput { suggested_by: Some(Person::Me), ..input("Hike") })
        .unwrap();
    store::set_interest(a.vault.conn(), hike.id, Person::Me, Interest::Yes).unwrap();
    let museum = store::create(b.vault.conn(), &input("Museum late opening")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
    let on_b = store::get(b.vault.conn(), hike.id).unwrap().unwrap();
    assert_eq!(on_b.suggested_by, Some(Person::Partner));
    assert_eq!(on_b.interest_partner, Interest::Yes);
    assert!(store::get(a.vault.conn(), museum.id).unwrap().is_some());
    assert!(shared::status(a.vault.conn()).unwrap().unwrap().last_received.unwrap().contains("added"));
}

#[test]
fn edits_made_apart_while_the_folder_is_away_converge() {
    let (t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let shared_item = store::create(a.vault.conn(), &input("Cooking class")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);

    // The folder goes away (a USB stick pulled out).
    let away = t.path().join("away");
    fs::rename(&root, &away).unwrap();
    store::create(a.vault.conn(), &input("Night market")).unwrap();
    store::plan(a.vault.conn(), shared_item.id, Some(day(14))).unwrap();
    store::create(b.vault.conn(), &input("Star party")).unwrap();
    store::set_interest(b.vault.conn(), shared_item.id, Person::Me, Interest::Yes).unwrap();
    let r = a.sync();
    assert!(!r.reachable && !r.sent);
    assert!(!b.sync().reachable);

    // It comes back.
    fs::rename(&away, &root).unwrap();
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
    let item = store::get(a.vault.conn(), shared_item.id).unwrap().unwrap();
    assert_eq!(item.planned_for, Some(day(14)), "A's plan survived");
    assert_eq!(item.interest_partner, Interest::Yes, "B's interest survived");
    assert_eq!(store::list(a.vault.conn()).unwrap().len(), 3);
}

#[test]
fn a_clock_years_ahead_decides_nothing() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let item = store::create(a.vault.conn(), &input("Kayaking")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);

    // A's clock runs five years ahead while it renames the item.
    time::test_clock::set(time::now() + 5 * 365 * 24 * 3_600_000);
    store::update(a.vault.conn(), item.id, &input("Kayaking at dawn")).unwrap();
    a.sync();
    time::test_clock::reset();
    // B, with an honest clock, sees that and renames it afterwards: B's edit wins.
    b.sync();
    assert_eq!(store::get(b.vault.conn(), item.id).unwrap().unwrap().title, "Kayaking at dawn");
    store::update(b.vault.conn(), item.id, &input("Kayaking at sunset")).unwrap();
    settle(&mut a, &mut b);
    assert_eq!(store::get(a.vault.conn(), item.id).unwrap().unwrap().title, "Kayaking at sunset");
    // And nothing is frozen: planning and deleting it still work on both sides.
    store::plan(a.vault.conn(), item.id, Some(day(3))).unwrap();
    settle(&mut a, &mut b);
    store::delete(b.vault.conn(), item.id).unwrap();
    settle(&mut a, &mut b);
    assert!(store::get(a.vault.conn(), item.id).unwrap().unwrap().deleted_at.is_some());
    assert_same_list(&a, &b);
}

#[test]
fn bad_files_are_left_alone_with_a_notice_and_lose_nothing() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    store::create(b.vault.conn(), &input("Open-air cinema")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    let b_dir = b.session.as_ref().unwrap().couple().couple_id.simple().to_string();
    let b_dir = root.join(format!("Hearth-{b_dir}")).join(b.device().simple().to_string());
    let first = fs::read_dir(&b_dir).unwrap().next().unwrap().unwrap().path();
    let old = fs::read(&first).unwrap();

    // Another couple's file, sealed with their key, put in B's folder.
    let (_t2, other_root) = shared_folder();
    let (mut c, mut d) = (side(), side());
    store::create(c.vault.conn(), &input("Someone else's plan")).unwrap();
    pair(&mut c, &mut d, &other_root);
    c.sync();
    let c_couple = c.session.as_ref().unwrap().couple().couple_id.simple().to_string();
    let c_dir = other_root.join(format!("Hearth-{c_couple}")).join(c.device().simple().to_string());
    let theirs = fs::read_dir(c_dir).unwrap().next().unwrap().unwrap().path();
    fs::copy(&theirs, b_dir.join("c0000000090.hearth")).unwrap();
    // Garbage, an old file replayed under a new number, and a file cut short.
    fs::write(b_dir.join("c0000000091.hearth"), b"not a hearth file at all, just some bytes").unwrap();
    fs::write(b_dir.join("c0000000092.hearth"), &old).unwrap();
    let files = |dir: &Path| fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect::<Vec<_>>();
    let before_b = files(&b_dir);
    store::create(b.vault.conn(), &input("Late swim")).unwrap();
    b.sync();
    let newest = files(&b_dir).into_iter().find(|p| !before_b.contains(p)).expect("B wrote a file");
    let whole = fs::read(&newest).unwrap();
    fs::write(&newest, &whole[..whole.len() / 2]).unwrap();

    let before = dump_tables(a.vault.conn());
    let r = a.sync();
    assert!(r.received.is_empty());
    let said: Vec<&str> = r.notices.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(r.notices.len(), 4, "{said:?}");
    assert!(said.iter().any(|m| m.contains("still arriving")));
    assert!(said.iter().any(|m| m.contains("isn't one Hearth wrote")));
    assert_eq!(said.iter().filter(|m| m.contains("doesn't open with your shared key")).count(), 2);
    assert_eq!(dump_tables(a.vault.conn()), before, "nothing changed in the vault");

    // The cut file arrives whole: it is read then, and nothing was lost.
    fs::write(&newest, &whole).unwrap();
    let r = a.sync();
    assert_eq!(r.received.added, 1);
    assert!(store::list(a.vault.conn()).unwrap().iter().any(|i| i.title == "Late swim"));
}

#[test]
fn a_third_vault_can_neither_read_nor_join_nor_inject() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let canary = "shared-canary-moonlit-rooftop";
    store::create(a.vault.conn(), &ItemInput { notes: canary.into(), ..input("Rooftop dinner") }).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    // The folder shows nothing in plain text.
    for (path, bytes) in snapshot_files(&root) {
        assert!(!contains(&bytes, canary.as_bytes()), "{} holds the note in plain text", path.display());
        assert!(!contains(&bytes, b"Rooftop"), "{} holds the title in plain text", path.display());
    }
    // No offer is open, so a third vault has nothing to join.
    let c = side();
    assert!(
        Join::start(&root, "12345678", Uuid::new_v4(), store::vault_id(c.vault.conn()).unwrap()).is_err()
    );
    // Files it writes in B's name are refused, and A's list stays as it was.
    let before = a.list();
    let couple = a.session.as_ref().unwrap().couple().couple_id.simple().to_string();
    let b_dir = root.join(format!("Hearth-{couple}")).join(b.device().simple().to_string());
    fs::create_dir_all(&b_dir).unwrap();
    fs::write(b_dir.join("s0000000500.hearth"), hearth_core::shared::seal::MAGIC.repeat(40)).unwrap();
    let r = a.sync();
    assert!(!r.notices.is_empty(), "{r:?}");
    assert_eq!(a.list(), before);
}

#[test]
fn unpairing_keeps_the_list_tells_the_partner_and_pairing_again_makes_a_new_key() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    store::create(a.vault.conn(), &input("Road trip")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    let old_couple = a.session.as_ref().unwrap().couple().couple_id;
    let session = a.session.take().unwrap();
    shared::unpair(a.vault.conn_mut(), session).unwrap();
    assert!(!shared::is_paired(a.vault.conn()).unwrap());
    assert_eq!(store::list(a.vault.conn()).unwrap().len(), 1, "the local copy stays");
    let r = b.sync();
    assert!(r.partner_left);
    assert!(shared::status(b.vault.conn()).unwrap().unwrap().partner_left_at.is_some());
    // Changes on A no longer travel.
    store::create(a.vault.conn(), &input("Not shared any more")).unwrap();
    b.sync();
    assert_eq!(store::list(b.vault.conn()).unwrap().len(), 1);

    let session = b.session.take().unwrap();
    shared::unpair(b.vault.conn_mut(), session).unwrap();
    pair(&mut a, &mut b, &root);
    assert_ne!(a.session.as_ref().unwrap().couple().couple_id, old_couple);
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
}

#[test]
fn the_shared_space_survives_locking_and_reopening() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    pair(&mut a, &mut b, &root);
    store::create(a.vault.conn(), &input("Board games")).unwrap();
    settle(&mut a, &mut b);
    // A locks and unlocks; B adds something meanwhile.
    let Side { _dir, vault, session } = a;
    drop(session);
    let path = vault.paths().dir.clone();
    vault.close().unwrap();
    store::create(b.vault.conn(), &input("Bake bread")).unwrap();
    b.sync();
    let vault = Vault::unlock(&path, PASSPHRASE).unwrap();
    let session = shared::open(vault.conn()).unwrap().expect("still paired");
    let mut a = Side { _dir, vault, session: Some(session) };
    let r = a.sync();
    assert_eq!(r.received.added, 1);
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
}

#[test]
fn a_self_check_result_shared_through_the_space_arrives_as_the_partners_once() {
    use hearth_core::selfcheck::{self, share::ShareFile};
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    hearth_core::settings::set_names(a.vault.conn(), "Ana", "Sam").unwrap();
    pair(&mut a, &mut b, &root);
    let check =
        selfcheck::store::complete(a.vault.conn_mut(), &hearth_tests::every_answer(3, 4), &[]).unwrap();
    let file = ShareFile::from_check(&check, "Ana", true).unwrap();
    shared::share_result(a.vault.conn_mut(), a.session.as_mut().unwrap(), &file).unwrap();
    a.sync();
    let r = b.sync();
    assert_eq!(r.received.results, 1);
    assert!(r.received.sentence("Ana").unwrap().contains("shared a self-check result"));
    let got = selfcheck::store::partner_results(b.vault.conn()).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].display_name, "Ana");
    assert_eq!(got[0].taken_at, hearth_core::time::normalize(&check.taken_at).unwrap());
    // The safety answers never travel: only scored items' answers are there.
    let answers = got[0].answers.as_ref().expect("answers were included");
    assert!(answers.keys().all(|id| !id.starts_with("safe-")));
    // Sharing the same check again adds nothing on the other side.
    shared::share_result(a.vault.conn_mut(), a.session.as_mut().unwrap(), &file).unwrap();
    settle(&mut a, &mut b);
    assert_eq!(selfcheck::store::partner_results(b.vault.conn()).unwrap().len(), 1);
    // And A's own vault holds no "partner" result of its own making.
    assert!(selfcheck::store::partner_results(a.vault.conn()).unwrap().is_empty());
}

/// Once paired, a bucket-list file (an export made before pairing, say) can still
/// bring in ideas the list doesn't have, but never overwrites an item both hold,
/// however late its times: the shared space keeps those in step.
#[test]
fn a_file_imported_after_pairing_adds_only_what_is_new() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let kept = store::create(b.vault.conn(), &input("Night market")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    // B's old file: the shared item edited there (with a later time), and an idea
    // that never reached the shared space.
    let other = side();
    let mut theirs = kept.clone();
    theirs.title = "Night market, the big one".into();
    theirs.updated_at = time::now() + 60_000;
    let fresh = store::create(other.vault.conn(), &input("Paddleboarding")).unwrap();
    store::upsert(other.vault.conn(), &theirs).unwrap();
    let json =
        store::export_from(other.vault.conn(), bucket::export::Format::Json, false, time::now()).unwrap();
    let file = bucket::export::read_json(json.as_bytes()).unwrap();

    let preview = store::import_apply(a.vault.conn_mut(), &file).unwrap();
    assert_eq!(preview.new, vec!["Paddleboarding".to_string()]);
    assert!(preview.updated.is_empty() && preview.removed.is_empty(), "{preview:?}");
    assert_eq!(preview.left_to_pairing, 1);
    assert_eq!(store::get(a.vault.conn(), kept.id).unwrap().unwrap().title, "Night market");
    // The new idea goes on to the partner through the shared space.
    settle(&mut a, &mut b);
    assert_eq!(store::get(b.vault.conn(), fresh.id).unwrap().unwrap().title, "Paddleboarding");
    assert_same_list(&a, &b);
}

/// Many items arriving at once are written with the dirty-marking triggers set
/// aside for speed: afterwards the triggers are back, exactly as they were, and a
/// local edit still travels.
#[test]
fn a_large_arrival_leaves_the_triggers_as_they_were() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let triggers = |s: &Side| -> Vec<(String, String)> {
        let conn = s.vault.conn();
        let mut stmt =
            conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let before = triggers(&a);
    assert!(before.iter().any(|(n, _)| n == "bucket_items_shared_update"), "{before:?}");
    add_ideas(&b, "Idea", 150);
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    assert_eq!(store::list(a.vault.conn()).unwrap().len(), 150);
    assert_eq!(triggers(&a), before);
    // The arrival left no marks, and an edit on A marks its item and reaches B.
    let dirty = |s: &Side| -> i64 {
        s.vault.conn().query_row("SELECT count(*) FROM shared_dirty", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(dirty(&a), 0);
    let one = store::list(a.vault.conn()).unwrap()[0].clone();
    store::set_interest(a.vault.conn(), one.id, Person::Me, Interest::Yes).unwrap();
    assert_eq!(dirty(&a), 1);
    settle(&mut a, &mut b);
    assert_eq!(store::get(b.vault.conn(), one.id).unwrap().unwrap().interest_partner, Interest::Yes);
}

/// A large arrival is kept in the vault as the partner's file came (not encoded
/// again), and the space reopens exactly as it was, then and after later rounds.
#[test]
fn a_large_arrival_is_kept_as_it_came_and_reopens_the_same() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    add_ideas(&a, "Idea", 300);
    pair(&mut a, &mut b, &root);
    assert!(a.sync().sent);
    let increments = |s: &Side| -> Vec<Vec<u8>> {
        let conn = s.vault.conn();
        let mut stmt = conn.prepare("SELECT bytes FROM shared_chunks ORDER BY seq").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let reopened = |s: &Side| shared::open(s.vault.conn()).unwrap().unwrap().space().fingerprint();
    let live = |s: &mut Side| s.session.as_mut().unwrap().space().fingerprint();

    assert_eq!(b.sync().received.added, 300);
    let kept = increments(&b);
    assert_eq!(kept.len(), 1, "one increment");
    // An Automerge chunk: 4 magic bytes, a 4-byte checksum, then its type (0: a
    // whole document, 1: changes). A's snapshot came as a document; encoded again
    // here, it would be changes.
    assert_eq!(kept[0][8], 0, "A's snapshot, kept as it came");
    assert_eq!(reopened(&b), live(&mut b));

    store::create(b.vault.conn(), &input("Bake bread")).unwrap();
    store::create(a.vault.conn(), &input("Paint a mug")).unwrap();
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
    assert_eq!(reopened(&b), live(&mut b));
    assert_eq!(reopened(&a), live(&mut a));
}

/// A Hearth's first file after taking in its partner's holds only its own
/// changes, not a second copy of everything the partner sent.
#[test]
fn the_first_file_after_the_partners_snapshot_holds_only_ones_own_news() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    add_ideas(&a, "Idea", 100);
    pair(&mut a, &mut b, &root);
    assert!(a.sync().sent);
    store::create(b.vault.conn(), &input("B's own idea")).unwrap();
    assert!(b.sync().sent);
    let couple = b.session.as_ref().unwrap().couple().couple_id.simple().to_string();
    let dir = |s: &Side| root.join(format!("Hearth-{couple}")).join(s.device().simple().to_string());
    let names = |s: &Side| -> Vec<String> {
        fs::read_dir(dir(s)).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect()
    };
    let (a_files, b_files) = (names(&a), names(&b));
    assert!(a_files.len() == 1 && a_files[0].starts_with('s'), "{a_files:?}");
    assert!(
        b_files.len() == 1 && b_files[0].starts_with('c'),
        "B wrote changes, not a snapshot: {b_files:?}"
    );
    let size = |s: &Side, n: &str| fs::metadata(dir(s).join(n)).unwrap().len();
    assert!(size(&b, &b_files[0]) < size(&a, &a_files[0]), "B's file is smaller than A's snapshot");
    settle(&mut a, &mut b);
    assert_same_list(&a, &b);
    assert_eq!(store::list(a.vault.conn()).unwrap().len(), 101);
}

/// A done item's photos are this vault's own: they stay when the partner's edit of
/// the item arrives (one item, or many at once, which are written with the
/// dirty-marking triggers set aside), and go when the partner's deletion arrives.
#[test]
fn a_memorys_photos_stay_through_the_partners_edits_and_go_with_its_deletion() {
    use hearth_core::photos::{self, Owner};
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let item = store::create(a.vault.conn(), &input("Lantern festival")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    store::mark_done(a.vault.conn(), item.id, day(3), "Warm night, paper lanterns.").unwrap();
    let id = item.id.to_string();
    photos::store::add(a.vault.conn_mut(), Owner::Memory(&id), &hearth_tests::pictures::png(64, 48, 1))
        .unwrap();
    let photos_of =
        |s: &Side| photos::store::list(s.vault.conn(), Owner::Memory(&id)).map(|p| p.len()).unwrap_or(0);
    assert_eq!(photos_of(&a), 1);
    settle(&mut a, &mut b);

    // B edits the item's notes and adds many ideas: A takes them in as one large arrival.
    let on_b = store::get(b.vault.conn(), item.id).unwrap().unwrap();
    let edit = ItemInput { notes: "Bring a jumper".into(), ..input(&on_b.title) };
    store::update(b.vault.conn(), item.id, &edit).unwrap();
    add_ideas(&b, "Idea", 80);
    settle(&mut a, &mut b);
    let on_a = store::get(a.vault.conn(), item.id).unwrap().unwrap();
    assert_eq!((on_a.notes.as_str(), on_a.status), ("Bring a jumper", bucket::Status::Done));
    assert_eq!(photos_of(&a), 1, "the partner's edit kept the memory's photo");

    // B deletes it, again among many changes: the photo goes with it on A.
    store::delete(b.vault.conn(), item.id).unwrap();
    add_ideas(&b, "More", 80);
    settle(&mut a, &mut b);
    assert!(store::get(a.vault.conn(), item.id).unwrap().unwrap().deleted_at.is_some());
    assert_eq!(photos::store::count(a.vault.conn()).unwrap(), 0, "the deletion took the photo");
}

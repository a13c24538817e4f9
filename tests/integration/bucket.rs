//! The bucket list against real SQLCipher vaults: storing, the date-night
//! rotation, and merging one partner's export into the other's vault.

use chrono::NaiveDate;
use hearth_core::bucket::export::{self, Format};
use hearth_core::bucket::{self, Interest, ItemInput, Person, Status, store};
use hearth_core::keyfile::KdfParams;
use hearth_core::{Vault, settings};
use hearth_tests::{PASSPHRASE, contains, snapshot_files};

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap()
}

fn input(title: &str) -> ItemInput {
    ItemInput { title: title.into(), ..bucket::vocabulary::new_item() }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
}

fn import(vault: &mut Vault, json: &str) -> bucket::merge::MergePreview {
    let file = export::read_json(json.as_bytes()).unwrap();
    bucket::store::import_apply(vault.conn_mut(), &file).unwrap()
}

#[test]
fn items_survive_reopening_and_are_not_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let canary = "bucket-canary-skinny-dipping-at-the-lake";
    let item = store::create(v.conn(), &ItemInput { notes: canary.into(), ..input("Lake swim") }).unwrap();
    store::plan(v.conn(), item.id, Some(day(20))).unwrap();
    v.close().unwrap();
    for (path, bytes) in snapshot_files(dir.path()) {
        assert!(!contains(&bytes, canary.as_bytes()), "{} holds the note in plain text", path.display());
    }
    let v = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let list = store::list(v.conn()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, Status::Planned);
    assert_eq!(list[0].planned_for, Some(day(20)));
    assert_eq!(list[0].notes, canary);
}

#[test]
fn marking_done_passes_the_turn_and_counts_progress() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    assert_eq!(store::turn(v.conn()).unwrap(), Person::Me);
    let a = store::create(v.conn(), &input("Concert")).unwrap();
    let b = store::create(v.conn(), &input("Picnic")).unwrap();
    store::mark_done(v.conn(), a.id, day(2), "We sang all the way home.").unwrap();
    assert_eq!(store::turn(v.conn()).unwrap(), Person::Partner);
    // Editing the memory is not another date night.
    store::mark_done(v.conn(), a.id, day(2), "We sang, loudly.").unwrap();
    assert_eq!(store::turn(v.conn()).unwrap(), Person::Partner);
    store::mark_done(v.conn(), b.id, day(9), "").unwrap();
    assert_eq!(store::turn(v.conn()).unwrap(), Person::Me);
    let p = store::progress(v.conn(), day(31)).unwrap();
    assert_eq!((p.done_this_year, p.done_total, p.planned, p.ideas), (2, 2, 0, 0));
    let next_year = store::progress(v.conn(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).unwrap();
    assert_eq!(next_year.done_this_year, 0);
}

#[test]
fn pick_for_us_only_picks_ideas_we_both_want() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    assert_eq!(store::pick_for_us(v.conn()).unwrap(), None);
    let only_me = store::create(v.conn(), &input("Only I want this")).unwrap();
    let both = store::create(v.conn(), &input("We both want this")).unwrap();
    store::set_interest(v.conn(), both.id, Person::Partner, Interest::Yes).unwrap();
    let planned = store::create(v.conn(), &input("Already planned")).unwrap();
    store::set_interest(v.conn(), planned.id, Person::Partner, Interest::Yes).unwrap();
    store::plan(v.conn(), planned.id, Some(day(3))).unwrap();
    for _ in 0..20 {
        assert_eq!(store::pick_for_us(v.conn()).unwrap().unwrap().id, both.id);
    }
    let _ = only_me;
}

#[test]
fn partner_export_merges_with_roles_swapped_and_twice_changes_nothing() {
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ana = vault(dir_a.path());
    let mut sam = vault(dir_b.path());
    settings::set_names(ana.conn(), "Ana", "Sam").unwrap();
    settings::set_names(sam.conn(), "Sam", "Ana").unwrap();

    // Sam suggests a hike and says yes; Ana hasn't been asked.
    let hike = store::create(sam.conn(), &input("Hike the ridge")).unwrap();
    let doomed = store::create(sam.conn(), &input("Escape room")).unwrap();
    // Both add the same starter idea: it is one item after merging.
    store::add_starters(sam.conn(), &["day-hike".into()]).unwrap();
    store::add_starters(ana.conn(), &["day-hike".into()]).unwrap();
    let ana_own = store::create(ana.conn(), &input("Pottery class")).unwrap();

    let from_sam =
        bucket::store::export_from(sam.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    let file = export::read_json(from_sam.as_bytes()).unwrap();
    let preview = bucket::store::import_plan(ana.conn(), &file).unwrap().preview();
    assert_eq!(preview.new, vec!["Escape room".to_string(), "Hike the ridge".to_string()]);
    assert!(preview.updated.len() + preview.unchanged == 1, "the shared starter idea: {preview:?}");
    let before_apply = store::list(ana.conn()).unwrap().len();
    assert_eq!(before_apply, 2, "a preview writes nothing");

    import(&mut ana, &from_sam);
    let got = store::get(ana.conn(), hike.id).unwrap().unwrap();
    assert_eq!(got.suggested_by, Some(Person::Partner), "Sam's 'me' is Ana's 'partner'");
    assert_eq!((got.interest_me, got.interest_partner), (Interest::NotAsked, Interest::Yes));
    assert_eq!(store::list(ana.conn()).unwrap().len(), 4);

    // The same file again: nothing at all changes.
    let again = bucket::store::import_plan(ana.conn(), &file).unwrap();
    assert!(again.is_empty(), "{again:?}");
    let before = store::all_with_tombstones(ana.conn()).unwrap();
    import(&mut ana, &from_sam);
    assert_eq!(store::all_with_tombstones(ana.conn()).unwrap(), before);

    // Sam deletes one and edits another later; Ana answers about the hike.
    // Each a moment after the last change (the clock is this test's own).
    hearth_core::time::test_clock::advance(5);
    store::delete(sam.conn(), doomed.id).unwrap();
    hearth_core::time::test_clock::advance(5);
    store::set_interest(ana.conn(), hike.id, Person::Me, Interest::Yes).unwrap();
    let from_sam =
        bucket::store::export_from(sam.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    let preview = bucket::store::import_plan(ana.conn(), &export::read_json(from_sam.as_bytes()).unwrap())
        .unwrap()
        .preview();
    assert_eq!(preview.removed, vec!["Escape room".to_string()]);
    assert!(preview.updated.is_empty(), "Ana's later answer about the hike wins: {preview:?}");
    import(&mut ana, &from_sam);
    assert!(store::get(ana.conn(), doomed.id).unwrap().unwrap().is_deleted());
    assert!(store::get(ana.conn(), hike.id).unwrap().unwrap().both_want());

    // And back: Sam imports Ana's file and sees Ana's answer as his partner's.
    let from_ana =
        bucket::store::export_from(ana.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    import(&mut sam, &from_ana);
    let at_sam = store::get(sam.conn(), hike.id).unwrap().unwrap();
    assert_eq!(at_sam.suggested_by, Some(Person::Me));
    assert!(at_sam.both_want());
    assert!(store::list(sam.conn()).unwrap().iter().any(|i| i.id == ana_own.id));
    // Both vaults now hold the same list, each from its own side.
    let swap = |v: Vec<bucket::BucketItem>| v.iter().map(|i| i.seen_from_other_side()).collect::<Vec<_>>();
    assert_eq!(
        swap(store::all_with_tombstones(ana.conn()).unwrap()),
        store::all_with_tombstones(sam.conn()).unwrap()
    );
}

#[test]
fn own_backup_keeps_roles_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let item = store::create(v.conn(), &input("Stargazing")).unwrap();
    let backup = bucket::store::export_from(v.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    store::delete(v.conn(), item.id).unwrap();
    // Our own file doesn't bring it back (the deletion is newer) nor swap roles.
    assert!(import(&mut v, &backup).new.is_empty());

    let before = store::all_with_tombstones(v.conn()).unwrap();
    let mut hostile: serde_json::Value = serde_json::from_str(&backup).unwrap();
    hostile["items"][0]["status"] = "teleported".into();
    let err = export::read_json(&serde_json::to_vec(&hostile).unwrap()).unwrap_err();
    assert!(err.to_string().contains("nothing was imported"), "{err}");
    assert_eq!(store::all_with_tombstones(v.conn()).unwrap(), before);
}

#[test]
fn every_export_format_reads_from_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let item = store::create(v.conn(), &input("=cmd|'/C calc'!A0")).unwrap();
    store::plan(v.conn(), item.id, Some(day(14))).unwrap();
    let now = hearth_core::time::now();
    let md = bucket::store::export_from(v.conn(), Format::Markdown, false, now).unwrap();
    assert!(md.contains("- [ ] =cmd"), "{md}");
    let csv = bucket::store::export_from(v.conn(), Format::Csv, false, now).unwrap();
    assert!(csv.contains("'=cmd"), "{csv}");
    let ics = bucket::store::export_from(v.conn(), Format::Ics, true, now).unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20260514"), "{ics}");
    let html = bucket::store::export_from(v.conn(), Format::Html, false, now).unwrap();
    assert!(html.contains("=cmd|&#39;/C calc&#39;!A0"));
}

/// `json` (a bucket-list export) with the times of item `id` set to `at`, as a
/// computer whose clock ran far ahead would have written them: all of them for an
/// item made there, the edit (and deletion) time for one edited there.
fn stamped(json: &str, id: impl std::fmt::Display, at: &str, made_there: bool) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    let item = v["items"].as_array_mut().unwrap().iter_mut().find(|i| i["id"] == id.to_string()).unwrap();
    item["updated_at"] = at.into();
    if made_there {
        item["created_at"] = at.into();
    }
    if !item["deleted_at"].is_null() {
        item["deleted_at"] = at.into();
    }
    serde_json::to_string(&v).unwrap()
}

#[test]
fn a_partners_clock_far_ahead_freezes_nothing() {
    use hearth_core::time::{self, test_clock};
    const LAST_DAY: &str = "9999-12-31T00:00:00.000Z";
    test_clock::set(time::parse("2026-05-01T12:00:00Z").unwrap());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ana = vault(dir_a.path());
    let sam = vault(dir_b.path());
    let export = |v: &Vault| bucket::store::export_from(v.conn(), Format::Json, false, time::now()).unwrap();

    // Ana's item, which Sam has too.
    let shared = store::create(ana.conn(), &input("Cook for friends")).unwrap();
    let from_ana = export(&ana);
    let mut sam = sam;
    import(&mut sam, &from_ana);

    // Sam's computer thinks it is the last day of 9999: he adds an idea, edits the
    // shared one, and later deletes it.
    test_clock::advance(60_000);
    let balloon = store::create(sam.conn(), &input("Balloon ride")).unwrap();
    store::update(sam.conn(), shared.id, &input("Cook for Sam's friends")).unwrap();
    let from_sam = stamped(&export(&sam), balloon.id, LAST_DAY, true);
    let edited = stamped(&from_sam, shared.id, LAST_DAY, false);

    // The new idea comes in, brought back to now; the far-future edit does not beat
    // Ana's own version, however often the file is imported.
    test_clock::advance(60_000);
    let file = export::read_json(edited.as_bytes()).unwrap();
    let preview = bucket::store::import_plan(ana.conn(), &file).unwrap().preview();
    assert_eq!(preview.new, vec!["Balloon ride".to_string()]);
    assert!(preview.updated.is_empty(), "{preview:?}");
    import(&mut ana, &edited);
    let got = store::get(ana.conn(), balloon.id).unwrap().unwrap();
    assert_eq!((got.created_at, got.updated_at), (time::now(), time::now()), "brought back to now");
    assert_eq!(store::get(ana.conn(), shared.id).unwrap().unwrap().title, "Cook for friends");

    // Ana can plan, edit, mark done and delete it.
    test_clock::advance(1_000);
    store::plan(ana.conn(), balloon.id, Some(day(20))).unwrap();
    store::update(ana.conn(), balloon.id, &input("Balloon ride at dawn")).unwrap();
    store::mark_done(ana.conn(), balloon.id, day(21), "Cold, and worth it.").unwrap();
    // Her honest edit of the shared item stands against the same file again.
    store::update(ana.conn(), shared.id, &input("Cook for Ana's friends")).unwrap();
    test_clock::advance(1_000);
    import(&mut ana, &edited);
    assert_eq!(store::get(ana.conn(), shared.id).unwrap().unwrap().title, "Cook for Ana's friends");
    assert_eq!(store::get(ana.conn(), balloon.id).unwrap().unwrap().title, "Balloon ride at dawn");
    store::delete(ana.conn(), balloon.id).unwrap();

    // A far-future deletion does not delete the shared item, now or later.
    store::delete(sam.conn(), shared.id).unwrap();
    let tombstone = stamped(&export(&sam), shared.id, LAST_DAY, false);
    let preview =
        bucket::store::import_plan(ana.conn(), &export::read_json(tombstone.as_bytes()).unwrap()).unwrap();
    assert!(preview.preview().removed.is_empty(), "{:?}", preview.preview());
    import(&mut ana, &tombstone);
    let kept = store::get(ana.conn(), shared.id).unwrap().unwrap();
    assert!(!kept.is_deleted());
    test_clock::advance(1_000);
    store::plan(ana.conn(), shared.id, Some(day(25))).unwrap();

    // An item stored with the last day of 9999 before this rule (as an import used
    // to store it) can still be planned, edited, marked done and deleted.
    let mut old = store::create(ana.conn(), &input("Stargazing")).unwrap();
    old.created_at = time::parse(LAST_DAY).unwrap();
    old.updated_at = old.created_at;
    store::upsert(ana.conn(), &old).unwrap();
    store::plan(ana.conn(), old.id, Some(day(26))).unwrap();
    let edited = store::update(ana.conn(), old.id, &input("Stargazing on the hill")).unwrap();
    assert!(edited.updated_at < time::now() + 10 && edited.created_at <= edited.updated_at, "{edited:?}");
    store::mark_done(ana.conn(), old.id, day(27), "").unwrap();
    store::delete(ana.conn(), old.id).unwrap();
    test_clock::reset();
}

/// Saving an item that exists updates its row in place: a delete and insert
/// (`INSERT OR REPLACE`) would take with it, by `ON DELETE CASCADE`, whatever
/// other tables hold for the item (a done item's photos, say).
#[test]
fn saving_an_item_again_keeps_what_other_tables_hold_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    v.conn()
        .execute_batch(
            "CREATE TABLE test_children (item TEXT NOT NULL REFERENCES bucket_items (id) ON DELETE CASCADE)",
        )
        .unwrap();
    let mut item = store::create(v.conn(), &input("Ferry to the islands")).unwrap();
    v.conn().execute("INSERT INTO test_children (item) VALUES (?1)", [item.id.to_string()]).unwrap();
    item.title = "Ferry to the far islands".into();
    item.updated_at += 1;
    store::upsert(v.conn(), &item).unwrap();
    let children: i64 = v.conn().query_row("SELECT count(*) FROM test_children", [], |r| r.get(0)).unwrap();
    assert_eq!(children, 1, "the item's row was replaced, not updated");
    assert_eq!(store::get(v.conn(), item.id).unwrap().unwrap().title, "Ferry to the far islands");
}

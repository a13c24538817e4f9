//! The self-check against real vaults: checks kept, a draft that survives closing
//! the vault, sharing with a partner, and refused files leaving no trace.

use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck::scoring::{Answer, Answers};
use hearth_core::selfcheck::share::{self, ShareFile};
use hearth_core::selfcheck::{bank, store};
use hearth_tests::{PASSPHRASE, contains, snapshot_files};

fn answers(now: u8, wish: u8) -> Answers {
    bank::latest().items().map(|(_, i)| (i.id.clone(), Answer::new(now, wish))).collect()
}

#[test]
fn completed_checks_are_kept_in_order_and_stay_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let first = store::complete(vault.conn_mut(), &answers(1, 4), &["lonely".into()]).unwrap();
    let second = store::complete(vault.conn_mut(), &answers(3, 4), &[]).unwrap();
    assert!(first.insights().suggest_support);
    vault.close().unwrap();

    for file in snapshot_files(dir.path()).values() {
        assert!(!contains(file, b"emo2-1") && !contains(file, b"lonely"), "nothing readable on disk");
    }
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let history = store::history(vault.conn()).unwrap();
    assert_eq!(history, vec![first.clone(), second]);
    assert_eq!(store::get(vault.conn(), &first.id).unwrap().unwrap().bank_version, bank::LATEST_VERSION);
}

#[test]
fn a_draft_survives_closing_and_reopening_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let mut partial = Answers::new();
    partial.insert("emo2-1".into(), Answer::new(3, 4));
    partial.insert("emo2-2".into(), Answer { now: Some(1), ..Answer::default() });
    store::save_draft(vault.conn(), 1, &partial, &["conflict".into()]).unwrap();
    vault.close().unwrap(); // lock

    let mut vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let draft = store::draft(vault.conn()).unwrap().expect("the draft is still there");
    assert_eq!(
        (draft.position, draft.answers, draft.warning_signs),
        (1, partial, vec!["conflict".to_string()])
    );
    store::complete(vault.conn_mut(), &answers(2, 3), &[]).unwrap();
    assert_eq!(store::draft(vault.conn()).unwrap(), None, "finishing clears the draft");
}

#[test]
fn export_then_import_as_the_partner_and_compare() {
    let me = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(me.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let mine = store::complete(vault.conn_mut(), &answers(2, 4), &["lonely".into()]).unwrap();
    let file = ShareFile::from_check(&mine, "Ana", false).unwrap().to_json();
    assert!(!file.contains("lonely") && !file.contains("emo2-1"), "scores only: {file}");
    vault.close().unwrap();

    let partner = tempfile::tempdir().unwrap();
    let mut theirs = Vault::create(partner.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let own = store::complete(theirs.conn_mut(), &answers(4, 4), &[]).unwrap();
    let imported = store::save_partner(theirs.conn(), &ShareFile::parse(file.as_bytes()).unwrap()).unwrap();
    assert_eq!((imported.display_name.as_str(), imported.answers.is_none()), ("Ana", true));
    assert_eq!(imported.scores, mine.scores);
    // The same file twice is kept once.
    let again = store::save_partner(theirs.conn(), &ShareFile::parse(file.as_bytes()).unwrap()).unwrap();
    assert_eq!(again.id, imported.id);
    assert_eq!(store::partner_results(theirs.conn()).unwrap().len(), 1);

    let rows = share::compare(&own.scores, &imported.scores);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().any(|r| r.worth_talking));
}

#[test]
fn a_refused_partner_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    vault.close().unwrap();
    let before = snapshot_files(dir.path());
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    for bad in
        [&b"{\"format\":\"hearth-selfcheck-share\",\"version\":7}"[..], b"not even json", &[0u8; 70_000][..]]
    {
        let err = ShareFile::parse(bad).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
    }
    assert!(store::partner_results(vault.conn()).unwrap().is_empty());
    vault.close().unwrap();
    let after = snapshot_files(dir.path());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
}

/// Someone who doesn't feel safe: the kept check says so (for the results to lead
/// with the safety note), and nothing of it can leave in a share file, answers
/// included or not.
#[test]
fn safety_answers_lead_to_the_safety_note_and_never_travel() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let mut a = answers(3, 3);
    for item in bank::latest().safety.as_ref().unwrap().items.iter() {
        a.insert(item.id.clone(), Answer { now: Some(1), ..Answer::default() });
    }
    let check = store::complete(vault.conn_mut(), &a, &[]).unwrap();
    vault.close().unwrap();
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let kept = store::get(vault.conn(), &check.id).unwrap().unwrap();
    assert!(kept.insights().safety);
    for include_answers in [false, true] {
        let file = ShareFile::from_check(&kept, "Ana", include_answers).unwrap().to_json();
        assert!(!file.contains("safe-"), "{file}");
    }
}

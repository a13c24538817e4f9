//! The self-check against real vaults: checks kept, a draft that survives closing
//! the vault, sharing with a partner, and refused files leaving no trace.

use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck::scoring::{Answer, Answers};
use hearth_core::selfcheck::share::{self, ShareFile};
use hearth_core::selfcheck::{bank, store};
use hearth_core::settings::MAX_NAME_CHARS;
use hearth_tests::{PASSPHRASE, contains, dump_tables, every_answer as answers, snapshot_files};

#[test]
fn completed_checks_are_kept_in_order_and_stay_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
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
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
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
    let mut vault = Vault::create(me.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    let mine = store::complete(vault.conn_mut(), &answers(2, 4), &["lonely".into()]).unwrap();
    let file = ShareFile::from_check(&mine, "Ana", false).unwrap().to_json();
    assert!(!file.contains("lonely") && !file.contains("emo2-1"), "scores only: {file}");
    vault.close().unwrap();

    let partner = tempfile::tempdir().unwrap();
    let mut theirs = Vault::create(partner.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    let own = store::complete(theirs.conn_mut(), &answers(4, 4), &[]).unwrap();
    let imported = store::save_partner(theirs.conn(), &ShareFile::parse(file.as_bytes()).unwrap()).unwrap();
    assert_eq!((imported.display_name.as_str(), imported.answers.is_none()), ("Ana", true));
    assert_eq!(imported.scores, mine.scores);
    // The same file twice is kept once.
    let again = store::save_partner(theirs.conn(), &ShareFile::parse(file.as_bytes()).unwrap()).unwrap();
    assert_eq!(again.id, imported.id);
    assert_eq!(store::partner_results(theirs.conn()).unwrap().len(), 1);

    let rows = hearth_core::selfcheck::compare::compare(&own.scores, &imported.scores);
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().any(|r| r.worth_talking));
}

/// What the shell's "open my partner's results" does with the bytes of a file:
/// read and check it whole, then keep it.
fn import_partner(
    conn: &rusqlite::Connection,
    bytes: &[u8],
) -> hearth_core::Result<hearth_core::selfcheck::PartnerResult> {
    store::save_partner(conn, &ShareFile::parse(bytes)?)
}

/// A genuine share file, as JSON, for `name`.
fn share_json(vault: &mut Vault, name: &str) -> serde_json::Value {
    let check = store::complete(vault.conn_mut(), &answers(2, 3), &[]).unwrap();
    serde_json::from_str(&ShareFile::from_check(&check, name, true).unwrap().to_json()).unwrap()
}

#[test]
fn a_refused_partner_file_writes_nothing() {
    // A vault with something in every part of the self-check: two checks of our
    // own, a draft under way, and a partner's results imported earlier.
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    store::complete(vault.conn_mut(), &answers(1, 4), &["lonely".into()]).unwrap();
    let genuine = share_json(&mut vault, "Sam");
    import_partner(vault.conn(), genuine.to_string().as_bytes()).unwrap();
    let mut draft = Answers::new();
    draft.insert("emo2-1".into(), Answer { now: Some(3), ..Answer::default() });
    store::save_draft(vault.conn(), 0, &draft, &[]).unwrap();
    vault.close().unwrap();

    // Partner files refused for every reason a file can be: each is the genuine
    // file above (the partner "Mo") with one thing wrong.
    let mo = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut file = genuine.clone();
        file["display_name"] = "Mo".into();
        change(&mut file);
        file.to_string().into_bytes()
    };
    let area = genuine["scores"].as_object().unwrap().keys().next().unwrap().clone();
    let question = genuine["answers"].as_object().unwrap().keys().next().unwrap().clone();
    let mut padded = mo(&|_| {});
    padded.extend(std::iter::repeat_n(b' ', share::MAX_BYTES));
    let refused: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"not even json".to_vec()),
        ("empty", Vec::new()),
        ("too large, though genuine inside", padded),
        ("another Hearth format", br#"{"format":"hearth-bucket-list","version":1,"items":[]}"#.to_vec()),
        ("a newer version", mo(&|f| f["version"] = 7.into())),
        ("newer questions", mo(&|f| f["bank_version"] = 99.into())),
        ("a score above 100", mo(&|f| f["scores"][&area]["now"] = 101.into())),
        ("no scores at all", mo(&|f| f["scores"] = serde_json::json!({}))),
        ("an unknown area", mo(&|f| f["scores"]["wealth"] = serde_json::json!({"now": 1, "wish": 2}))),
        ("a control character in the name", mo(&|f| f["display_name"] = "Mo\u{7}".into())),
        ("a name too long", mo(&|f| f["display_name"] = "M".repeat(MAX_NAME_CHARS + 1).into())),
        ("an empty name", mo(&|f| f["display_name"] = "".into())),
        ("an impossible date", mo(&|f| f["taken_at"] = "1970-01-01T00:00:00Z".into())),
        ("an unreadable date", mo(&|f| f["taken_at"] = "last Tuesday".into())),
        (
            "answers to questions that don't exist",
            mo(&|f| f["answers"]["no-such-question"] = f["answers"][&question].clone()),
        ),
        ("an answer off the scale", mo(&|f| f["answers"][&question]["now"] = 9.into())),
        ("a field Hearth doesn't know", mo(&|f| f["journal"] = "our whole journal".into())),
    ];

    let before_files = snapshot_files(dir.path());
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let before = dump_tables(vault.conn());
    assert_eq!(before["selfcheck_partner_results"].len(), 1, "the vault holds what was stored");
    assert_eq!(before["selfcheck_results"].len(), 2);
    assert_eq!(before["selfcheck_draft"].len(), 1);
    for (why, bytes) in &refused {
        let err = import_partner(vault.conn(), bytes).expect_err(why);
        assert_eq!(err.kind(), "invalid_input", "{why}: {err}");
        assert!(err.to_string().contains("Nothing was imported"), "{why}: {err}");
        assert_eq!(dump_tables(vault.conn()), before, "{why}: the vault changed");
    }
    vault.close().unwrap();
    assert_eq!(snapshot_files(dir.path()), before_files, "no byte of any vault file changed");

    // The same comparison sees a file that is accepted: Mo's genuine file.
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    import_partner(vault.conn(), &mo(&|_| {})).unwrap();
    let after = dump_tables(vault.conn());
    assert_eq!(after["selfcheck_partner_results"].len(), 2);
    assert_ne!(after, before);
    vault.close().unwrap();
}

/// Someone who doesn't feel safe: the kept check says so (for the results to lead
/// with the safety note), and nothing of it can leave in a share file, answers
/// included or not.
#[test]
fn safety_answers_lead_to_the_safety_note_and_never_travel() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
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

//! Together against real SQLCipher vaults: answers kept per role across locking,
//! hidden until both are in (in every command's view, the search and the export),
//! nothing in plain text on disk, refused input writing nothing, and the shared
//! records shaped for the shared space (UUID ids, roles, no journal rows).

use hearth_core::keyfile::KdfParams;
use hearth_core::together::export::{self as tx};
use hearth_core::together::{CheckInAnswers, Person, store, week};
use hearth_core::{Vault, settings, time};
use hearth_tests::{PASSPHRASE, contains, dump_tables, snapshot_files};

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap()
}

#[test]
fn an_answer_survives_locking_stays_hidden_and_is_never_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    settings::set_names(v.conn(), "Ana", "Sam").unwrap();
    let canary = "together-canary-the-night-on-the-ferry";
    let asked = store::ask(v.conn(), "memories-002").unwrap();
    store::answer(v.conn(), asked.id, Person::Me, canary).unwrap();
    v.close().unwrap();
    for (path, bytes) in snapshot_files(dir.path()) {
        assert!(!contains(&bytes, canary.as_bytes()), "{} holds the answer in plain text", path.display());
    }

    let v = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let got = store::get(v.conn(), asked.id).unwrap().unwrap();
    let view = store::view(v.conn(), &got).unwrap();
    assert!(view.me.answered && view.me.text.is_none() && !view.revealed, "hidden after reopening");
    assert!(store::search(v.conn(), "ferry").unwrap().is_empty());
    let file = tx::gather(v.conn(), time::now()).unwrap();
    assert!(!tx::json(&file).contains(canary) && !tx::markdown(&file).contains(canary));

    store::answer(v.conn(), asked.id, Person::Partner, "The lighthouse").unwrap();
    let view = store::view(v.conn(), &store::get(v.conn(), asked.id).unwrap().unwrap()).unwrap();
    assert_eq!(view.me.text.as_deref(), Some(canary));
    assert_eq!(view.partner.text.as_deref(), Some("The lighthouse"));
    let file = tx::gather(v.conn(), time::now()).unwrap();
    assert!(tx::markdown(&file).contains("**Sam:** The lighthouse"));
    v.close().unwrap();
}

#[test]
fn refused_input_changes_nothing_in_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let asked = store::ask(v.conn(), "fun-003").unwrap();
    store::answer(v.conn(), asked.id, Person::Me, "Juggling spoons").unwrap();
    let before = dump_tables(v.conn());
    let long = "x".repeat(hearth_core::together::MAX_TEXT_CHARS + 1);
    let bad_checkin: CheckInAnswers = [("nope".to_string(), "hi".to_string())].into();
    let errors = [
        store::answer(v.conn(), asked.id, Person::Me, "A second go").unwrap_err(),
        store::answer(v.conn(), asked.id, Person::Partner, "").unwrap_err(),
        store::answer(v.conn(), asked.id, Person::Partner, &long).unwrap_err(),
        store::ask(v.conn(), "spicy-002").unwrap_err(),
        store::add_note(v.conn(), Person::Me, " \n ").unwrap_err(),
        store::set_care(v.conn(), Person::Me, "words", "very", "").unwrap_err(),
        store::checkin_save(v.conn(), time::today(), Person::Me, &bad_checkin).unwrap_err(),
        store::set_favourite(v.conn(), "no-such-question", true).unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(e.kind(), "invalid_input", "{e}");
        assert!(!e.to_string().contains("Juggling"), "no one's words in a message: {e}");
    }
    assert_eq!(dump_tables(v.conn()), before, "nothing changed");
    v.close().unwrap();
}

#[test]
fn shared_records_have_uuids_and_roles_and_nothing_goes_to_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault(dir.path());
    let journal_tables = |v: &Vault| {
        let mut t = dump_tables(v.conn());
        t.retain(|name, _| name.starts_with("journal"));
        t
    };
    let journal_before = journal_tables(&v);
    assert!(!journal_before.is_empty(), "the journal's tables are there to compare");
    let asked = store::ask(v.conn(), "dreams-001").unwrap();
    store::answer(v.conn(), asked.id, Person::Partner, "A house with a porch").unwrap();
    let note = store::add_note(v.conn(), Person::Partner, "I noticed the fresh bread.").unwrap();
    let mine: CheckInAnswers = [("talk-about".to_string(), "Holidays".to_string())].into();
    store::checkin_save(v.conn(), time::today(), Person::Me, &mine).unwrap();
    store::set_care(v.conn(), Person::Partner, "time", "a_lot", "").unwrap();
    assert_eq!(asked.id.get_version_num(), 4);
    assert_eq!(note.id.get_version_num(), 4);
    assert_eq!(journal_tables(&v), journal_before, "Together never writes to the journal");
    let author: String = v.conn().query_row("SELECT author FROM together_notes", [], |r| r.get(0)).unwrap();
    assert_eq!(author, "partner");
    let week: String = v.conn().query_row("SELECT week FROM together_checkins", [], |r| r.get(0)).unwrap();
    assert_eq!(week, week::week_of(time::today()));
    v.close().unwrap();
}

//! Together through the shared space, between real vaults and a real folder
//! (helpers from `shared.rs`): a question answered on each side reveals on both
//! with each side's roles, and no words of an answer reach the partner's vault
//! before they have answered; notes, check-ins and care profiles arrive as the
//! partner's; a question asked on both at once is one record; what was there
//! before pairing goes in at pairing; unpairing keeps it all.

use hearth_core::shared::store as shared;
use hearth_core::together::{CheckInAnswers, Person, store, week};
use hearth_core::{settings, time};
use hearth_tests::{contains, dump_tables};

use super::shared::{Side, pair, settle, shared_folder, side};

/// Whether any table of the vault (the shared document's bytes included) holds `words`.
fn vault_holds(s: &Side, words: &str) -> bool {
    use rusqlite::types::Value;
    dump_tables(s.vault.conn()).values().flatten().flatten().any(|v| match v {
        Value::Text(t) => t.contains(words),
        Value::Blob(b) => contains(b, words.as_bytes()),
        _ => false,
    })
}

fn answers(text: &str) -> CheckInAnswers {
    [("went-well".to_string(), text.to_string())].into()
}

/// Two vaults, Ana's and Sam's, paired through a temp folder.
fn paired() -> (tempfile::TempDir, Side, Side) {
    let (t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    settings::set_names(a.vault.conn(), "Ana", "Sam").unwrap();
    settings::set_names(b.vault.conn(), "Sam", "Ana").unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    (t, a, b)
}

#[test]
fn a_question_answered_on_each_side_reveals_on_both_with_each_sides_roles() {
    let (_t, mut a, mut b) = paired();
    let asked = store::ask(a.vault.conn(), "memories-002").unwrap();
    store::answer(a.vault.conn(), asked.id, Person::Me, "The night on the ferry").unwrap();
    a.sync();
    let r = b.sync();
    assert_eq!(r.received.answered, 1, "{r:?}");
    let said = shared::status(b.vault.conn()).unwrap().unwrap().last_received.unwrap();
    assert_eq!(said, "Ana answered a question.");
    assert!(!said.contains("ferry"), "news never carries an answer's words");

    // On Sam's side the question is there, Ana's answer in, and her words not
    // even in his vault: they travel once he has answered.
    let on_b = store::get(b.vault.conn(), asked.id).unwrap().expect("the question reached Sam");
    assert!(on_b.partner_pending && on_b.answer_partner.is_none());
    let v = store::view(b.vault.conn(), &on_b).unwrap();
    assert!(v.partner.answered && !v.me.answered && !v.revealed);
    assert_eq!((v.me.text, v.partner.text), (None, None), "before Sam answers, nothing of Ana's shows");
    assert!(!vault_holds(&b, "ferry"), "Ana's words are nowhere in Sam's vault");
    let doc = b.session.as_mut().unwrap().space().asked(asked.id).unwrap().unwrap();
    assert_eq!(doc.answer_partner, None, "nor in the shared document");
    assert!(store::search(b.vault.conn(), "ferry").unwrap().is_empty());
    assert!(vault_holds(&a, "ferry"), "the check above can see words where they are");

    // Sam answers on his own Hearth: his words go with his mark, Ana's come back.
    let on_b = store::answer(b.vault.conn(), asked.id, Person::Me, "Your <b>green</b> scarf").unwrap();
    let v = store::view(b.vault.conn(), &on_b).unwrap();
    assert!(v.me.answered && v.partner.answered && !v.revealed, "Ana's words are on their way");
    settle(&mut a, &mut b);
    for (s, mine, theirs) in [
        (&a, "The night on the ferry", "Your <b>green</b> scarf"),
        (&b, "Your <b>green</b> scarf", "The night on the ferry"),
    ] {
        let v = store::view(s.vault.conn(), &store::get(s.vault.conn(), asked.id).unwrap().unwrap()).unwrap();
        assert!(v.revealed);
        assert_eq!(v.me.text.as_deref(), Some(mine));
        assert_eq!(v.partner.text.as_deref(), Some(theirs));
    }
    assert_eq!(store::history(a.vault.conn()).unwrap().len(), 1);
    assert_eq!(store::history(b.vault.conn()).unwrap().len(), 1);
}

#[test]
fn while_paired_each_answers_on_their_own_hearth() {
    let (_t, a, _b) = paired();
    let asked = store::ask(a.vault.conn(), "now-001").unwrap();
    let err = store::answer(a.vault.conn(), asked.id, Person::Partner, "typed for Sam").unwrap_err();
    assert_eq!(err.kind(), "invalid_input");
    assert!(err.to_string().contains("their own Hearth"), "{err}");
    assert!(!store::get(a.vault.conn(), asked.id).unwrap().unwrap().answer_partner.is_some());
    let today = time::today();
    assert!(store::checkin_save(a.vault.conn(), today, Person::Partner, &answers("x")).is_err());
    assert!(store::add_note(a.vault.conn(), Person::Partner, "I noticed…").is_err());
    assert!(store::set_care(a.vault.conn(), Person::Partner, "words", "a_lot", "").is_err());
}

#[test]
fn a_note_written_on_one_side_lands_in_the_others_jar_from_the_right_person() {
    let (_t, mut a, mut b) = paired();
    store::add_note(a.vault.conn(), Person::Me, "I noticed you <i>warmed</i> the car.").unwrap();
    store::set_favourite(a.vault.conn(), "fun-002", true).unwrap();
    a.sync();
    let r = b.sync();
    assert_eq!(r.received.notes, 1);
    assert_eq!(r.received.sentence("Ana").unwrap(), "Ana put a note in the jar.");
    let jar = store::notes(b.vault.conn()).unwrap();
    assert_eq!(jar.len(), 1);
    assert_eq!(jar[0].author, Person::Partner);
    assert_eq!(jar[0].text, "I noticed you <i>warmed</i> the car.");
    // Sam's reply goes back as his.
    store::add_note(b.vault.conn(), Person::Me, "I noticed the tea.").unwrap();
    settle(&mut a, &mut b);
    let jar = store::notes(a.vault.conn()).unwrap();
    assert_eq!(jar.len(), 2);
    assert!(jar.iter().any(|n| n.author == Person::Partner && n.text == "I noticed the tea."));
    assert!(jar.iter().any(|n| n.author == Person::Me && n.text.contains("warmed")));
    // Favourites are each person's own: they never travel.
    assert!(store::favourites(b.vault.conn()).unwrap().is_empty());
}

#[test]
fn the_checkin_done_on_both_sides_shows_done_on_both() {
    let (_t, mut a, mut b) = paired();
    let today = time::today();
    store::checkin_save(a.vault.conn(), today, Person::Me, &answers("Our Sunday walk")).unwrap();
    a.sync();
    let r = b.sync();
    assert_eq!(r.received.checkins, 1);
    let this_week = week::week_of(today);
    let half = store::checkin(b.vault.conn(), &this_week).unwrap().view();
    assert!(half.partner_done && !half.me_done && !half.done);
    assert_eq!((half.answers_me, half.answers_partner), (None, None), "hidden until Sam's is in");
    assert!(!vault_holds(&b, "Sunday walk"), "Ana's words wait on her side until Sam's is in");
    store::checkin_save(b.vault.conn(), today, Person::Me, &answers("Cooking together")).unwrap();
    settle(&mut a, &mut b);
    for (s, mine, theirs) in
        [(&a, "Our Sunday walk", "Cooking together"), (&b, "Cooking together", "Our Sunday walk")]
    {
        let v = store::checkin(s.vault.conn(), &this_week).unwrap().view();
        assert!(v.done);
        assert_eq!(v.answers_me.unwrap()["went-well"], mine);
        assert_eq!(v.answers_partner.unwrap()["went-well"], theirs);
        assert_eq!(store::streak(s.vault.conn(), today).unwrap().weeks_done, 1);
    }
}

#[test]
fn the_same_question_asked_on_both_sides_at_once_is_one_record_on_both() {
    let (t, mut a, mut b) = paired();
    // The folder is away, so neither hears of the other's asking.
    let root = t.path().join("Sync");
    let away = t.path().join("away");
    std::fs::rename(&root, &away).unwrap();
    let on_a = store::ask(a.vault.conn(), "dreams-003").unwrap();
    let on_b = store::ask(b.vault.conn(), "dreams-003").unwrap();
    assert_eq!(on_a.id, on_b.id, "a paired asking has the same id on both sides");
    store::answer(a.vault.conn(), on_a.id, Person::Me, "A house by the sea").unwrap();
    store::answer(b.vault.conn(), on_b.id, Person::Me, "A year abroad").unwrap();
    a.sync();
    b.sync();
    std::fs::rename(&away, &root).unwrap();
    settle(&mut a, &mut b);
    for s in [&a, &b] {
        let h = store::history(s.vault.conn()).unwrap();
        assert_eq!(h.len(), 1, "one record, not two half-answered ones");
        assert!(h[0].revealed);
    }
    let ha = &store::history(a.vault.conn()).unwrap()[0];
    let hb = &store::history(b.vault.conn()).unwrap()[0];
    assert_eq!(ha.asked_at, hb.asked_at, "one asking time on both");
    assert_eq!(ha.me.text, hb.partner.text);
    assert_eq!(ha.partner.text.as_deref(), Some("A year abroad"));
    // Asking it again later is a new record, again the same on both sides.
    let again_a = store::ask(a.vault.conn(), "dreams-003").unwrap();
    let again_b = store::ask(b.vault.conn(), "dreams-003").unwrap();
    assert_ne!(again_a.id, on_a.id);
    assert_eq!(again_a.id, again_b.id);
}

#[test]
fn what_was_there_before_pairing_goes_in_at_pairing_pass_the_laptop_answers_as_they_are() {
    let (_t, root) = shared_folder();
    let (mut a, mut b) = (side(), side());
    let conn = a.vault.conn();
    let asked = store::ask(conn, "fun-001").unwrap();
    store::answer(conn, asked.id, Person::Me, "Ana's, typed on Ana's laptop").unwrap();
    store::answer(conn, asked.id, Person::Partner, "Sam's, typed on Ana's laptop").unwrap();
    store::add_note(conn, Person::Partner, "From Sam, written on Ana's laptop").unwrap();
    store::set_care(conn, Person::Me, "words", "a_lot", "Little notes").unwrap();
    let today = time::today();
    store::checkin_save(conn, today, Person::Me, &answers("Walks")).unwrap();
    pair(&mut a, &mut b, &root);
    settle(&mut a, &mut b);
    let got = store::get(b.vault.conn(), asked.id).unwrap().unwrap();
    assert_eq!(got.answer_me.as_deref(), Some("Sam's, typed on Ana's laptop"));
    assert_eq!(got.answer_partner.as_deref(), Some("Ana's, typed on Ana's laptop"));
    let jar = store::notes(b.vault.conn()).unwrap();
    assert_eq!(jar[0].author, Person::Me, "Sam's note is Sam's on his own Hearth");
    let care = store::care(b.vault.conn()).unwrap();
    assert_eq!(care.len(), 1);
    assert_eq!((care[0].person, care[0].level.as_str()), (Person::Partner, "a_lot"));
    let c = store::checkin(b.vault.conn(), &week::week_of(today)).unwrap();
    assert!(c.partner_pending && c.answers_partner.is_none() && c.answers_me.is_none());
}

#[test]
fn a_care_profile_changed_after_pairing_reaches_the_partner() {
    let (_t, mut a, mut b) = paired();
    store::set_care(a.vault.conn(), Person::Me, "time", "some", "An hour on Sundays").unwrap();
    a.sync();
    let r = b.sync();
    assert!(r.received.care);
    store::set_care(a.vault.conn(), Person::Me, "time", "a_lot", "").unwrap();
    settle(&mut a, &mut b);
    let care = store::care(b.vault.conn()).unwrap();
    assert_eq!(care.len(), 1);
    assert_eq!(
        (care[0].person, care[0].level.as_str(), care[0].note.as_str()),
        (Person::Partner, "a_lot", "")
    );
}

#[test]
fn unpairing_keeps_together_as_it_is_and_pass_the_laptop_comes_back() {
    let (_t, mut a, mut b) = paired();
    let asked = store::ask(a.vault.conn(), "now-001").unwrap();
    store::answer(a.vault.conn(), asked.id, Person::Me, "Mine").unwrap();
    store::add_note(b.vault.conn(), Person::Me, "A note from Sam").unwrap();
    settle(&mut a, &mut b);
    let before = (store::history(a.vault.conn()).unwrap(), store::notes(a.vault.conn()).unwrap());
    let session = a.session.take().unwrap();
    shared::unpair(a.vault.conn_mut(), session).unwrap();
    assert_eq!((store::history(a.vault.conn()).unwrap(), store::notes(a.vault.conn()).unwrap()), before);
    // Unpaired, the laptop can be passed again: Sam's answer typed here.
    store::answer(a.vault.conn(), asked.id, Person::Partner, "Sam's, on Ana's laptop").unwrap();
    assert!(
        store::view(a.vault.conn(), &store::get(a.vault.conn(), asked.id).unwrap().unwrap())
            .unwrap()
            .revealed
    );
    // Nothing more travels.
    b.sync();
    assert!(!store::get(b.vault.conn(), asked.id).unwrap().unwrap().answer_me.is_some());
}

//! Together in the real window, on one computer ("pass the laptop"): a deck
//! question answered by both stays hidden until both are in, then shows both; the
//! check-in done by both shows on Home as done; a note written appears in the jar.
//!
//! `HEARTH_DOCS_SCREENSHOTS=docs` also saves the screenshots in the repository's
//! docs folder (Home and a revealed question).

use std::path::PathBuf;

use chrono::{Datelike, Duration, Local};
use hearth_core::bucket::{self, Category, Cost, Effort, Interest, ItemInput, Person};
use hearth_core::journal::{self, EntryInput};
use hearth_core::together::{self, store};
use hearth_core::{IntimacyKind, settings};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

/// A vault for Ana and Sam with a date planned in three days and a journal entry
/// from this day two years ago, so Home has something of each.
fn ana_and_sam() -> tempfile::TempDir {
    e2e::vault(|vault| {
        settings::set_names(vault.conn(), "Ana", "Sam").unwrap();
        let input = ItemInput {
            title: "Picnic by the canal".into(),
            notes: String::new(),
            category: Category::Outdoors,
            kind: IntimacyKind::Experiential,
            suggested_by: Some(Person::Partner),
            interest_me: Interest::Yes,
            interest_partner: Interest::Yes,
            cost: Cost::Free,
            effort: Effort::Some,
        };
        let item = bucket::store::create(vault.conn(), &input).unwrap();
        let soon = Local::now().date_naive() + Duration::days(3);
        bucket::store::plan(vault.conn(), item.id, Some(soon)).unwrap();
        let today = Local::now().date_naive();
        let then = today.with_year(today.year() - 2).unwrap_or(today - Duration::days(730));
        let entry = EntryInput {
            entry_date: then.to_string(),
            title: "The first snow".into(),
            body: "We walked home slowly.".into(),
            ..Default::default()
        };
        journal::save(vault.conn_mut(), &entry).unwrap();
    })
}

fn docs_screenshot(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("HEARTH_DOCS_SCREENSHOTS")?;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir.join(name))
}

#[tokio::test(flavor = "current_thread")]
async fn pass_the_laptop_reveals_only_once_both_answered_and_home_shows_the_checkin_done() {
    let dir = ana_and_sam();
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    // Home before: the check-in is due, the next date and whose turn are there.
    app.wait_for_text("[data-checkin-status]", "Due this week").await;
    app.wait_for_text("[data-next-date]", "Picnic by the canal").await;
    app.wait_for_text("[data-turn]", "turn to pick").await;
    app.wait_for_text("[data-otd]", "The first snow").await;

    // A question from a deck: Ana answers, it is hidden, Sam answers on the same screen.
    app.click("[data-section=together]").await;
    app.click("[data-deck=memories] button").await;
    app.wait_for("form[data-answer-form=me]").await;
    app.fill("#together-answer", "The rain at the bus stop").await;
    app.click("form[data-answer-form=me] button[type=submit]").await;
    app.wait_for_text("[data-waiting=me]", "Ana's answer is in and hidden").await;
    app.wait_for("form[data-answer-form=partner]").await;
    assert!(!app.page_html().await.contains("bus stop"), "Ana's answer is nowhere in the page");

    // Away and back through the history: still hidden.
    app.click("[data-tab=history]").await;
    app.wait_for_text("[data-history]", "Waiting for Sam").await;
    app.click("[data-history] button").await;
    app.wait_for("form[data-answer-form=partner]").await;
    assert!(!app.page_html().await.contains("bus stop"), "still hidden after coming back");

    app.fill("#together-answer", "Your yellow <b>umbrella</b>").await;
    app.click("form[data-answer-form=partner] button[type=submit]").await;
    app.wait_for_text("[data-revealed] [data-answer=me]", "The rain at the bus stop").await;
    app.wait_for_text("[data-revealed] [data-answer=partner]", "Your yellow <b>umbrella</b>").await;
    assert_eq!(
        app.js("return document.querySelectorAll('[data-revealed] b').length").await,
        0,
        "an answer is text, never markup"
    );
    if let Some(path) = docs_screenshot("together-revealed.png") {
        app.screenshot(&path).await;
    }

    // The weekly check-in, by both in turn.
    app.click("[data-tab=checkin]").await;
    app.fill("#checkin-went-well", "Our Sunday walk").await;
    app.click("form[data-checkin-form=me] button[type=submit]").await;
    app.wait_for("form[data-checkin-form=partner]").await;
    assert!(!app.page_html().await.contains("Sunday walk"), "Ana's check-in is hidden until Sam's is in");
    app.fill("#checkin-went-well", "Cooking together").await;
    app.fill("#checkin-love-this-week", "An early night").await;
    app.click("form[data-checkin-form=partner] button[type=submit]").await;
    app.wait_for_text("[data-checkin=done]", "Done for this week").await;
    app.wait_for_text("[data-checkin=done] [data-revealed]", "Our Sunday walk").await;

    // A note in the jar, from Sam.
    app.click("[data-tab=jar]").await;
    app.set_value("#jar-author", "partner", "change").await;
    app.fill("#jar-text", "I noticed you fixed the gate without a word.").await;
    app.click("form[data-form=note] button[type=submit]").await;
    app.wait_for_text("[data-jar] [data-note]", "I noticed you fixed the gate without a word.").await;
    app.wait_for_text("[data-jar] [data-note]", "From Sam").await;

    // Home now says the check-in is done.
    app.click("[data-section=home]").await;
    app.wait_for_text("[data-checkin-status]", "Done for this week").await;
    app.wait_for_text("[data-streak]", "One week checked in").await;
    app.wait_for("[data-tonight]:not(:empty)").await;
    if let Some(path) = docs_screenshot("home.png") {
        app.screenshot(&path).await;
    }

    // What the window showed is what the vault holds, by role.
    app.lock().await;
    app.close().await;
    let vault = e2e::unlock_when_released(dir.path(), PASSPHRASE).await;
    let history = store::history(vault.conn()).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].me.text.as_deref(), Some("The rain at the bus stop"));
    assert_eq!(history[0].partner.text.as_deref(), Some("Your yellow <b>umbrella</b>"));
    let jar = store::notes(vault.conn()).unwrap();
    assert_eq!(jar[0].author, together::Person::Partner);
    assert_eq!(store::streak(vault.conn(), hearth_core::time::today()).unwrap().weeks_done, 1);
}

#[tokio::test(flavor = "current_thread")]
async fn tonights_question_opens_in_together_spicy_is_off_until_chosen_and_a_blank_answer_keeps_the_field() {
    let dir = ana_and_sam();
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    // Home's question for tonight opens in Together, ready for Ana's answer.
    let tonight = app.wait_for_text("[data-tonight]", "?").await;
    app.click("[data-action=ask-tonight]").await;
    app.wait_for("form[data-answer-form=me]").await;
    app.wait_for_text("#together-question", &tonight).await;
    app.click("[data-tab=questions]").await;
    app.wait_for("[data-deck=fun]").await;
    assert!(!app.exists("[data-deck=spicy]").await, "off by default");
    app.click("label[for=together-opt-in]").await;
    app.wait_for("[data-deck=spicy]").await;

    app.click("[data-deck=fun] button").await;
    app.wait_for("form[data-answer-form=me]").await;
    app.fill("#together-answer", "   ").await;
    app.click("form[data-answer-form=me] button[type=submit]").await;
    app.wait_for_text("form[data-answer-form=me] [data-error]", "Write an answer first").await;
    assert!(app.exists("form[data-answer-form=me]").await, "still Ana's turn");
}

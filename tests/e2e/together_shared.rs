//! Together between two real Hearth windows paired through one temp folder (the
//! helpers of `shared.rs`): a question answered on both devices reveals on both,
//! hidden on each until both are in (Ana's words reach Sam's Hearth only after his
//! answer); a note sent from one lands in the other's jar;
//! Home says what waits, in counts, never an answer.

use hearth_core::together::{Person, store};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

use super::shared::{Two, arrives, offer_code, two_hearths};

/// Pairs the two windows through Settings, as a person would.
async fn pair(a: &App, b: &App) {
    let code = offer_code(a, b).await;
    b.fill("#pair-code", &code).await;
    b.click("form[data-form=pair-join] button[type=submit]").await;
    a.wait_for_text("[data-pair-with]", "Paired with Sam").await;
    b.wait_for_text("[data-pair-with]", "Paired with Ana").await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_question_answered_on_both_hearths_reveals_on_both_and_a_note_crosses_over() {
    let Two { shared: _shared, a_dir, b_dir: _b_dir, a, b } = two_hearths().await;
    pair(&a, &b).await;

    // Ana draws a question and answers on her Hearth: no pass-the-laptop form for Sam.
    a.click("[data-section=together]").await;
    a.click("[data-deck=memories] button").await;
    a.wait_for("form[data-answer-form=me]").await;
    let question = a.js("return document.querySelector('#together-question').textContent").await;
    let question = question.as_str().unwrap().to_owned();
    a.fill("#together-answer", "The rain at the bus stop").await;
    a.click("form[data-answer-form=me] button[type=submit]").await;
    a.wait_for_text("[data-waiting=me]", "once Sam has answered on their Hearth").await;
    assert!(!a.exists("form[data-answer-form=partner]").await, "paired: Sam answers on his own Hearth");

    // Sam's Together lists it as waiting for him; his Home says so, without her words.
    b.click("[data-section=home]").await;
    arrives(
        &b,
        "[data-partner-together]",
        "Ana answered a question and is waiting for yours.",
        "Home's news",
    )
    .await;
    assert!(!b.page_html().await.contains("bus stop"), "Ana's answer is nowhere in Sam's page");
    // The card says when the news came in, and lines up with its neighbours.
    b.wait_for_text("[data-partner-when]", "Came in").await;
    let offset = b
        .js("const top = (s) => document.querySelector(s).getBoundingClientRect().top;
             return top('[data-home-partner]') - top('[aria-labelledby=home-otd-title]');")
        .await;
    assert_eq!(offset.as_f64(), Some(0.0), "Home's card from Ana starts level with \"On this day\"");
    b.click("[data-action=partner-together]").await;
    arrives(&b, "[data-waiting-list=waiting-for-me]", &question, "the question waiting for Sam").await;
    b.click("[data-waiting-list=waiting-for-me] button").await;
    b.wait_for("form[data-answer-form=me]").await;
    b.wait_for_text("[data-waiting=partner]", "Ana's answer is in and hidden").await;
    assert!(!b.page_html().await.contains("bus stop"), "still hidden before Sam answers");

    // Sam answers: his words go with his answer, Ana's come back, and both show on
    // both screens within a few seconds.
    b.fill("#together-answer", "Your yellow <b>umbrella</b>").await;
    b.click("form[data-answer-form=me] button[type=submit]").await;
    arrives(
        &b,
        "[data-revealed] [data-answer=partner]",
        "The rain at the bus stop",
        "Ana's answer on Sam's screen",
    )
    .await;
    b.wait_for_text("[data-revealed] [data-answer=me]", "Your yellow <b>umbrella</b>").await;
    arrives(
        &a,
        "[data-revealed] [data-answer=partner]",
        "Your yellow <b>umbrella</b>",
        "Sam's answer on Ana's screen",
    )
    .await;
    a.wait_for_text("[data-revealed] [data-answer=me]", "The rain at the bus stop").await;
    assert_eq!(
        a.js("return document.querySelectorAll('[data-revealed] b').length").await,
        0,
        "text, never markup"
    );

    // A note from Sam lands in Ana's jar, from Sam.
    b.click("[data-tab=jar]").await;
    assert!(!b.exists("#jar-author").await, "paired: a note is always from the one writing it");
    b.fill("#jar-text", "I noticed you fixed the gate without a word.").await;
    b.click("form[data-form=note] button[type=submit]").await;
    b.wait_for_text("[data-jar] [data-note]", "From Sam").await;
    a.click("[data-tab=jar]").await;
    arrives(&a, "[data-jar]", "I noticed you fixed the gate without a word.", "Sam's note in Ana's jar")
        .await;
    a.wait_for_text("[data-jar] [data-note]", "From Sam").await;

    // Ana's vault holds it all by role.
    a.lock().await;
    let vault = e2e::unlock_when_released(a_dir.path(), PASSPHRASE).await;
    let history = store::history(vault.conn()).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].me.text.as_deref(), Some("The rain at the bus stop"));
    assert_eq!(history[0].partner.text.as_deref(), Some("Your yellow <b>umbrella</b>"));
    assert_eq!(store::notes(vault.conn()).unwrap()[0].author, Person::Partner);
    vault.close().unwrap();
    a.close().await;
    b.close().await;
}

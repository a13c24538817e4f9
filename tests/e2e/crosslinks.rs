//! The sections hand work to each other: a done bucket-list item opens a journal
//! entry about it (and remembers it), and self-check suggestions open a journal
//! entry with their prompt or the bucket list's form with their idea.

use hearth_core::bucket::{self, ItemInput};
use hearth_core::selfcheck;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};
use serde_json::json;

#[tokio::test(flavor = "current_thread")]
async fn a_done_date_opens_a_journal_entry_and_remembers_it() {
    let input: ItemInput = serde_json::from_value(json!({
        "title": "Dance in the kitchen", "notes": "", "category": "at_home", "kind": "physical",
        "suggested_by": "me", "interest_me": "yes", "interest_partner": "yes", "cost": "free", "effort": "easy"
    }))
    .unwrap();
    let mut item = None;
    let dir = e2e::vault(|vault| {
        let made = bucket::store::create(vault.conn(), &input).unwrap();
        bucket::store::mark_done(vault.conn(), made.id, hearth_core::time::today(), "We laughed a lot.")
            .unwrap();
        item = Some(made);
    });
    let item = item.unwrap();

    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=bucket]").await;
    app.click(&format!("li.item[data-id='{}'] [data-action=write]", item.id)).await;

    // The journal opens a new entry titled after the date.
    app.wait_for("#entry-body").await;
    app.until(
        "the title prefilled",
        "document.querySelector('#entry-title').value.includes('Dance in the kitchen')",
    )
    .await;
    app.client
        .active_element()
        .await
        .unwrap()
        .send_keys("The radio was too loud and it was perfect.")
        .await
        .unwrap();
    app.wait_for_content("[data-status]", "Saved").await;

    // Back on the bucket list the item now knows its entry.
    app.click("[data-section=bucket]").await;
    app.wait_for_text(&format!("li.item[data-id='{}'] [data-action=write]", item.id), "Write more about it")
        .await;
    app.close().await;

    // The app lets go of the vault a moment after its window closes.
    let vault = e2e::unlock_when_released(dir.path(), PASSPHRASE).await;
    let linked =
        bucket::store::get(vault.conn(), item.id).unwrap().unwrap().journal_entry_id.expect("linked");
    let entry = hearth_core::journal::get(vault.conn(), &linked).unwrap().expect("the entry exists");
    assert!(entry.body.contains("too loud"), "{}", entry.body);
}

#[tokio::test(flavor = "current_thread")]
async fn self_check_suggestions_open_the_journal_the_bucket_list_and_the_repair_guide() {
    let answers = hearth_tests::every_answer(1, 4);
    let dir = e2e::vault(|vault| drop(selfcheck::store::complete(vault.conn_mut(), &answers, &[]).unwrap()));

    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=selfcheck]").await;
    app.click("[data-history] button").await;
    app.wait_for("#sc-result-title").await;

    // "Write about this": a new journal entry showing the suggestion's prompt.
    let prompt = app
        .js("return document.querySelector('[data-suggestion=journal]').firstChild.nextSibling.textContent")
        .await;
    let prompt = prompt.as_str().unwrap().to_owned();
    app.click("[data-suggestion=journal] button").await;
    app.wait_for("#entry-body").await;
    app.wait_for_text("[data-prompt-text]", &prompt).await;

    // "Add to our bucket list": the bucket list's form, filled in with the idea.
    app.click("[data-section=selfcheck]").await;
    app.click("[data-history] button").await;
    app.wait_for("#sc-result-title").await;
    let idea = app
        .js("return document.querySelector('[data-suggestion=activity]').firstChild.nextSibling.textContent")
        .await;
    let title = idea.as_str().unwrap().split(". ").next().unwrap().to_owned();
    app.click("[data-suggestion=activity] button").await;
    app.until(
        "the idea in the bucket form",
        &format!("[...document.querySelectorAll('dialog input')].some(i => i.value === {title:?})"),
    )
    .await;

    // The note on finding support leads to the guide for after a hard moment.
    app.js_click("[data-section=selfcheck]").await;
    app.click("[data-history] button").await;
    app.wait_for("[data-support]:not([hidden])").await;
    app.click("[data-support] [data-action=repair-guide]").await;
    app.wait_for_text("[data-step=cool-down]", "Cool down first").await;
    app.close().await;
}

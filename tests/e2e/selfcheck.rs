//! The self-check in the real window: a whole check by keyboard alone, resuming
//! after a lock, sharing results and opening them as the partner's, and a
//! malformed partner file refused.

use fantoccini::key::Key;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

pub(crate) async fn unlock_to_selfcheck(app: &App) {
    app.unlock().await;
    app.click("[data-section=selfcheck]").await;
    app.wait_for("#sc-title").await;
}

/// Types one key into whatever has focus, as a person would.
pub(crate) async fn key(app: &App, k: &str) {
    app.client.active_element().await.unwrap().send_keys(k).await.unwrap();
}

async fn progress(app: &App) -> i64 {
    app.js("return Number(document.querySelector('[data-progress]').getAttribute('aria-valuenow'))")
        .await
        .as_i64()
        .unwrap()
}

/// Every answer a whole check takes: now and wish for each statement, and one for
/// each safety question.
fn total_answers() -> usize {
    let bank = hearth_core::selfcheck::bank::latest();
    bank.items().count() * 2 + bank.safety_items().len()
}

/// Answers every question on the page on screen, by number keys only.
pub(crate) async fn answer_page(app: &App, now: &str, wish: &str) {
    let groups = app.js("return document.querySelectorAll('[data-group]').length").await.as_u64().unwrap();
    for n in 0..groups {
        key(app, if n % 2 == 0 { now } else { wish }).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_whole_check_by_keyboard_then_share_and_compare_with_the_partner() {
    let dir = e2e::vault(|_| {});
    let dialogs = e2e::FakeDialogs::new();
    let app = App::launch(dir.path(), &[dialogs.env(), e2e::ASK_BEFORE_EXPORT]).await;
    unlock_to_selfcheck(&app).await;
    assert!(app.page_text().await.contains("Not a test and not a diagnosis"));

    // Focus the start button with Tab-free keyboard use: it is the page's primary action.
    app.js("document.querySelector('[data-action=start]').focus()").await;
    key(&app, &Key::Enter.to_string()).await;
    app.wait_for_text("#sc-page-title", "Emotional").await;
    let titles =
        ["Emotional", "Physical", "Shared experiences", "Intellectual", "Spiritual", "Everyday habits"];
    for (page, title) in titles.iter().enumerate() {
        app.wait_for_text("#sc-page-title", title).await;
        // Arrows move between questions without answering: down then back up.
        key(&app, &Key::Down.to_string()).await;
        key(&app, &Key::Up.to_string()).await;
        let (now, wish) = if page % 2 == 0 { ("1", "4") } else { ("3", "3") };
        answer_page(&app, now, wish).await;
        // The last answer moves focus to Next; → and Enter both go on.
        key(&app, &if page % 2 == 0 { Key::Right } else { Key::Enter }.to_string()).await;
    }
    // Feeling safe: answered for "now" only, every one "Always".
    app.wait_for_text("#sc-page-title", "Feeling safe").await;
    let groups = app.js("return document.querySelectorAll('[data-group]').length").await.as_u64().unwrap();
    for _ in 0..groups {
        key(&app, "4").await;
    }
    key(&app, &Key::Enter.to_string()).await;
    app.wait_for_text("#sc-page-title", "Lately").await;
    assert_eq!(progress(&app).await, total_answers() as i64);
    key(&app, " ").await; // tick the first sign: feeling lonely
    key(&app, &Key::Enter.to_string()).await;

    // Results: the chart with its text equivalent, suggestions, the gentle words.
    app.wait_for("#sc-result-title").await;
    app.wait_for(".sc-chart rect.sc-bar-now").await;
    let bars = app.js("return document.querySelectorAll('.sc-chart rect').length").await;
    assert_eq!(bars, 12, "now and wish for six areas");
    let table = app.js("return document.querySelector('.sc-figure table').textContent").await;
    assert!(table.as_str().unwrap().contains("Everyday habits"), "{table}");
    let text = app.page_text().await;
    for expected in [
        "not a diagnosis or professional advice",
        "What's going well",
        "Worth talking about",
        "To write about:",
        "To do together:",
        "This week:",
        "couples counsellor",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(app.js("return document.querySelectorAll('[data-area]').length").await.as_u64().unwrap() >= 2);
    // The suggestions' buttons into the journal and bucket list: see crosslinks.rs.

    // Share: the fake dialog saves into our folder.
    app.fill("#sc-share-name", "Ana").await;
    app.click("form[data-form=share] button[type=submit]").await;
    let about = app.wait_for_content("#confirm-pass-about", "not encrypted").await;
    assert!(about.contains("scores"), "the question says what the file holds: {about}");
    app.answer_export_question(PASSPHRASE).await;
    app.wait_for_text("form[data-form=share] [data-success]", "Saved as").await;
    let shared = dialogs.saved(|_| true);
    let mut file: serde_json::Value = serde_json::from_slice(&std::fs::read(&shared).unwrap()).unwrap();
    assert_eq!(file["display_name"], "Ana");
    assert!(file.get("answers").is_none(), "no item answers unless asked");
    assert!(!file.to_string().contains("lonely"));

    // Open it as the partner's file, as Sam, who feels the physical side differently.
    file["display_name"] = "Sam".into();
    file["scores"]["physical"]["now"] = 20.into();
    let partner = dialogs.path().join("from-sam.json");
    std::fs::write(&partner, file.to_string()).unwrap();
    dialogs.will_open(&partner);
    app.click("[data-action=to-home]").await;
    app.click("[data-action=import-partner]").await;
    app.wait_for_text("#sc-partner-view-title", "Side by side").await;
    app.wait_for_text("[data-partner-lead]", "Sam's check-in").await;
    let flagged = app.js("return [...document.querySelectorAll('tr.flagged')].map(r => r.dataset.row)").await;
    assert_eq!(flagged, serde_json::json!(["physical"]));
    let text = app.page_text().await;
    assert!(text.contains("Worth talking about") && text.contains("isn't a contest"), "{text}");
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn locking_midway_then_unlocking_resumes_the_check() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    unlock_to_selfcheck(&app).await;
    app.click("[data-action=start]").await;
    app.wait_for_text("#sc-page-title", "Emotional").await;
    answer_page(&app, "2", "3").await;
    key(&app, &Key::Enter.to_string()).await;
    app.wait_for_text("#sc-page-title", "Physical").await;
    key(&app, "4").await;
    key(&app, "1").await;
    let emotional = hearth_core::selfcheck::bank::latest().dimensions[0].items.len() as i64;
    assert_eq!(progress(&app).await, emotional * 2 + 2);

    app.lock().await;
    assert!(!app.page_text().await.contains("Physical"), "nothing of the check is left on the lock screen");
    unlock_to_selfcheck(&app).await;
    let emotional = hearth_core::selfcheck::bank::latest().dimensions[0].items.len() as i64;
    let so_far = emotional * 2 + 2;
    app.wait_for_text(".sc-resume-note", &format!("{so_far} of {} answers", total_answers())).await;
    app.click("[data-action=resume]").await;
    app.wait_for_text("#sc-page-title", "Physical").await;
    assert_eq!(progress(&app).await, so_far);
    let checked = app
        .js("return [...document.querySelectorAll('input:checked')].map(i => i.name + '=' + i.value)")
        .await;
    assert_eq!(checked, serde_json::json!(["phy2-1-now=4", "phy2-1-wish=1"]));
    // Back keeps the earlier page's answers.
    app.click("[data-action=back]").await;
    app.wait_for_text("#sc-page-title", "Emotional").await;
    assert_eq!(app.js("return document.querySelectorAll('input:checked').length").await, emotional * 2);
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_malformed_partner_file_is_refused_with_a_clear_message() {
    let dir = e2e::vault(|_| {});
    let dialogs = e2e::FakeDialogs::new();
    let bad = dialogs.path().join("not-results.json");
    std::fs::write(&bad, r#"{"format":"hearth-bucket-list","version":1,"items":[]}"#).unwrap();
    dialogs.will_open(&bad);
    let app = App::launch(dir.path(), &[dialogs.env()]).await;
    unlock_to_selfcheck(&app).await;
    app.click("[data-action=import-partner]").await;
    app.wait_for_text("[data-partner-error]", "isn't a Hearth self-check file").await;
    assert!(app.page_text().await.contains("Nothing was imported"));
    assert_eq!(app.js("return document.querySelectorAll('[data-partner-list] li').length").await, 0);
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn checks_from_two_question_versions_are_compared_area_by_area_with_a_note() {
    use hearth_core::selfcheck::{self, Answer, Answers, bank};
    let dir = e2e::vault(|vault| {
        // A check kept by a Hearth from before bank v2, as it stored it.
        let v1 = bank::bank(1).unwrap();
        let old: Answers = v1.items().map(|(_, i)| (i.id.clone(), Answer::new(4, 4))).collect();
        let scores = selfcheck::score(v1, &old).unwrap();
        vault
            .conn()
            .execute(
                "INSERT INTO selfcheck_results (id, taken_at, bank_version, scores, answers, warning_signs)
             VALUES ('old', '2025-01-01T10:00:00Z', 1, ?1, ?2, '[]')",
                [serde_json::to_string(&scores).unwrap(), serde_json::to_string(&old).unwrap()],
            )
            .unwrap();
        let new: Answers = bank::latest().items().map(|(_, i)| (i.id.clone(), Answer::new(4, 4))).collect();
        selfcheck::store::complete(vault.conn_mut(), &new, &[]).unwrap();
    });

    let app = App::launch(dir.path(), &[]).await;
    unlock_to_selfcheck(&app).await;
    let note =
        app.wait_for_text("[data-compare-two] [data-versions-differ]", "version 1 and version 2").await;
    assert!(note.contains("area by area"), "{note}");
    assert!(app.exists("[data-trend] [data-versions-differ]").await);
    // Each area lines up across the versions: emotional was 60 under v1's keying, 100 now.
    let row =
        app.js("return [...document.querySelectorAll('[data-compare-two] tbody tr')][0].textContent").await;
    assert_eq!(row, "Emotional60 / 60100 / 100");
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn doesnt_apply_leaves_an_area_out_of_the_score_and_says_so() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    unlock_to_selfcheck(&app).await;
    app.click("[data-action=start]").await;
    let bank = hearth_core::selfcheck::bank::latest();
    for d in &bank.dimensions {
        app.wait_for_text("#sc-page-title", d.id.label()).await;
        if d.id.id() == "physical" {
            // A couple living apart: nothing here applies to them.
            for item in &d.items {
                app.click(&format!("input[name='{}-na']", item.id)).await;
            }
            let disabled = app
                .js("return [...document.querySelectorAll('input[type=radio]')].every((r) => r.disabled)")
                .await;
            assert_eq!(disabled, true, "the scale is set aside for items that don't apply");
            app.click("[data-action=next]").await;
        } else {
            answer_page(&app, "3", "3").await;
            key(&app, &Key::Enter.to_string()).await;
        }
    }
    app.wait_for_text("#sc-page-title", "Feeling safe").await;
    app.click("[data-action=next]").await; // the safety questions may be left blank
    app.wait_for_text("#sc-page-title", "Lately").await;
    app.click("[data-action=next]").await;
    app.wait_for("#sc-result-title").await;
    app.wait_for_text("[data-not-scored]", "Not scored, as nothing there applied to you: Physical.").await;
    let bars = app.js("return document.querySelectorAll('.sc-chart rect').length").await;
    assert_eq!(bars, 10, "five areas with a score, now and wish each");
    assert!(!app.exists("[data-safety-note]").await, "blank safety answers raise nothing");
    // Nothing is strong at 75 with no gap: no strength is invented, no gap is flagged.
    let text = app.page_text().await;
    assert!(text.contains("No area has a big gap"), "{text}");
    assert!(!text.contains("if it feels safe to"), "the safety wording is for the safety path only");
    app.click("[data-how] summary").await;
    app.wait_for_text("[data-how]", "left out, so they never pull a number down").await;
    app.close().await;
}

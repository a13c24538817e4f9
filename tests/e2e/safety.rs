//! Emotional safety in the real window (issue 12): someone who doesn't feel safe
//! sees the safety note first, with help for them alone and no way to share; and
//! the quick exit hides and locks Hearth within a second from every screen, by
//! its button and by pressing Escape twice.

use fantoccini::key::Key;
use hearth_core::bucket::{self, ItemInput};
use hearth_core::journal::{self, EntryInput};
use hearth_core::selfcheck;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};
use serde_json::{Value, json};

use crate::selfcheck::{answer_page, key, unlock_to_selfcheck};

#[tokio::test(flavor = "current_thread")]
async fn someone_in_danger_sees_the_safety_note_first_and_nothing_to_share() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    unlock_to_selfcheck(&app).await;
    app.click("[data-action=start]").await;
    let bank = selfcheck::bank::latest();
    for d in &bank.dimensions {
        app.wait_for_text("#sc-page-title", d.id.label()).await;
        answer_page(&app, "2", "3").await;
        key(&app, &Key::Enter.to_string()).await;
    }
    // Answer every safety question as someone who is afraid would: "Never".
    app.wait_for_text("#sc-page-title", "Feeling safe").await;
    let groups = app.js("return document.querySelectorAll('[data-group]').length").await;
    assert_eq!(groups, json!(bank.safety_items().len()), "one answer (now) per safety question");
    for _ in 0..bank.safety_items().len() {
        key(&app, "0").await;
    }
    key(&app, &Key::Enter.to_string()).await;
    app.wait_for_text("#sc-page-title", "Lately").await;
    key(&app, &Key::Enter.to_string()).await;

    // The results open with the safety note: first on the page, and focused.
    app.wait_for("[data-safety-note]").await;
    let order = app
        .js("const note = document.querySelector('[data-safety-note]');
             return ['.sc-disclaimer', '.sc-chart-card', '[data-talk-section]']
               .map((css) => Boolean(note.compareDocumentPosition(document.querySelector(css)) & Node.DOCUMENT_POSITION_FOLLOWING))")
        .await;
    assert_eq!(order, json!([true, true, true]), "the note comes before everything else");
    assert_eq!(app.js("return document.activeElement.id").await, "sc-safety-title");
    let note = app.js("return document.querySelector('[data-safety-note]').textContent").await;
    let note = note.as_str().unwrap();
    for paragraph in &bank.safety.as_ref().unwrap().note.paragraphs {
        assert!(note.contains(paragraph.as_str()), "{paragraph:?} missing from the note");
    }
    // Individual help: helplines for each country, and how to find help elsewhere.
    for region in &selfcheck::helplines::helplines().regions {
        assert!(note.contains(&region.name), "{} missing", region.name);
        for s in region.services.iter().filter_map(|s| s.phone.as_ref()) {
            assert!(note.contains(s.as_str()), "{s} missing");
        }
    }
    assert!(note.contains("search for \"domestic abuse helpline\""), "{note}");
    // Individual help comes first; couples counselling isn't suggested at all.
    let text = app.page_text().await;
    let individual = text.find("Help for you, on your own").expect("individual help is shown");
    assert!(!text.contains("couples counsellor"), "no couples counselling here:\n{text}");
    assert!(individual < text.find("Now and wished for").unwrap());
    // Talking with the partner is never pressed on them.
    assert!(text.contains("Only raise these with your partner if it feels safe to."), "{text}");
    // Nothing to share: no share form, no share wording.
    assert!(!app.exists("form[data-form=share]").await);
    assert!(!text.contains("Share my results"), "{text}");

    // Opened again later from the history, it still leads with the note.
    app.click("[data-action=to-home]").await;
    app.click("[data-open-check]").await;
    app.wait_for("[data-safety-note]").await;
    assert!(!app.exists("form[data-form=share]").await);
    app.close().await;
}

/// A vault with something of everything, each holding `canary`, to look for after
/// the quick exit.
fn vault_with_content(canary: &str) -> tempfile::TempDir {
    e2e::vault(|vault| {
        let entry = EntryInput {
            entry_date: hearth_core::time::today().format("%Y-%m-%d").to_string(),
            title: format!("Entry {canary}"),
            body: format!("Private words {canary}"),
            ..Default::default()
        };
        journal::save(vault.conn_mut(), &entry).unwrap();
        let idea: ItemInput = serde_json::from_value(json!({
        "title": format!("Idea {canary}"), "notes": "", "category": "at_home", "kind": "emotional",
        "suggested_by": "me", "interest_me": "yes", "interest_partner": "yes", "cost": "free", "effort": "easy"
    }))
    .unwrap();
        bucket::store::create(vault.conn(), &idea).unwrap();
    })
}

/// Starts watching the page for the quick exit: when it was asked for (the last
/// Escape press or the button's click), when `#app` was hidden and when the lock
/// screen was drawn, in milliseconds of the page's clock.
const WATCH: &str = "
  window.__quickExit = { asked: null, hidden: null, locked: null };
  const q = window.__quickExit;
  const app = document.getElementById('app');
  window.addEventListener('keydown', (e) => { if (e.key === 'Escape') q.asked = performance.now(); }, { capture: true });
  window.addEventListener('click', (e) => {
    if (e.target.closest?.('[data-action=quick-exit]')) q.asked = performance.now();
  }, { capture: true });
  const look = () => {
    if (q.hidden == null && app.hidden) q.hidden = performance.now();
    if (q.locked == null && document.getElementById('unlock-pass') && !document.querySelector('.shell')) {
      q.locked = performance.now();
    }
  };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
";

/// Waits (a condition wait, polling the page) until the lock screen is drawn, and
/// returns how long after the request the page was hidden and locked, in ms.
async fn time_to_lock(app: &App) -> (f64, f64) {
    let deadline = std::time::Instant::now() + hearth_tests::e2e::WAIT;
    loop {
        let q = app.js("return window.__quickExit").await;
        if let (Some(asked), Some(hidden), Some(locked)) =
            (q["asked"].as_f64(), q["hidden"].as_f64(), q["locked"].as_f64())
        {
            return (hidden - asked, locked - asked);
        }
        if std::time::Instant::now() > deadline {
            panic!("the quick exit never locked ({q}); the page says:\n{}", app.page_text().await);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_quick_exit_locks_within_a_second_from_every_screen() {
    let canary = "QUICKEXIT7f3a";
    let dir = vault_with_content(canary);
    let app = App::launch(dir.path(), &[]).await;
    // (section, what to open there first, the element to wait for)
    let screens: [(&str, Option<&str>, &str); 7] = [
        ("home", None, "#home-title"),
        ("together", Some("[data-deck=fun] button"), "form[data-answer-form=me]"),
        ("selfcheck", Some("[data-action=start]"), "#sc-page-title"),
        ("bucket", None, ".bucket-head"),
        ("bucket", Some("[data-action=inspire]"), "dialog[open]"),
        ("journal", None, ".journal [data-list]"),
        ("settings", None, "#settings-title"),
    ];
    let mut timings = Vec::new();
    for (section, open, ready) in screens {
        // A modal dialog makes the rest of the window inert, button included: there
        // Escape twice is the way out (KNOWN_ISSUES.md).
        let ways: &[bool] = if ready == "dialog[open]" { &[true] } else { &[false, true] };
        for &by_keys in ways {
            app.fill("#unlock-pass", PASSPHRASE).await;
            app.click("form[data-form=unlock] button[type=submit]").await;
            app.wait_for(".shell").await;
            app.click(&format!("[data-section={section}]")).await;
            if let Some(css) = open {
                // What opens the screen is not under test here: press it from the
                // page once it is there, whatever may be passing over it.
                app.wait_for(css).await;
                app.js(&format!("document.querySelector({}).click()", json!(css))).await;
            }
            app.wait_for(ready).await;
            if section == "journal" {
                // Something of the vault is on screen before the exit.
                app.wait_for_content(".journal [data-list]", canary).await;
            }
            app.js(WATCH).await;
            if by_keys {
                key(&app, &Key::Escape.to_string()).await;
                key(&app, &Key::Escape.to_string()).await;
            } else {
                app.click("[data-action=quick-exit]").await;
            }
            let (hidden, locked) = time_to_lock(&app).await;
            let how = if by_keys { "Escape twice" } else { "the button" };
            assert!(locked <= 1000.0, "{section} by {how}: locked after {locked:.0} ms");
            timings.push(format!(
                "{section}{} by {how}: hidden {hidden:.0} ms, locked {locked:.0} ms",
                if open.is_some() { " (opened)" } else { "" }
            ));
            // Nothing of the vault is left in the page, and the vault is really locked.
            let html = app.page_html().await;
            assert!(!html.contains(canary), "{section}: vault content left in the page");
            assert!(!app.exists(".shell").await && !app.exists("dialog").await);
            let status = app
                .client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     window.__TAURI__.core.invoke('app_status').then(done, (e) => done({ error: e }))",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(status["unlocked"], Value::Bool(false), "{section}: {status}");
        }
    }
    eprintln!(
        "quick exit timings, in the page, from the key press or click that asked for it (hidden at or below 0 ms: in that same event):\n  {}",
        timings.join("\n  ")
    );
    app.close().await;
}

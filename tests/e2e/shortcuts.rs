//! Keyboard shortcuts in the real window: every shortcut the window shows is read
//! off the page, pressed exactly as shown, and does what it says. What is shown
//! comes from Rust's table for this system (src-tauri/src/shortcuts.rs), so here on
//! Linux it must read Ctrl.

use std::collections::BTreeMap;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

/// Every `<kbd>` hint in every template: [action, [keys as shown]].
const HINTS: &str = "return [...document.querySelectorAll('template')]
    .flatMap(t => [...t.content.querySelectorAll('[data-shortcut-keys]')])
    .map(e => [e.dataset.shortcutKeys, [...e.querySelectorAll('kbd')].map(k => k.textContent), e.textContent])";

/// Every control that names a shortcut: [action, aria-keyshortcuts, tooltip or placeholder].
const NAMED: &str = "return [...document.querySelectorAll('template')]
    .flatMap(t => [...t.content.querySelectorAll('[data-shortcut]')])
    .map(e => [e.dataset.shortcut, e.getAttribute('aria-keyshortcuts'), e.getAttribute('title') ?? e.getAttribute('placeholder')])";

/// Presses the keys as shown ("Ctrl", "L"): the modifiers down, the letter, all up.
async fn press(app: &App, keys: &[String]) {
    let (letter, modifiers) = keys.split_last().expect("a shortcut has keys");
    let modifiers: Vec<char> = modifiers
        .iter()
        .map(|m| match m.as_str() {
            "Ctrl" => Key::Control,
            "⌘" => Key::Meta,
            other => panic!("the window shows a modifier this test does not know: {other:?}"),
        })
        .map(|k| k.to_string().chars().next().unwrap())
        .collect();
    let letter = letter.to_lowercase().chars().next().unwrap();
    let mut actions = KeyActions::new("keyboard".into());
    for &m in &modifiers {
        actions = actions.then(KeyAction::Down { value: m });
    }
    actions = actions.then(KeyAction::Down { value: letter }).then(KeyAction::Up { value: letter });
    for &m in modifiers.iter().rev() {
        actions = actions.then(KeyAction::Up { value: m });
    }
    app.client.perform_actions(actions).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn every_shortcut_shown_does_what_it_says() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=journal]").await;
    app.wait_for(".journal [data-list]").await;

    // What the window shows, everywhere it shows a shortcut.
    let mut shown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let hints = app.js(HINTS).await;
    for hint in hints.as_array().unwrap() {
        let action = hint[0].as_str().unwrap().to_owned();
        let keys: Vec<String> = serde_json::from_value(hint[1].clone()).unwrap();
        let text = hint[2].as_str().unwrap();
        assert_eq!(text, keys.join("+"), "the {action} hint reads {text:?}");
        if let Some(before) = shown.insert(action.clone(), keys.clone()) {
            assert_eq!(before, keys, "two hints for {action} disagree");
        }
    }
    assert_eq!(
        shown.keys().map(String::as_str).collect::<Vec<_>>(),
        ["lock", "new-entry", "save", "search"],
        "a shortcut is bound but never shown, or shown with no table entry: {hints}"
    );
    for (action, keys) in &shown {
        assert_eq!(keys.len(), 2, "{action}: {keys:?}");
        assert_eq!(keys[0], "Ctrl", "on Linux {action} is shown as {keys:?}");
    }
    let named = app.js(NAMED).await;
    assert!(named.as_array().unwrap().len() >= 3, "tooltips and placeholders: {named}");
    for n in named.as_array().unwrap() {
        let action = n[0].as_str().unwrap();
        let keys = shown.get(action).unwrap_or_else(|| panic!("{action} is named but has no hint"));
        assert_eq!(
            n[1].as_str(),
            Some(format!("Control+{}", keys[1]).as_str()),
            "aria-keyshortcuts of {action}"
        );
        let tip = n[2].as_str().unwrap_or_default();
        assert!(tip.ends_with(&format!("({})", keys.join("+"))), "the {action} tooltip reads {tip:?}");
    }

    // Each one, pressed as shown, does what it says.
    app.js("document.activeElement?.blur()").await;
    press(&app, &shown["search"]).await;
    app.until("search focused", "document.activeElement?.id === 'journal-search'").await;

    app.js("document.activeElement?.blur()").await;
    assert!(!app.exists("[data-editor]").await, "an editor was open before the shortcut");
    press(&app, &shown["new-entry"]).await;
    app.wait_for("[data-editor] #entry-title").await;

    // Autosave would save on its own 600 ms after typing; hold its timer back so
    // only the shortcut can save.
    app.js("const later = window.setTimeout; \
         window.setTimeout = (fn, ms, ...rest) => (ms >= 500 ? 0 : later(fn, ms, ...rest))")
        .await;
    let title = app.wait_for("#entry-title").await;
    title.send_keys("Saved by hand").await.unwrap();
    app.wait_for_content("[data-editor] [data-status]", "Editing").await;
    press(&app, &shown["save"]).await;
    app.wait_for_content("[data-editor] [data-status]", "Saved").await;
    app.wait_for_content("[data-list]", "Saved by hand").await;

    press(&app, &shown["lock"]).await;
    app.wait_for("#unlock-pass").await;
    app.close().await;

    // The entry saved by the shortcut is in the vault.
    let vault = hearth_tests::e2e::unlock_when_released(dir.path(), PASSPHRASE).await;
    let page = hearth_core::journal::list(vault.conn(), &Default::default(), None, 10).unwrap();
    assert_eq!(page.entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["Saved by hand"]);
}

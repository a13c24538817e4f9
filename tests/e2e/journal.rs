//! The journal in the real window: nothing typed is lost when the window closes,
//! search highlights safely, hostile entries render inert, the trash restores,
//! and a jrnl file imported twice adds its entries once.

use std::path::Path;
use std::time::{Duration, Instant};

use hearth_core::Vault;
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::App;

fn vault_with(entries: &[EntryInput]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    for e in entries {
        journal::save(vault.conn_mut(), e).unwrap();
    }
    vault.close().unwrap();
    dir
}

fn entry(date: &str, title: &str, body: &str) -> EntryInput {
    EntryInput { entry_date: date.into(), title: title.into(), body: body.into(), ..Default::default() }
}

async fn open_journal(dir: &Path, env: &[(&str, &str)]) -> App {
    let app = App::launch(dir, env).await;
    app.fill("#unlock-pass", PASSPHRASE).await;
    app.click("form[data-form=unlock] button[type=submit]").await;
    app.click("[data-section=journal]").await;
    app.wait_for(".journal [data-list]").await;
    app
}

/// Waits until the element's rendered text (innerText) contains `needle`. The
/// harness's WebDriver text check misses text inside the journal's scrolling
/// panes, so these tests ask the page itself.
async fn wait_text(app: &App, css: &str, needle: &str) {
    let script = format!(
        "const e = document.querySelector({}); return e ? e.innerText : null",
        serde_json::to_string(css).unwrap()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if app.js(&script).await.as_str().is_some_and(|text| text.contains(needle)) {
            return;
        }
        if Instant::now() > deadline {
            panic!("{css} never said {needle:?}; the page says:\n{}", app.page_text().await);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Empties a field and tells the page, as a person clearing it would.
async fn clear(app: &App, css: &str) {
    let css = serde_json::to_string(css).unwrap();
    app.js(&format!(
        "const e = document.querySelector({css}); e.value = ''; e.dispatchEvent(new Event('input', {{ bubbles: true }}))"
    ))
    .await;
}

/// Whether the vault's folder lock is free, i.e. the app has closed the vault.
#[cfg(target_os = "linux")]
fn vault_released(dir: &Path) -> bool {
    let Ok(f) = std::fs::OpenOptions::new().write(true).open(dir.join("hearth.lock")) else { return true };
    f.try_lock().is_ok()
}

// Closes the window through X11, as a window manager does: Linux only.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "current_thread")]
async fn closing_the_window_mid_typing_keeps_every_word() {
    let dir = vault_with(&[]);
    let app = open_journal(dir.path(), &[]).await;
    app.click("[data-action=new]").await;
    app.wait_for("#entry-body").await;
    let words = "Typed just before closing, no pause for the autosave";
    app.fill("#entry-title", "Late night").await;
    app.fill("#entry-body", words).await;
    // Close at once, well inside the autosave delay, as the title bar's close
    // button does (WebDriver's own "close window" would skip CloseRequested; see
    // hearth_tests::window). This goes through Rust's CloseRequested ->
    // "close-requested" -> the page's leave(), which saves -> quit.
    // (A window of the previous test's app may still be on its way out on this
    // display; asking it to close too is harmless.)
    assert!(hearth_tests::window::request_close("Hearth") >= 1, "no Hearth window to close");
    let deadline = Instant::now() + Duration::from_secs(10);
    let closing = Instant::now();
    while !vault_released(dir.path()) {
        assert!(Instant::now() < deadline, "the app never closed its vault");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("vault released {:?} after the close", closing.elapsed());
    drop(app);

    let app = open_journal(dir.path(), &[]).await;
    wait_text(&app, ".entry-row-title", "Late night").await;
    app.click(".entry-row").await;
    wait_text(&app, "[data-rendered]", words).await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn search_highlights_and_hostile_entries_render_inert() {
    let payload = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\"> \
        [click](javascript:window.__pwned=1) <svg onload=\"window.__pwned=1\"></svg> lighthouse";
    let dir = vault_with(&[
        entry("2024-03-02T20:00", "A walk", "We walked to the lighthouse and talked about next summer."),
        EntryInput {
            tags: vec!["<img src=x onerror=window.__pwned=1>".into()],
            ..entry("2024-03-01T09:00", "<img src=x onerror=window.__pwned=1>", payload)
        },
    ]);
    let app = open_journal(dir.path(), &[]).await;

    app.fill("#journal-search", "lightho").await;
    wait_text(&app, "[data-summary]", "2 entries found").await;
    let marks =
        app.js("return [...document.querySelectorAll('[data-list] mark')].map(m => m.textContent)").await;
    assert!(
        marks.as_array().unwrap().iter().any(|m| m.as_str().unwrap().eq_ignore_ascii_case("lighthouse")),
        "{marks}"
    );

    // The hostile entry: its title is shown as text in the list...
    clear(&app, "#journal-search").await;
    wait_text(&app, ".journal-side", "<img src=x onerror=window.__pwned=1>").await;
    // ...and its body, opened and rendered, runs nothing and injects nothing.
    app.js("document.querySelectorAll('.entry-row')[1].click()").await;
    wait_text(&app, "[data-rendered]", "lighthouse").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.js("return window.__pwned === undefined").await, true, "a payload ran");
    let injected = app
        .js("return document.querySelectorAll('#app img:not([src=\"assets/hearth.svg\"]), #app script, #app svg:not(.mood-chart), #app a, #app iframe, #app [onerror], #app [onload]').length")
        .await;
    assert_eq!(injected, 0, "an element was injected: {}", app.page_html().await);
    let rendered = app.js("return document.querySelector('[data-rendered]').textContent").await;
    assert!(
        rendered.as_str().unwrap().contains("<script>window.__pwned=1</script>"),
        "raw HTML shows as text"
    );
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn delete_then_restore_from_trash() {
    let dir = vault_with(&[entry("2024-04-01T08:00", "Keep me", "Something worth keeping.")]);
    let app = open_journal(dir.path(), &[]).await;
    app.click(".entry-row").await;
    // An edit autosaves (no other action needed) and the list row follows it.
    app.click("[data-mode=write]").await;
    app.fill("#entry-body", "Edited, and still worth keeping.").await;
    wait_text(&app, "[data-list]", "Edited, and still worth keeping.").await;
    wait_text(&app, "[data-status]", "Saved").await;
    app.click("[data-delete]").await;
    wait_text(&app, "[data-summary]", "No entries yet").await;

    app.click("[data-tab=trash]").await;
    wait_text(&app, "[data-trash]", "Keep me").await;
    app.click("[data-restore]").await;
    wait_text(&app, "[data-trash]", "The trash is empty").await;

    app.click("[data-tab=entries]").await;
    wait_text(&app, "[data-list]", "Keep me").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_jrnl_file_imported_twice_adds_its_entries_once() {
    let dir = vault_with(&[]);
    let dialogs = tempfile::tempdir().unwrap();
    let file = dialogs.path().join("jrnl.json");
    std::fs::write(
        &file,
        r#"{"tags": {"@sea": 1}, "entries": [
          {"title": "By the sea", "body": "Cold water, warm hands.", "date": "2021-08-14", "time": "19:05", "tags": ["@sea"], "starred": false},
          {"title": "Rain", "body": "We stayed in and read.", "date": "2021-08-15", "time": "21:40", "tags": [], "starred": true}
        ]}"#,
    )
    .unwrap();
    std::fs::write(dialogs.path().join("open-path.txt"), file.to_str().unwrap()).unwrap();
    let app = open_journal(dir.path(), &[("HEARTH_FAKE_DIALOG_DIR", dialogs.path().to_str().unwrap())]).await;

    for round in 0..2 {
        app.click("[data-action=exchange]").await;
        app.click("[data-import]").await;
        if round == 0 {
            wait_text(&app, "[data-import-summary]", "2 will be added").await;
            app.click("[data-import-apply]").await;
            wait_text(&app, "[data-import-result]", "Added 2 entries").await;
        } else {
            wait_text(&app, "[data-import-summary]", "all already in your journal").await;
        }
    }
    wait_text(&app, "[data-list]", "Rain").await;
    let rows = app.js("return document.querySelectorAll('[data-list] .entry-row').length").await;
    assert_eq!(rows, 2);

    // Export to JSON lands where the (fake) save dialog said.
    app.click("[data-export=json]").await;
    wait_text(&app, "[data-export-result]", "Exported 2 entries").await;
    let exported = std::fs::read_dir(dialogs.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("hearth-journal-"))
        .expect("the export file");
    assert!(std::fs::read_to_string(exported.path()).unwrap().contains("Cold water, warm hands."));
    app.close().await;
}

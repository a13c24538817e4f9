//! The journal in the real window: nothing typed is lost when the window closes,
//! search highlights safely, hostile entries render inert, the trash restores,
//! a jrnl file and a Day One zip imported twice add their entries once, and
//! entries print (a range of days, and the open entry).

use std::path::Path;

use hearth_core::journal::{self, EntryInput};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

fn vault_with(entries: &[EntryInput]) -> tempfile::TempDir {
    e2e::vault(|vault| {
        for e in entries {
            journal::save(vault.conn_mut(), e).unwrap();
        }
    })
}

fn entry(date: &str, title: &str, body: &str) -> EntryInput {
    EntryInput { entry_date: date.into(), title: title.into(), body: body.into(), ..Default::default() }
}

async fn open_journal(dir: &Path, env: &[(&str, &str)]) -> App {
    let app = App::launch(dir, env).await;
    app.unlock().await;
    app.click("[data-section=journal]").await;
    app.wait_for(".journal [data-list]").await;
    app
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
    let closing = std::time::Instant::now();
    e2e::released(dir.path()).await;
    eprintln!("vault released {:?} after the close", closing.elapsed());
    drop(app);

    let app = open_journal(dir.path(), &[]).await;
    app.wait_for_rendered(".entry-row-title", "Late night").await;
    app.click(".entry-row").await;
    app.wait_for_rendered("[data-rendered]", words).await;
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
    app.wait_for_rendered("[data-summary]", "2 entries found").await;
    let marks =
        app.js("return [...document.querySelectorAll('[data-list] mark')].map(m => m.textContent)").await;
    assert!(
        marks.as_array().unwrap().iter().any(|m| m.as_str().unwrap().eq_ignore_ascii_case("lighthouse")),
        "{marks}"
    );

    // The hostile entry: its title is shown as text in the list...
    app.set_value("#journal-search", "", "input").await;
    app.wait_for_rendered(".journal-side", "<img src=x onerror=window.__pwned=1>").await;
    // ...and its body, opened and rendered, runs nothing and injects nothing.
    app.js("document.querySelectorAll('.entry-row')[1].click()").await;
    app.wait_for_rendered("[data-rendered]", "lighthouse").await;
    app.settled().await;
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
    app.wait_for_rendered("[data-list]", "Edited, and still worth keeping.").await;
    app.wait_for_rendered("[data-status]", "Saved").await;
    app.click("[data-delete]").await;
    app.wait_for_rendered("[data-summary]", "No entries yet").await;

    app.click("[data-tab=trash]").await;
    app.wait_for_rendered("[data-trash]", "Keep me").await;
    app.click("[data-restore]").await;
    app.wait_for_rendered("[data-trash]", "The trash is empty").await;

    app.click("[data-tab=entries]").await;
    app.wait_for_rendered("[data-list]", "Keep me").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_jrnl_file_imported_twice_adds_its_entries_once() {
    let dir = vault_with(&[]);
    let dialogs = e2e::FakeDialogs::new();
    let file = dialogs.path().join("jrnl.json");
    std::fs::write(
        &file,
        r#"{"tags": {"@sea": 1}, "entries": [
          {"title": "By the sea", "body": "Cold water, warm hands.", "date": "2021-08-14", "time": "19:05", "tags": ["@sea"], "starred": false},
          {"title": "Rain", "body": "We stayed in and read.", "date": "2021-08-15", "time": "21:40", "tags": [], "starred": true}
        ]}"#,
    )
    .unwrap();
    dialogs.will_open(&file);
    let app = open_journal(dir.path(), &[dialogs.env(), e2e::ASK_BEFORE_EXPORT]).await;

    for round in 0..2 {
        app.click("[data-action=exchange]").await;
        app.click("[data-import]").await;
        if round == 0 {
            app.wait_for_rendered("[data-import-summary]", "2 will be added").await;
            app.click("[data-import-apply]").await;
            app.wait_for_rendered("[data-import-result]", "Added 2 entries").await;
        } else {
            app.wait_for_rendered("[data-import-summary]", "all already in your journal").await;
        }
    }
    app.wait_for_rendered("[data-list]", "Rain").await;
    let rows = app.js("return document.querySelectorAll('[data-list] .entry-row').length").await;
    assert_eq!(rows, 2);

    // Export to JSON asks for the passphrase first (ASK_BEFORE_EXPORT: as a minute
    // after unlocking). A wrong one writes nothing and keeps the question open.
    app.click("[data-export=json]").await;
    let about = app.wait_for_content("#confirm-pass-about", "not encrypted").await;
    assert!(about.contains("trash"), "the question says what the file holds: {about}");
    app.answer_export_question("not my passphrase").await;
    app.wait_for_rendered("form[data-form=confirm-passphrase] [data-error]", "passphrase").await;
    let exports = || {
        std::fs::read_dir(dialogs.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("hearth-journal-"))
            .count()
    };
    assert_eq!(exports(), 0, "a wrong passphrase writes nothing");
    // Cancelling writes nothing either, and gives focus back to the button.
    app.click("form[data-form=confirm-passphrase] [data-action=cancel]").await;
    app.until("the question to close", "!document.querySelector('dialog[open]')").await;
    app.until("focus back on the export button", "document.activeElement?.dataset.export === 'json'").await;
    assert!(app.page_text().await.find("Exported").is_none());
    assert_eq!(exports(), 0, "cancelling writes nothing");
    // The right passphrase writes the file where the (fake) save dialog said.
    app.click("[data-export=json]").await;
    app.answer_export_question(PASSPHRASE).await;
    app.wait_for_rendered("[data-export-result]", "Exported 2 entries").await;
    app.until("the question to close", "!document.querySelector('dialog[open]')").await;
    let exported = dialogs.saved(|name| name.starts_with("hearth-journal-"));
    assert!(std::fs::read_to_string(exported).unwrap().contains("Cold water, warm hands."));
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_day_one_zip_comes_in_once_and_entries_print() {
    let dir = vault_with(&[]);
    let dialogs = e2e::FakeDialogs::new();
    // A Day One export as it comes: a zip with the journal's JSON and its photos.
    let journal = r##"{"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6", "creationDate": "2023-07-14T11:20:05Z",
         "timeZone": "Europe/London", "starred": true, "tags": ["holiday"],
         "text": "# Picnic at the lake\n\nThe spot from last summer. ![](dayone-moment://0D8E5F3A2B1C4D6E8F9A0B1C2D3E4F5A)\n\n<img src=x onerror=window.__pwned=1>",
         "photos": [{"identifier": "0D8E5F3A2B1C4D6E8F9A0B1C2D3E4F5A", "md5": "3f2c6a1b9d8e7f6a5b4c3d2e1f0a9b8c", "type": "jpeg"}]}
    ]}"##;
    let file = dialogs.path().join("Export - Journal.zip");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("Journal.json", deflated).unwrap();
        zip.write_all(journal.as_bytes()).unwrap();
        zip.start_file("photos/3f2c6a1b9d8e7f6a5b4c3d2e1f0a9b8c.jpeg", deflated).unwrap();
        zip.write_all(&hearth_tests::pictures::camera_jpeg(80, 60, 1)).unwrap();
        zip.finish().unwrap();
    }
    dialogs.will_open(&file);
    let app = open_journal(dir.path(), &[dialogs.env()]).await;

    for round in 0..2 {
        app.click("[data-action=exchange]").await;
        app.click("[data-import]").await;
        if round == 0 {
            let summary = app.wait_for_rendered("[data-import-summary]", "1 will be added").await;
            assert!(summary.contains("a Day One export"), "{summary}");
            assert!(!summary.contains("behind"), "its photo comes along: {summary}");
            app.click("[data-import-apply]").await;
            app.wait_for_rendered("[data-import-result]", "Added 1 entry").await;
        } else {
            app.wait_for_rendered("[data-import-summary]", "all already in your journal").await;
        }
    }
    app.wait_for_rendered("[data-list]", "Picnic at the lake").await;
    let rows = app.js("return document.querySelectorAll('[data-list] .entry-row').length").await;
    assert_eq!(rows, 1);
    // Its photo came along.
    app.click("[data-list] .entry-row").await;
    app.until(
        "the Day One photo's thumbnail",
        "document.querySelector('[data-photo-strip] img')?.naturalWidth > 0",
    )
    .await;
    app.click("[data-action=exchange]").await;
    app.wait_for("[data-print-range]").await;

    // Print a range of days from the export pane; the system dialog is stubbed.
    app.js("window.print = () => { window.__printed = (window.__printed || 0) + 1; }; return true").await;
    app.set_value("[data-print-from]", "2023-07-01", "input").await;
    app.set_value("[data-print-to]", "2023-07-31", "input").await;
    app.click("[data-print-range] button[type=submit]").await;
    app.until("window.print() to be called", "window.__printed === 1").await;
    let printed = app.wait_for_content("[data-journal-print]", "Picnic at the lake").await;
    assert!(!printed.contains("dayone-moment") && !printed.contains("a photo was here"), "{printed}");
    assert!(
        printed.contains("<img src=x onerror=window.__pwned=1>"),
        "the tag is printed as text: {printed}"
    );
    let tags = app.js("return document.querySelectorAll('[data-journal-print] img, [data-journal-print] script').length").await;
    assert_eq!(tags, 0);
    // A range with nothing in it says so.
    app.set_value("[data-print-from]", "2001-01-01", "input").await;
    app.set_value("[data-print-to]", "2001-01-31", "input").await;
    app.click("[data-print-range] button[type=submit]").await;
    app.wait_for_rendered("[data-print-error]", "nothing to print").await;

    // Print from the open entry.
    app.click(".entry-row").await;
    app.click("[data-editor] [data-print]").await;
    app.until("window.print() to be called again", "window.__printed === 2").await;
    app.wait_for_content("[data-journal-print]", "From my journal").await;
    app.until("nothing ran", "window.__pwned === undefined").await;
}

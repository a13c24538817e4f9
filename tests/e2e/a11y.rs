//! Accessibility: axe-core checks every screen of the real window, in the light
//! and the dark theme (colour contrast differs), and the test fails on any
//! serious or critical violation. Moderate and minor ones are printed only.
//!
//! axe-core is a test fixture, never part of the app: `.ci/setup --test` fetches
//! the pinned version into `tests/fixtures/axe/` (see tests/fixtures/README.md),
//! and it is injected into the page over WebDriver. One launch per theme walks
//! through the screens in order: create the vault, lock, fill it through the core,
//! a wrong passphrase, then every section with its dialogs and panels.
//!
//! `HEARTH_SCREENSHOT_DIR=/some/dir` also saves a PNG of each screen checked.

use std::path::{Path, PathBuf};
use std::time::Instant;

use hearth_core::bucket::{self, ItemInput};
use hearth_core::journal::{self, EntryInput};
use hearth_core::selfcheck::share::ShareFile;
use hearth_core::{selfcheck, settings};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};
use serde_json::json;

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/axe/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("{} is missing: run `.ci/setup --test` (it fetches axe-core with npm)", path.display())
    })
}

/// What axe found on one screen, and what fails the test.
struct Audit {
    theme: &'static str,
    axe: String,
    screenshots: Option<PathBuf>,
    failures: Vec<String>,
    notes: Vec<String>,
    screens: usize,
}

impl Audit {
    /// Runs axe on the whole document as it is now.
    async fn check(&mut self, app: &App, screen: &str) {
        // Injected once per page; the app never reloads, but a lock redraws #app only.
        if app.js("return typeof window.axe === 'undefined'").await == true {
            app.client.execute(&self.axe, vec![]).await.expect("injecting axe-core");
            assert_eq!(
                app.js("return typeof window.axe").await,
                "object",
                "axe-core did not load in the page"
            );
        }
        let script = r#"
            const done = arguments[arguments.length - 1];
            // Colours mid-transition (a choice just ticked) are not what anyone reads.
            const running = document.getAnimations()
              .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
            Promise.all(running.map((a) => a.finished.catch(() => {})))
              .then(() => axe.run(document, { resultTypes: ['violations'] }))
              .then((r) => done(r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
              }))))
              .catch((e) => done({ error: String(e) }));
        "#;
        let found = app.client.execute_async(script, vec![]).await.expect("running axe-core");
        if let Some(error) = found.get("error") {
            panic!("axe-core failed on {screen}: {error}");
        }
        self.screens += 1;
        if let Some(dir) = &self.screenshots {
            let name =
                format!("{}-{:02}-{}.png", self.theme, self.screens, screen.replace([' ', '/', ','], "-"));
            app.screenshot(&dir.join(name)).await;
        }
        for v in found.as_array().unwrap() {
            let impact = v["impact"].as_str().unwrap_or("unknown");
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    let first = n["summary"].as_str().unwrap_or("").lines().nth(1).unwrap_or("").trim();
                    format!("      {}  ({first})", n["target"].as_str().unwrap_or("?"))
                })
                .collect();
            let line = format!(
                "[{}] {screen}: {impact} {}: {}\n{}",
                self.theme,
                v["id"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                targets.join("\n")
            );
            if matches!(impact, "serious" | "critical") {
                self.failures.push(line);
            } else {
                self.notes.push(line);
            }
        }
    }
}

async fn close_dialog(app: &App) {
    app.js("document.querySelector('dialog[open]')?.close(); return true").await;
    app.until("the dialog to close", "!document.querySelector('dialog')").await;
}

/// Fills the vault the window created, through the core, so no screen is empty.
async fn fill_vault(dir: &Path) {
    let mut vault = e2e::unlock_when_released(dir, PASSPHRASE).await;
    settings::set_names(vault.conn(), "Ana", "Sam").unwrap();

    let today = hearth_core::time::today();
    let day = |back: i64| (today - chrono::Duration::days(back)).format("%Y-%m-%d").to_string();
    let entries = [
        (
            day(0),
            "A slow Sunday",
            "We made **pancakes** and talked about\n\n- the trip\n- her sister\n\n## Later\nA walk by the river.",
            Some(5),
            vec!["weekend", "us"],
        ),
        (day(2), "Tired", "Work ran late. I _missed_ our evening.", Some(2), vec!["work"]),
        (day(365), "A year ago", "Our first dinner in the new flat.", Some(4), vec!["home"]),
        (day(9), "Deleted thoughts", "Not for keeping.", None, vec![]),
    ];
    let mut last = None;
    let mut first = None;
    for (date, title, body, mood, tags) in entries {
        let input = EntryInput {
            entry_date: date,
            title: title.into(),
            body: body.into(),
            mood,
            tags: tags.into_iter().map(String::from).collect(),
            ..Default::default()
        };
        last = Some(journal::save(vault.conn_mut(), &input).unwrap().id);
        first = first.or(last.clone());
    }
    journal::trash(vault.conn(), &last.unwrap()).unwrap();
    // Two photos in "A slow Sunday", for the photo strip and the gallery.
    let sunday = first.unwrap();
    for seed in [1, 2] {
        let photo = hearth_tests::pictures::jpeg(90, 60, seed);
        hearth_core::photos::add(vault.conn_mut(), hearth_core::photos::Owner::Entry(&sunday), &photo)
            .unwrap();
    }

    let item = |title: &str, category: &str, kind: &str| -> ItemInput {
        serde_json::from_value(json!({
            "title": title, "notes": "Somewhere we can hear each other", "category": category, "kind": kind,
            "suggested_by": "partner", "interest_me": "yes", "interest_partner": "maybe", "cost": "low", "effort": "some"
        }))
        .unwrap()
    };
    let dance =
        bucket::store::create(vault.conn(), &item("Dance in the kitchen", "at_home", "physical")).unwrap();
    bucket::store::set_interest(vault.conn(), dance.id, bucket::Person::Partner, bucket::Interest::Yes)
        .unwrap();
    let planned = bucket::store::create(vault.conn(), &item("Night walk", "outdoors", "emotional")).unwrap();
    bucket::store::plan(vault.conn(), planned.id, Some(today + chrono::Duration::days(6))).unwrap();
    let done =
        bucket::store::create(vault.conn(), &item("Pottery class", "learning", "experiential")).unwrap();
    bucket::store::mark_done(vault.conn(), done.id, today, "Clay everywhere.").unwrap();

    let answers = |now: u8, wish: u8| -> selfcheck::Answers {
        selfcheck::bank::latest()
            .dimensions
            .iter()
            .flat_map(|d| d.items.iter())
            .enumerate()
            .map(|(i, q)| {
                let now = (now + (i % 2) as u8).min(4);
                (q.id.clone(), selfcheck::Answer::new(now, wish))
            })
            .collect()
    };
    selfcheck::store::complete(vault.conn_mut(), &answers(2, 3), &[]).unwrap();
    let mine = selfcheck::store::complete(vault.conn_mut(), &answers(1, 4), &["lonely".into()]).unwrap();
    let theirs = ShareFile::from_check(&mine, "Sam", false).unwrap();
    selfcheck::store::save_partner(vault.conn(), &theirs).unwrap();
    vault.close().unwrap();
}

/// A bucket list exported from the partner's vault, for the import preview.
fn partner_bucket_file(dir: &Path) -> PathBuf {
    let input: ItemInput = serde_json::from_value(json!({
        "title": "Salsa class", "notes": "Thursdays", "category": "learning", "kind": "physical",
        "suggested_by": "me", "interest_me": "yes", "interest_partner": "maybe", "cost": "medium", "effort": "some"
    }))
    .unwrap();
    let mut file = String::new();
    e2e::vault_in(&dir.join("partner"), |vault| {
        bucket::store::create(vault.conn(), &input).unwrap();
        file = bucket::store::export_from(
            vault.conn(),
            bucket::export::Format::Json,
            false,
            hearth_core::time::now(),
        )
        .unwrap();
    });
    let path = dir.join("from-sam.json");
    std::fs::write(&path, file).unwrap();
    path
}

async fn every_screen(audit: &mut Audit, env: &[(&str, &str)], partner_bucket: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = e2e::FakeDialogs::new();
    let jrnl = dialogs.path().join("jrnl.json");
    std::fs::write(
        &jrnl,
        r#"{"tags": {}, "entries": [{"title": "By the sea", "body": "Cold water.", "date": "2021-08-14", "time": "19:05", "tags": [], "starred": false}]}"#,
    )
    .unwrap();
    let mut env = env.to_vec();
    env.push(dialogs.env());
    env.push(e2e::ASK_BEFORE_EXPORT);
    let app = App::launch(dir.path(), &env).await;

    let dark = app.js("return matchMedia('(prefers-color-scheme: dark)').matches").await;
    assert_eq!(dark, audit.theme == "dark", "the window follows GTK_THEME for prefers-color-scheme");

    // Create: a weak passphrase (strength hints), then the "I understand" error.
    app.wait_for("#create-pass").await;
    audit.check(&app, "create vault").await;
    app.fill("#create-pass", "sunshine").await;
    app.wait_for_text("[data-strength-summary]", "at least 10 characters").await;
    app.fill("#create-pass", PASSPHRASE).await;
    app.fill("#create-confirm", PASSPHRASE).await;
    app.click("form[data-form=create] button[type=submit]").await;
    app.wait_for_text("[data-error]", "somewhere safe").await;
    audit.check(&app, "create vault, error").await;
    app.click("input[name=understood]").await;
    app.click("form[data-form=create] button[type=submit]").await;
    app.wait_for("#home-title").await;

    // Lock, fill the vault from outside, then a wrong passphrase.
    app.lock().await;
    fill_vault(dir.path()).await;
    audit.check(&app, "unlock").await;
    app.enter_passphrase("lantern orchard wednesday").await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    audit.check(&app, "unlock, wrong passphrase").await;
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.wait_for("[data-tonight]:not(:empty)").await;
    app.wait_for_text("[data-privacy]", "Encrypted on this computer").await;
    audit.check(&app, "home").await;

    // Journal.
    app.click("[data-section=journal]").await;
    app.until("the entries", "document.querySelectorAll('[data-list] .entry-row').length === 3").await;
    audit.check(&app, "journal list").await;
    app.click("[data-list] .entry-row").await;
    app.until("the entry open", "document.querySelector('#entry-title')?.value === 'A slow Sunday'").await;
    audit.check(&app, "journal entry, write").await;
    app.click("[data-mode=read]").await;
    app.until("the rendered entry", "document.querySelector('[data-rendered]:not([hidden]) h2')").await;
    audit.check(&app, "journal entry, read").await;
    app.until(
        "the photo strip's thumbnails",
        "[...document.querySelectorAll('[data-photo-strip] img')].filter((i) => i.complete && i.naturalWidth > 0).length === 2",
    )
    .await;
    app.click("[data-photo-strip] button").await;
    app.until("the gallery", "document.querySelector('dialog[open] [data-gallery-img]')?.naturalWidth > 0")
        .await;
    audit.check(&app, "photo gallery").await;
    app.click("dialog[open] [data-gallery-remove]").await;
    audit.check(&app, "photo gallery, remove?").await;
    app.click("dialog[open] [data-gallery-keep]").await;
    app.click("dialog[open] [data-action=cancel]").await;
    app.until("the gallery closed", "!document.querySelector('dialog[open]')").await;
    app.click("[data-tab=calendar]").await;
    app.until("the calendar", "document.querySelector('[data-weeks] button')").await;
    app.until("on this day", "document.querySelector('[data-otd] li')").await;
    audit.check(&app, "journal calendar").await;
    app.click("[data-tab=trash]").await;
    app.until("the trash", "document.querySelector('[data-trash] li')").await;
    audit.check(&app, "journal trash").await;
    app.click("[data-empty]").await;
    app.wait_for("[data-confirm]:not([hidden])").await;
    audit.check(&app, "journal trash, confirm").await;
    app.click("[data-confirm-no]").await;
    app.click("[data-tab=entries]").await;
    app.click("[data-action=insights]").await;
    app.until("the insights", "document.querySelector('[data-stat=entries]')?.textContent === '3'").await;
    audit.check(&app, "journal insights").await;
    app.click("[data-action=exchange]").await;
    app.wait_for("#exchange-title").await;
    dialogs.will_open(&jrnl);
    app.click("[data-import]").await;
    app.wait_for("[data-import-preview]:not([hidden])").await;
    audit.check(&app, "journal export and import preview").await;
    app.click("[data-import-cancel]").await;

    // Self-check.
    app.click("[data-section=selfcheck]").await;
    app.until("the history", "document.querySelectorAll('[data-history] button').length === 2").await;
    app.until("the partner's result", "document.querySelector('[data-partner-list] button')").await;
    audit.check(&app, "self-check intro and history").await;
    app.click("[data-action=start]").await;
    app.wait_for_text("#sc-page-title", "Emotional").await;
    app.click("[data-items] input[type=radio]").await;
    audit.check(&app, "self-check question page").await;
    app.click("[data-action=pause]").await;
    app.click("[data-history] button").await;
    app.wait_for(".sc-chart rect").await;
    audit.check(&app, "self-check results").await;
    app.click("[data-action=to-home]").await;
    app.click("[data-partner-list] button").await;
    app.wait_for("#sc-partner-view-title").await;
    app.until("the comparison", "document.querySelector('[data-partner-body] table')").await;
    audit.check(&app, "self-check partner comparison").await;

    // Bucket list and its dialogs.
    app.click("[data-section=bucket]").await;
    app.until("the items", "document.querySelectorAll('li.item').length === 3").await;
    audit.check(&app, "bucket list").await;
    app.click("[data-action=pick]").await;
    app.wait_for("[data-pick-title]").await;
    audit.check(&app, "bucket list, picked for us").await;
    app.click("[data-group=idea] [data-action=edit]").await;
    app.wait_for("dialog[open] #bucket-edit-name").await;
    audit.check(&app, "bucket edit dialog").await;
    close_dialog(&app).await;
    app.click("[data-action=add-details]").await;
    app.wait_for("dialog[open] #bucket-edit-name").await;
    audit.check(&app, "bucket add dialog").await;
    close_dialog(&app).await;
    app.click("[data-group=planned] [data-action=plan]").await;
    app.wait_for("dialog[open] #bucket-plan-date").await;
    audit.check(&app, "bucket plan dialog").await;
    close_dialog(&app).await;
    app.click("[data-group=idea] [data-action=done]").await;
    app.wait_for("dialog[open] #bucket-done-memory").await;
    audit.check(&app, "bucket done dialog").await;
    close_dialog(&app).await;
    app.click("[data-action=inspire]").await;
    app.until("the starter ideas", "document.querySelectorAll('[data-ideas] input').length > 10").await;
    audit.check(&app, "bucket starter ideas dialog").await;
    close_dialog(&app).await;
    app.click("[data-action=share]").await;
    app.wait_for("dialog[open] [data-export=csv]").await;
    app.click("[data-export=csv]").await;
    app.wait_for("dialog[open] #confirm-pass").await;
    audit.check(&app, "export's passphrase question").await;
    app.answer_export_question(PASSPHRASE).await;
    app.wait_for_text("dialog [data-success]", ".csv").await;
    audit.check(&app, "bucket share dialog").await;
    dialogs.will_open(partner_bucket);
    app.click("[data-action=import]").await;
    app.wait_for_text("[data-import=new]", "Salsa class").await;
    audit.check(&app, "bucket import preview").await;
    close_dialog(&app).await;

    // Together: the decks, a question half answered and revealed, the check-in,
    // the jar, the care profiles, the repair guide and the history.
    app.click("[data-section=together]").await;
    app.wait_for("[data-deck=fun] button").await;
    audit.check(&app, "together decks").await;
    app.click("[data-deck=fun] button").await;
    app.fill("#together-answer", "The Teapots").await;
    app.click("form[data-answer-form=me] button[type=submit]").await;
    app.wait_for("form[data-answer-form=partner]").await;
    audit.check(&app, "together question, partner's turn").await;
    app.fill("#together-answer", "Loud Socks").await;
    app.click("form[data-answer-form=partner] button[type=submit]").await;
    app.wait_for("[data-revealed] [data-answer=partner]").await;
    audit.check(&app, "together question revealed").await;
    app.click("[data-tab=checkin]").await;
    app.wait_for("form[data-checkin-form=me]").await;
    audit.check(&app, "together check-in").await;
    app.click("[data-tab=jar]").await;
    app.fill("#jar-text", "I noticed you watered the basil.").await;
    app.click("form[data-form=note] button[type=submit]").await;
    app.wait_for("[data-jar] [data-note]").await;
    audit.check(&app, "together jar").await;
    app.click("[data-tab=care]").await;
    app.wait_for("[data-care=partner] select").await;
    audit.check(&app, "together care profiles").await;
    app.click("[data-tab=repair]").await;
    app.wait_for("[data-step=cool-down]").await;
    audit.check(&app, "together after a hard moment").await;
    app.click("[data-tab=history]").await;
    app.wait_for("[data-history]").await;
    audit.check(&app, "together history").await;

    // Settings, with the restore form open.
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;
    app.until("the names", "document.querySelector('#name-me').value === 'Ana'").await;
    audit.check(&app, "settings").await;
    app.click("[data-action=backup]").await;
    app.wait_for_text("[data-backup-status]", "Backup saved").await;
    let backup = dialogs.saved(|name| name.ends_with(".hearthbackup"));
    dialogs.will_open(&backup);
    app.click("[data-action=choose-backup]").await;
    app.wait_for_text("[data-restore-about]", "This backup was made on").await;
    audit.check(&app, "settings, restore form").await;

    // Two people, one computer: a second Hearth's create screen, then the lock
    // screen asking whose Hearth it is.
    app.lock().await;
    app.click("[data-action=new-hearth]").await;
    app.wait_for_text("#create-title", "A Hearth of your own").await;
    audit.check(&app, "create a second Hearth").await;
    app.create_another_hearth("Sam", "copper kettle midnight swim").await;
    app.wait_for_text("[data-hearths] legend", "Whose Hearth is this?").await;
    audit.check(&app, "unlock, whose Hearth is this?").await;

    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn every_screen_passes_axe_in_light_and_dark() {
    let started = Instant::now();
    let axe = axe_source();
    let shared = tempfile::tempdir().unwrap();
    let partner_bucket = partner_bucket_file(shared.path());
    let screenshots = std::env::var_os("HEARTH_SCREENSHOT_DIR").map(PathBuf::from);
    let mut failures = Vec::new();
    for (theme, env) in
        [("light", vec![("GTK_THEME", "Adwaita")]), ("dark", vec![("GTK_THEME", "Adwaita:dark")])]
    {
        let mut audit = Audit {
            theme,
            axe: axe.clone(),
            screenshots: screenshots.clone(),
            failures: Vec::new(),
            notes: Vec::new(),
            screens: 0,
        };
        let t = Instant::now();
        every_screen(&mut audit, &env, &partner_bucket).await;
        println!(
            "a11y {theme}: {} screens in {:.1} s, {} serious or critical, {} moderate or minor",
            audit.screens,
            t.elapsed().as_secs_f32(),
            audit.failures.len(),
            audit.notes.len()
        );
        for note in &audit.notes {
            println!("  (not failing) {note}");
        }
        failures.extend(audit.failures);
    }
    println!("a11y: done in {:.1} s", started.elapsed().as_secs_f32());
    assert!(
        failures.is_empty(),
        "axe-core found {} serious or critical violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The bucket list in the real window: starter ideas, quick add, plan, done with a
//! memory, "we both want this", every export, printing, and merging the partner's
//! file with a preview (twice: the second time nothing changes).

use hearth_core::bucket::export::{self, Format};
use hearth_core::bucket::{self, Category, Cost, Effort, Interest, ItemInput, Person, store};
use hearth_core::{IntimacyKind, settings};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

/// The id of the item card whose title starts with `title`.
async fn item_id(app: &App, title: &str) -> String {
    let id = app
        .js(&format!(
            "const li = [...document.querySelectorAll('li.item')].find(li => li.querySelector('.item-title').textContent.startsWith({title:?})); return li ? li.dataset.id : null"
        ))
        .await;
    match id.as_str() {
        Some(id) => id.to_owned(),
        None => panic!("no item {title}: {}", app.page_text().await),
    }
}

/// Clicks the button `action` on the item card whose title starts with `title`.
async fn on_item(app: &App, title: &str, action: &str) {
    let id = item_id(app, title).await;
    app.click(&format!("li.item[data-id='{id}'] [data-action={action}]")).await;
}

/// The partner's Hearth, made with the core: two ideas, one of them already
/// planned, exported as JSON the way the app does it.
fn partner_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut json = String::new();
    e2e::vault_in(&dir.join("vault"), |vault| {
        settings::set_names(vault.conn(), "Sam", "Ana").unwrap();
        let input = |title: &str| ItemInput {
            title: title.into(),
            notes: "Thursdays at the community hall".into(),
            category: Category::Learning,
            kind: IntimacyKind::Physical,
            suggested_by: Some(Person::Me),
            interest_me: Interest::Yes,
            interest_partner: Interest::Maybe,
            cost: Cost::Medium,
            effort: Effort::Some,
        };
        store::create(vault.conn(), &input("Salsa class")).unwrap();
        let kayak = store::create(vault.conn(), &input("Kayak at dawn")).unwrap();
        store::plan(vault.conn(), kayak.id, bucket::NaiveDate::from_ymd_opt(2031, 7, 4)).unwrap();
        json =
            bucket::store::export_from(vault.conn(), Format::Json, false, hearth_core::time::now()).unwrap();
    });
    let path = dir.join("from-sam.json");
    std::fs::write(&path, json).unwrap();
    path
}

#[tokio::test(flavor = "current_thread")]
async fn plan_do_filter_export_and_merge_the_partners_list() {
    let dir = e2e::vault(|vault| drop(settings::set_names(vault.conn(), "Ana", "Sam").unwrap()));
    let fake = e2e::FakeDialogs::new();
    let partner_dir = tempfile::tempdir().unwrap();
    let partner = partner_file(partner_dir.path());

    let app = App::launch(dir.path(), &[fake.env(), e2e::ASK_BEFORE_EXPORT]).await;
    app.unlock().await;
    app.click("[data-section=bucket]").await;

    // First open with an empty list: the starter ideas are offered.
    app.wait_for_text("#bucket-ideas-title", "Ideas to start you off").await;
    let offered =
        app.js("return document.querySelectorAll('[data-ideas] input[type=checkbox]').length").await;
    assert!(offered.as_u64().unwrap() >= 30, "{offered}");
    app.click("label[for=starter-day-hike]").await;
    app.click("label[for=starter-picnic]").await;
    app.wait_for_text("[data-count]", "2 ideas ticked").await;
    app.click("form[data-form=ideas] button[type=submit]").await;
    app.wait_for_text("[data-group=idea]", "Walk a trail we haven't walked").await;

    // Quick add; markup in a title stays text.
    app.fill("#bucket-quick-title", "Sunrise swim <b>brave</b>").await;
    app.click("form[data-form=quick-add] button[type=submit]").await;
    app.wait_for_text("[data-group=idea]", "Sunrise swim <b>brave</b>").await;
    assert!(!app.exists("[data-group=idea] b").await, "no markup was made from the title");

    // Plan it for a day.
    on_item(&app, "Sunrise swim", "plan").await;
    app.wait_for("#bucket-plan-date").await;
    app.set_value("#bucket-plan-date", "2030-06-13", "change").await;
    app.click("form[data-form=plan] button[type=submit]").await;
    app.wait_for_text("[data-group=planned]", "Sunrise swim").await;
    app.wait_for_text("[data-group=planned]", "2030").await; // the date, in the system's locale
    app.wait_for_text("[data-turn]", "your turn to pick the next date, Ana").await;

    // Mark it done with a memory: it moves to Done, the turn passes to Sam.
    on_item(&app, "Sunrise swim", "done").await;
    app.fill("#bucket-done-memory", "Cold water, warm hearts.").await;
    app.click("form[data-form=done] button[type=submit]").await;
    app.wait_for_text("[data-group=done]", "Cold water, warm hearts.").await;
    app.wait_for_text("[data-turn]", "Sam's turn").await;
    app.wait_for_text("[data-progress]", "1 thing done in").await;
    assert!(
        app.exists("[data-action=write]").await,
        "'Write about it' is offered (followed in crosslinks.rs)"
    );

    // "We both want this": Sam says yes to the hike too, then filter.
    let hike = item_id(&app, "Walk a trail").await;
    app.set_value(&format!("#interest-partner-{hike}"), "yes", "change").await;
    app.set_value(&format!("#interest-me-{hike}"), "yes", "change").await;
    app.wait_for_text(&format!("li.item[data-id='{hike}']"), "You both want this").await;
    app.click("#bucket-filter-both").await;
    let ideas = app.wait_for_text("[data-group=idea]", "Walk a trail").await;
    assert!(!ideas.contains("picnic"), "only what both want: {ideas}");
    assert!(app.wait_for_text("[data-group=done]", "Nothing here matches").await.contains("filters"));
    app.click("#bucket-filter-both").await;
    app.wait_for_text("[data-group=idea]", "A picnic in the park").await;

    // "Pick one for us" picks the only idea we both want.
    app.click("[data-action=pick]").await;
    app.wait_for_text("[data-pick-title]", "Walk a trail").await;

    // Every export, to the folder standing in for the save dialog. The first asks
    // for the passphrase; the others, within the minute, go straight through.
    app.click("[data-action=share]").await;
    app.click("label[for=bucket-with-ideas]").await;
    for (i, (format, ext)) in
        [("markdown", "md"), ("csv", "csv"), ("json", "json"), ("ics", "ics"), ("html", "html")]
            .into_iter()
            .enumerate()
    {
        app.click(&format!("[data-export={format}]")).await;
        if i == 0 {
            app.answer_export_question(PASSPHRASE).await;
        }
        app.wait_for_text("dialog [data-success]", &format!(".{ext}")).await;
        assert!(!app.exists("#confirm-pass").await, "{format}: asked again within the minute");
    }
    let read =
        |ext: &str| std::fs::read_to_string(fake.saved(|name| name.ends_with(&format!(".{ext}")))).unwrap();
    let md = read("md");
    assert!(md.contains("- [x] Sunrise swim \\<b\\>brave\\</b\\>"), "{md}");
    assert!(md.contains("- [ ] Walk a trail"), "{md}");
    let mut csv = csv_rows(&read("csv"));
    csv.sort();
    assert_eq!(csv.len(), 3);
    let ics = read("ics");
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("BEGIN:VTODO"), "{ics}");
    let json = export::read_json(read("json").as_bytes()).unwrap();
    assert_eq!(json.items.len(), 3);
    assert!(read("html").contains("Sunrise swim &lt;b&gt;brave&lt;/b&gt;"));

    // Print: the print view holds the list; the system dialog is stubbed under test.
    app.js("window.print = () => { window.__printed = true; }; return true").await;
    app.click("[data-action=print]").await;
    app.until("window.print() to be called", "window.__printed === true").await;
    let printed = app.js("return document.querySelector('[data-print]').textContent").await;
    let print_text = printed.as_str().unwrap();
    assert!(
        print_text.contains("Our bucket list") && print_text.contains("Sunrise swim <b>brave</b>"),
        "{print_text}"
    );
    assert!(print_text.contains("Ana and Sam"));

    // Sam's list: a preview first, nothing changes until confirmed.
    fake.will_open(&partner);
    app.click("[data-action=share]").await;
    app.click("[data-action=import]").await;
    app.wait_for_text("[data-import=new]", "Salsa class").await;
    app.wait_for_text("[data-import=new]", "Kayak at dawn").await;
    app.wait_for_text("[data-import=unchanged]", "0 unchanged").await;
    assert!(!app.page_text().await.contains("Thursdays at the community hall"), "not applied yet");
    app.click("[data-action=apply]").await;
    app.wait_for_text("[data-group=idea]", "Salsa class").await;
    let kayak = app.wait_for_text("[data-group=planned]", "Kayak at dawn").await;
    assert!(kayak.contains("Suggested by Sam"), "Sam's 'me' became our partner: {kayak}");

    // The same file again: nothing would change, and nothing does.
    let before = app.js("return document.querySelector('[data-groups]').innerText").await;
    app.click("[data-action=share]").await;
    app.click("[data-action=import]").await;
    app.wait_for_text("dialog [data-summary]", "Nothing would change").await;
    app.wait_for_text("[data-import=unchanged]", "2 unchanged").await;
    app.click("[data-action=apply]").await;
    app.wait_for_content("#announcer", "Nothing changed.").await;
    app.until("the import dialog to close", "!document.querySelector('dialog[open]')").await;
    app.settled().await;
    let after = app.js("return document.querySelector('[data-groups]').innerText").await;
    assert_eq!(before, after);

    // A foreign file is refused whole with a clear message.
    let foreign = partner_dir.path().join("journal.json");
    std::fs::write(&foreign, r#"{"format":"hearth-journal","version":1,"entries":[]}"#).unwrap();
    fake.will_open(&foreign);
    app.click("[data-action=share]").await;
    app.click("[data-action=import]").await;
    app.wait_for_text("dialog [data-error]", "isn't a bucket list exported from Hearth").await;
    if let Ok(p) = std::env::var("HEARTH_SCREENSHOT_DIR") {
        app.screenshot(&std::path::Path::new(&p).join("bucket-share.png")).await;
        app.click("dialog [data-action=cancel]").await;
        app.screenshot(&std::path::Path::new(&p).join("bucket-list.png")).await;
    }
    // Lock, so the app lets go of the vault, then check it holds what the window showed.
    app.js("document.querySelector('dialog[open]')?.close(); return true").await;
    app.lock().await;
    let vault = e2e::unlock_when_released(dir.path(), PASSPHRASE).await;
    assert_eq!(store::list(vault.conn()).unwrap().len(), 5);
    vault.close().unwrap();
    app.close().await;
}

/// Rows of a CSV export, read with a plain RFC 4180 reader (quotes, doubled quotes,
/// embedded newlines), skipping the header.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows.into_iter().skip(1).collect()
}

//! Hostile text in the real window: a vault filled through the core with the whole
//! corpus (hearth_tests::hostile) as journal titles, bodies and tags, bucket
//! titles, notes and memories, partners' display names and the couple's names;
//! then every screen that shows them, and payloads typed into the live fields.
//!
//! After each screen: no payload ran (`window.__pwned` unset), the content
//! security policy refused nothing (a refusal would mean markup was made from
//! text), no element was injected (no script, frame, object, embed, img, svg but
//! the app's own charts, math, style, link, base or meta in the page), no `on…`
//! attribute and no `javascript:`/`data:` address anywhere, no payload made an
//! IPC call (Tauri's IPC API is frozen, so calls can't be counted in the page;
//! the payloads call `lock`, `quit`, `journal_empty_trash`, `journal_delete` and
//! `bucket_delete`, whose effects are checked on every screen and in the vault at
//! the end), and the payloads are shown as text, exactly.

use std::time::Instant;

use hearth_core::bucket::{self, Category, Cost, Effort, Interest, ItemInput, Person, store};
use hearth_core::journal::{self, EntryInput, Filter};
use hearth_core::selfcheck::share::{ShareFile, clean_name};
use hearth_core::time::today;
use hearth_core::{IntimacyKind, selfcheck, settings};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};
use hearth_tests::hostile::{self, Payload};
use serde_json::json;

use crate::network::{assert_offline, record_requests};

const NAME_ME: &str = "<img src=x onerror=top.__pwned=1>";
const NAME_PARTNER: &str = "<svg/onload=window.__pwned=1>";
/// A word in every journal body, to search for.
const MARKER: &str = "lanternword";

struct Fixture {
    dir: tempfile::TempDir,
    /// Every journal entry, in the corpus's order.
    by_payload: Vec<journal::Entry>,
    /// Live journal entries, newest first, as the list shows them.
    entries: Vec<journal::Entry>,
    trashed: Vec<journal::Entry>,
    items: Vec<bucket::BucketItem>,
    partners: Vec<String>,
}

fn fill_vault(corpus: &[Payload]) -> Fixture {
    let mut filled = None;
    let dir = e2e::vault(|vault| {
        settings::set_names(vault.conn(), NAME_ME, NAME_PARTNER).unwrap();

        // The journal: one entry per payload, all today, the first payload newest.
        let mut entries = Vec::new();
        for (i, p) in corpus.iter().enumerate() {
            let minutes = 23 * 60 + 59 - i as u32;
            let input = EntryInput {
                entry_date: format!("{}T{:02}:{:02}", today(), minutes / 60, minutes % 60),
                title: p.text.clone(),
                body: format!("{}\n\n{MARKER}", p.text),
                tags: vec![p.text.clone()],
                mood: Some((i % 5) as u8 + 1),
                ..Default::default()
            };
            entries.push(journal::save(vault.conn_mut(), &input).unwrap());
        }
        let by_payload = entries.clone();
        let trashed: Vec<journal::Entry> = entries.drain(60..63).collect();
        for e in &trashed {
            journal::trash(vault.conn(), &e.id).unwrap();
        }

        // The bucket list: every payload that fits a title; some planned, some done.
        let mut items = Vec::new();
        for (i, p) in hostile::from_file().iter().enumerate() {
            let input = ItemInput {
                title: p.text.clone(),
                notes: p.text.clone(),
                category: Category::ALL[i % Category::ALL.len()],
                kind: IntimacyKind::Experiential,
                suggested_by: Some(if i % 2 == 0 { Person::Me } else { Person::Partner }),
                interest_me: Interest::Yes,
                interest_partner: Interest::Yes,
                cost: Cost::Low,
                effort: Effort::Easy,
            };
            let Ok(item) = store::create(vault.conn(), &input) else { continue };
            let item = match i % 5 {
                1 => store::plan(vault.conn(), item.id, Some(today() + chrono::Duration::days(30))).unwrap(),
                2 => store::mark_done(vault.conn(), item.id, today(), &p.text).unwrap(),
                _ => item,
            };
            items.push(item);
        }

        // The self-check: one of our own, and a partner's result per payload that
        // makes a valid name.
        let check =
            selfcheck::store::complete(vault.conn_mut(), &hearth_tests::every_answer(2, 4), &[]).unwrap();
        let mut partners = Vec::new();
        for p in hostile::from_file() {
            if let Some(name) = clean_name(&p.text) {
                let file = ShareFile::from_check(&check, &name, false).unwrap();
                selfcheck::store::save_partner(vault.conn(), &file).unwrap();
                if !partners.contains(&name) {
                    partners.push(name);
                }
            }
        }
        filled = Some((by_payload, entries, trashed, items, partners));
    });
    let (by_payload, entries, trashed, items, partners) = filled.unwrap();
    Fixture { dir, by_payload, entries, trashed, items, partners }
}

/// Checked before anything is unlocked: the sentinel is unset, and Tauri's IPC
/// entry points are frozen, so neither a payload nor this test can wrap or
/// replace them. A payload's IPC call is therefore detected by its effect:
/// `lock` or `quit` (the window leaves the unlocked shell, or closes),
/// `journal_empty_trash`, `journal_delete` and `bucket_delete` (checked in the
/// vault at the end).
const INSTRUMENT: &str = r#"
    const core = window.__TAURI__.core;
    const invoke = core.invoke;
    try { core.invoke = () => null; } catch { /* strict mode would throw */ }
    return [window.__pwned === undefined, core.invoke === invoke && Object.isFrozen(core)];
"#;

/// What the page holds that it must not: run in the page after each screen.
const INSPECT: &str = r#"
    const bad = [];
    const short = (el) => el.outerHTML.slice(0, 160);
    const own = (el) => {
      const tag = el.tagName.toLowerCase();
      if (tag === 'svg') return ['mood-chart', 'sc-chart', 'sc-trend'].some((c) => el.classList.contains(c));
      if (tag === 'img') return el.getAttribute('src') === 'assets/hearth.svg';
      return false;
    };
    for (const el of document.body.querySelectorAll('script, iframe, frame, frameset, object, embed, img, svg, math, style, link, base, meta, video, audio, source, form[action]')) {
      if (!own(el)) bad.push(`element ${short(el)}`);
    }
    for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`attribute ${a.name} on ${short(el)}`);
        // Any address at all (a value="javascript:..." of an <option> is data).
        if (['href', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'].includes(a.name.toLowerCase())
            && !own(el)) bad.push(`address ${a.name}=${a.value.slice(0, 60)} on ${short(el)}`);
        if (a.name === 'style' && /url|expression|@import/i.test(a.value)) bad.push(`style ${short(el)}`);
      }
    }
    return {
      pwned: window.__pwned !== undefined || window.top.__pwned !== undefined,
      bad,
      blocked: window.__blocked,
      unlocked: document.querySelector('.shell') !== null && document.querySelector('#unlock-pass') === null,
    };
"#;

static SCREENS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Asserts the page is clean after `screen`.
async fn inspect(app: &App, screen: &str) {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    SCREENS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    eprintln!("{:>6.1?} {screen}", START.get_or_init(Instant::now).elapsed());
    let got = app.js(INSPECT).await;
    assert_eq!(got["pwned"], false, "{screen}: a payload ran");
    assert_eq!(got["bad"], json!([]), "{screen}: markup was made from text");
    assert_eq!(got["blocked"], json!([]), "{screen}: the CSP refused something the page tried");
    assert_eq!(got["unlocked"], true, "{screen}: the vault was locked");
}

async fn texts(app: &App, css: &str) -> Vec<String> {
    let v =
        app.js(&format!("return [...document.querySelectorAll({css:?})].map((e) => e.textContent)")).await;
    serde_json::from_value(v).unwrap()
}

async fn text_of(app: &App, css: &str) -> String {
    let v =
        app.js(&format!("const e = document.querySelector({css:?}); return e ? e.textContent : ''")).await;
    v.as_str().unwrap_or_default().to_owned()
}

/// A JavaScript string literal.
fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// What the list shows for an entry's title.
fn row_title(e: &journal::Entry) -> String {
    if e.title.is_empty() { "Untitled".into() } else { e.title.clone() }
}

/// Payloads of printable ASCII that fit `max` characters, for typing.
fn typeable(max: usize) -> Vec<String> {
    hostile::from_file()
        .into_iter()
        .map(|p| p.text)
        .filter(|t| t.len() <= max && t.bytes().all(|b| (0x20..0x7f).contains(&b)) && t.trim() == t)
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_text_never_runs_anywhere_it_is_shown_or_typed() {
    let started = Instant::now();
    let corpus = hostile::corpus();
    let fx = fill_vault(&corpus);
    let app = App::launch(fx.dir.path(), &[]).await;
    record_requests(&app).await;
    let installed = app.js(INSTRUMENT).await;
    assert_eq!(installed, json!([true, true]), "sentinel unset and the IPC API frozen from the start");
    // The inspection sees what it looks for: a handler attribute and a frame.
    app.js("const x = document.createElement('iframe'); x.id = 'probe'; x.setAttribute('onload', ''); document.body.append(x); return true").await;
    let probe = app.js(INSPECT).await;
    assert_eq!(probe["bad"].as_array().map(Vec::len), Some(2), "{probe}");
    // ...and the CSP refusing the probe's handler is recorded.
    app.until("the CSP report of the probe", "window.__blocked.some((b) => b.startsWith('script-src-attr'))")
        .await;
    app.js("document.getElementById('probe').remove(); window.__blocked.length = 0; return true").await;
    app.unlock().await;
    inspect(&app, "home").await;

    // ---- The journal list: every title, exactly, page after page.
    app.js_click("[data-section=journal]").await;
    app.until("the first page", "document.querySelectorAll('.entry-row').length >= 50").await;
    let expected: Vec<String> = fx.entries.iter().map(row_title).collect();
    for _ in 0..10 {
        if app.js("return document.querySelector('[data-more]').hidden").await == true {
            break;
        }
        let n = app.js("return document.querySelectorAll('[data-list] .entry-row').length").await;
        app.js("document.querySelector('[data-more]').click(); return true").await;
        app.until(
            "the next page",
            &format!("document.querySelectorAll('[data-list] .entry-row').length > {n}"),
        )
        .await;
    }
    assert_eq!(texts(&app, "[data-list] .entry-row-title").await, expected, "every title, as text");
    let tags = app
        .js("return [...document.querySelectorAll('[data-list] .entry-row')].map((r) => r.querySelector('.entry-row-tags')?.textContent ?? '')")
        .await;
    let tags: Vec<String> = serde_json::from_value(tags).unwrap();
    assert_eq!(tags.len(), fx.entries.len());
    for (shown, e) in tags.iter().zip(&fx.entries) {
        assert_eq!(*shown, e.tags.concat(), "the tags of {:.80?}", e.title);
    }
    inspect(&app, "journal list").await;

    // ---- Entries in Read mode: the first of each family, and the huge ones.
    let mut opened = Vec::new();
    for family in hostile::FAMILIES.iter().chain(["html-structure", "markdown-tricks"].iter()) {
        let picks: Vec<&journal::Entry> = corpus
            .iter()
            .zip(&fx.by_payload)
            .filter(|(p, e)| p.family == *family && !fx.trashed.contains(e))
            .map(|(_, e)| e)
            .collect();
        // Not opened: the 1 MB word without a space. It shows as text, but WebKit
        // takes about a minute to lay it out (overflow-wrap: anywhere); see the
        // report for the hostile-input work.
        let picks = picks.into_iter().filter(|e| e.body.len() < 1 << 20 || e.body.contains(' '));
        opened.extend(picks.take(if *family == "huge" { 8 } else { 2 }));
    }
    for e in &opened {
        app.js_click(&format!("[data-list] [data-entry='{}']", e.id)).await;
        app.until("the entry in Read mode",
            &format!(
                "document.querySelector('[data-rendered]') && !document.querySelector('[data-rendered]').hidden && document.querySelector('[data-rendered]').textContent.includes({}) && document.querySelector('#entry-title').value === {}",
                js_str(MARKER),
                js_str(&e.title)
            ),
        )
        .await;
        if e.body.len() < 10_000
            && !e.body.contains(['\u{202e}', '`', '\\', '&', '[', '*', '_', '#', '>', '|', '-'])
        {
            // Plain text with markup in it: shown exactly as written.
            let rendered = text_of(&app, "[data-rendered]").await;
            let first = e.body.lines().next().unwrap_or_default().trim();
            assert!(rendered.contains(first), "{first:?} shows as text, not {rendered:.300?}");
        }
        inspect(&app, &format!("entry {:.60?}", e.title)).await;
    }
    let script_entry = &fx.entries[0];
    app.js_click(&format!("[data-list] [data-entry='{}']", script_entry.id)).await;
    app.until(
        "the script entry",
        &format!("document.querySelector('#entry-title')?.value === {}", js_str(&script_entry.title)),
    )
    .await;
    app.until(
        "the script shown as text",
        "document.querySelector('[data-rendered]').textContent.includes('<script>window.__pwned=1</script>')",
    )
    .await;

    // ---- Search with highlighted snippets, for a word many payloads share.
    app.fill("#journal-search", "onerror").await;
    app.until(
        "search results",
        "/found|best matches/.test(document.querySelector('[data-summary]').textContent)",
    )
    .await;
    let marks = texts(&app, "[data-list] mark").await;
    assert!(marks.len() > 10 && marks.iter().all(|m| m.to_lowercase().starts_with("onerror")), "{marks:?}");
    let titles = texts(&app, "[data-list] .entry-row-title").await;
    assert!(titles.contains(&"<img src=x onerror=window.__pwned=1>".to_string()), "{titles:?}");
    inspect(&app, "search results").await;
    app.fill("#journal-search", MARKER).await;
    app.until(
        "every entry found",
        "document.querySelector('[data-summary]').textContent.includes('The 50 best matches')",
    )
    .await;
    inspect(&app, "search results for every entry").await;
    app.set_value("#journal-search", "", "input").await;
    app.until("the list back", "document.querySelector('[data-summary]').textContent === ''").await;

    // ---- Calendar, the day's entries and "on this day".
    app.js_click("[data-tab=calendar]").await;
    app.js_click(&format!("[data-day='{}']", today())).await;
    app.until("the day's entries", "document.querySelectorAll('[data-day-list] .entry-row').length >= 50")
        .await;
    let day_titles = texts(&app, "[data-day-list] .entry-row-title").await;
    assert_eq!(day_titles, expected[..day_titles.len()], "the day's titles, as text");
    inspect(&app, "calendar").await;

    // ---- Trash: the three trashed entries, still there at the end.
    app.js_click("[data-tab=trash]").await;
    app.until("the trash", "document.querySelectorAll('[data-trash] .entry-row').length === 3").await;
    let mut trash_titles = texts(&app, "[data-trash] .entry-row-title").await;
    trash_titles.sort();
    let mut want: Vec<String> = fx.trashed.iter().map(row_title).collect();
    want.sort();
    assert_eq!(trash_titles, want);
    inspect(&app, "trash").await;

    // ---- Insights: the mood chart is the page's own SVG.
    app.js_click("[data-action=insights]").await;
    app.wait_for("svg.mood-chart").await;
    inspect(&app, "insights").await;

    // ---- Typing payloads into a new entry: title, body and tags.
    app.js_click("[data-tab=entries]").await;
    app.js_click("[data-action=new]").await;
    app.wait_for("#entry-body").await;
    let typed = typeable(60);
    let title = typed.iter().find(|t| t.contains("<script")).unwrap().clone();
    let body = typed.iter().take(12).cloned().collect::<Vec<_>>().join(" "); // (WebDriver types no "\n")
    app.fill("#entry-title", &title).await;
    app.fill("#entry-body", &body).await;
    let tag_payloads: Vec<&String> =
        typed.iter().filter(|t| t.len() <= 40 && !t.contains(',')).take(4).collect();
    for t in &tag_payloads {
        app.fill("#entry-tag-input", t).await;
        app.wait_for("#entry-tag-input")
            .await
            .send_keys(&fantoccini::key::Key::Enter.to_string())
            .await
            .unwrap();
    }
    app.until(
        "the tags",
        &format!("document.querySelectorAll('[data-tags] .chip').length === {}", tag_payloads.len()),
    )
    .await;
    let chips = texts(&app, "[data-tags] .chip > span").await;
    let want: Vec<String> =
        tag_payloads.iter().map(|t| t.trim_start_matches(['#', '@']).to_string()).collect();
    assert_eq!(chips, want, "tags typed show as text");
    app.until("the save", "document.querySelector('[data-status]').textContent === 'Saved'").await;
    app.js_click("[data-mode=read]").await;
    app.until("Read mode", "!document.querySelector('[data-rendered]').hidden && document.querySelector('[data-rendered]').textContent.length > 0").await;
    app.until(
        "the typed title in the list",
        &format!(
            "[...document.querySelectorAll('.entry-row-title')].some((e) => e.textContent === {})",
            js_str(&title)
        ),
    )
    .await;
    inspect(&app, "a typed entry").await;

    // ---- The bucket list: every title and note, the print view, quick add.
    app.js_click("[data-section=bucket]").await;
    app.until("the list", &format!("document.querySelectorAll('li.item').length === {}", fx.items.len()))
        .await;
    let mut shown = texts(&app, "li.item .item-title").await;
    shown.sort();
    let mut want: Vec<String> = fx.items.iter().map(|i| i.title.clone()).collect();
    want.sort();
    assert_eq!(shown, want, "every bucket title, as text");
    let notes = texts(&app, "li.item .item-notes, li.item .memory").await;
    assert!(notes.len() >= fx.items.len() / 2, "notes and memories shown: {}", notes.len());
    for n in &notes {
        assert!(fx.items.iter().any(|i| i.notes == *n || i.memory == *n), "{n:.80?} is a stored note");
    }
    let meta = text_of(&app, "[data-groups]").await;
    assert!(meta.contains(&format!("Suggested by {NAME_PARTNER}")), "names as text");
    let turn = text_of(&app, "[data-turn]").await;
    assert!(turn.contains(NAME_ME) || turn.contains(NAME_PARTNER), "{turn}");
    inspect(&app, "bucket list").await;
    app.js("window.print = () => { window.__printed = true; }; return true").await;
    app.js_click("[data-action=share]").await;
    app.js_click("dialog [data-action=print]").await;
    app.until("the print view", "window.__printed === true").await;
    let printed = text_of(&app, "[data-print]").await;
    assert!(printed.contains(&format!("{NAME_ME} and {NAME_PARTNER}")), "{printed:.300}");
    assert_eq!(
        app.js("return document.querySelectorAll('[data-print] .print-title').length").await,
        json!(fx.items.len())
    );
    inspect(&app, "print view").await;
    let quick: Vec<String> = typeable(200).into_iter().filter(|t| t.contains('<')).skip(20).take(5).collect();
    for t in &quick {
        app.fill("#bucket-quick-title", t).await;
        app.js_click("form[data-form=quick-add] button[type=submit]").await;
        app.until(
            "the quick-added idea",
            &format!(
                "[...document.querySelectorAll('li.item .item-title')].some((e) => e.textContent === {})",
                js_str(t)
            ),
        )
        .await;
    }
    inspect(&app, "bucket quick add").await;

    // ---- The self-check: partners' names in the list and the comparison.
    app.js_click("[data-section=selfcheck]").await;
    app.until(
        "the partner list",
        &format!("document.querySelectorAll('[data-partner-list] li').length === {}", fx.partners.len()),
    )
    .await;
    let listed = texts(&app, "[data-partner-list] li").await;
    for name in &fx.partners {
        assert!(listed.iter().any(|l| l.starts_with(&format!("{name}, "))), "{name:?} listed as text");
    }
    inspect(&app, "self-check home").await;
    let pick = fx.partners.iter().find(|n| n.contains("<svg")).unwrap();
    app.js(&format!(
        "[...document.querySelectorAll('[data-partner-list] button')].find((b) => b.textContent.startsWith({})).click(); return true",
        js_str(&format!("{pick}, "))
    ))
    .await;
    app.until("the comparison", "document.querySelector('[data-partner-lead]') !== null").await;
    let lead = text_of(&app, "[data-partner-lead]").await;
    assert!(lead.starts_with(&format!("{pick}'s check-in")), "{lead}");
    inspect(&app, "self-check comparison").await;

    // ---- Settings: the names as values; new hostile names typed and saved.
    app.js_click("[data-section=settings]").await;
    app.until("the names", &format!("document.querySelector('#name-me').value === {}", js_str(NAME_ME)))
        .await;
    assert_eq!(app.js("return document.querySelector('#name-partner').value").await, json!(NAME_PARTNER));
    inspect(&app, "settings").await;
    let names = typeable(40);
    let (me, partner) = (
        names.iter().find(|n| n.starts_with("\"><")).unwrap(),
        names.iter().rev().find(|n| n.contains("onfocus")).unwrap(),
    );
    app.fill("#name-me", me).await;
    app.fill("#name-partner", partner).await;
    app.js_click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved:").await;
    app.js_click("[data-section=bucket]").await;
    app.until(
        "the new name",
        &format!(
            "[{}, {}].some((n) => document.querySelector('[data-turn]').textContent.includes(n))",
            js_str(me),
            js_str(partner)
        ),
    )
    .await;
    inspect(&app, "bucket with typed names").await;
    app.js_click("[data-section=home]").await;
    app.wait_for("[data-names]:not(:empty)").await;
    app.settled().await;
    inspect(&app, "home again").await;

    let (loads, processes, sockets) = assert_offline(&app).await;

    // Lock (the test's own call), then read the vault: nothing a payload could
    // have asked for happened.
    app.js_click(".topbar [data-action=lock]").await;
    app.wait_for("#unlock-pass").await;
    app.close().await;
    let vault = e2e::unlock_when_released(fx.dir.path(), PASSPHRASE).await;
    assert_eq!(journal::list_trash(vault.conn()).unwrap().len(), 3, "the trash was not emptied");
    let (mut live, mut typed_ids) = (0, Vec::new());
    let mut cursor = None;
    loop {
        let page = journal::list(vault.conn(), &Filter::default(), cursor.as_ref(), 200).unwrap();
        live += page.entries.len();
        typed_ids.extend(page.entries.iter().filter(|e| e.title == title).map(|e| e.id.clone()));
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(live, fx.entries.len() + 1, "nothing deleted, the typed entry kept");
    let typed = typed_ids.iter().map(|id| journal::get(vault.conn(), id).unwrap().unwrap());
    let bodies: Vec<String> = typed.map(|e| e.body).collect();
    assert!(bodies.contains(&body), "the typed entry, exactly as typed: {bodies:?} vs {body:?}");
    assert_eq!(store::list(vault.conn()).unwrap().len(), fx.items.len() + quick.len(), "no item deleted");
    assert_eq!(
        settings::names(vault.conn()).unwrap(),
        settings::Names { me: me.clone(), partner: partner.clone() }
    );
    vault.close().unwrap();
    eprintln!(
        "{} payloads ({} journal entries, {} bucket items, {} partner names) checked on {} screens, {} opened in Read mode; {loads} page loads, {processes} processes, {sockets} sockets checked; {:?}",
        corpus.len(),
        fx.entries.len() + fx.trashed.len(),
        fx.items.len(),
        fx.partners.len(),
        SCREENS.load(std::sync::atomic::Ordering::Relaxed),
        opened.len(),
        started.elapsed()
    );
}

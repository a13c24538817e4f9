//! Views that end. After a lock, by idle time or by the Lock button, nothing a view
//! started is still running (no listener on the document or window, no observer,
//! no interval), the page holds none of the vault's text, and after unlocking every
//! view fetches afresh: what changed in the vault while it was locked is what shows.
//!
//! The page is watched by wrapping the browser's own `addEventListener`,
//! `IntersectionObserver` and `setInterval` from the test, on the lock screen
//! before unlocking, so the app carries no test hook for this.

use std::time::{Duration, Instant};

use hearth_core::Vault;
use hearth_core::bucket::{ItemInput, store, vocabulary};
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App, unlock_when_released};
use serde_json::{Value, json};

const ENTRY_TITLE: &str = "Canary lantern evening";
const ENTRY_BODY: &str = "We walked to the harbour and counted canary boats.";
const ITEM_TITLE: &str = "Canary picnic on the ridge";
const ENTRY_ID: &str = "0b7e6a7c-4f7e-4d8e-9a51-3c1f3f1e9d21";

/// Installs the watch: every document/window listener, observer and interval the
/// page creates from now on is recorded, with its AbortSignal if it has one.
const WATCH: &str = r#"
  if (window.__watch) return true;
  const w = window.__watch = { observers: new Set(), listeners: [], intervals: new Set(), made: 0 };
  const IO = window.IntersectionObserver;
  window.IntersectionObserver = class extends IO {
    constructor(...a) { super(...a); w.observers.add(this); w.made += 1; }
    disconnect() { w.observers.delete(this); super.disconnect(); }
  };
  for (const [name, target] of [['document', document], ['window', window]]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type, fn, opts) => {
      w.listeners.push({ name, type, fn, signal: (opts && opts.signal) || null, removed: false });
      return add(type, fn, opts);
    };
    target.removeEventListener = (type, fn, opts) => {
      for (const l of w.listeners) if (l.type === type && l.fn === fn) l.removed = true;
      return remove(type, fn, opts);
    };
  }
  const setI = window.setInterval, clearI = window.clearInterval;
  window.setInterval = (...a) => { const id = setI(...a); w.intervals.add(id); return id; };
  window.clearInterval = (id) => { w.intervals.delete(id); return clearI(id); };
  return true;
"#;

/// What the views started that is still alive.
const LEFT_OVER: &str = r#"
  const w = window.__watch;
  return {
    observers: w.observers.size,
    listeners: w.listeners.filter((l) => !l.removed && !(l.signal && l.signal.aborted)).map((l) => `${l.name}:${l.type}`),
    intervals: w.intervals.size,
    made: w.made,
  };
"#;

fn vault() -> tempfile::TempDir {
    e2e::vault(|vault| {
        journal::save(vault.conn_mut(), &entry(ENTRY_TITLE, ENTRY_BODY)).unwrap();
        for i in 0..60 {
            let input = EntryInput {
                entry_date: format!("2024-01-01T10:{:02}", i % 60),
                title: format!("Older entry {i}"),
                ..Default::default()
            };
            journal::save(vault.conn_mut(), &input).unwrap();
        }
        store::create(vault.conn(), &item(ITEM_TITLE)).unwrap();
    })
}

fn entry(title: &str, body: &str) -> EntryInput {
    EntryInput {
        id: Some(ENTRY_ID.into()),
        entry_date: "2025-06-01T20:00".into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

fn item(title: &str) -> ItemInput {
    ItemInput { title: title.into(), ..vocabulary::new_item() }
}

/// Uses every section that holds vault content, ending in the journal with an
/// entry open and the list's "load more" observer running.
async fn use_the_app(app: &App, title: &str, item: &str) {
    app.click("[data-section=bucket]").await;
    app.until(
        "the bucket list",
        &format!("document.querySelector('.bucket')?.textContent.includes({item:?})"),
    )
    .await;
    app.click("[data-section=selfcheck]").await;
    // A check-in: a new one the first time, the one in progress after that.
    app.click("[data-action=start], [data-action=resume]").await;
    app.wait_for_text("#sc-page-title", "Emotional").await;
    app.client.active_element().await.unwrap().send_keys("3").await.unwrap();
    app.click("[data-section=journal]").await;
    app.until(
        "the journal list",
        &format!("document.querySelector('[data-list]')?.textContent.includes({title:?})"),
    )
    .await;
    app.click(&format!("[data-entry='{ENTRY_ID}']")).await;
    app.until("the entry", &format!("document.querySelector('#entry-title')?.value === {title:?}")).await;
}

/// Asserts that nothing the views started is alive and nothing of the vault shows.
async fn assert_nothing_held(app: &App, how: &str, canaries: &[&str]) {
    let left = app.js(LEFT_OVER).await;
    assert!(left["made"].as_u64().unwrap() > 0, "the watch saw the journal's observer made ({how}): {left}");
    assert_eq!(left["observers"], json!(0), "every observer disconnected after {how}: {left}");
    assert_eq!(left["listeners"], json!([]), "every document/window listener gone after {how}: {left}");
    assert_eq!(left["intervals"], json!(0), "no interval left running after {how}: {left}");
    let html = app.page_html().await;
    for canary in canaries {
        assert!(!html.contains(canary), "{canary:?} is still in the page after {how}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn after_any_lock_views_hold_nothing_and_fetch_afresh() {
    let dir = vault();
    let app = App::launch(dir.path(), &[("HEARTH_AUTOLOCK_SECS", "4")]).await;
    assert_eq!(app.js(WATCH).await, Value::Bool(true));
    app.unlock().await;
    use_the_app(&app, ENTRY_TITLE, ITEM_TITLE).await;

    // Idle lock: nobody touches anything.
    app.wait_for_text("[data-error]", "locked itself while you were away").await;
    assert_nothing_held(&app, "the idle lock", &[ENTRY_TITLE, ENTRY_BODY, ITEM_TITLE]).await;

    // While it is locked, the vault changes behind the window's back.
    {
        let mut vault = unlock_when_released(dir.path(), PASSPHRASE).await;
        journal::save(vault.conn_mut(), &entry("Renamed while locked", "A new body.")).unwrap();
        let old = store::list(vault.conn()).unwrap().into_iter().find(|i| i.title == ITEM_TITLE).unwrap();
        store::delete(vault.conn(), old.id).unwrap();
        store::create(vault.conn(), &item("Stargazing from the roof")).unwrap();
        vault.close().unwrap();
    }

    // Unlocked again, every view shows the vault as it is now.
    app.unlock().await;
    use_the_app(&app, "Renamed while locked", "Stargazing from the roof").await;
    let page = app.page_html().await;
    assert!(!page.contains(ENTRY_TITLE), "the journal fetched afresh");
    app.click("[data-section=bucket]").await;
    app.until("the new idea", "document.querySelector('.bucket')?.textContent.includes('Stargazing')").await;
    assert!(!app.page_html().await.contains(ITEM_TITLE), "the bucket list fetched afresh");
    app.click("[data-section=journal]").await;
    app.click(&format!("[data-entry='{ENTRY_ID}']")).await;
    app.until("the entry", "document.querySelector('#entry-title')?.value === 'Renamed while locked'").await;

    // The Lock button, with the journal's observer and shortcuts live.
    app.click(".topbar [data-action=lock]").await;
    app.wait_for("#unlock-pass").await;
    assert_nothing_held(&app, "the Lock button", &["Renamed while locked", "A new body.", "Stargazing"])
        .await;
    app.close().await;
}

/// Records every listener put on an AbortSignal's "abort", with the signal that
/// takes it off again, if any.
const ABORT_WATCH: &str = r#"
  if (window.__aborts) return true;
  const list = window.__aborts = [];
  const add = EventTarget.prototype.addEventListener;
  AbortSignal.prototype.addEventListener = function (type, fn, opts) {
    if (type === 'abort') list.push({ target: this, via: (opts && opts.signal) || null });
    return add.call(this, type, fn, opts);
  };
  return true;
"#;

/// "abort" listeners still attached to a signal that is still live.
const LIVE_ABORT_LISTENERS: &str =
    "return window.__aborts.filter((l) => !l.target.aborted && !(l.via && l.via.aborted)).length;";

/// Opening entry after entry lets go of each one before: what an editor hangs on
/// the journal (its debounced saves, its photos) goes when the next one opens,
/// where it used to stay, with the editor and its entry, until the journal was
/// left.
#[tokio::test(flavor = "current_thread")]
async fn opening_entry_after_entry_keeps_nothing_of_the_ones_before() {
    let dir = vault();
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=journal]").await;
    app.wait_for(&format!("[data-entry='{ENTRY_ID}']")).await;
    assert_eq!(app.js(ABORT_WATCH).await, Value::Bool(true));
    let ids = app
        .js("return [...document.querySelectorAll('[data-entry]')].slice(0, 4).map((b) => b.dataset.entry)")
        .await;
    let ids: Vec<String> = ids.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let mut live = vec![];
    for round in 0..12 {
        let id = &ids[round % ids.len()];
        app.click(&format!("[data-entry='{id}']")).await;
        app.until(
            "the entry marked open",
            &format!(
                "document.querySelector(\"[data-entry='{id}']\")?.getAttribute('aria-current') === 'true'"
            ),
        )
        .await;
        if round == 0 {
            app.js("window.__form = document.querySelector('[data-editor]'); return true;").await;
        }
        live.push(app.js(LIVE_ABORT_LISTENERS).await.as_u64().unwrap());
    }
    assert!(live[0] > 0, "the watch saw the editor's listeners: {live:?}");
    assert!(
        live.iter().all(|n| *n == live[1]),
        "the same listeners however many entries were opened: {live:?}"
    );
    // One form serves them all, refilled rather than built again (a new one per
    // entry kept WebKit's memory growing), and it shows the one opened last.
    app.click(&format!("[data-entry='{ENTRY_ID}']")).await;
    app.until(
        "the entry in the form",
        &format!("document.querySelector('#entry-title')?.value === {ENTRY_TITLE:?}"),
    )
    .await;
    assert_eq!(
        app.js(
            "return window.__form === document.querySelector('[data-editor]') && window.__form.isConnected;"
        )
        .await,
        Value::Bool(true),
        "the editor's form is the one made for the first entry"
    );
    assert_eq!(app.js("return document.querySelector('#entry-body').value;").await, json!(ENTRY_BODY));

    // Locked, the kept form holds nothing of it.
    app.click(".topbar [data-action=lock]").await;
    app.wait_for("#unlock-pass").await;
    let left = app
        .js("const f = window.__form; return { title: f.querySelector('#entry-title').value, body: f.querySelector('#entry-body').value, \
             date: f.querySelector('#entry-date').value, html: f.innerHTML, text: f.textContent, \
             checked: f.querySelectorAll('input:checked').length, connected: f.isConnected };")
        .await;
    assert_eq!(left["connected"], json!(false), "the form left the page with the journal: {left}");
    assert_eq!(
        (&left["title"], &left["body"], &left["date"]),
        (&json!(""), &json!(""), &json!("")),
        "{left}"
    );
    assert_eq!(left["checked"], json!(0), "no mood chosen: {left}");
    for field in ["html", "text"] {
        let s = left[field].as_str().unwrap();
        assert!(
            !s.contains(ENTRY_TITLE) && !s.contains(ENTRY_BODY),
            "the entry stays in the form's {field}: {s}"
        );
    }
    app.close().await;
}

/// The journal's list loads page after page as it is scrolled, but never holds more
/// than 200 rows: the oldest at the top go, and "Back to the newest entries" starts
/// again from the top.
#[tokio::test(flavor = "current_thread")]
async fn the_entry_list_stays_bounded_however_far_it_is_scrolled() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::default()).unwrap();
    let total = 330;
    for i in 0..total {
        let input = EntryInput {
            entry_date: format!(
                "2024-{:02}-{:02}T{:02}:{:02}",
                1 + i / 28 % 12,
                1 + i % 28,
                i / 60 % 24,
                i % 60
            ),
            title: format!("Day number {i}"),
            ..Default::default()
        };
        journal::save(vault.conn_mut(), &input).unwrap();
    }
    let newest = journal::list(vault.conn(), &Default::default(), None, 1).unwrap().entries[0].title.clone();
    let mut oldest = None;
    let mut after = None;
    loop {
        let page = journal::list(vault.conn(), &Default::default(), after.as_ref(), 100).unwrap();
        oldest = page.entries.last().map(|e| e.title.clone()).or(oldest);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let oldest = oldest.unwrap();
    vault.close().unwrap();

    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=journal]").await;
    app.until("the first page", "document.querySelectorAll('[data-list] .entry-row').length === 50").await;
    let last_row = "return document.querySelector('[data-list] li:last-child .entry-row-title')?.textContent";
    let mut most = 0;
    for _ in 0..20 {
        if app.js("return document.querySelector('[data-more]').hidden").await == json!(true) {
            break;
        }
        let before = app.js(last_row).await;
        app.js("document.querySelector('[data-more]').click(); return true").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while app.js(last_row).await == before {
            assert!(Instant::now() < deadline, "the next page never came");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let rows = app.js("return document.querySelectorAll('[data-list] .entry-row').length").await;
        most = most.max(rows.as_u64().unwrap());
    }
    assert_eq!(app.js(last_row).await, json!(oldest), "the list reached the oldest entry");
    assert_eq!(most, 200, "the list never held more than 200 rows, and did fill up to them");
    assert_eq!(app.js("return document.querySelector('[data-newest]').hidden").await, json!(false));
    assert!(!app.page_html().await.contains(&format!(">{newest}<")), "the newest rows were dropped");

    app.click("[data-newest]").await;
    app.until("the list from the top",
        &format!(
            "document.querySelector('[data-list] .entry-row-title')?.textContent === {newest:?} && document.querySelector('[data-newest]').hidden"
        ),
    )
    .await;
    assert_eq!(app.js("return document.querySelectorAll('[data-list] .entry-row').length").await, json!(50));
    app.close().await;
}

/// Activity reaches Rust only now and then (at most once per quarter of the
/// auto-lock delay), yet someone using the window is never locked out; once they
/// stop, the idle lock comes.
#[tokio::test(flavor = "current_thread")]
async fn someone_typing_is_never_locked_out_and_idleness_still_locks() {
    let dir = tempfile::tempdir().unwrap();
    e2e::vault_in(dir.path(), |_| {});
    let app = App::launch(dir.path(), &[("HEARTH_AUTOLOCK_SECS", "3")]).await;
    app.unlock().await;
    app.click("[data-section=journal]").await;
    let search = app.wait_for("#journal-search").await;
    // A person typing a key every 400 ms for three times the auto-lock delay.
    let started = Instant::now();
    let mut typed = 0;
    let mut pace = tokio::time::interval(Duration::from_millis(400));
    while started.elapsed() < Duration::from_secs(9) {
        pace.tick().await;
        search.send_keys("a").await.unwrap();
        typed += 1;
    }
    assert!(app.exists(".shell").await, "still open after {typed} keys over {:?}", started.elapsed());
    assert!(!app.page_text().await.contains("locked itself"));
    // Hands off: the idle lock comes.
    app.wait_for_text("[data-error]", "locked itself while you were away").await;
    app.close().await;
}

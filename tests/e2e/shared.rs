//! Two real Hearth windows at once, each on its own vault, sharing one folder
//! (`HEARTH_FAKE_DIALOG_DIR` answers both folder dialogs with it): pairing by
//! code through Settings, then the bucket list kept in step both ways, and a wrong
//! code that pairs nobody.

use std::time::Duration;

use hearth_core::bucket::{self, ItemInput, store};
use hearth_core::settings;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};
use serde_json::json;

/// How long a change may take to show in the other window: the sync thread runs
/// a round about every second on each side, so a change needs about two.
pub(crate) const ARRIVES: Duration = Duration::from_secs(5);

/// A vault at the lock screen whose owner is `me`, partnered with `partner`, with
/// one idea already on the list (so the bucket list opens without offering the
/// starter ideas, and pairing has something of each side's to bring together).
fn hearth(me: &str, partner: &str, idea: &str) -> tempfile::TempDir {
    e2e::vault(|vault| {
        settings::set_names(vault.conn(), me, partner).unwrap();
        store::create(vault.conn(), &ItemInput { title: idea.into(), ..bucket::vocabulary::new_item() })
            .unwrap();
    })
}

/// Opens Settings and chooses the shared folder (the fake dialog answers it).
async fn choose_folder(app: &App) {
    app.click("[data-section=settings]").await;
    app.click("[data-action=pair-folder]").await;
    app.wait_for_text("[data-pair-folder]", "Shared folder:").await;
}

/// Ana's and Sam's Hearths, unlocked side by side, whose folder dialogs both
/// answer `shared`.
pub(crate) struct Two {
    pub(crate) shared: tempfile::TempDir,
    pub(crate) a_dir: tempfile::TempDir,
    pub(crate) b_dir: tempfile::TempDir,
    pub(crate) a: App,
    pub(crate) b: App,
}

pub(crate) async fn two_hearths() -> Two {
    let shared = tempfile::tempdir().unwrap();
    let env = [("HEARTH_FAKE_DIALOG_DIR", shared.path().to_str().unwrap())];
    let (a_dir, b_dir) = (hearth("Ana", "Sam", "Kayak at dawn"), hearth("Sam", "Ana", "Salsa class"));
    let a = App::launch(a_dir.path(), &env).await;
    let b = App::launch(b_dir.path(), &env).await;
    a.unlock().await;
    b.unlock().await;
    Two { shared, a_dir, b_dir, a, b }
}

/// Both choose the shared folder in Settings and Ana asks for a pairing code:
/// the code her window shows.
pub(crate) async fn offer_code(a: &App, b: &App) -> String {
    choose_folder(a).await;
    a.click("[data-action=pair-offer]").await;
    let code = a.wait_for_text("[data-pair-code]", " ").await;
    choose_folder(b).await;
    code
}

/// Waits at most [`ARRIVES`] until the element's rendered text holds `needle`.
pub(crate) async fn arrives(app: &App, css: &str, needle: &str, what: &str) {
    let script = format!("const e = document.querySelector({}); return e ? e.innerText : ''", json!(css));
    let found = e2e::poll(ARRIVES, async || {
        app.js(&script).await.as_str().is_some_and(|t| t.contains(needle)).then_some(())
    })
    .await;
    if found.is_none() {
        panic!("{what} did not arrive within {ARRIVES:?}; the page says:\n{:.2000}", app.page_text().await);
    }
}

/// The id of the item card whose title starts with `title`.
async fn item_id(app: &App, title: &str) -> String {
    let id = app
        .js(&format!(
            "const li = [...document.querySelectorAll('li.item')].find(li => li.querySelector('.item-title').textContent.startsWith({})); return li ? li.dataset.id : null",
            json!(title)
        ))
        .await;
    match id.as_str() {
        Some(id) => id.to_owned(),
        None => panic!("no item {title}: {}", app.page_text().await),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn two_hearths_pair_by_code_and_keep_the_bucket_list_in_step() {
    let Two { shared: _shared, a_dir, b_dir: _b_dir, a, b } = two_hearths().await;

    // Ana shows a code; Sam types it.
    let code = offer_code(&a, &b).await;
    assert_eq!(code.len(), 9, "eight digits in two groups: {code:?}");
    a.wait_for_content("#announcer", &format!("Your pairing code is {code}")).await;
    b.fill("#pair-code", &code).await;
    b.click("form[data-form=pair-join] button[type=submit]").await;
    a.wait_for_text("[data-pair-with]", "Paired with Sam").await;
    b.wait_for_text("[data-pair-with]", "Paired with Ana").await;
    for app in [&a, &b] {
        app.wait_for_content("#announcer", "Your bucket list is now shared.").await;
        app.until(
            "the paired status to have the focus",
            "document.activeElement?.matches('[data-pair-with]')",
        )
        .await;
        assert!(app.js("return document.querySelector('[data-pair-error]').textContent").await == "");
    }

    // Each list now holds the other's idea.
    a.click("[data-section=bucket]").await;
    b.click("[data-section=bucket]").await;
    a.wait_for_rendered("[data-group=idea]", "Salsa class").await;
    b.wait_for_rendered("[data-group=idea]", "Kayak at dawn").await;

    // An idea added on Ana's Hearth shows on Sam's within seconds.
    a.fill("#bucket-quick-title", "Sunrise swim").await;
    a.click("form[data-form=quick-add] button[type=submit]").await;
    a.wait_for_rendered("[data-group=idea]", "Sunrise swim").await;
    arrives(&b, "[data-group=idea]", "Sunrise swim", "Ana's new idea on Sam's list").await;

    // Sam plans it for a day; the day comes back to Ana.
    let id = item_id(&b, "Sunrise swim").await;
    b.click(&format!("li.item[data-id='{id}'] [data-action=plan]")).await;
    b.set_value("#bucket-plan-date", "2031-07-04", "change").await;
    b.click("form[data-form=plan] button[type=submit]").await;
    b.wait_for_rendered("[data-group=planned]", "Sunrise swim").await;
    arrives(&a, "[data-group=planned]", "Sunrise swim", "Sam's plan on Ana's list").await;
    a.wait_for_rendered("[data-group=planned]", "2031").await; // the date, in the system's locale
    assert!(!a.wait_for_rendered("[data-group=idea]", "Kayak").await.contains("Sunrise swim"));

    // Settings says what came in, in words.
    a.click("[data-section=settings]").await;
    let last = a.wait_for_text("[data-pair-last]", "Sam planned “Sunrise swim”").await;
    assert!(last.starts_with("Last from Sam"), "{last}");
    b.click("[data-section=settings]").await;
    b.wait_for_text("[data-pair-last]", "Ana added an idea.").await;

    // The vaults hold what the windows showed.
    a.lock().await;
    let vault = e2e::unlock_when_released(a_dir.path(), PASSPHRASE).await;
    let swim = store::list(vault.conn()).unwrap().into_iter().find(|i| i.title == "Sunrise swim").unwrap();
    assert_eq!(swim.planned_for, bucket::NaiveDate::from_ymd_opt(2031, 7, 4));
    assert_eq!(store::list(vault.conn()).unwrap().len(), 3);
    vault.close().unwrap();
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_wrong_code_says_so_and_pairs_nobody() {
    let Two { shared, a_dir, b_dir, a, b } = two_hearths().await;
    let code = offer_code(&a, &b).await;

    // Too short: said at once, nothing written to the folder.
    b.fill("#pair-code", "1234").await;
    b.click("form[data-form=pair-join] button[type=submit]").await;
    b.wait_for_text("[data-pair-error]", "The pairing code is 8 digits").await;

    // Eight digits, but not the ones Ana's screen shows.
    let wrong: String = code
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| char::from_digit((d + 1) % 10, 10).unwrap()))
        .collect();
    b.fill("#pair-code", &wrong).await;
    b.click("form[data-form=pair-join] button[type=submit]").await;
    for app in [&a, &b] {
        app.wait_for_text("[data-pair-error]", "The code didn't match, so the two Hearths were not paired.")
            .await;
        app.until(
            "the choice of folder to be back",
            "!document.querySelector('[data-pair-state=unpaired]').hidden",
        )
        .await;
        assert!(app.js("return document.querySelector('[data-pair-state=paired]').hidden").await == true);
    }
    let shown = a.js("return document.querySelector('[data-pair-code]').textContent").await;
    assert_eq!(shown, "", "the spent code is gone from Ana's screen");
    a.until("the offer to be gone", "document.querySelector('[data-pair-state=offer]').hidden").await;
    // Each side's focus is back where pairing starts again.
    a.until("Ana's focus on Show a pairing code", "document.activeElement?.dataset.action === 'pair-offer'")
        .await;
    b.until("Sam's focus on the code", "document.activeElement?.id === 'pair-code'").await;
    assert!(
        shared.path().join("Hearth-pairing").read_dir().unwrap().next().is_none(),
        "the offer is withdrawn"
    );

    // Neither vault holds a pairing.
    for (app, dir) in [(a, a_dir.path()), (b, b_dir.path())] {
        app.lock().await;
        let vault = e2e::unlock_when_released(dir, PASSPHRASE).await;
        assert!(hearth_core::shared::store::status(vault.conn()).unwrap().is_none());
        vault.close().unwrap();
        app.close().await;
    }
}

//! The foundation: creating a vault, locking, unlocking, auto-lock and changing the
//! passphrase, through the real window.

use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::App;

/// A vault made directly through the core, so a test can start at the lock screen.
fn existing_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap().close().unwrap();
    dir
}

async fn unlock(app: &App, passphrase: &str) {
    app.fill("#unlock-pass", passphrase).await;
    app.click("form[data-form=unlock] button[type=submit]").await;
}

#[tokio::test(flavor = "current_thread")]
async fn first_run_creates_a_vault_then_locks_and_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::launch(dir.path(), &[]).await;

    // First run: the create form, with the no-recovery warning and live strength.
    app.wait_for("#create-pass").await;
    assert!(app.page_text().await.contains("no way to recover"));
    app.fill("#create-pass", "sunshine").await;
    app.wait_for_text("[data-strength-summary]", "at least 10 characters").await;
    app.fill("#create-pass", PASSPHRASE).await;
    app.wait_for("[data-strength][data-acceptable=true][data-score='4']").await;
    app.wait_for_text("[data-strength-summary]", "Strong").await;
    app.fill("#create-confirm", PASSPHRASE).await;

    // Not ticking "I understand" is caught before anything is created.
    app.click("form[data-form=create] button[type=submit]").await;
    app.wait_for_text("[data-error]", "kept your passphrase somewhere safe").await;
    assert!(!Vault::exists(dir.path()));

    app.click("input[name=understood]").await;
    app.click("form[data-form=create] button[type=submit]").await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    assert!(Vault::exists(dir.path()), "the vault file was created in HEARTH_DATA_DIR");

    // Lock: back to the lock screen, nothing of the unlocked app left in the page.
    app.click(".topbar [data-action=lock]").await;
    app.wait_for("#unlock-pass").await;
    // Templates hold static markup only; what is drawn lives in #app.
    let drawn = app.js("return document.getElementById('app').outerHTML").await;
    let drawn = drawn.as_str().unwrap();
    assert!(!drawn.contains("home-title"), "the shell is gone: {drawn}");
    assert!(!drawn.contains(dir.path().to_str().unwrap()), "the vault's path is gone");
    assert!(!app.exists(".shell").await);
    assert!(!app.exists("#view").await);
    assert!(!app.page_html().await.contains(PASSPHRASE), "the passphrase is not left in the page");

    // A wrong passphrase: a clear message, still locked.
    unlock(&app, "lantern orchard wednesday").await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    assert!(!app.exists(".shell").await);
    let invalid = app.js("return document.querySelector('#unlock-pass').getAttribute('aria-invalid')").await;
    assert_eq!(invalid, "true", "the field is marked invalid for screen readers");

    // The right one opens the shell.
    unlock(&app, PASSPHRASE).await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn idle_auto_lock_returns_to_the_lock_screen() {
    let dir = existing_vault();
    let app = App::launch(dir.path(), &[("HEARTH_AUTOLOCK_SECS", "2")]).await;
    unlock(&app, PASSPHRASE).await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    // Do nothing: within a few seconds the vault locks by itself.
    app.wait_for_text("[data-error]", "locked itself while you were away").await;
    assert!(app.exists("#unlock-pass").await);
    assert!(!app.exists(".shell").await);
    // And it opens again.
    unlock(&app, PASSPHRASE).await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn settings_keep_names_and_auto_lock_in_the_vault() {
    let dir = existing_vault();
    let app = App::launch(dir.path(), &[]).await;
    unlock(&app, PASSPHRASE).await;
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;

    // Auto-lock: pick 15 minutes with the keyboard-operable select.
    app.js("const s = document.querySelector('#autolock-select'); s.value = '15'; s.dispatchEvent(new Event('change'));")
        .await;
    app.wait_for_content("#announcer", "Auto-lock set to 15 minutes").await;

    // Names, including markup that must stay text.
    app.fill("#name-me", "Ana").await;
    app.fill("#name-partner", "<b>Sam</b>").await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved: Ana and <b>Sam</b>").await;

    // Lock and unlock: both are still there, read back from the encrypted vault.
    app.click(".topbar [data-action=lock]").await;
    unlock(&app, PASSPHRASE).await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    assert!(app.page_text().await.contains("15 minutes"), "home shows the auto-lock delay");
    app.click("[data-section=settings]").await;
    app.wait_for("#name-me").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let v = app.js("return [document.querySelector('#name-me').value, document.querySelector('#name-partner').value, document.querySelector('#autolock-select').value]").await;
        if v == serde_json::json!(["Ana", "<b>Sam</b>", "15"]) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "settings not restored: {v}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!app.exists("#view b").await, "a name is never markup");
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn change_passphrase_then_unlock_with_the_new_one() {
    let dir = existing_vault();
    let new = "copper kettle midnight swim";
    let app = App::launch(dir.path(), &[]).await;
    unlock(&app, PASSPHRASE).await;
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;

    // Wrong current passphrase: refused, named.
    app.fill("#change-current", "not my passphrase at all").await;
    app.fill("#change-new", new).await;
    app.fill("#change-confirm", new).await;
    app.click("form[data-form=change] button[type=submit]").await;
    app.wait_for_text("form[data-form=change] [data-error]", "doesn't open this vault").await;

    app.fill("#change-current", PASSPHRASE).await;
    app.fill("#change-new", new).await;
    app.fill("#change-confirm", new).await;
    app.click("form[data-form=change] button[type=submit]").await;
    app.wait_for_text("[data-success]", "passphrase has been changed").await;

    // Lock from Settings; the old passphrase no longer opens the vault, the new one does.
    app.click("#view [data-action=lock]").await;
    unlock(&app, PASSPHRASE).await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    unlock(&app, new).await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn back_up_then_restore_from_settings() {
    let dir = existing_vault();
    let dialogs = tempfile::tempdir().unwrap();
    let app = App::launch(dir.path(), &[("HEARTH_FAKE_DIALOG_DIR", dialogs.path().to_str().unwrap())]).await;
    unlock(&app, PASSPHRASE).await;
    app.click("[data-section=settings]").await;
    app.fill("#name-me", "Ana").await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved: Ana").await;

    app.click("[data-action=backup]").await;
    app.wait_for_text("[data-backup-status]", "Backup saved").await;
    let backup = std::fs::read_dir(dialogs.path()).unwrap().next().unwrap().unwrap().path();
    assert!(backup.to_str().unwrap().ends_with(".hearthbackup"), "{}", backup.display());
    let bytes = std::fs::read(&backup).unwrap();
    assert!(!hearth_tests::contains(&bytes, b"Ana"), "the backup is encrypted");

    // Change something, then restore: it comes back as it was in the backup.
    app.fill("#name-me", "Zed").await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved: Zed").await;
    std::fs::write(dialogs.path().join("open-path.txt"), backup.to_str().unwrap()).unwrap();
    app.click("[data-action=choose-backup]").await;
    app.wait_for_text("[data-restore-about]", "This backup was made on").await;
    app.fill("#restore-pass", "not the right one at all").await;
    app.click("form[data-form=restore] button[type=submit]").await;
    app.wait_for_text("[data-backup-error]", "doesn't open").await;
    app.fill("#restore-pass", PASSPHRASE).await;
    app.click("form[data-form=restore] button[type=submit]").await;
    app.wait_for_text("#home-title", "Your vault is open").await;
    app.click("[data-section=settings]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.js("return document.querySelector('#name-me').value").await != "Ana" {
        assert!(std::time::Instant::now() < deadline, "the restored name never showed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let kept = std::fs::read_dir(dir.path().join("snapshots")).unwrap().count();
    assert_eq!(kept, 1, "the vault as it was before restoring is kept");
    app.close().await;
}

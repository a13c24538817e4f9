//! The foundation: creating a vault, locking, unlocking, auto-lock and changing the
//! passphrase, through the real window.

use hearth_core::Vault;
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

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
    app.wait_for_text("#home-title", "The two of you").await;
    assert!(Vault::exists(dir.path()), "the vault file was created in HEARTH_DATA_DIR");

    // Lock: back to the lock screen, nothing of the unlocked app left in the page.
    app.lock().await;
    // Templates hold static markup only; what is drawn lives in #app.
    let drawn = app.js("return document.getElementById('app').outerHTML").await;
    let drawn = drawn.as_str().unwrap();
    assert!(!drawn.contains("home-title"), "the shell is gone: {drawn}");
    assert!(!drawn.contains(dir.path().to_str().unwrap()), "the vault's path is gone");
    assert!(!app.exists(".shell").await);
    assert!(!app.exists("#view").await);
    assert!(!app.page_html().await.contains(PASSPHRASE), "the passphrase is not left in the page");

    // A wrong passphrase: a clear message, still locked.
    app.enter_passphrase("lantern orchard wednesday").await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    assert!(!app.exists(".shell").await);
    let invalid = app.js("return document.querySelector('#unlock-pass').getAttribute('aria-invalid')").await;
    assert_eq!(invalid, "true", "the field is marked invalid for screen readers");

    // The right one opens the shell.
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn idle_auto_lock_returns_to_the_lock_screen() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[("HEARTH_AUTOLOCK_SECS", "2")]).await;
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    // Do nothing: within a few seconds the vault locks by itself.
    app.wait_for_text("[data-error]", "locked itself while you were away").await;
    assert!(app.exists("#unlock-pass").await);
    assert!(!app.exists(".shell").await);
    // And it opens again.
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn settings_keep_names_and_auto_lock_in_the_vault() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;

    // Auto-lock: pick 15 minutes with the keyboard-operable select.
    app.set_value("#autolock-select", "15", "change").await;
    app.wait_for_content("#announcer", "Auto-lock set to 15 minutes").await;

    // Names, including markup that must stay text.
    app.fill("#name-me", "Ana").await;
    app.fill("#name-partner", "<b>Sam</b>").await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved: Ana and <b>Sam</b>").await;

    // Lock and unlock: both are still there, read back from the encrypted vault.
    app.lock().await;
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    assert!(app.page_text().await.contains("15 minutes"), "home shows the auto-lock delay");
    app.click("[data-section=settings]").await;
    app.wait_for("#name-me").await;
    app.until(
        "the names and auto-lock read back",
        "document.querySelector('#name-me').value === 'Ana' \
         && document.querySelector('#name-partner').value === '<b>Sam</b>' \
         && document.querySelector('#autolock-select').value === '15'",
    )
    .await;
    assert!(!app.exists("#view b").await, "a name is never markup");
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn change_passphrase_then_unlock_with_the_new_one() {
    let dir = e2e::vault(|_| {});
    let new = "copper kettle midnight swim";
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;
    // It says what a change means for older backups.
    app.wait_for_text("[aria-labelledby=change-title] .hint", "Backups you made before keep opening").await;

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
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    app.enter_passphrase(new).await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn back_up_then_restore_from_settings() {
    const NAME: &str = "Anastasia Backup-Canary";
    let dir = e2e::vault(|_| {});
    let dialogs = e2e::FakeDialogs::new();
    let app = App::launch(dir.path(), &[dialogs.env()]).await;
    app.unlock().await;
    app.click("[data-section=settings]").await;
    app.fill("#name-me", NAME).await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", &format!("Saved: {NAME}")).await;

    app.click("[data-action=backup]").await;
    app.wait_for_text("[data-backup-status]", "Backup saved").await;
    let backup = dialogs.saved(|_| true);
    assert!(backup.to_str().unwrap().ends_with(".hearthbackup"), "{}", backup.display());
    let bytes = std::fs::read(&backup).unwrap();
    // A name long enough that ciphertext can't hold it by chance: "Ana", three
    // bytes, once turned up in a backup's random bytes and failed this check.
    assert!(!hearth_tests::contains(&bytes, NAME.as_bytes()), "the backup is encrypted");

    // Change something, then restore: it comes back as it was in the backup.
    app.fill("#name-me", "Zed").await;
    app.click("form[data-form=names] button[type=submit]").await;
    app.wait_for_content("#announcer", "Saved: Zed").await;
    dialogs.will_open(&backup);
    app.click("[data-action=choose-backup]").await;
    app.wait_for_text("[data-restore-about]", "This backup was made on").await;
    app.fill("#restore-pass", "not the right one at all").await;
    app.click("form[data-form=restore] button[type=submit]").await;
    app.wait_for_text("[data-backup-error]", "doesn't open").await;
    app.fill("#restore-pass", PASSPHRASE).await;
    app.click("form[data-form=restore] button[type=submit]").await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.click("[data-section=settings]").await;
    app.until("the restored name", &format!("document.querySelector('#name-me').value === '{NAME}'")).await;
    let kept = std::fs::read_dir(dir.path().join("snapshots")).unwrap().count();
    assert_eq!(kept, 1, "the vault as it was before restoring is kept");
    app.close().await;
}

/// Two people, one computer: a second Hearth made from the lock screen, with its
/// own passphrase and name, and "Whose Hearth is this?" choosing between them.
#[tokio::test(flavor = "current_thread")]
async fn two_people_on_one_computer_each_open_their_own_hearth() {
    const THEIRS: &str = "copper kettle midnight swim";
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#unlock-pass").await;
    // With one Hearth, the lock screen asks nothing about whose it is.
    assert_eq!(app.js("return document.querySelector('[data-hearths]').hidden").await, true);

    app.click("[data-action=new-hearth]").await;
    app.wait_for_text("#create-title", "A Hearth of your own").await;
    // Names are text, never markup.
    app.create_another_hearth("<b>Alex</b>", THEIRS).await;

    // Now the lock screen asks, with Alex's Hearth chosen (the one last opened).
    app.wait_for_text("[data-hearths] legend", "Whose Hearth is this?").await;
    let labels = app.wait_for_text("[data-hearth-list]", "<b>Alex</b>").await;
    assert!(labels.contains("The first Hearth made on this computer"), "{labels}");
    assert!(!app.exists("[data-hearth-list] b").await, "a name is shown as text");
    // The first Hearth's passphrase doesn't open Alex's.
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;

    // Choosing the first Hearth, then its own passphrase opens it.
    app.click("[data-hearth-list] input[value=first]").await;
    // The lock screen is drawn again for the first Hearth (a click alone checks
    // the old radio before the new form replaces it).
    app.wait_for("form[data-form=unlock][data-hearth=first] [data-hearth-list] input[value=first]:checked")
        .await;
    app.enter_passphrase(PASSPHRASE).await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.close().await;
    // Two vaults on disk, each its own.
    let others: Vec<_> = std::fs::read_dir(dir.path().join("hearths")).unwrap().collect();
    assert_eq!(others.len(), 1);
}

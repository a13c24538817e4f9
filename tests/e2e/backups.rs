//! Settings' backups and snapshots: a backup from before backups were sealed says
//! so before restoring; "Delete all snapshots" asks first, says what it removes,
//! works from the keyboard, and the snapshots are gone from the folder.

use fantoccini::key::Key;
use hearth_core::{snapshots, time};
use hearth_tests::PASSPHRASE;
use hearth_tests::e2e::{self, App};

use crate::selfcheck::key;

#[tokio::test(flavor = "current_thread")]
async fn settings_delete_every_snapshot_after_asking() {
    let dir = e2e::vault(|_| {});
    let snaps = dir.path().join("snapshots");
    for hours in [1, 2] {
        let kept =
            snaps.join(format!("before-restore-{}", snapshots::stamp(time::now() - hours * 3_600_000)));
        std::fs::create_dir_all(&kept).unwrap();
        std::fs::write(kept.join("hearth.vault"), b"an old copy").unwrap();
    }
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=settings]").await;
    app.wait_for("#settings-title").await;
    // Unlocking pruned nothing: both are young and fewer than three.
    assert_eq!(snapshots::count(&snaps).unwrap(), 2);

    // From the keyboard: focus the button, Enter, and the question takes focus on
    // the safe answer, saying what goes and what stays.
    app.js("document.querySelector('[data-action=delete-snapshots]').focus()").await;
    key(&app, &Key::Enter.to_string()).await;
    app.until(
        "focus on Keep them",
        "document.activeElement === document.querySelector('[data-action=delete-snapshots-no]')",
    )
    .await;
    let question = app.wait_for_text("#snapshots-confirm-text", "for good").await;
    assert!(question.contains("stay as they are"), "{question}");
    // "Keep them": nothing removed, focus back on the button.
    key(&app, &Key::Enter.to_string()).await;
    app.until("the question closed", "document.querySelector('[data-snapshots-confirm]').hidden").await;
    assert_eq!(snapshots::count(&snaps).unwrap(), 2);

    app.click("[data-action=delete-snapshots]").await;
    app.click("[data-action=delete-snapshots-yes]").await;
    app.wait_for_text("[data-snapshots-status]", "Deleted 2 snapshots for good.").await;
    assert_eq!(snapshots::count(&snaps).unwrap(), 0);
    assert_eq!(std::fs::read_dir(&snaps).unwrap().count(), 0, "nothing left in the folder");
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_backup_made_before_sealing_says_so_before_restoring() {
    let dir = e2e::vault(|_| {});
    let dialogs = e2e::FakeDialogs::new();
    let app = App::launch(dir.path(), &[dialogs.env()]).await;
    app.unlock().await;
    app.click("[data-section=settings]").await;
    app.click("[data-action=backup]").await;
    app.wait_for_text("[data-backup-status]", "Backup saved").await;
    let sealed = dialogs.saved(|name| name.ends_with(".hearthbackup"));

    // A sealed backup: no note.
    dialogs.will_open(&sealed);
    app.click("[data-action=choose-backup]").await;
    app.wait_for_text("[data-restore-about]", "This backup was made on").await;
    assert_eq!(app.js("return document.querySelector('[data-restore-unsealed]').hidden").await, true);
    app.click("[data-action=cancel-restore]").await;

    // The same backup as a format 1 file (no MAC): the note shows, and it restores.
    let bytes = std::fs::read(&sealed).unwrap();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let header =
        String::from_utf8(bytes[..newline].to_vec()).unwrap().replace("\"version\":2", "\"version\":1");
    let old = dialogs.path().join("old.hearthbackup");
    std::fs::write(&old, [header.as_bytes(), &bytes[newline..bytes.len() - 32]].concat()).unwrap();
    dialogs.will_open(&old);
    app.click("[data-action=choose-backup]").await;
    app.wait_for_text("[data-restore-unsealed]", "made by an older Hearth").await;
    app.fill("#restore-pass", PASSPHRASE).await;
    app.click("form[data-form=restore] button[type=submit]").await;
    app.wait_for_text("#home-title", "The two of you").await;
    app.close().await;
}

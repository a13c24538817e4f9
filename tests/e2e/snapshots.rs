//! Settings' "Delete all snapshots": asks first, says what it removes, works from
//! the keyboard, and the snapshots are gone from the folder.

use fantoccini::key::Key;
use hearth_core::{snapshots, time};
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

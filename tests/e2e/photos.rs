//! Photos in the real window: a picture pasted into a new entry is taken in (a
//! real `paste` ClipboardEvent carrying a File of PNG bytes), its thumbnail loads
//! from the vault through the `hearth-photo` scheme, the scheme answers nothing
//! while Hearth is locked, and after unlocking the photo is still there; the
//! gallery opens by keyboard, Escape closes it, and a photo is removed after
//! asking; a photo dropped on the entry comes in too.

use hearth_tests::e2e::{self, App};
use hearth_tests::pictures;

/// A thumbnail that has really loaded (the scheme answered with a picture).
const THUMB_LOADED: &str = "(() => { const i = document.querySelector('[data-photo-strip] img'); \
     return i && i.complete && i.naturalWidth > 0; })()";

/// Pastes `bytes` as a PNG file into the field `css`, as a person pasting a
/// picture would.
async fn paste_png(app: &App, css: &str, bytes: &[u8]) {
    let script = format!(
        "const bytes = new Uint8Array({});
         const dt = new DataTransfer();
         dt.items.add(new File([bytes], 'pasted.png', {{ type: 'image/png' }}));
         const ev = new ClipboardEvent('paste', {{ clipboardData: dt, bubbles: true, cancelable: true }});
         // WebKit may leave clipboardData null on a constructed event; the event stays real.
         if (!ev.clipboardData) Object.defineProperty(ev, 'clipboardData', {{ value: dt }});
         document.querySelector({}).dispatchEvent(ev);
         return ev.defaultPrevented",
        serde_json::to_string(bytes).unwrap(),
        serde_json::to_string(css).unwrap()
    );
    assert_eq!(app.js(&script).await, true, "the editor took the paste as a photo");
}

#[tokio::test(flavor = "current_thread")]
async fn a_pasted_photo_shows_survives_locking_and_can_be_removed() {
    let (dir, app) = crate::network::unlocked_and_recording().await;
    app.click("[data-section=journal]").await;
    app.click("[data-action=new]").await;
    app.fill("#entry-title", "The day at the lake").await;

    paste_png(&app, "#entry-body", &pictures::png(64, 48, 11)).await;
    app.until("the pasted photo's thumbnail to load", THUMB_LOADED).await;
    app.wait_for_content("[data-photo-note]", "removes the location and camera details").await;
    let src = app.js("return document.querySelector('[data-photo-strip] img').src").await;
    let thumb_url = src.as_str().unwrap().to_owned();
    assert!(thumb_url.starts_with("hearth-photo://localhost/thumb-"), "{thumb_url}");
    let alt = app.js("return document.querySelector('[data-photo-strip] img').alt").await;
    assert_eq!(alt, "Photo 1 of 1");

    // Locked: the page holds no photo, and the scheme answers nothing. (The query
    // makes the address new to the page: a document may reuse an image it has
    // already shown from memory without asking again, as HTML's "list of
    // available images" allows, so only a new address reaches the scheme.)
    app.lock().await;
    assert!(!app.page_html().await.contains("hearth-photo"), "a photo stayed in the locked page");
    app.js(&format!(
        "window.__lockedLoad = 'waiting';
         const i = new Image();
         i.onload = () => {{ window.__lockedLoad = 'loaded'; }};
         i.onerror = () => {{ window.__lockedLoad = 'refused'; }};
         i.src = {};
         return true",
        serde_json::to_string(&format!("{thumb_url}?after-locking")).unwrap()
    ))
    .await;
    app.until("the locked scheme to answer", "window.__lockedLoad !== 'waiting'").await;
    assert_eq!(app.js("return window.__lockedLoad").await, "refused", "a photo loaded while locked");
    // And the very address the page showed: once WebKit has been asked to forget
    // what it showed (half a second after locking), nothing answers it either.
    app.js(&format!(
        "window.__probe = () => {{
           if (window.__probing) return window.__last;
           window.__probing = true;
           const i = new Image();
           i.onload = () => {{ window.__last = 'loaded'; window.__probing = false; }};
           i.onerror = () => {{ window.__last = 'refused'; window.__probing = false; }};
           i.src = {};
           return window.__last;
         }};
         return true",
        serde_json::to_string(&thumb_url).unwrap()
    ))
    .await;
    app.until("the shown photo to be forgotten", "window.__probe() === 'refused'").await;

    // Unlocked again: still there.
    app.unlock().await;
    app.click("[data-section=journal]").await;
    app.wait_for_rendered(".entry-row-title", "The day at the lake").await;
    app.click(".entry-row").await;
    app.until("the thumbnail to load after unlocking", THUMB_LOADED).await;

    // The gallery: a larger view, by keyboard; Escape closes it.
    app.js("document.querySelector('[data-photo-strip] button').focus(); return true").await;
    app.wait_for("[data-photo-strip] button:focus").await.send_keys("\u{E007}").await.unwrap(); // Enter
    app.until(
        "the gallery's picture to load",
        "(() => { const i = document.querySelector('dialog[open] [data-gallery-img]'); \
         return i && i.complete && i.naturalWidth === 64 && i.alt.startsWith('Photo 1 of 1'); })()",
    )
    .await;
    app.wait_for("dialog[open] [data-gallery-remove]").await.send_keys("\u{E00C}").await.unwrap(); // Escape
    app.until("Escape to close the gallery", "!document.querySelector('dialog[open]')").await;
    app.until(
        "focus to go back to the photo",
        "document.activeElement?.matches('[data-photo-strip] button')",
    )
    .await;

    // Removing asks first; keeping changes nothing, removing removes.
    app.click("[data-photo-strip] button").await;
    app.click("dialog[open] [data-gallery-remove]").await;
    app.click("dialog[open] [data-gallery-keep]").await;
    assert!(app.exists("dialog[open] [data-gallery-img]").await);
    app.click("dialog[open] [data-gallery-remove]").await;
    app.click("dialog[open] [data-gallery-remove-yes]").await;
    app.until("the photo to be gone", "!document.querySelector('[data-photo-strip] img')").await;
    app.wait_for_content("#announcer", "Photo removed.").await;

    // Dropped on the entry (a real drop DragEvent carrying a File), a photo comes in too.
    let dropped = app
        .js(&format!(
            "const dt = new DataTransfer();
             dt.items.add(new File([new Uint8Array({})], 'dropped.png', {{ type: 'image/png' }}));
             const form = document.querySelector('[data-editor]');
             const over = new DragEvent('dragover', {{ dataTransfer: dt, bubbles: true, cancelable: true }});
             form.dispatchEvent(over);
             const drop = new DragEvent('drop', {{ dataTransfer: dt, bubbles: true, cancelable: true }});
             form.dispatchEvent(drop);
             return [over.defaultPrevented, drop.defaultPrevented]",
            serde_json::to_string(&pictures::png(30, 20, 12)).unwrap()
        ))
        .await;
    assert_eq!(dropped, serde_json::json!([true, true]), "the editor takes a dropped file");
    app.until("the dropped photo's thumbnail to load", THUMB_LOADED).await;
    app.js_click("[data-photo-strip] button").await;
    app.click("dialog[open] [data-gallery-remove]").await;
    app.click("dialog[open] [data-gallery-remove-yes]").await;
    app.until("the dropped photo to be gone", "!document.querySelector('[data-photo-strip] img')").await;

    crate::network::assert_offline(&app).await;
    app.close().await;
    let vault = e2e::unlock_when_released(dir.path(), hearth_tests::PASSPHRASE).await;
    assert_eq!(hearth_core::photos::count(vault.conn()).unwrap(), 0, "the photo is gone from the vault");
}

/// A done bucket item's memory takes photos the same way, and keeps them.
#[tokio::test(flavor = "current_thread")]
async fn a_memory_keeps_a_pasted_photo() {
    use hearth_core::bucket;
    let dir = e2e::vault(|vault| {
        let input = bucket::ItemInput { title: "Pottery class".into(), ..bucket::vocabulary::new_item() };
        let item = bucket::store::create(vault.conn(), &input).unwrap();
        bucket::store::mark_done(vault.conn(), item.id, hearth_core::time::today(), "Clay everywhere.")
            .unwrap();
    });
    let app = App::launch(dir.path(), &[]).await;
    app.unlock().await;
    app.click("[data-section=bucket]").await;
    app.click("[data-group=done] [data-action=done]").await;
    app.wait_for("dialog[open] #bucket-done-memory").await;
    paste_png(&app, "#bucket-done-memory", &pictures::png(40, 30, 5)).await;
    app.until("the memory's thumbnail to load", THUMB_LOADED).await;
    app.click("dialog[open] [data-action=cancel]").await;
    app.click("[data-group=done] [data-action=done]").await;
    app.until("the thumbnail again", THUMB_LOADED).await;
    app.close().await;
    let vault = e2e::unlock_when_released(dir.path(), hearth_tests::PASSPHRASE).await;
    assert_eq!(hearth_core::photos::count(vault.conn()).unwrap(), 1);
}

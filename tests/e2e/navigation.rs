//! The window stays on Hearth's own page: a script in the page that tries to go
//! elsewhere (another site, a `data:` or `file:` address) or to open a new window
//! gets nowhere. After every try the page is the same document (a marker set
//! before is still there), still at `tauri://localhost`, still working, WebDriver
//! sees one window only, and no process of the app holds a socket beyond this
//! machine.

use hearth_tests::e2e::App;

use crate::network::{assert_offline, unlocked_and_recording};

/// Fails unless the page is still the document that set the marker, at the app's
/// own address, with one window.
async fn still_home(app: &App, after: &str) {
    app.settled().await;
    app.settled().await;
    let here = app.js("return [location.href, window.__stillHere === true]").await;
    assert!(
        here[0].as_str().is_some_and(|u| u.starts_with("tauri://localhost")) && here[1] == true,
        "after {after} the window left Hearth's page: {here}"
    );
    let windows = app.client.windows().await.unwrap();
    assert_eq!(windows.len(), 1, "after {after} a new window appeared: {windows:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_cannot_navigate_away_or_open_windows() {
    let (_dir, app) = unlocked_and_recording().await;
    app.js("window.__stillHere = true; return true").await;

    for attempt in [
        "location.href = 'https://example.com/'",
        "location.assign('http://127.0.0.1:9/')",
        "location.href = 'data:text/html,<p>gone</p>'",
        "location.href = 'file:///etc/hostname'",
        "window.open('https://example.com/')",
        "window.open('about:blank', '_blank')",
        "const a = document.createElement('a'); a.href = 'https://example.com/'; a.target = '_blank'; \
         document.body.append(a); a.click(); a.remove()",
    ] {
        app.js(&format!("{attempt}; return true")).await;
        still_home(&app, attempt).await;
    }

    // Still working: a section opens and draws.
    app.js_click("[data-section=journal]").await;
    app.wait_for(".journal [data-list]").await;
    still_home(&app, "opening the journal").await;
    let (_, processes, sockets) = assert_offline(&app).await;
    eprintln!("7 tries to leave refused; {processes} processes, {sockets} sockets, none beyond this machine");
    app.close().await;
}

//! No network, ever: after unlocking and visiting every section, the page has
//! loaded nothing but the app's own files and IPC, and no process of the app (the
//! app itself and its WebKit web and network processes) holds a TCP or UDP socket
//! to, or open to, anything beyond this machine.

use hearth_tests::e2e::{self, App, app_binary};
use hearth_tests::procs;

/// Makes the page keep every resource timing entry (the default buffer holds
/// 250) and note every request the content security policy blocked (a blocked
/// request was still an attempt). Call right after launch.
pub(crate) async fn record_requests(app: &App) {
    app.js("performance.setResourceTimingBufferSize(1000000);
         window.__blocked = [];
         document.addEventListener('securitypolicyviolation', (e) =>
           window.__blocked.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
         return true")
        .await;
}

/// A fresh vault's app, recording the page's requests from launch, unlocked.
pub(crate) async fn unlocked_and_recording() -> (tempfile::TempDir, App) {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    record_requests(&app).await;
    app.unlock().await;
    (dir, app)
}

/// Fails if a process of the app holds a socket that leaves the machine. Returns
/// how many processes and sockets were checked.
fn assert_no_socket_out(app: &App) -> (usize, usize) {
    let tree = procs::app_tree(app.driver_pid(), &app_binary());
    let sockets = procs::inet_sockets(&tree);
    let outside: Vec<_> = sockets.iter().filter(|s| s.leaves_the_machine()).collect();
    assert!(outside.is_empty(), "the app holds sockets beyond this machine: {outside:#?}");
    (tree.len(), sockets.len())
}

/// Fails if the page requested anything but its own files and IPC, or if a
/// process of the app holds a socket that leaves the machine. Returns how many
/// requests, processes and sockets were checked.
pub(crate) async fn assert_offline(app: &App) -> (usize, usize, usize) {
    let urls = app
        .js("return performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name))")
        .await;
    let urls: Vec<String> =
        urls.as_array().unwrap().iter().map(|u| u.as_str().unwrap_or_default().to_owned()).collect();
    let own = |u: &str| {
        // hearth-photo: photos from the vault (commands/photos.rs), Hearth's own too.
        [
            "tauri://localhost",
            "ipc://localhost",
            "http://ipc.localhost",
            "http://tauri.localhost",
            "hearth-photo://localhost",
        ]
        .iter()
        .any(|p| u.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    };
    let foreign: Vec<&String> = urls.iter().filter(|u| !own(u)).collect();
    assert!(foreign.is_empty(), "the page made requests beyond the app: {foreign:?}");
    // WebKitGTK records no timing for the app's own tauri:// and ipc:// loads, only
    // the page itself; http(s) loads would be recorded.
    assert!(
        urls.iter().any(|u| u.starts_with("tauri://localhost")),
        "the page's own load is recorded: {urls:?}"
    );
    let blocked = app.js("return window.__blocked || ['the recorder was not installed']").await;
    assert_eq!(blocked, serde_json::json!([]), "the page tried to load something the CSP refused");

    let (processes, sockets) = assert_no_socket_out(app);
    (urls.len(), processes, sockets)
}

#[tokio::test(flavor = "current_thread")]
async fn the_app_makes_no_network_request() {
    let (_dir, app) = unlocked_and_recording().await;
    for (section, ready) in [
        ("journal", ".journal [data-list]"),
        ("bucket", "[data-groups]"),
        ("selfcheck", "#sc-title"),
        ("settings", "form[data-form=names]"),
        ("together", "[data-deck]"),
        ("home", "[data-tonight]:not(:empty)"),
    ] {
        app.js_click(&format!("[data-section={section}]")).await;
        app.wait_for(ready).await;
        app.settled().await;
        assert_offline(&app).await;
    }
    // The journal's other panes, and a search.
    app.js_click("[data-section=journal]").await;
    for (pane, shown) in [
        ("[data-tab=calendar]", "document.querySelector('[data-weeks] button')"),
        (
            "[data-tab=trash]",
            "document.querySelector('[data-trash]')?.textContent.includes('trash is empty')",
        ),
        (
            "[data-tab=entries]",
            "document.querySelector('[data-summary]')?.textContent.startsWith('No entries yet')",
        ),
        ("[data-action=insights]", "document.querySelector('[data-stat=entries]')?.textContent === '0'"),
    ] {
        app.js_click(pane).await;
        app.until(&format!("{pane} to show"), shown).await;
        app.settled().await;
    }
    app.fill("#journal-search", "anything").await;
    app.until(
        "the search to find nothing",
        "document.querySelector('[data-summary]')?.textContent.startsWith('Nothing found')",
    )
    .await;
    app.settled().await;
    let (requests, processes, sockets) = assert_offline(&app).await;
    eprintln!(
        "{requests} page loads, {processes} processes, {sockets} TCP/UDP sockets: nothing beyond this machine"
    );
    app.close().await;
}

/// The content security policy still refuses a remote image now that `img-src`
/// names the `hearth-photo` scheme: the page's try is reported as an `img-src`
/// violation, the image never loads, and no socket leaves the machine.
#[tokio::test(flavor = "current_thread")]
async fn the_csp_still_refuses_a_remote_image() {
    let (_dir, app) = unlocked_and_recording().await;
    app.js(
        "window.__remote = {};
         for (const url of ['https://example.com/pixel.png', 'http://127.0.0.1:9/pixel.png', 'http://hearth-photo.example.com/x']) {
           const i = new Image();
           window.__remote[url] = 'waiting';
           i.onload = () => { window.__remote[url] = 'loaded'; };
           i.onerror = () => { window.__remote[url] = 'refused'; };
           i.src = url;
           document.body.append(i);
         }
         return true",
    )
    .await;
    app.until(
        "every remote image to be answered",
        "Object.values(window.__remote).every((s) => s !== 'waiting')",
    )
    .await;
    let outcome = app.js("return window.__remote").await;
    for (url, state) in outcome.as_object().unwrap() {
        assert_eq!(state, "refused", "{url} was not refused");
    }
    let blocked = app.js("return window.__blocked").await;
    // (A report may name only the origin.)
    for origin in ["https://example.com", "http://127.0.0.1:9", "http://hearth-photo.example.com"] {
        assert!(
            blocked.as_array().unwrap().iter().any(|b| {
                let b = b.as_str().unwrap_or_default();
                b.starts_with("img-src") && b.contains(origin)
            }),
            "the CSP did not report refusing an image from {origin}: {blocked}"
        );
    }
    assert_no_socket_out(&app);
    app.close().await;
}

//! The first screen fits the window: at the default size and at a small laptop's
//! 1024×700, the create and unlock screens show everything, buttons included,
//! without scrolling.

use std::time::{Duration, Instant};

use hearth_tests::e2e::{self, App, WAIT};
use serde_json::Value;

/// The default window (tauri.conf.json) and the smallest size the screens promise to fit.
const SIZES: [(u32, u32); 2] = [(1100, 760), (1024, 700)];

/// Resizes the window and waits until the page has been laid out at that size.
async fn resize(app: &App, width: u32, height: u32) {
    app.client.set_window_size(width, height).await.unwrap();
    let deadline = Instant::now() + WAIT;
    loop {
        let v = app.js("return [window.innerWidth, window.innerHeight]").await;
        if v == serde_json::json!([width, height]) {
            return;
        }
        assert!(Instant::now() < deadline, "the page never reached {width}×{height}: it is {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Fails unless the page does not scroll and every control of `form` lies inside
/// the window. Returns how many controls were checked.
async fn assert_fits(app: &App, form: &str, width: u32, height: u32) -> usize {
    let script = format!(
        "const out = [];
         const doc = document.scrollingElement;
         if (doc.scrollHeight > window.innerHeight) out.push(`the page scrolls: ${{doc.scrollHeight}} px in ${{window.innerHeight}}`);
         const controls = [...document.querySelectorAll('{form} button, {form} input, {form} label')];
         for (const c of controls) {{
           const r = c.getBoundingClientRect();
           if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth)
             out.push(`${{c.outerHTML.slice(0, 60)}} at ${{r.left}},${{r.top}}-${{r.right}},${{r.bottom}}`);
         }}
         return {{ problems: out, checked: controls.length }};"
    );
    let v = app.js(&script).await;
    let problems = v["problems"].as_array().unwrap();
    if !problems.is_empty() {
        let shot =
            std::env::temp_dir().join(format!("hearth-fit-{}-{width}x{height}.png", form.replace(' ', "_")));
        app.screenshot(&shot).await;
        panic!("{form} does not fit {width}×{height} (screenshot: {}): {problems:#?}", shot.display());
    }
    let checked = v["checked"].as_u64().unwrap() as usize;
    assert!(checked >= 3, "the form's controls were found: {v}");
    checked
}

/// Launches on an empty data folder and types a weak passphrase on the create
/// screen: the strength hints under it appear as the person types, and a weak one
/// shows the most of them.
async fn create_screen_with_hints(dir: &tempfile::TempDir) -> App {
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#create-pass").await;
    app.fill("#create-pass", "sunshine").await;
    app.wait_for_text("[data-strength-summary]", "at least 10 characters").await;
    app
}

#[tokio::test(flavor = "current_thread")]
async fn the_create_screen_fits_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = create_screen_with_hints(&dir).await;
    for (width, height) in SIZES {
        resize(&app, width, height).await;
        let checked = assert_fits(&app, "form[data-form=create]", width, height).await;
        eprintln!("create screen at {width}×{height}: {checked} controls inside the window");
    }
    app.close().await;
}

/// Two people, one computer: the second person's create screen has a name field
/// and a way back besides, and the unlock screen asks whose Hearth it is. Both fit.
#[tokio::test(flavor = "current_thread")]
async fn a_second_persons_screens_fit_the_window() {
    const THEIRS: &str = "copper kettle midnight swim";
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#unlock-pass").await;
    app.click("[data-action=new-hearth]").await;
    app.wait_for_text("#create-title", "A Hearth of your own").await;
    app.fill("#create-pass", "sunshine").await;
    app.wait_for_text("[data-strength-summary]", "at least 10 characters").await;
    for (width, height) in SIZES {
        resize(&app, width, height).await;
        let checked = assert_fits(&app, "form[data-form=create]", width, height).await;
        eprintln!(
            "a second Hearth's create screen at {width}×{height}: {checked} controls inside the window"
        );
    }
    app.create_another_hearth("Sam", THEIRS).await;
    app.wait_for_text("[data-hearths] legend", "Whose Hearth is this?").await;
    app.fill("#unlock-pass", "not the passphrase at all").await;
    app.click("form[data-form=unlock] button[type=submit]").await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    for (width, height) in SIZES {
        resize(&app, width, height).await;
        let checked = assert_fits(&app, "form[data-form=unlock]", width, height).await;
        eprintln!(
            "the unlock screen with two Hearths at {width}×{height}: {checked} controls inside the window"
        );
    }
    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_unlock_screen_fits_the_window() {
    let dir = e2e::vault(|_| {});
    let app = App::launch(dir.path(), &[]).await;
    app.wait_for("#unlock-pass").await;
    // With a message showing, as after a wrong passphrase.
    app.fill("#unlock-pass", "not the passphrase at all").await;
    app.click("form[data-form=unlock] button[type=submit]").await;
    app.wait_for_text("[data-error]", "doesn't open this vault").await;
    for (width, height) in SIZES {
        resize(&app, width, height).await;
        let v: Value = app.js("return document.activeElement.id").await;
        assert_eq!(v, "unlock-pass", "the passphrase field keeps the focus");
        let checked = assert_fits(&app, "form[data-form=unlock]", width, height).await;
        eprintln!("unlock screen at {width}×{height}: {checked} controls inside the window");
    }
    app.close().await;
}

/// The window's own process loads no GL driver (webview::before_start): nothing
/// there draws with GL, and Mesa's software driver with its LLVM cost that process
/// about 18 MiB. The WebKit web process keeps its driver; the page still draws and
/// answers as ever. Linux only: the drivers are Mesa's, read from /proc.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "current_thread")]
async fn the_window_process_loads_no_gl_driver() {
    use hearth_tests::e2e::app_binary;
    use hearth_tests::procs::app_tree;

    let dir = tempfile::tempdir().unwrap();
    let app = create_screen_with_hints(&dir).await;
    let tree = app_tree(app.driver_pid(), &app_binary());
    let maps = |pid: u32| std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    let is_driver =
        |line: &&str| ["_dri.so", "libLLVM", "libEGL_mesa", "libGLX_mesa"].iter().any(|d| line.contains(d));
    let app_maps = maps(tree[0]);
    let loaded: Vec<&str> = app_maps.lines().filter(is_driver).collect();
    assert!(loaded.is_empty(), "the app process mapped a GL driver: {loaded:#?}");
    // The check above would pass vacuously if no process could be read: the web
    // process, which renders, still has its driver.
    let web_has_one = tree[1..].iter().any(|pid| maps(*pid).lines().any(|l| is_driver(&l)));
    assert!(web_has_one, "no process of the tree maps a GL driver, so the check above proves nothing");
    app.close().await;
}

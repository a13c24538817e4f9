//! Driving the real Hearth window over WebDriver.
//!
//! Each [`App`] starts its own tauri-driver (which starts WebKitWebDriver, which
//! starts the app binary) on free ports, with `HEARTH_DATA_DIR` pointing at the
//! test's own empty folder, so tests never touch a real vault. Run under Xvfb, one
//! test at a time (`.ci/test` does both).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;
use serde_json::{Value, json};

use crate::PASSPHRASE;

/// How long a wait for the page gives up after.
pub const WAIT: Duration = Duration::from_secs(20);
/// How long the app may take to let go of its vault after closing or locking.
const RELEASE: Duration = Duration::from_secs(10);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

/// Runs `attempt` until it gives `Some`, every 50 ms, for at most `limit`. The
/// tests' one place to sleep (the other is the driver's own exit, in `Driver`'s
/// drop): everything else waits for a condition through it.
pub async fn poll<T>(limit: Duration, mut attempt: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = attempt().await {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Whether the app has let go of the vault in `dir` (its folder lock is free).
pub fn vault_released(dir: &Path) -> bool {
    let Ok(f) = std::fs::OpenOptions::new().write(true).open(dir.join("hearth.lock")) else { return true };
    f.try_lock().is_ok()
}

/// Waits until the app has let go of the vault in `dir`: a moment after its
/// window closes or it locks.
pub async fn released(dir: &Path) {
    if poll(RELEASE, async || vault_released(dir).then_some(())).await.is_none() {
        panic!("waited {RELEASE:?} for the app to let go of its vault, in vain; {}", still_running());
    }
}

/// What is left of Hearth's processes, for a failure message: each copy of the app
/// binary still running, with its state and parent from /proc.
#[cfg(not(target_os = "linux"))]
fn still_running() -> String {
    "(which processes are left is read on Linux only)".into()
}

#[cfg(target_os = "linux")]
fn still_running() -> String {
    let app = app_binary();
    let found: Vec<String> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| crate::procs::exe_is(*pid, &app))
        .map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let fields = stat.rfind(')').map(|i| stat[i + 2..].to_string()).unwrap_or_default();
            let mut f = fields.split(' ');
            format!("pid {pid} state {} parent {}", f.next().unwrap_or("?"), f.next().unwrap_or("?"))
        })
        .collect();
    if found.is_empty() {
        "no copy of the app is running (so something else holds the lock)".into()
    } else {
        format!("the app is still running: {}", found.join(", "))
    }
}

/// Opens the vault in `dir` once the app has let go of it.
pub async fn unlock_when_released(dir: &Path, passphrase: &str) -> Vault {
    released(dir).await;
    Vault::unlock(dir, passphrase).unwrap()
}

/// A vault in `dir` with [`PASSPHRASE`], filled by `fill` through the core and
/// closed, so a test can start at the lock screen. With the default key settings:
/// the app (built without `test-support`) refuses `KdfParams::FAST_FOR_TESTS`.
pub fn vault_in(dir: &Path, fill: impl FnOnce(&mut Vault)) {
    let mut vault = Vault::create(dir, PASSPHRASE, KdfParams::default()).unwrap();
    fill(&mut vault);
    vault.close().unwrap();
}

/// [`vault_in`] a new temp folder of the test's own.
pub fn vault(fill: impl FnOnce(&mut Vault)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    vault_in(dir.path(), fill);
    dir
}

/// A folder standing in for the system's file dialogs, through the app's test
/// hook (`HEARTH_FAKE_DIALOG_DIR`, see src-tauri/src/dialogs.rs): a save dialog
/// saves into it, and an open dialog picks the file named by
/// [`FakeDialogs::will_open`].
pub struct FakeDialogs(tempfile::TempDir);

impl FakeDialogs {
    pub fn new() -> FakeDialogs {
        FakeDialogs(tempfile::tempdir().unwrap())
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// The environment variable that points the app at this folder.
    pub fn env(&self) -> (&'static str, &str) {
        ("HEARTH_FAKE_DIALOG_DIR", self.path().to_str().unwrap())
    }

    /// The next open dialog picks `file`.
    pub fn will_open(&self, file: &Path) {
        std::fs::write(self.path().join("open-path.txt"), file.to_str().unwrap()).unwrap();
    }

    /// The one file a save dialog put in the folder whose name `matches`.
    pub fn saved(&self, matches: impl Fn(&str) -> bool) -> PathBuf {
        let names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let found: Vec<&String> = names.iter().filter(|n| matches(n)).collect();
        match found[..] {
            [one] => self.path().join(one),
            _ => panic!("expected one matching file among those saved: {names:?}"),
        }
    }
}

/// Makes unlocking not count as having just given the passphrase (the app's
/// `HEARTH_ASK_BEFORE_EXPORT` hook), so the first plain-text export asks for it,
/// as it does a minute after unlocking.
pub const ASK_BEFORE_EXPORT: (&str, &str) = ("HEARTH_ASK_BEFORE_EXPORT", "1");

/// The debug build of the app, unless `HEARTH_APP` names another binary.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("HEARTH_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let exe = target.join("debug").join(format!("hearth{}", std::env::consts::EXE_SUFFIX));
    exe.canonicalize().unwrap_or_else(|_| {
        panic!(
            "the app binary {} is missing: build it first with `cargo build -p hearth --features e2e-hooks` (.ci/test does)",
            exe.display()
        )
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver (and the app) too.
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How many times a session start is tried when the driver drops the request.
const SESSION_ATTEMPTS: usize = 3;

/// Whether starting a session failed in the one known, passing way: on a loaded
/// machine tauri-driver sometimes closes the new-session request before it has
/// answered (hyper's `IncompleteMessage`, "connection closed before message
/// completed"), while WebKitWebDriver is still starting. Any other failure is
/// real and fails the test at once.
pub fn driver_dropped_the_request(e: &NewSessionError) -> bool {
    causes(e).any(|c| c.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message))
}

/// The errors below a failed session start, outermost first. (fantoccini's error
/// names its cause through the old `cause()`, not `source()`.)
fn causes(e: &NewSessionError) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    let first: Option<&(dyn std::error::Error + 'static)> = match e {
        NewSessionError::Failed(e) => Some(e),
        NewSessionError::FailedC(e) => Some(e),
        _ => None,
    };
    std::iter::successors(first, |c| c.source())
}

/// The error with every cause below it ("…: client error (SendRequest):
/// connection closed before message completed"): the outer messages alone don't
/// say what happened.
fn with_causes(e: &NewSessionError) -> String {
    // The first cause is already part of the error's own message.
    causes(e).skip(1).fold(e.to_string(), |text, c| format!("{text}: {c}"))
}

/// Writes a line straight to the test runner's output. The runner keeps what a
/// passing test prints to itself (`println!`), so a retried session start, which
/// a passing test must still own up to, goes around it.
fn report(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The test running on this thread (the runner names each test's thread after it).
fn test_name() -> String {
    std::thread::current().name().unwrap_or("an end-to-end test").to_owned()
}

/// One running Hearth window.
pub struct App {
    pub client: Client,
    _driver: Driver,
    /// Session starts retried before this one worked, each with the error it met.
    retried: Vec<String>,
}

impl Drop for App {
    fn drop(&mut self) {
        if !self.retried.is_empty() {
            report(&format!(
                "e2e retries: {} needed {} retried session start(s) after the driver dropped the request: {}",
                test_name(),
                self.retried.len(),
                self.retried.join("; ")
            ));
        }
    }
}

impl App {
    /// Starts Hearth on `data_dir` with extra environment variables.
    pub async fn launch(data_dir: &Path, env: &[(&str, &str)]) -> App {
        let app = Self::launch_raw(data_dir, env).await;
        app.wait_for("#app > *").await;
        app
    }

    /// Starts the app without waiting for the page to draw. A session start the
    /// driver drops ([`driver_dropped_the_request`]) is tried again from scratch,
    /// on new ports, up to three times in all; each retry is printed in the test's
    /// output and counted in the line printed when the app is dropped.
    pub async fn launch_raw(data_dir: &Path, env: &[(&str, &str)]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them under xvfb-run (see .ci/test)"
        );
        let app = app_binary();
        let mut retried = Vec::new();
        loop {
            match Self::start_session(&app, data_dir, env).await {
                Ok((client, driver)) => return App { client, _driver: driver, retried },
                Err(e) if driver_dropped_the_request(&e) && retried.len() + 1 < SESSION_ATTEMPTS => {
                    retried.push(with_causes(&e));
                    report(&format!(
                        "e2e retry {} of {}: {}: the driver dropped the session request ({}); starting again",
                        retried.len(),
                        SESSION_ATTEMPTS - 1,
                        test_name(),
                        with_causes(&e)
                    ));
                }
                Err(e) => panic!(
                    "could not start a WebDriver session ({} earlier attempt(s) retried): {}",
                    retried.len(),
                    with_causes(&e)
                ),
            }
        }
    }

    async fn start_session(
        app: &Path,
        data_dir: &Path,
        env: &[(&str, &str)],
    ) -> Result<(Client, Driver), NewSessionError> {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("HEARTH_DATA_DIR", data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = Driver(cmd.spawn().expect("tauri-driver is not installed: run .ci/setup --test"));
        let listening =
            poll(Duration::from_secs(15), async || TcpStream::connect(("127.0.0.1", port)).ok()).await;
        assert!(listening.is_some(), "tauri-driver did not listen on port {port} within 15 s");
        let caps = json!({ "browserName": "wry", "tauri:options": { "application": app } });
        let caps = caps.as_object().unwrap().clone();
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .expect("timed out starting a WebDriver session (is the display working?)")?;
        Ok((client, driver))
    }

    /// The tauri-driver process; the app and its WebKit helpers run below it.
    pub fn driver_pid(&self) -> u32 {
        self._driver.0.id()
    }

    /// Ends the WebDriver session, which closes the window.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        drop(self);
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        match self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!("{css} never appeared ({e}); the page says:\n{}", self.page_text().await),
        }
    }

    /// Waits until the JavaScript expression `expr` is true in the page, failing
    /// the test with `what` was awaited and what the page says.
    pub async fn until(&self, what: &str, expr: &str) {
        let script = format!("return Boolean({expr})");
        if poll(WAIT, async || (self.js(&script).await == true).then_some(())).await.is_none() {
            panic!("waited {WAIT:?} for {what}, in vain; the page says:\n{:.2000}", self.page_text().await);
        }
    }

    /// Waits until the page has drawn twice, so what it had to do in answer to
    /// the last action (render, run handlers, load images) has been done: for
    /// asserting that something did *not* happen.
    pub async fn settled(&self) {
        let script = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true))));";
        self.client.execute_async(script, vec![]).await.expect("the page never drew again");
    }

    /// Waits until the element's text as WebDriver reads it contains `needle`,
    /// and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let found = poll(WAIT, async || {
            let t = self.client.find(Locator::Css(css)).await.ok()?.text().await.ok()?;
            t.contains(needle).then_some(t)
        })
        .await;
        match found {
            Some(t) => t,
            None => panic!("{css} never said {needle:?}; the page says:\n{:.2000}", self.page_text().await),
        }
    }

    /// Like [`App::wait_for_text`] but reads `textContent`, so it also sees text
    /// that is not drawn (a screen-reader live region, say).
    pub async fn wait_for_content(&self, css: &str, needle: &str) -> String {
        self.wait_for_property(css, "textContent", needle).await
    }

    /// Like [`App::wait_for_text`] but reads `innerText` in the page, which also
    /// sees text inside scrolling panes (WebDriver's text misses it there).
    pub async fn wait_for_rendered(&self, css: &str, needle: &str) -> String {
        self.wait_for_property(css, "innerText", needle).await
    }

    async fn wait_for_property(&self, css: &str, property: &str, needle: &str) -> String {
        let script =
            format!("const e = document.querySelector({}); return e ? e.{property} : null", json!(css));
        let found = poll(WAIT, async || {
            let t = self.client.execute(&script, vec![]).await.ok()?;
            t.as_str().filter(|t| t.contains(needle)).map(str::to_owned)
        })
        .await;
        match found {
            Some(t) => t,
            None => panic!("{css} never held {needle:?}; the page says:\n{:.2000}", self.page_text().await),
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Replaces the value of an input with `text`, as typed keys.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.wait_for(css).await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    /// Sets a field's value in the page and sends it `event` ("input" or
    /// "change"), as a person's edit would: for what WebDriver can't type into or
    /// clear (a select, a date, an emptied search box).
    pub async fn set_value(&self, css: &str, value: &str, event: &str) {
        self.wait_for(css).await;
        self.js(&format!(
            "const e = document.querySelector({}); e.value = {}; e.dispatchEvent(new Event({}, {{ bubbles: true }}))",
            json!(css),
            json!(value),
            json!(event)
        ))
        .await;
    }

    /// Clicks the element once it is there, after scrolling it to the middle of
    /// the window, clear of the sticky top bar.
    pub async fn click(&self, css: &str) {
        let e = self.wait_for(css).await;
        self.js(&format!("document.querySelector({}).scrollIntoView({{ block: 'center' }})", json!(css)))
            .await;
        e.click().await.unwrap();
    }

    /// Clicks through the page after closing any open dialog (a modal dialog,
    /// like the bucket list's starter ideas, would block WebDriver's click).
    pub async fn js_click(&self, css: &str) {
        self.wait_for(css).await;
        self.js(&format!(
            "document.querySelectorAll('dialog[open]').forEach((d) => d.close()); document.querySelector({}).click()",
            json!(css)
        ))
        .await;
    }

    /// Types `passphrase` on the lock screen and submits it, without waiting for
    /// the outcome.
    pub async fn enter_passphrase(&self, passphrase: &str) {
        self.fill("#unlock-pass", passphrase).await;
        self.click("form[data-form=unlock] button[type=submit]").await;
    }

    /// Unlocks with [`PASSPHRASE`] and waits for the unlocked app.
    pub async fn unlock(&self) {
        self.enter_passphrase(PASSPHRASE).await;
        self.wait_for(".shell").await;
    }

    /// Waits for a plain-text export's question, checks it says the file is not
    /// encrypted, and answers it with `passphrase`.
    pub async fn answer_export_question(&self, passphrase: &str) {
        self.wait_for_content("#confirm-pass-about", "not encrypted").await;
        self.fill("#confirm-pass", passphrase).await;
        self.click("form[data-form=confirm-passphrase] button[type=submit]").await;
    }

    /// On the create screen of another person's Hearth (lock screen, "Make them a
    /// Hearth of their own"): names it, sets its passphrase, creates it, waits for
    /// its Home, and locks again, leaving the lock screen asking whose Hearth it is.
    pub async fn create_another_hearth(&self, name: &str, passphrase: &str) {
        self.fill("#create-name", name).await;
        self.fill("#create-pass", passphrase).await;
        self.fill("#create-confirm", passphrase).await;
        self.click("input[name=understood]").await;
        self.click("form[data-form=create] button[type=submit]").await;
        self.wait_for_text("#home-title", "The two of you").await;
        self.lock().await;
    }

    /// Locks with the top bar's button and waits for the lock screen.
    pub async fn lock(&self) {
        self.click(".topbar [data-action=lock]").await;
        self.wait_for("#unlock-pass").await;
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Everything the page shows, for failure messages and "nothing left" checks.
    pub async fn page_text(&self) -> String {
        match self.client.execute("return document.body.innerText", vec![]).await {
            Ok(Value::String(s)) => s,
            other => format!("<could not read the page: {other:?}>"),
        }
    }

    /// The page's whole markup, including attributes and input values.
    pub async fn page_html(&self) -> String {
        let v = self
            .js("return document.documentElement.outerHTML + [...document.querySelectorAll('input,textarea')].map(i => i.value).join('\\n')")
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Saves a PNG of the window (for looking at the app, not for assertions).
    /// WebKitWebDriver's snapshot waits for the next painted frame, and a page at
    /// rest under Xvfb may paint none for minutes; so the page is nudged to paint
    /// (an opacity change nobody can see) until the snapshot has been taken.
    pub async fn screenshot(&self, path: &Path) {
        self.js("const end = Date.now() + 5000; const b = document.body;
             (function nudge() { b.style.opacity = b.style.opacity === '0.999' ? '' : '0.999';
               if (Date.now() < end) setTimeout(nudge, 40); else b.style.opacity = ''; })()")
            .await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};

    use super::*;

    /// A one-shot WebDriver stand-in on a free port: it reads the new-session
    /// request whole, then answers with `reply` (nothing at all: it hangs up).
    fn stand_in(reply: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            reader.read_exact(&mut vec![0; length]).unwrap();
            reader.get_mut().write_all(reply).unwrap();
        });
        url
    }

    async fn start(url: &str) -> NewSessionError {
        ClientBuilder::native().connect(url).await.expect_err("no session from a stand-in")
    }

    #[tokio::test(flavor = "current_thread")]
    async fn only_a_dropped_session_request_counts_as_the_known_flaky_error() {
        let dropped = start(&stand_in(b"")).await;
        assert!(driver_dropped_the_request(&dropped), "a hang-up mid-request is the known error: {dropped}");
        assert!(with_causes(&dropped).contains("connection closed before message completed"), "{dropped}");

        let refused = start(&format!("http://127.0.0.1:{}", free_port())).await;
        assert!(!driver_dropped_the_request(&refused), "nothing listening is a real failure: {refused}");
        let not_webdriver =
            start(&stand_in(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")).await;
        assert!(
            !driver_dropped_the_request(&not_webdriver),
            "an odd answer is a real failure: {not_webdriver}"
        );
        let refused_session = start(&stand_in(
            b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 72\r\nconnection: close\r\n\r\n{\"value\":{\"error\":\"session not created\",\"message\":\"no\",\"stacktrace\":\"\"}}",
        ))
        .await;
        assert!(!driver_dropped_the_request(&refused_session), "{refused_session}");
    }
}

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
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

pub const WAIT: Duration = Duration::from_secs(20);

/// Opens the vault in `dir` once the app has let go of it (a moment after its
/// window closes or it locks), waiting up to 10 s.
pub async fn unlock_when_released(dir: &Path, passphrase: &str) -> hearth_core::Vault {
    let mut tries = 0;
    loop {
        match hearth_core::Vault::unlock(dir, passphrase) {
            Err(hearth_core::Error::VaultInUse) if tries < 100 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => return other.unwrap(),
        }
    }
}

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

/// One running Hearth window.
pub struct App {
    pub client: Client,
    _driver: Driver,
}

impl App {
    /// Starts Hearth on `data_dir` with extra environment variables.
    pub async fn launch(data_dir: &Path, env: &[(&str, &str)]) -> App {
        let app = Self::launch_raw(data_dir, env).await;
        app.wait_for("#app > *").await;
        app
    }

    /// Starts the app without waiting for the page to draw.
    pub async fn launch_raw(data_dir: &Path, env: &[(&str, &str)]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them under xvfb-run (see .ci/test)"
        );
        let app = app_binary();
        // Starting a session occasionally fails at the connection level on a loaded
        // machine (the driver drops the request while WebKitWebDriver starts, or a
        // port picked as free was taken meanwhile). Start afresh, on new ports, up
        // to three times, saying so on stderr, before failing the test.
        let mut attempt = 1;
        loop {
            match Self::start_session(&app, data_dir, env).await {
                Ok(started) => return started,
                Err(e) if attempt < 3 => {
                    eprintln!("e2e: starting a WebDriver session failed ({e}); trying again");
                    attempt += 1;
                }
                Err(e) => panic!("could not start a WebDriver session: {e}"),
            }
        }
    }

    async fn start_session(app: &Path, data_dir: &Path, env: &[(&str, &str)]) -> Result<App, String> {
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
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("tauri-driver did not listen on port {port}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let caps = json!({ "browserName": "wry", "tauri:options": { "application": app } });
        let caps = caps.as_object().unwrap().clone();
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .expect("timed out starting a WebDriver session (is the display working?)")
        .map_err(|e| e.to_string())?;
        Ok(App { client, _driver: driver })
    }

    /// The tauri-driver process; the app and its WebKit helpers run below it.
    pub fn driver_pid(&self) -> u32 {
        self._driver.0.id()
    }

    /// Ends the WebDriver session, which closes the window.
    pub async fn close(self) {
        let App { client, _driver } = self;
        let _ = client.close().await;
        drop(_driver);
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        match self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!("{css} never appeared ({e}); the page says:\n{}", self.page_text().await),
        }
    }

    /// Waits until the element's text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                if let Ok(t) = e.text().await {
                    if t.contains(needle) {
                        return t;
                    }
                }
            }
            if Instant::now() > deadline {
                panic!("{css} never said {needle:?}; the page says:\n{}", self.page_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Like [`App::wait_for_text`] but reads `textContent`, so it also sees text
    /// that is not drawn (a screen-reader live region, say).
    pub async fn wait_for_content(&self, css: &str, needle: &str) -> String {
        let script =
            format!("const e = document.querySelector({}); return e ? e.textContent : null", json!(css));
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Value::String(t)) = self.client.execute(&script, vec![]).await {
                if t.contains(needle) {
                    return t;
                }
            }
            if Instant::now() > deadline {
                panic!("{css} never held {needle:?}; the page says:\n{}", self.page_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
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

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap();
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
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }
}

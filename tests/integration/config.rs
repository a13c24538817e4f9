//! Configuration lint: the security settings that must never loosen.
//! Fails if the CSP gains `unsafe-inline`, `unsafe-eval` or a remote origin, if
//! the prototype stops being frozen, or if a capability grants file system,
//! shell, HTTP or opener access (or the broad `core:default`), or if anything that
//! builds a release or a package enables the `e2e-hooks` test hooks.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri")
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn csp_is_strict_and_local() {
    let conf = json(&app_dir().join("tauri.conf.json"));
    let security = &conf["app"]["security"];
    assert_eq!(security["freezePrototype"], true);
    let csp = security["csp"].as_object().expect("the CSP is set, as directives");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "scripts come from the app only");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for source in value.split_whitespace() {
            assert!(
                !source.contains("unsafe-inline") && !source.contains("unsafe-eval"),
                "{directive} allows {source}"
            );
            // Photos come from the vault through Hearth's own `hearth-photo` scheme:
            // `hearth-photo://localhost/…` on Linux and macOS, and on Windows
            // `http://hearth-photo.localhost/…`, which WebView2 hands to the app.
            let photo =
                directive == "img-src" && matches!(source, "hearth-photo:" | "http://hearth-photo.localhost");
            let allowed =
                photo || matches!(source, "'self'" | "'none'" | "data:" | "ipc:" | "http://ipc.localhost");
            assert!(allowed, "{directive} allows {source}: only the app itself and IPC may be reached");
        }
    }
    assert_eq!(
        csp["img-src"], "'self' data: hearth-photo: http://hearth-photo.localhost",
        "images: the app, inline data and the vault's photos, never the network"
    );
    let connect = csp["connect-src"].as_str().unwrap();
    assert_eq!(connect, "ipc: http://ipc.localhost", "connect-src is for IPC only");
    assert!(conf["build"].get("devUrl").is_none(), "no dev server: the UI is always the embedded ui/");
}

#[test]
fn capabilities_grant_only_what_the_app_needs() {
    let dir = app_dir().join("capabilities");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let cap = json(&entry.unwrap().path());
        files += 1;
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "capabilities are for the main window only");
        assert!(cap.get("remote").is_none(), "no remote URL may use IPC");
        for p in cap["permissions"].as_array().unwrap() {
            let id = p.as_str().or_else(|| p["identifier"].as_str()).unwrap();
            let forbidden = ["fs:", "shell:", "http:", "opener:", "dialog:", "process:", "updater:"];
            assert!(!forbidden.iter().any(|f| id.starts_with(f)), "capability grants {id}");
            assert_ne!(id, "core:default", "core:default grants far more than Hearth uses");
            assert!(
                id.starts_with("allow-") || id.starts_with("core:event:allow-"),
                "unexpected permission {id}"
            );
        }
    }
    assert_eq!(files, 1, "one capability file, for the main window");
}

#[test]
fn no_plugin_that_reaches_files_shell_or_network_is_a_direct_dependency() {
    let manifest = std::fs::read_to_string(app_dir().join("Cargo.toml")).unwrap();
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-opener",
        "tauri-plugin-updater",
    ] {
        assert!(!manifest.contains(plugin), "src-tauri depends on {plugin}");
    }
}

/// The lines of `text` that build something people run (a release binary, a
/// package) and enable the `e2e-hooks` feature.
fn release_lines_with_hooks(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("e2e-hooks"))
        .filter(|l| ["--release", "tauri build", "cargo tauri", "tauri-action"].iter().any(|r| l.contains(r)))
        .collect()
}

/// The test hooks (`HEARTH_AUTOLOCK_SECS`, `HEARTH_FAKE_DIALOG_DIR`; see
/// src-tauri/src/hooks.rs) are compiled only with the `e2e-hooks` feature, which
/// only `.ci/e2e` enables for the binary the end-to-end tests drive. Nothing that
/// builds a release, a package or the app a person starts may enable it.
#[test]
fn release_builds_never_enable_the_test_hooks() {
    assert_eq!(
        release_lines_with_hooks("echo\ncargo build --release -p hearth --features e2e-hooks\n").len(),
        1,
        "the check itself finds a release build with the hooks"
    );
    let root = app_dir().join("..");

    // Every script but the test runners (`test`, and `e2e`, which builds the one
    // binary with the hooks), and every release or packaging workflow.
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root.join(".ci"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !["test", "e2e"].iter().any(|runner| p.file_name().unwrap() == *runner))
        .collect();
    if let Ok(dir) = std::fs::read_dir(root.join(".github/workflows")) {
        scripts.extend(dir.map(|e| e.unwrap().path()));
    }
    for path in &scripts {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().to_lowercase();
        let ships =
            path.parent().unwrap().ends_with(".ci") || name.contains("release") || name.contains("package");
        if ships {
            assert!(!text.contains("e2e-hooks"), "{} enables the test hooks", path.display());
        }
        assert_eq!(release_lines_with_hooks(&text), Vec::<&str>::new(), "in {}", path.display());
    }

    // The README's release and package commands.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert_eq!(release_lines_with_hooks(&readme), Vec::<&str>::new(), "in README.md");

    // The Tauri CLI's build (`build.features`) and the crate's own feature sets.
    for entry in std::fs::read_dir(app_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("tauri.") && name.ends_with(".json") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("e2e-hooks"), "{name} enables the test hooks");
        }
    }
    let manifest = std::fs::read_to_string(app_dir().join("Cargo.toml")).unwrap();
    let mut in_features = false;
    let mut declared = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.starts_with('#') || !line.contains('=') {
            continue;
        }
        let (name, value) = line.split_once('=').unwrap();
        if name.trim() == "e2e-hooks" {
            declared = true;
            assert_eq!(value.trim(), "[]", "e2e-hooks turns on nothing else");
        } else {
            assert!(!value.contains("e2e-hooks"), "the feature {} enables the test hooks", name.trim());
        }
    }
    assert!(declared, "src-tauri/Cargo.toml declares the e2e-hooks feature");
}

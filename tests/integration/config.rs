//! Configuration lint: the security settings that must never loosen.
//! Fails if the CSP gains `unsafe-inline`, `unsafe-eval` or a remote origin, if
//! the prototype stops being frozen, or if a capability grants file system,
//! shell, HTTP or opener access (or the broad `core:default`).

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
            let allowed = matches!(source, "'self'" | "'none'" | "data:" | "ipc:" | "http://ipc.localhost");
            assert!(allowed, "{directive} allows {source}: only the app itself and IPC may be reached");
        }
    }
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

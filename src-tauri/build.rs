//! Tauri's build step. Every app command is listed here so that Tauri generates an
//! `allow-<command>` permission for it; with an app manifest, commands that no
//! capability grants are refused at the IPC boundary (least privilege).

/// Keep in step with `generate_handler!` in src/lib.rs and capabilities/main.json.
const COMMANDS: &[&str] = &[
    "app_status",
    "passphrase_strength",
    "create_vault",
    "unlock",
    "lock",
    "touch",
    "get_settings",
    "set_auto_lock",
    "change_passphrase",
    "quit",
    "journal_list",
    "journal_get",
    "journal_save",
    "journal_render",
    "journal_delete",
    "journal_trash",
    "journal_restore",
    "journal_empty_trash",
    "journal_search",
    "journal_calendar",
    "journal_on_this_day",
    "journal_tags",
    "journal_prompt",
    "journal_insights",
    "journal_export_json",
    "journal_export_markdown",
    "journal_import_preview",
    "journal_import_apply",
];

fn main() {
    // ui/ is embedded into the binary by `generate_context!`; rebuild when it changes
    // (in debug builds tauri-build does not ask for this itself).
    println!("cargo:rerun-if-changed=../ui");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build step");
}

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
    "get_names",
    "set_names",
    "quit",
    "backup_create",
    "backup_choose",
    "backup_restore",
    "selfcheck_bank",
    "selfcheck_draft_get",
    "selfcheck_draft_save",
    "selfcheck_draft_discard",
    "selfcheck_complete",
    "selfcheck_history",
    "selfcheck_result",
    "selfcheck_partner_results",
    "selfcheck_partner_compare",
    "selfcheck_export_share",
    "selfcheck_import_partner",
    "bucket_vocabulary",
    "bucket_list",
    "bucket_save",
    "bucket_delete",
    "bucket_plan",
    "bucket_mark_done",
    "bucket_set_interest",
    "bucket_link_journal",
    "bucket_starter_ideas",
    "bucket_add_starters",
    "bucket_pick_for_us",
    "bucket_rotation",
    "bucket_progress",
    "bucket_print_view",
    "bucket_export",
    "bucket_import_preview",
    "bucket_import_apply",
    "bucket_import_cancel",
    "journal_list",
    "journal_get",
    "journal_save",
    "journal_add_tag",
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

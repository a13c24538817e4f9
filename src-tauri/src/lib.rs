//! Hearth's desktop shell: the Tauri app around `hearth-core`.
//!
//! This crate is glue. It resolves where the vault lives, holds the open vault in
//! [`state::AppState`], translates IPC calls into core calls ([`commands`]), turns
//! core errors into `{ kind, message }` ([`error`]), and locks the vault when the
//! person is idle or the app exits.

pub mod commands;
pub mod dialogs;
pub mod error;
pub mod hooks;
pub mod menu;
pub mod pending;
pub mod shortcuts;
pub mod state;
mod webview;

#[cfg(test)]
mod command_list;
#[cfg(test)]
mod ipc_tests;

use std::path::PathBuf;
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime};

use hooks::Hooks;
use state::AppState;

/// Overrides the data folder (tests, portable use). The default is the OS's
/// app-data folder, e.g. `~/.local/share/app.hearth.desktop` on Linux.
pub const DATA_DIR_ENV: &str = "HEARTH_DATA_DIR";
/// Sent to the window when the vault locks by itself (idle).
pub const LOCKED_EVENT: &str = "vault-locked";
/// A round of sync changed something (payload: `shared::store::Report`).
pub const SHARED_EVENT: &str = "shared-changed";
const SYNC_EVERY: Duration = Duration::from_secs(1);
/// Sent to the window when the person closes it with the vault open: the page
/// saves what it has, then calls `quit`.
pub const CLOSE_REQUESTED_EVENT: &str = "close-requested";
/// How long the page gets to save before Hearth locks and quits regardless.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// Assembles the app on any runtime, so tests can pass `tauri::test::mock_builder()`.
/// With `data_dir` the state is managed at once; without it, the OS's app-data
/// folder is resolved when the app starts. Test hooks come from the environment,
/// and only in a build with the `e2e-hooks` feature (see `hooks.rs`).
pub fn build<R: Runtime>(builder: tauri::Builder<R>, data_dir: Option<PathBuf>) -> tauri::Builder<R> {
    build_with_hooks(builder, data_dir, Hooks::from_env())
}

/// [`build`] with the test hooks given (the shell's own tests).
pub(crate) fn build_with_hooks<R: Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<PathBuf>,
    hooks: Hooks,
) -> tauri::Builder<R> {
    let builder = match &data_dir {
        Some(dir) => builder.manage(AppState::new(dir.clone(), hooks.clone())),
        None => builder,
    };
    builder
        .plugin(tauri_plugin_dialog::init())
        // Photos from the vault, for <img> only (tauri.conf.json's img-src).
        .register_asynchronous_uri_scheme_protocol(commands::photos::SCHEME, commands::photos::serve)
        // The one list of commands: build.rs generates their permissions from it, and
        // command_list.rs checks capabilities/main.json against it.
        .invoke_handler(tauri::generate_handler![
            commands::vault::app_status,
            commands::vault::passphrase_strength,
            commands::vault::create_vault,
            commands::vault::choose_hearth,
            commands::vault::new_hearth,
            commands::vault::set_hearth_name,
            commands::vault::unlock,
            commands::vault::lock,
            commands::vault::touch,
            commands::vault::get_settings,
            commands::vault::set_auto_lock,
            commands::vault::change_passphrase,
            commands::vault::confirm_passphrase,
            commands::vault::get_names,
            commands::vault::set_names,
            commands::vault::quit,
            commands::backup::backup_create,
            commands::backup::backup_choose,
            commands::backup::backup_restore,
            commands::backup::snapshots_delete,
            commands::selfcheck::selfcheck_bank,
            commands::selfcheck::selfcheck_draft_get,
            commands::selfcheck::selfcheck_draft_save,
            commands::selfcheck::selfcheck_draft_discard,
            commands::selfcheck::selfcheck_complete,
            commands::selfcheck::selfcheck_history,
            commands::selfcheck::selfcheck_result,
            commands::selfcheck::selfcheck_partner_results,
            commands::selfcheck::selfcheck_partner_compare,
            commands::selfcheck::selfcheck_export_share,
            commands::selfcheck::selfcheck_import_partner,
            commands::selfcheck::selfcheck_share_paired,
            commands::bucket::bucket_vocabulary,
            commands::bucket::bucket_list,
            commands::bucket::bucket_save,
            commands::bucket::bucket_delete,
            commands::bucket::bucket_plan,
            commands::bucket::bucket_mark_done,
            commands::bucket::bucket_set_interest,
            commands::bucket::bucket_link_journal,
            commands::bucket::bucket_starter_ideas,
            commands::bucket::bucket_add_starters,
            commands::bucket::bucket_pick_for_us,
            commands::bucket::bucket_rotation,
            commands::bucket::bucket_progress,
            commands::bucket::bucket_print_view,
            commands::bucket::bucket_export,
            commands::bucket::bucket_import_preview,
            commands::bucket::bucket_import_apply,
            commands::bucket::bucket_import_cancel,
            commands::journal::journal_list,
            commands::journal::journal_get,
            commands::journal::journal_save,
            commands::journal::journal_add_tag,
            commands::journal::journal_render,
            commands::journal::journal_delete,
            commands::journal::journal_trash,
            commands::journal::journal_restore,
            commands::journal::journal_empty_trash,
            commands::journal::journal_search,
            commands::journal::journal_calendar,
            commands::journal::journal_on_this_day,
            commands::journal::journal_tags,
            commands::journal::journal_prompt,
            commands::journal::journal_insights,
            commands::journal::journal_export_json,
            commands::journal::journal_export_markdown,
            commands::journal::journal_import_preview,
            commands::journal::journal_import_apply,
            commands::journal::journal_print_entry,
            commands::journal::journal_print_range,
            commands::photos::photo_add,
            commands::photos::photo_list,
            commands::photos::photo_remove,
            commands::shared::shared_status,
            commands::shared::shared_choose_folder,
            commands::shared::shared_offer,
            commands::shared::shared_join,
            commands::shared::shared_poll,
            commands::shared::shared_cancel,
            commands::shared::shared_unpair,
            commands::shared::shared_sync_now,
            commands::together::together_content,
            commands::together::together_overview,
            commands::together::together_set_opt_ins,
            commands::together::together_next,
            commands::together::together_ask,
            commands::together::together_get,
            commands::together::together_answer,
            commands::together::together_skip,
            commands::together::together_favourite,
            commands::together::together_history,
            commands::together::together_checkin_save,
            commands::together::together_checkins,
            commands::together::together_note_add,
            commands::together::together_notes,
            commands::together::together_care,
            commands::together::together_care_set,
            commands::together::together_search,
            commands::together::together_export,
            commands::together::home_overview,
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if ask_page_to_finish(window.app_handle()) {
                    api.prevent_close();
                }
            }
        })
        .setup(move |app| {
            if data_dir.is_none() {
                app.manage(AppState::new(app.path().app_data_dir()?, hooks));
            }
            create_main_window(app, data_dir.as_deref())?;
            spawn_idle_watch(app.handle().clone());
            spawn_sync_watch(app.handle().clone());
            Ok(())
        })
}

/// With the vault open, asks the page to finish (save what it has; it then calls
/// `quit`) and gives it [`CLOSE_GRACE`] before locking and exiting regardless.
/// Returns false, asking nothing, when the vault is locked or a close is already
/// under way.
fn ask_page_to_finish<R: Runtime>(app: &tauri::AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    if !(state.is_unlocked() && state.begin_closing()) {
        return false;
    }
    let _ = app.emit(CLOSE_REQUESTED_EVENT, ());
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_GRACE);
        app.state::<AppState>().lock();
        app.exit(0);
    });
    true
}

/// Quits as closing the window does: the page finishes first if the vault is
/// open; otherwise Hearth locks (a no-op when locked) and exits at once. A second
/// Quit while the page is finishing waits for it. The macOS menu's "Quit Hearth"
/// comes here.
pub(crate) fn finish_then_quit<R: Runtime>(app: &tauri::AppHandle<R>) {
    if app.state::<AppState>().is_closing() {
        return;
    }
    if !ask_page_to_finish(app) {
        app.state::<AppState>().lock();
        app.exit(0);
    }
}

/// Opens the main window from its configuration. With a data folder override, the
/// web view's own files (WebKit's cache and storage salts; Hearth keeps nothing
/// there) go in its `webview/` subfolder too, so tests and portable copies leave
/// nothing in the OS's app-data folder.
fn create_main_window<R: Runtime>(
    app: &tauri::App<R>,
    data_dir: Option<&std::path::Path>,
) -> tauri::Result<()> {
    let config = app.config().app.windows.iter().find(|w| w.label == "main").expect("main window configured");
    let mut builder = webview::stay_home(webview::show_when_loaded(
        tauri::WebviewWindowBuilder::from_config(app.handle(), config)?,
    ));
    if let Some(dir) = data_dir {
        builder = builder.data_directory(dir.join("webview"));
    }
    let window = builder.build()?;
    webview::tune(&window)?;
    webview::show_at_latest(&window);
    Ok(())
}

/// Locks the vault once the person has been idle for the auto-lock delay, even if
/// the page itself is frozen or hidden, and tells the window.
fn spawn_idle_watch<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::Builder::new()
        .name("hearth-idle-lock".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let state = app.state::<AppState>();
                if state.lock_if_idle() {
                    let _ = app.emit(LOCKED_EVENT, "idle");
                    webview::forget_shown_soon(&app);
                }
            }
        })
        .expect("spawn the idle-lock thread");
}

/// Keeps the shared space in step while the vault is open and paired: about once
/// a second, a round of sync (`hearth_core::shared::store::sync`: it reads only,
/// and writes nothing, when there is nothing new). A round that did something tells
/// the window, which redraws what it shows.
fn spawn_sync_watch<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::Builder::new()
        .name("hearth-sync".into())
        .spawn(move || {
            loop {
                std::thread::sleep(SYNC_EVERY);
                let state = app.state::<AppState>();
                match state.sync_round() {
                    Some(Ok(report)) if !report.idle => {
                        let _ = app.emit(SHARED_EVENT, report);
                    }
                    Some(Err(e)) => eprintln!("hearth: a round of sync failed: {}", e.kind),
                    _ => {}
                }
            }
        })
        .expect("spawn the sync thread");
}

/// The data folder named by `HEARTH_DATA_DIR`, if set and not empty.
pub fn data_dir_from_env() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

pub fn run() {
    webview::before_start();
    let data_dir = data_dir_from_env();
    let mut builder = tauri::Builder::default();
    // One window per vault. With the default vault a second launch focuses the
    // first window; with HEARTH_DATA_DIR (tests, portable copies) each folder is its
    // own vault, and the core's file lock still keeps two processes off one vault.
    if data_dir.is_none() {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    }
    // The macOS menu bar (Hearth, Edit, Window; see menu.rs). Elsewhere no menu bar.
    #[cfg(target_os = "macos")]
    {
        builder = menu::install(builder);
    }
    build(builder, data_dir).build(tauri::generate_context!()).expect("Hearth could not start").run(
        |app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().lock();
            }
        },
    );
}

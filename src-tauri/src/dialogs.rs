//! Native file dialogs, opened from Rust.
//!
//! Exports and imports go to and come from a file the person picks in the system's
//! dialog. The window never names a path: it asks for "export the journal as JSON",
//! Rust shows the dialog, then reads or writes the chosen file itself. So a page
//! that misbehaved could still not read or overwrite an arbitrary file.
//!
//! End-to-end tests can't click through a GTK dialog, so in a build with the
//! `e2e-hooks` feature `HEARTH_FAKE_DIALOG_DIR` replaces the dialogs (see
//! `hooks.rs`): a save dialog answers `<dir>/<suggested name>`, an open dialog the
//! path written in `<dir>/open-path.txt` (no such file: the person cancelled), a
//! folder dialog `<dir>`.
//!
//! Every dialog first asks [`AppState::ensure_unlocked`], the one "locked?" check:
//! a locked Hearth never asks for a file, and a command can't forget to check.
//!
//! Call these from `async` commands only: they block until the dialog closes.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::CmdResult;
use crate::state::AppState;

/// A file type offered in a dialog, e.g. `("JSON", &["json"])`.
pub type Filter = (&'static str, &'static [&'static str]);

/// The one "locked?" check, then the test hook's folder if there is one.
fn before_dialog<R: Runtime>(app: &AppHandle<R>) -> CmdResult<Option<PathBuf>> {
    let state = app.state::<AppState>();
    state.ensure_unlocked()?;
    Ok(state.fake_dialog_dir().map(PathBuf::from))
}

/// Asks where to save; `None` if the person cancelled. Fails with `locked` first
/// if the vault is locked.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    suggested_name: &str,
    filter: Filter,
) -> CmdResult<Option<PathBuf>> {
    if let Some(dir) = before_dialog(app)? {
        return Ok(Some(dir.join(suggested_name)));
    }
    Ok(app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested_name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok()))
}

/// Asks where to save, then writes `bytes` there atomically (`files::write_atomic`).
/// Returns the file's name, or `None` if the person cancelled: every one-file
/// export ends this way.
pub fn save_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    suggested_name: &str,
    filter: Filter,
    bytes: &[u8],
) -> CmdResult<Option<String>> {
    let Some(path) = save_path(app, title, suggested_name, filter)? else {
        return Ok(None);
    };
    hearth_core::files::write_atomic(&path, bytes)?;
    Ok(Some(path.file_name().map_or_else(|| suggested_name.to_owned(), |n| n.to_string_lossy().into_owned())))
}

/// Asks which file to open; `None` if the person cancelled. Fails with `locked`
/// first if the vault is locked.
pub fn open_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filters: &[Filter],
) -> CmdResult<Option<PathBuf>> {
    if let Some(dir) = before_dialog(app)? {
        let chosen = std::fs::read_to_string(dir.join("open-path.txt")).ok();
        return Ok(chosen.map(|c| PathBuf::from(c.trim())));
    }
    let mut dialog = app.dialog().file().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    Ok(dialog.blocking_pick_file().and_then(|p| p.into_path().ok()))
}

/// Asks for a folder (e.g. for a Markdown export of many files). Fails with
/// `locked` first if the vault is locked.
pub fn folder_path<R: Runtime>(app: &AppHandle<R>, title: &str) -> CmdResult<Option<PathBuf>> {
    if let Some(dir) = before_dialog(app)? {
        return Ok(Some(dir));
    }
    Ok(app.dialog().file().set_title(title).blocking_pick_folder().and_then(|p| p.into_path().ok()))
}

//! Backing the vault up to a file the person picks, restoring from one, and
//! deleting the snapshots kept before restores and migrations.

use hearth_core::backup::{self, BackupInfo};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use super::vault::{SettingsView, get_settings};
use super::with_vault;
use crate::dialogs;
use crate::error::CmdResult;
use crate::pending::{PendingFile, Purpose};
use crate::state::AppState;

const FILTER: dialogs::Filter = ("Hearth backup", &["hearthbackup"]);

#[derive(Debug, Serialize)]
pub struct Saved {
    pub path: String,
    pub bytes: u64,
}

/// Asks where to save, then writes an encrypted backup there. `None`: cancelled.
#[tauri::command(async)]
pub fn backup_create<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<Option<Saved>> {
    let name = format!("hearth-backup-{}.hearthbackup", hearth_core::time::today().format("%Y-%m-%d"));
    let Some(path) = dialogs::save_path(&app, "Save a backup of your vault", &name, FILTER)? else {
        return Ok(None);
    };
    let info = with_vault(&state, |vault| vault.backup(&path))?;
    Ok(Some(Saved { path: path.display().to_string(), bytes: info.bytes }))
}

/// Asks which backup to restore and says what it is. `None`: cancelled.
#[tauri::command(async)]
pub fn backup_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<BackupInfo>> {
    let Some(path) = dialogs::open_path(&app, "Choose a Hearth backup", &[FILTER])? else {
        return Ok(None);
    };
    let info = backup::inspect(&path)?;
    state.pick(Purpose::Restore, PendingFile::of_file(path)?)?;
    Ok(Some(info))
}

/// Restores the backup chosen with `backup_choose` (refused if the file changed
/// since), with the passphrase it was made with. The current vault is kept as a
/// snapshot first.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, passphrase: String) -> CmdResult<SettingsView> {
    let passphrase = Zeroizing::new(passphrase);
    state.restore(&passphrase)?;
    get_settings(state)
}

/// Deletes every snapshot kept beside the vault (`hearth_core::snapshots`), for
/// good. Returns how many there were.
#[tauri::command]
pub fn snapshots_delete(state: State<'_, AppState>) -> CmdResult<usize> {
    with_vault(&state, |vault| hearth_core::snapshots::delete_all(&vault.paths().snapshots))
}

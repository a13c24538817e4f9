//! Backing the vault up to a file the person picks, and restoring from one.

use hearth_core::backup::{self, BackupInfo};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use super::vault::{SettingsView, get_settings};
use super::with_vault;
use crate::dialogs;
use crate::error::{CmdResult, CommandError};
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
    if state.guard().vault.is_none() {
        return Err(CommandError::locked());
    }
    let name = format!("hearth-backup-{}.hearthbackup", hearth_core::time::today().format("%Y-%m-%d"));
    let Some(path) = dialogs::save_path(&app, "Save a backup of your vault", &name, FILTER) else {
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
    if state.guard().vault.is_none() {
        return Err(CommandError::locked());
    }
    let Some(path) = dialogs::open_path(&app, "Choose a Hearth backup", &[FILTER]) else {
        return Ok(None);
    };
    let info = backup::inspect(&path)?;
    state.guard().pending_restore = Some(path);
    Ok(Some(info))
}

/// Restores the backup chosen with `backup_choose`, with the passphrase it was
/// made with. The current vault is kept as a snapshot first.
#[tauri::command(async)]
pub fn backup_restore(state: State<'_, AppState>, passphrase: String) -> CmdResult<SettingsView> {
    let passphrase = Zeroizing::new(passphrase);
    // The state stays locked for the whole restore, so nothing (the idle clock, the
    // window's activity pings) sees the vault missing while it is swapped.
    let mut inner = state.guard();
    let path = inner.pending_restore.clone().ok_or_else(|| {
        CommandError::from(hearth_core::Error::invalid_input("Choose a backup to restore first."))
    })?;
    let vault = inner.vault.take().ok_or_else(CommandError::locked)?;
    match vault.restore(&path, &passphrase) {
        Ok(restored) => {
            inner.pending_restore = None;
            drop(inner);
            state.open(restored)?;
            get_settings(state)
        }
        Err((back, err)) => {
            inner.vault = back;
            Err(err.into())
        }
    }
}

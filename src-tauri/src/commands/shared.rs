//! Pairing with the partner's Hearth and the shared space's status
//! (`hearth_core::shared`). Sync itself runs on its own thread (lib.rs,
//! `spawn_sync_watch`); these commands start and follow pairing, show the status,
//! and unpair.

use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use crate::dialogs;
use crate::error::CmdResult;
use crate::state::{AppState, SharedView};

/// Pairing and sync as the window shows them.
#[tauri::command]
pub fn shared_status(state: State<'_, AppState>) -> CmdResult<SharedView> {
    state.shared_view()
}

/// Asks for the folder both partners can reach. `None`: cancelled.
#[tauri::command(async)]
pub fn shared_choose_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<SharedView>> {
    let Some(folder) = dialogs::folder_path(&app, "Choose a folder you both can reach")? else {
        return Ok(None);
    };
    state.shared_pick_folder(folder)?;
    state.shared_view().map(Some)
}

/// Starts pairing here: the view then holds the code to show the partner.
#[tauri::command]
pub fn shared_offer(state: State<'_, AppState>) -> CmdResult<SharedView> {
    state.shared_offer()?;
    state.shared_view()
}

/// Answers the partner's pairing with the code their screen shows.
#[tauri::command]
pub fn shared_join(state: State<'_, AppState>, code: String) -> CmdResult<SharedView> {
    let code = Zeroizing::new(code);
    state.shared_join(&code)?;
    state.shared_view()
}

/// Checks on a pairing under way (the window asks every second while it waits).
#[tauri::command]
pub fn shared_poll(state: State<'_, AppState>) -> CmdResult<SharedView> {
    state.shared_poll()?;
    state.shared_view()
}

#[tauri::command]
pub fn shared_cancel(state: State<'_, AppState>) -> CmdResult<SharedView> {
    state.shared_cancel();
    state.shared_view()
}

#[tauri::command]
pub fn shared_unpair(state: State<'_, AppState>) -> CmdResult<SharedView> {
    state.shared_unpair()?;
    state.shared_view()
}

/// A round of sync now, rather than within the second.
#[tauri::command]
pub fn shared_sync_now(state: State<'_, AppState>) -> CmdResult<SharedView> {
    if let Some(round) = state.sync_round() {
        round?;
    }
    state.shared_view()
}

//! The vault's own commands: status, create, unlock, lock, idle, settings and
//! passphrase. Passphrases are moved into zeroizing strings on arrival, and the
//! commands that derive keys are `async`: Argon2id takes about half a second and
//! must not freeze the window.

use hearth_core::keyfile::KdfParams;
use hearth_core::passphrase::{self, Strength};
use hearth_core::{Vault, hearths, settings};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use super::with_vault;
use crate::error::CmdResult;
use crate::shortcuts::{self, Os, Shortcut};
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Status {
    /// Whether the vault the lock screen is for exists (else it offers to make it).
    pub vault_exists: bool,
    /// Every vault in the app-data folder ("Whose Hearth is this?"), and which
    /// one the lock screen is for.
    pub hearths: Vec<hearths::Hearth>,
    pub current: String,
    pub unlocked: bool,
    pub data_dir: String,
    pub min_chars: usize,
    /// This system's keyboard shortcuts, which the window binds and shows.
    pub shortcuts: Vec<Shortcut>,
}

#[derive(Debug, Serialize)]
pub struct SettingsView {
    pub auto_lock_minutes: u32,
    pub auto_lock_choices: &'static [u32],
    /// Set when tests shorten the delay; the app then says so in Settings.
    pub auto_lock_override_secs: Option<u64>,
    pub data_dir: String,
    /// The name the lock screen shows for this vault ("" if none).
    pub hearth_name: String,
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Status {
    let (hearths, current) = state.hearths();
    Status {
        vault_exists: Vault::exists(&state.data_dir()),
        hearths,
        current,
        unlocked: state.is_unlocked(),
        data_dir: state.data_dir().display().to_string(),
        min_chars: passphrase::MIN_CHARS,
        shortcuts: shortcuts::for_os(Os::current()),
    }
}

#[tauri::command]
pub fn passphrase_strength(passphrase: String) -> Strength {
    let passphrase = Zeroizing::new(passphrase);
    passphrase::strength(&passphrase)
}

#[tauri::command(async)]
pub fn create_vault(
    state: State<'_, AppState>,
    passphrase: String,
    confirmation: String,
    name: Option<String>,
) -> CmdResult<SettingsView> {
    let (passphrase, confirmation) = (Zeroizing::new(passphrase), Zeroizing::new(confirmation));
    passphrase::check_new(&passphrase, &confirmation)?;
    state.create(&passphrase, KdfParams::default(), name.as_deref().unwrap_or(""))?;
    get_settings(state)
}

/// While locked: makes the lock screen about another of this computer's Hearths.
#[tauri::command]
pub fn choose_hearth(state: State<'_, AppState>, id: String) -> CmdResult<Status> {
    state.choose(&id)?;
    Ok(app_status(state))
}

/// While locked: makes the lock screen offer to create a Hearth for someone else
/// who uses this computer.
#[tauri::command]
pub fn new_hearth(state: State<'_, AppState>) -> CmdResult<Status> {
    state.prepare_new()?;
    Ok(app_status(state))
}

/// The name the lock screen shows for the open vault when there is more than one.
#[tauri::command]
pub fn set_hearth_name(state: State<'_, AppState>, name: String) -> CmdResult<String> {
    state.ensure_unlocked()?;
    let dir = state.data_dir();
    hearths::set_name(&dir, &name)?;
    Ok(hearths::name(&dir))
}

#[tauri::command(async)]
pub fn unlock(state: State<'_, AppState>, passphrase: String) -> CmdResult<SettingsView> {
    let passphrase = Zeroizing::new(passphrase);
    state.unlock(&passphrase)?;
    get_settings(state)
}

#[tauri::command]
pub fn lock<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) {
    state.lock();
    crate::webview::forget_shown_soon(&app);
}

/// Locks the vault and closes Hearth (the page calls this once it has saved).
#[tauri::command]
pub fn quit<R: tauri::Runtime>(app: tauri::AppHandle<R>, state: State<'_, AppState>) {
    state.lock();
    app.exit(0);
}

/// The window reports activity (throttled on its side); returns whether the vault
/// is still unlocked so the window can notice a lock it missed.
#[tauri::command]
pub fn touch(state: State<'_, AppState>) -> bool {
    state.touch()
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> CmdResult<SettingsView> {
    let auto_lock_minutes = with_vault(&state, |vault| settings::auto_lock_minutes(vault.conn()))?;
    Ok(SettingsView {
        auto_lock_minutes,
        auto_lock_choices: settings::AUTO_LOCK_CHOICES,
        auto_lock_override_secs: state.autolock_override().map(|d| d.as_secs()),
        data_dir: state.data_dir().display().to_string(),
        hearth_name: hearths::name(&state.data_dir()),
    })
}

#[tauri::command]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> CmdResult<SettingsView> {
    state.set_auto_lock(minutes)?;
    get_settings(state)
}

#[tauri::command]
pub fn get_names(state: State<'_, AppState>) -> CmdResult<settings::Names> {
    with_vault(&state, |vault| settings::names(vault.conn()))
}

#[tauri::command]
pub fn set_names(state: State<'_, AppState>, me: String, partner: String) -> CmdResult<settings::Names> {
    with_vault(&state, |vault| settings::set_names(vault.conn(), &me, &partner))
}

/// Checks the passphrase again before a plain-text export (throttled as unlocking
/// is); right, exports go ahead without asking for the next minute.
#[tauri::command(async)]
pub fn confirm_passphrase(state: State<'_, AppState>, passphrase: String) -> CmdResult<()> {
    state.confirm_passphrase(&Zeroizing::new(passphrase))
}

#[tauri::command(async)]
pub fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
    confirmation: String,
) -> CmdResult<()> {
    let (current, new, confirmation) =
        (Zeroizing::new(current), Zeroizing::new(new), Zeroizing::new(confirmation));
    state.ensure_unlocked()?;
    passphrase::check_new(&new, &confirmation)?;
    if *current == *new {
        return Err(
            hearth_core::Error::invalid_input("The new passphrase is the same as the current one.").into()
        );
    }
    state.change_passphrase(&current, &new)
}

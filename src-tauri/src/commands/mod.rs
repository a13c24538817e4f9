//! Every command the window may call, one module per area. Each command is also
//! listed in `generate_handler!` (lib.rs), in build.rs (so it gets an `allow-…`
//! permission) and in capabilities/main.json (so the main window is granted it).
//!
//! Commands take plain arguments, call the core and return serialisable results or
//! a [`CommandError`]. Commands marked `async` run off the main thread; use that for
//! anything slow (key derivation, dialogs, imports and exports).

pub mod backup;
pub mod bucket;
pub mod journal;
pub mod selfcheck;
pub mod vault;

use hearth_core::Vault;

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

/// Runs `f` with the open vault, or fails with `locked`. The vault stays locked
/// against auto-lock for as long as `f` runs.
pub fn with_vault<T>(
    state: &AppState,
    f: impl FnOnce(&mut Vault) -> Result<T, hearth_core::Error>,
) -> CmdResult<T> {
    let mut inner = state.guard();
    let vault = inner.vault.as_mut().ok_or_else(CommandError::locked)?;
    Ok(f(vault)?)
}

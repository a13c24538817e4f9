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

use crate::error::CmdResult;
use crate::state::AppState;

/// Runs `f` with the open vault, or fails with `locked`: the commands' shorthand
/// for [`AppState::with_vault`].
pub fn with_vault<T>(
    state: &AppState,
    f: impl FnOnce(&mut Vault) -> Result<T, hearth_core::Error>,
) -> CmdResult<T> {
    state.with_vault(f)
}

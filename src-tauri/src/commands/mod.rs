//! Every command the window may call, one module per area. A new command is
//! registered in `generate_handler!` (lib.rs), which build.rs reads to give it an
//! `allow-…` permission, and granted in capabilities/main.json (a test in
//! command_list.rs fails until it is).
//!
//! Commands take plain arguments, call the core and return serialisable results or
//! a [`CommandError`]. Commands marked `async` run off the main thread; use that for
//! anything slow (key derivation, dialogs, imports and exports).

pub mod backup;
pub mod bucket;
pub mod journal;
pub mod photos;
pub mod selfcheck;
pub mod shared;
pub mod together;
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

//! Test hooks: switches the end-to-end tests need and a person must never meet.
//!
//! - `HEARTH_AUTOLOCK_SECS`: the idle auto-lock delay in seconds, instead of the
//!   vault's setting (so the idle-lock test needs no five-minute wait).
//! - `HEARTH_FAKE_DIALOG_DIR`: stands in for the native file dialogs, which
//!   WebDriver can't click through (see `dialogs.rs`).
//! - `HEARTH_ASK_BEFORE_EXPORT=1`: unlocking does not count as having just given
//!   the passphrase, so the first plain-text export asks for it, as it does a
//!   minute after unlocking (no test waits a minute).
//!
//! **Invariant:** they are read from the environment only in a build with the
//! `e2e-hooks` cargo feature. `.ci/test` builds the binary the end-to-end tests
//! drive with it; releases, packages, `.ci/start` and `.ci/perf` never do
//! (`tests/integration/config.rs` checks), so in the app people run these
//! variables do nothing. Unit tests pass a [`Hooks`] value in directly.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

pub const AUTOLOCK_ENV: &str = "HEARTH_AUTOLOCK_SECS";
pub const FAKE_DIALOG_ENV: &str = "HEARTH_FAKE_DIALOG_DIR";
pub const ASK_BEFORE_EXPORT_ENV: &str = "HEARTH_ASK_BEFORE_EXPORT";

/// The test hooks in force; the default (all off) is what every release has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    /// Wins over the vault's auto-lock setting.
    pub autolock: Option<Duration>,
    /// Save dialogs answer `<dir>/<suggested name>`, open dialogs the path written
    /// in `<dir>/open-path.txt` (no such file: cancelled), folder dialogs `<dir>`.
    pub fake_dialog_dir: Option<PathBuf>,
    /// Unlocking doesn't let exports go ahead without asking (see
    /// [`crate::state::AppState::ensure_confirmed`]).
    pub ask_before_export: bool,
}

impl Hooks {
    /// The hooks the environment asks for: none unless built with `e2e-hooks`.
    pub fn from_env() -> Hooks {
        Hooks::from_vars(|name| std::env::var_os(name))
    }

    fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Hooks {
        if !cfg!(feature = "e2e-hooks") {
            return Hooks::default();
        }
        Hooks {
            autolock: var(AUTOLOCK_ENV)
                .and_then(|s| s.to_str()?.parse::<u64>().ok())
                .filter(|s| *s > 0)
                .map(Duration::from_secs),
            fake_dialog_dir: var(FAKE_DIALOG_ENV).filter(|v| !v.is_empty()).map(PathBuf::from),
            ask_before_export: var(ASK_BEFORE_EXPORT_ENV).is_some_and(|v| v == "1"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<OsString> {
        match name {
            AUTOLOCK_ENV => Some("2".into()),
            FAKE_DIALOG_ENV => Some("/tmp/hearth-dialogs".into()),
            ASK_BEFORE_EXPORT_ENV => Some("1".into()),
            _ => None,
        }
    }

    /// `cargo test -p hearth --lib` (no features, as a release) proves the variables
    /// are ignored; with `--features e2e-hooks` the same test proves they work.
    #[test]
    fn the_variables_count_only_in_an_e2e_hooks_build() {
        let hooks = Hooks::from_vars(env);
        if cfg!(feature = "e2e-hooks") {
            assert_eq!(hooks.autolock, Some(Duration::from_secs(2)));
            assert_eq!(hooks.fake_dialog_dir, Some(PathBuf::from("/tmp/hearth-dialogs")));
            assert!(hooks.ask_before_export);
        } else {
            assert_eq!(
                hooks,
                Hooks::default(),
                "a build without e2e-hooks ignores {AUTOLOCK_ENV}, {FAKE_DIALOG_ENV} and {ASK_BEFORE_EXPORT_ENV}"
            );
        }
    }

    #[test]
    fn empty_zero_or_unreadable_values_are_no_hook() {
        let hooks = Hooks::from_vars(|name| match name {
            AUTOLOCK_ENV => Some("soon".into()),
            ASK_BEFORE_EXPORT_ENV => Some("yes".into()),
            _ => Some("".into()),
        });
        assert_eq!(hooks, Hooks::default());
        let hooks = Hooks::from_vars(|name| (name == AUTOLOCK_ENV).then(|| "0".into()));
        assert_eq!(hooks, Hooks::default());
    }
}

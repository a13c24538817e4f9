//! The app's state: where the vault lives, the open vault (if unlocked), the idle
//! clock and the unlock throttle. One mutex guards it all, so unlock attempts are
//! serialised (the throttle can't be raced) and locking is atomic.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hearth_core::throttle::UnlockThrottle;
use hearth_core::{Vault, settings};

pub struct AppState {
    pub data_dir: PathBuf,
    /// Set by tests through `HEARTH_AUTOLOCK_SECS`; wins over the vault's setting.
    autolock_override: Option<Duration>,
    inner: Mutex<Inner>,
    /// Set once the window has been asked to close, so a second request closes it.
    pub closing: AtomicBool,
    /// The file chosen in the journal's import preview, applied by the next
    /// import command (the window never names a path).
    pending_import: Mutex<Option<PathBuf>>,
}

pub struct Inner {
    pub vault: Option<Vault>,
    pub last_activity: Instant,
    pub auto_lock: Duration,
    pub throttle: UnlockThrottle,
    /// The backup file chosen in Settings, waiting for its passphrase.
    pub pending_restore: Option<PathBuf>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, autolock_override: Option<Duration>) -> Self {
        AppState {
            data_dir,
            autolock_override,
            inner: Mutex::new(Inner {
                vault: None,
                last_activity: Instant::now(),
                auto_lock: Duration::from_secs(60 * u64::from(settings::DEFAULT_AUTO_LOCK_MINUTES)),
                throttle: UnlockThrottle::default(),
                pending_restore: None,
            }),
            closing: AtomicBool::new(false),
            pending_import: Mutex::new(None),
        }
    }

    pub fn guard(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the vault unlockable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn pending_import(&self) -> MutexGuard<'_, Option<PathBuf>> {
        self.pending_import.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Installs a freshly opened vault and starts its idle clock. Journal entries
    /// that have been in the trash for more than 30 days are deleted for good here.
    pub fn open(&self, mut vault: Vault) -> Result<u32, hearth_core::Error> {
        let minutes = settings::auto_lock_minutes(vault.conn())?;
        hearth_core::journal::purge_trash(vault.conn_mut(), chrono::Utc::now())?;
        let mut inner = self.guard();
        inner.auto_lock = self.auto_lock_for(minutes);
        inner.last_activity = Instant::now();
        inner.vault = Some(vault);
        drop(inner);
        *self.pending_import() = None;
        Ok(minutes)
    }

    pub fn autolock_override(&self) -> Option<Duration> {
        self.autolock_override
    }

    pub fn auto_lock_for(&self, minutes: u32) -> Duration {
        self.autolock_override.unwrap_or(Duration::from_secs(60 * u64::from(minutes)))
    }

    /// Closes the vault if it is open. Returns whether it was.
    pub fn lock(&self) -> bool {
        let vault = self.guard().vault.take();
        match vault {
            Some(v) => {
                if let Err(e) = v.close() {
                    eprintln!("hearth: closing the vault failed: {}", e.kind());
                }
                true
            }
            None => false,
        }
    }

    /// Locks if the vault is open and idle for longer than the auto-lock delay.
    pub fn lock_if_idle(&self) -> bool {
        let vault = {
            let mut inner = self.guard();
            if inner.vault.is_none() || inner.last_activity.elapsed() < inner.auto_lock {
                return false;
            }
            inner.vault.take()
        };
        if let Some(v) = vault {
            let _ = v.close();
        }
        true
    }
}

//! The app's state: where the vault lives, the open vault (if unlocked), the idle
//! clock, the unlock throttle, when the passphrase was last given, and the files
//! picked for a later command.
//!
//! `AppState` offers operations (`create`, `unlock`, `restore`, `lock`, `touch`,
//! `lock_if_idle`, `with_vault`…), not fields: its insides are private, so each
//! protocol (throttle, open, purge, idle clock, confirmation) is written once, here.
//! One mutex guards the vault, the clock, the throttle, the last confirmation and
//! the picked files, so passphrase tries are serialised (the throttle can't be
//! raced) and locking is atomic. The only other shared value is the `closing` flag,
//! an atomic.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hearth_core::keyfile::{KdfParams, KeyFile};
use hearth_core::shared::pair::{Join, Offer};
use hearth_core::shared::store::{self as shared, Report, Session};
use hearth_core::throttle::UnlockThrottle;
use hearth_core::time;
use hearth_core::{Vault, VaultPaths, backup, bucket, hearths, settings, snapshots};

use crate::error::{CmdResult, CommandError};
use crate::hooks::Hooks;
use crate::pending::{PendingFile, Purpose};

/// How long an unlock, or the passphrase typed again, lets a plain-text export go
/// ahead without asking for it ([`AppState::ensure_confirmed`]).
pub const CONFIRMATION_LASTS: Duration = Duration::from_secs(60);

pub struct AppState {
    /// The app-data folder: the first vault, and the others under it (`hearths`).
    root: PathBuf,
    /// Off in every release; see `hooks.rs`.
    hooks: Hooks,
    inner: Mutex<Inner>,
    /// Set once the window has been asked to close, so a second request closes it.
    closing: AtomicBool,
}

struct Inner {
    /// The vault the lock screen is for ("Whose Hearth is this?"): its id in
    /// [`hearths`] and its folder. Changed only while locked.
    current: (String, PathBuf),
    vault: Option<Vault>,
    last_activity: Instant,
    auto_lock: Duration,
    throttle: UnlockThrottle,
    /// When the passphrase was last given (an unlock, or [`AppState::confirm_passphrase`]).
    confirmed_at: Option<Instant>,
    /// The files picked for a later command, one slot per [`Purpose`] (the window
    /// never names a path).
    picked: [Option<PendingFile>; Purpose::ALL.len()],
    /// A restore is preparing its files (outside the lock): a second waits.
    restoring: bool,
    /// The shared space, pairing and sync (`hearth_core::shared`).
    together: Together,
}

/// The shared space while the vault is open. Dropping it wipes the couple key.
#[derive(Default)]
struct Together {
    session: Option<Session>,
    /// The folder picked for pairing.
    folder: Option<PathBuf>,
    pairing: Option<Pairing>,
    /// The last round of sync that had work, for its notices.
    last: Option<Report>,
}

enum Pairing {
    Offer(Offer),
    Join(Join),
}

/// What the window shows about pairing and sync.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SharedView {
    pub paired: bool,
    pub status: Option<shared::PairStatus>,
    /// The folder picked for pairing, not yet paired.
    pub folder: Option<PathBuf>,
    /// "offer" (showing `code`) or "join" (waiting for the partner's confirmation).
    pub pairing: Option<&'static str>,
    pub code: Option<String>,
    pub reachable: bool,
    pub notices: Vec<hearth_core::shared::Notice>,
}

impl Inner {
    /// Takes the vault out (to close it) and forgets every picked file and the last
    /// confirmation of the passphrase.
    fn take_vault(&mut self) -> Option<Vault> {
        self.picked = Default::default();
        self.confirmed_at = None;
        if let Some(Pairing::Offer(offer)) = &self.together.pairing {
            offer.cancel();
        }
        // The couple key goes with the session (zeroized on drop).
        self.together = Together::default();
        self.vault.take()
    }
}

impl AppState {
    pub fn new(root: PathBuf, hooks: Hooks) -> Self {
        // The first vault on the list, or where the first will be made.
        let current = match hearths::list(&root).into_iter().next() {
            Some(h) => (h.id.clone(), hearths::dir_of(&root, &h.id).expect("listed ids are valid")),
            None => (hearths::FIRST.to_string(), root.clone()),
        };
        // The throttle's count is read back from the vault's folder: a restart doesn't
        // buy more tries.
        let throttle = UnlockThrottle::load(&current.1, Instant::now());
        AppState {
            root,
            hooks,
            inner: Mutex::new(Inner {
                current,
                vault: None,
                last_activity: Instant::now(),
                auto_lock: Duration::from_secs(60 * u64::from(settings::DEFAULT_AUTO_LOCK_MINUTES)),
                throttle,
                confirmed_at: None,
                picked: Default::default(),
                restoring: false,
                together: Together::default(),
            }),
            closing: AtomicBool::new(false),
        }
    }

    fn guard(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the vault unlockable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The folder of the vault the lock screen is for (open or not).
    pub fn data_dir(&self) -> PathBuf {
        self.guard().current.1.clone()
    }

    /// Every vault in the app-data folder, and the id of the one the lock screen
    /// is for.
    pub fn hearths(&self) -> (Vec<hearths::Hearth>, String) {
        (hearths::list(&self.root), self.guard().current.0.clone())
    }

    /// Makes the lock screen about the vault `id` (one of [`AppState::hearths`]),
    /// with that vault's own count of wrong passphrases. Only while locked.
    pub fn choose(&self, id: &str) -> CmdResult<()> {
        let dir = hearths::dir_of(&self.root, id).filter(|d| Vault::exists(d)).ok_or_else(|| {
            hearth_core::Error::invalid_input("That Hearth isn't on this computer any more.")
        })?;
        self.switch_to(id.to_string(), dir)
    }

    /// Makes the lock screen about a vault not made yet, for someone else who uses
    /// this computer (created by [`AppState::create`]). Only while locked.
    pub fn prepare_new(&self) -> CmdResult<()> {
        let (id, dir) = hearths::next(&self.root)?;
        self.switch_to(id, dir)
    }

    fn switch_to(&self, id: String, dir: PathBuf) -> CmdResult<()> {
        let mut inner = self.guard();
        if inner.vault.is_some() {
            return Err(hearth_core::Error::invalid_input(
                "Lock Hearth first to switch to another person's Hearth.",
            )
            .into());
        }
        if inner.current.1 != dir {
            inner.throttle = UnlockThrottle::load(&dir, Instant::now());
            inner.current = (id, dir);
        }
        Ok(())
    }

    /// The auto-lock delay end-to-end tests asked for, if any (`hooks.rs`).
    pub fn autolock_override(&self) -> Option<Duration> {
        self.hooks.autolock
    }

    /// The folder standing in for file dialogs in end-to-end tests (`hooks.rs`).
    pub fn fake_dialog_dir(&self) -> Option<&Path> {
        self.hooks.fake_dialog_dir.as_deref()
    }

    fn auto_lock_for(&self, minutes: u32) -> Duration {
        self.hooks.autolock.unwrap_or(Duration::from_secs(60 * u64::from(minutes)))
    }

    pub fn is_unlocked(&self) -> bool {
        self.guard().vault.is_some()
    }

    /// The one "locked?" check for commands that don't need the vault itself yet,
    /// e.g. before a dialog (`dialogs.rs` asks it for every dialog).
    pub fn ensure_unlocked(&self) -> CmdResult<()> {
        if self.is_unlocked() { Ok(()) } else { Err(CommandError::locked()) }
    }

    /// Runs `f` with the open vault, or fails with `locked`. The vault stays locked
    /// against auto-lock for as long as `f` runs.
    pub fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T, hearth_core::Error>) -> CmdResult<T> {
        let mut inner = self.guard();
        let vault = inner.vault.as_mut().ok_or_else(CommandError::locked)?;
        Ok(f(vault)?)
    }

    /// Makes a new vault protected by `passphrase` (already checked) and opens it.
    /// `name` is what the lock screen shows for it when this computer keeps more
    /// than one Hearth (may be empty).
    pub fn create(&self, passphrase: &str, kdf: KdfParams, name: &str) -> CmdResult<()> {
        let name = hearths::clean_name(name)?;
        let mut inner = self.guard();
        if inner.vault.is_some() {
            return Err(hearth_core::Error::VaultExists.into());
        }
        let vault = Vault::create(&inner.current.1, passphrase, kdf)?;
        if !name.is_empty() {
            hearths::set_name(&inner.current.1, &name)?;
        }
        install(&mut inner, vault, |m| self.auto_lock_for(m), &self.hooks)?;
        Ok(())
    }

    /// Opens the vault with `passphrase`, unless it is open already. Wrong
    /// passphrases count towards the throttle, which refuses tries (even right ones)
    /// until its wait is over.
    pub fn unlock(&self, passphrase: &str) -> CmdResult<()> {
        let mut inner = self.guard();
        if inner.vault.is_some() {
            return Ok(());
        }
        let Inner { throttle, current, .. } = &mut *inner;
        let vault = throttled(throttle, || Vault::unlock(&current.1, passphrase))?;
        install(&mut inner, vault, |m| self.auto_lock_for(m), &self.hooks)?;
        Ok(())
    }

    /// Checks `passphrase` against the key file (the database stays as it is),
    /// throttled as unlocking is. Right, it lets plain-text exports go ahead for
    /// [`CONFIRMATION_LASTS`].
    pub fn confirm_passphrase(&self, passphrase: &str) -> CmdResult<()> {
        let mut inner = self.guard();
        let key_file = inner.vault.as_ref().ok_or_else(CommandError::locked)?.paths().key.clone();
        throttled(&mut inner.throttle, || KeyFile::read(&key_file)?.unseal(passphrase).map(drop))?;
        inner.confirmed_at = Some(Instant::now());
        Ok(())
    }

    /// Fails with `confirm_passphrase` (its message `about`, what the export's file
    /// will hold) unless the passphrase was given within [`CONFIRMATION_LASTS`]:
    /// the check every plain-text export makes before it asks where to save.
    pub fn ensure_confirmed(&self, about: &str) -> CmdResult<()> {
        let inner = self.guard();
        if inner.vault.is_none() {
            return Err(CommandError::locked());
        }
        match inner.confirmed_at {
            Some(at) if at.elapsed() < CONFIRMATION_LASTS => Ok(()),
            _ => Err(CommandError::confirm_passphrase(about)),
        }
    }

    /// Changes the passphrase from `current` to `new` (already checked). A wrong
    /// `current` counts towards the same throttle as unlocking, so the form can't
    /// be used to guess the passphrase faster than the lock screen.
    pub fn change_passphrase(&self, current: &str, new: &str) -> CmdResult<()> {
        let mut inner = self.guard();
        let Inner { vault, throttle, .. } = &mut *inner;
        let vault = vault.as_mut().ok_or_else(CommandError::locked)?;
        throttled(throttle, || vault.change_passphrase(current, new, KdfParams::default()))
    }

    /// Remembers a file the person picked for `purpose`, replacing an earlier one.
    /// Refused with `locked` if the vault locked while the dialog was open.
    pub fn pick(&self, purpose: Purpose, file: PendingFile) -> CmdResult<()> {
        let mut inner = self.guard();
        if inner.vault.is_none() {
            return Err(CommandError::locked());
        }
        inner.picked[purpose as usize] = Some(file);
        Ok(())
    }

    /// Forgets the file picked for `purpose`, if any.
    pub fn forget(&self, purpose: Purpose) {
        self.guard().picked[purpose as usize] = None;
    }

    /// Takes the file picked for `purpose`, or says to choose one first (or that
    /// Hearth is locked: locking forgets every pick).
    pub fn take_picked(&self, purpose: Purpose) -> CmdResult<PendingFile> {
        let mut inner = self.guard();
        if inner.vault.is_none() {
            return Err(CommandError::locked());
        }
        let picked = inner.picked[purpose as usize].take();
        Ok(picked.ok_or_else(|| hearth_core::Error::invalid_input(purpose.nothing_picked()))?)
    }

    /// Restores the backup picked for [`Purpose::Restore`], made with `passphrase`,
    /// if the file is unchanged since; the current vault is kept as a snapshot
    /// first. A wrong passphrase keeps the pick, so the person can try again.
    ///
    /// The slow part (key derivation for the backup's key and the fresh one,
    /// copying, integrity checks: [`backup::prepare`]) runs without the state's
    /// lock, so the idle-lock watcher and the window's activity pings are never
    /// kept waiting. The lock is then held for the swap alone, so nothing sees the
    /// vault missing while it is replaced; if the vault was locked meanwhile,
    /// nothing is restored.
    pub fn restore(&self, passphrase: &str) -> CmdResult<()> {
        let slot = Purpose::Restore as usize;
        let picked = {
            let mut inner = self.guard();
            if inner.vault.is_none() {
                return Err(CommandError::locked());
            }
            if inner.restoring {
                return Err(hearth_core::Error::invalid_input(
                    "A restore is already under way. Please wait for it to finish.",
                )
                .into());
            }
            let picked = inner.picked[slot]
                .clone()
                .ok_or_else(|| hearth_core::Error::invalid_input(Purpose::Restore.nothing_picked()))?;
            if let Err(e) = picked.check_unchanged() {
                inner.picked[slot] = None;
                return Err(e.into());
            }
            inner.restoring = true;
            picked
        };
        // Declared before `inner` below, so it is dropped (taking the lock to clear
        // the flag) after `inner` lets go.
        let _restoring = Restoring(self);
        let prepared = backup::prepare(picked.path(), passphrase, &VaultPaths::new(self.data_dir()))?;
        let mut inner = self.guard();
        let vault = inner.vault.take().ok_or_else(CommandError::locked)?;
        match vault.restore_prepared(prepared) {
            Ok(restored) => {
                install(&mut inner, restored, |m| self.auto_lock_for(m), &self.hooks)?;
                Ok(())
            }
            Err((back, err)) => {
                inner.vault = back;
                Err(err.into())
            }
        }
    }

    /// Stores a new auto-lock delay in the vault and restarts the idle clock with it.
    pub fn set_auto_lock(&self, minutes: u32) -> CmdResult<()> {
        let mut inner = self.guard();
        let vault = inner.vault.as_ref().ok_or_else(CommandError::locked)?;
        settings::set_auto_lock_minutes(vault.conn(), minutes)?;
        inner.auto_lock = self.auto_lock_for(minutes);
        Ok(())
    }

    /// The window reports activity; returns whether the vault is still unlocked.
    pub fn touch(&self) -> bool {
        let mut inner = self.guard();
        inner.last_activity = Instant::now();
        inner.vault.is_some()
    }

    /// Closes the vault if it is open, and forgets every picked file. Returns
    /// whether the vault was open.
    pub fn lock(&self) -> bool {
        let vault = self.guard().take_vault();
        close(vault)
    }

    /// Locks if the vault is open and idle for longer than the auto-lock delay.
    pub fn lock_if_idle(&self) -> bool {
        let vault = {
            let mut inner = self.guard();
            if inner.vault.is_none() || inner.last_activity.elapsed() < inner.auto_lock {
                return false;
            }
            inner.take_vault()
        };
        close(vault)
    }

    /// Whether a close is under way (the page was asked to finish).
    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Marks the window as closing; `true` the first time only.
    pub fn begin_closing(&self) -> bool {
        !self.closing.swap(true, Ordering::SeqCst)
    }
}

impl AppState {
    /// Remembers the folder the person picked to share through.
    pub fn shared_pick_folder(&self, folder: PathBuf) -> CmdResult<()> {
        let mut inner = self.guard();
        if inner.vault.is_none() {
            return Err(CommandError::locked());
        }
        inner.together.folder = Some(folder);
        Ok(())
    }

    fn pairing_start(
        &self,
        start: impl FnOnce(&Path, &Vault) -> hearth_core::Result<Pairing>,
    ) -> CmdResult<()> {
        let mut inner = self.guard();
        let Inner { vault, together, .. } = &mut *inner;
        let vault = vault.as_ref().ok_or_else(CommandError::locked)?;
        if together.session.is_some() {
            return Err(hearth_core::Error::invalid_input("This Hearth is already paired.").into());
        }
        let folder = together.folder.clone().ok_or_else(|| {
            hearth_core::Error::invalid_input("Choose the folder you both can reach first.")
        })?;
        if let Some(Pairing::Offer(old)) = together.pairing.take() {
            old.cancel();
        }
        together.pairing = Some(start(&folder, vault)?);
        Ok(())
    }

    /// Starts pairing on this device: the code to show the partner.
    pub fn shared_offer(&self) -> CmdResult<()> {
        self.pairing_start(|folder, vault| {
            let (device, member) = (shared::device_id(vault.conn())?, bucket::store::vault_id(vault.conn())?);
            Ok(Pairing::Offer(Offer::start(folder, device, member)?))
        })
    }

    /// Answers the partner's pairing with the code they show.
    pub fn shared_join(&self, code: &str) -> CmdResult<()> {
        self.pairing_start(|folder, vault| {
            let (device, member) = (shared::device_id(vault.conn())?, bucket::store::vault_id(vault.conn())?);
            Ok(Pairing::Join(Join::start(folder, code, device, member)?))
        })
    }

    /// Checks on a pairing under way; once both sides are done, the shared space
    /// begins. A failed pairing ends, with a message.
    pub fn shared_poll(&self) -> CmdResult<()> {
        let mut inner = self.guard();
        let Inner { vault, together, .. } = &mut *inner;
        let vault = vault.as_mut().ok_or_else(CommandError::locked)?;
        let polled = match &mut together.pairing {
            None => return Ok(()),
            Some(Pairing::Offer(o)) => o.poll(),
            Some(Pairing::Join(j)) => j.poll(),
        };
        let couple = match polled {
            Ok(None) => return Ok(()),
            Ok(Some(couple)) => couple,
            Err(e) => {
                together.pairing = None;
                return Err(e.into());
            }
        };
        together.pairing = None;
        let folder = together.folder.take().expect("pairing starts from a picked folder");
        let mut session = shared::begin(vault.conn_mut(), couple, &folder)?;
        together.last = Some(shared::sync(vault.conn_mut(), &mut session)?);
        together.session = Some(session);
        Ok(())
    }

    /// Stops a pairing under way (an offer's files go).
    pub fn shared_cancel(&self) {
        let mut inner = self.guard();
        if let Some(Pairing::Offer(offer)) = inner.together.pairing.take() {
            offer.cancel();
        }
        inner.together.folder = None;
    }

    /// Stops sharing on this device; the list stays, the partner is told.
    pub fn shared_unpair(&self) -> CmdResult<()> {
        let mut inner = self.guard();
        let Inner { vault, together, .. } = &mut *inner;
        let vault = vault.as_mut().ok_or_else(CommandError::locked)?;
        if let Some(session) = together.session.take() {
            shared::unpair(vault.conn_mut(), session)?;
        }
        together.last = None;
        Ok(())
    }

    /// Runs `f` with the open vault and its shared space, or fails: locked, or not
    /// paired.
    pub fn with_shared<T>(
        &self,
        f: impl FnOnce(&mut Vault, &mut Session) -> Result<T, hearth_core::Error>,
    ) -> CmdResult<T> {
        let mut inner = self.guard();
        let Inner { vault, together, .. } = &mut *inner;
        let vault = vault.as_mut().ok_or_else(CommandError::locked)?;
        let session = together.session.as_mut().ok_or_else(|| {
            hearth_core::Error::invalid_input(
                "This Hearth isn't paired with your partner's. Pair in Settings first.",
            )
        })?;
        Ok(f(vault, session)?)
    }

    /// One round of sync if the vault is open and paired; `None` otherwise.
    pub fn sync_round(&self) -> Option<CmdResult<Report>> {
        let mut inner = self.guard();
        let Inner { vault, together, .. } = &mut *inner;
        let (vault, session) = (vault.as_mut()?, together.session.as_mut()?);
        let report = shared::sync(vault.conn_mut(), session).map_err(CommandError::from);
        if let Ok(r) = &report
            && !r.idle
        {
            together.last = Some(r.clone());
        }
        Some(report)
    }

    pub fn shared_view(&self) -> CmdResult<SharedView> {
        let inner = self.guard();
        let vault = inner.vault.as_ref().ok_or_else(CommandError::locked)?;
        let t = &inner.together;
        let (pairing, code) = match &t.pairing {
            None => (None, None),
            Some(Pairing::Offer(o)) => (Some("offer"), Some(o.code())),
            Some(Pairing::Join(_)) => (Some("join"), None),
        };
        Ok(SharedView {
            paired: t.session.is_some(),
            status: shared::status(vault.conn())?,
            folder: t.folder.clone(),
            pairing,
            code,
            reachable: t.session.as_ref().is_none_or(|s| s.folder().is_dir()),
            notices: t.last.as_ref().map(|r| r.notices.clone()).unwrap_or_default(),
        })
    }
}

/// Clears the `restoring` flag however a restore ends.
struct Restoring<'a>(&'a AppState);

impl Drop for Restoring<'_> {
    fn drop(&mut self) {
        self.0.guard().restoring = false;
    }
}

/// Runs `attempt`, a try of the passphrase (unlock, confirm, change), unless the
/// throttle says to wait; a wrong passphrase counts towards the throttle, a right
/// one resets it (kept on disk, see `hearth_core::throttle`). It takes the throttle
/// alone, so `attempt` may borrow the open vault.
fn throttled<T>(
    throttle: &mut UnlockThrottle,
    attempt: impl FnOnce() -> hearth_core::Result<T>,
) -> CmdResult<T> {
    if let Err(wait) = throttle.check(Instant::now()) {
        return Err(CommandError::throttled(wait.as_secs_f64().ceil() as u64));
    }
    match attempt() {
        Ok(done) => {
            throttle.record_success();
            Ok(done)
        }
        Err(e) => {
            if matches!(e, hearth_core::Error::WrongPassphrase) {
                throttle.record_failure(Instant::now());
            }
            Err(e.into())
        }
    }
}

/// Puts a freshly opened vault in place and starts its idle clock. Journal entries
/// that have been in the trash for more than 30 days are deleted for good here,
/// snapshots are pruned, nothing picked before is remembered, and the passphrase
/// counts as just given.
fn install(
    inner: &mut Inner,
    mut vault: Vault,
    delay: impl Fn(u32) -> Duration,
    hooks: &Hooks,
) -> CmdResult<()> {
    let minutes = settings::auto_lock_minutes(vault.conn())?;
    hearth_core::journal::purge_trash(vault.conn_mut(), time::to_datetime(time::now()))?;
    // Snapshots past their time go too (`hearth_core::snapshots`); a failure to
    // remove one must not keep the person out of their vault.
    if let Err(e) = snapshots::prune(&vault.paths().snapshots, time::now()) {
        eprintln!("hearth: pruning snapshots failed: {}", e.kind());
    }
    close(inner.take_vault());
    // A damaged shared space must not keep the person out of their vault: it is
    // left unopened (and said so in Settings' status) and everything else works.
    inner.together.session = match shared::open(vault.conn()) {
        Ok(session) => session,
        Err(e) => {
            eprintln!("hearth: opening the shared space failed: {}", e.kind());
            None
        }
    };
    inner.auto_lock = delay(minutes);
    inner.last_activity = Instant::now();
    inner.vault = Some(vault);
    inner.confirmed_at = (!hooks.ask_before_export).then(Instant::now);
    Ok(())
}

fn close(vault: Option<Vault>) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "lantern orchard wednesday";

    /// Key derivation slow enough to see (10 passes, inside the key-file ceiling):
    /// about a second for each of the restore's two derivations.
    const SLOW: KdfParams = KdfParams { memory_kib: 128 * 1024, iterations: 10, parallelism: 1 };

    /// Nothing in the app uses SQLite before its first vault, so SQLite's freed
    /// memory is wiped by Hearth's allocator rather than SQLCipher's locking one
    /// (`hearth_core::sqlite_memory`). A new SQLite use ahead of it fails here.
    #[test]
    fn the_apps_sqlite_memory_is_wiped_by_hearths_allocator() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().into(), Hooks::default());
        state.create(PASS, KdfParams::FAST_FOR_TESTS, "").unwrap();
        assert!(hearth_core::sqlite_memory::wipe_on_free());
        assert!(hearth_core::sqlite_memory::live_blocks() > 0);
    }

    #[test]
    fn two_hearths_pair_share_and_a_lock_forgets_the_couple() {
        let (da, db, folder) =
            (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (a, b) = (
            AppState::new(da.path().into(), Hooks::default()),
            AppState::new(db.path().into(), Hooks::default()),
        );
        for s in [&a, &b] {
            s.create(PASS, KdfParams::FAST_FOR_TESTS, "").unwrap();
            s.shared_pick_folder(folder.path().into()).unwrap();
        }
        a.shared_offer().unwrap();
        let code = a.shared_view().unwrap().code.expect("the offering side shows a code");
        a.shared_poll().unwrap();
        assert!(!a.shared_view().unwrap().paired, "not before the partner answers");
        b.shared_join(&code).unwrap();
        a.shared_poll().unwrap();
        b.shared_poll().unwrap();
        assert!(a.shared_view().unwrap().paired && b.shared_view().unwrap().paired);

        let input = bucket::ItemInput { title: "Picnic".into(), ..bucket::vocabulary::new_item() };
        a.with_vault(|v| bucket::store::create(v.conn(), &input)).unwrap();
        a.sync_round().unwrap().unwrap();
        assert_eq!(b.sync_round().unwrap().unwrap().received.added, 1);

        // Locking drops the session (and the couple key with it); unlocking finds it again.
        assert!(a.lock());
        assert!(a.sync_round().is_none());
        assert!(a.shared_view().is_err());
        a.unlock(PASS).unwrap();
        assert!(a.shared_view().unwrap().paired);
        a.shared_unpair().unwrap();
        assert!(!a.shared_view().unwrap().paired);
        assert!(b.sync_round().unwrap().unwrap().partner_left);
    }

    #[test]
    fn a_restore_derives_its_keys_without_holding_the_lock() {
        // A backup whose key file asks for slow derivation.
        let elsewhere = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let file = out.path().join("slow.hearthbackup");
        let v = Vault::create(elsewhere.path(), PASS, SLOW).unwrap();
        v.backup(&file).unwrap();
        v.close().unwrap();

        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().into(), Hooks::default());
        state.create(PASS, KdfParams::FAST_FOR_TESTS, "").unwrap();
        state.pick(Purpose::Restore, PendingFile::of_file(file).unwrap()).unwrap();

        // While the restore works, the idle-lock watcher's and the window's calls
        // keep being answered. Were the lock held for the derivations, hardly any
        // would get through before the restore ended.
        let (answered, restored) = std::thread::scope(|s| {
            let restore = s.spawn(|| state.restore(PASS));
            let mut answered = 0u32;
            while !restore.is_finished() {
                assert!(state.is_unlocked(), "the open vault stays open until the swap");
                assert!(!state.lock_if_idle());
                answered += 1;
                std::thread::sleep(Duration::from_millis(1));
            }
            (answered, restore.join().unwrap())
        });
        restored.unwrap();
        assert!(answered >= 100, "only {answered} calls were answered during the restore");
        assert!(state.is_unlocked());
        // The restored vault has a fresh key, sealed with the backup's settings.
        let key = KeyFile::read(&VaultPaths::new(dir.path()).key).unwrap();
        assert_eq!(key.kdf, SLOW);
    }
}

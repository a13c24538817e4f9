//! Slows down repeated wrong passphrases, across restarts.
//!
//! Each unlock attempt already costs an Argon2id derivation (about half a second).
//! After [`FREE_TRIES`] failures in a row, each further try must also wait: 2 s,
//! then 4 s, 8 s, … up to [`MAX_WAIT`]. A correct passphrase resets the count. A
//! wrong *current* passphrase when changing it counts the same (the shell's
//! `AppState` runs both through this one throttle).
//!
//! **The count survives a restart.** It is kept in [`FILE_NAME`] beside the key
//! file: the number of failures in a row and the wall-clock time of the last one
//! (`{"format":"hearth-throttle","version":1,"failures":N,"last_failure":ms}`),
//! written atomically after every failure and success. Loading it
//! ([`UnlockThrottle::load`]) follows rules chosen so that editing the file can only
//! make things stricter:
//!
//! - **Unreadable, too large, garbled or of an unknown version:** counts as
//!   [`GARBLED_FAILURES`] failures just now, so the longest wait applies at once.
//! - **A last failure in the future** (a clock set back, or an edited time): taken
//!   as just now, so the full wait for its count applies from now, and no more (a
//!   far-future time can't lock anyone out for good).
//! - **Missing:** no failures. A missing file can't be told apart from a first
//!   launch (or a Hearth from before this file existed), and whoever can delete
//!   it can also copy the key file and guess offline, with no throttle at all:
//!   the throttle guards the window, not the folder (that is the passphrase's
//!   and Argon2id's job). While Hearth runs, its memory is the authority: a file
//!   deleted or edited under a running Hearth changes nothing until it restarts,
//!   and the next failure or success writes it again.
//!
//! Within one run, waits are measured on the monotonic clock (`Instant`), so
//! moving the system clock can't shorten them; the wall clock is only used to
//! carry a wait across a restart.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::files::{read_bounded, write_atomic};

pub const FREE_TRIES: u32 = 3;
pub const MAX_WAIT: Duration = Duration::from_secs(60);
/// The throttle's file, in the data folder beside `hearth.key`.
pub const FILE_NAME: &str = "hearth.throttle";
/// What a file Hearth can't read counts as: enough failures for [`MAX_WAIT`].
pub const GARBLED_FAILURES: u32 = FREE_TRIES + 5;
const FORMAT: &str = "hearth-throttle";
const VERSION: u32 = 1;
/// The file is a few dozen bytes; anything larger is not one Hearth wrote.
const MAX_FILE_LEN: u64 = 1024;

#[derive(Debug, Default)]
pub struct UnlockThrottle {
    failures: u32,
    /// Wall-clock time of the last failure (ms), what the file carries.
    last_failure: i64,
    not_before: Option<Instant>,
    /// Where the count is kept; `None` keeps it in memory only.
    file: Option<PathBuf>,
}

/// What is on disk.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Disk {
    format: String,
    version: u32,
    failures: u32,
    last_failure: i64,
}

/// The count the file's `bytes` stand for at wall-clock time `now_ms`: `(failures,
/// last failure)`, following the rules in the module's documentation. `None`: no
/// file. The bool says whether the file must be rewritten (it was not as written).
fn from_file(bytes: Option<crate::Result<Vec<u8>>>, now_ms: i64) -> (u32, i64, bool) {
    let Some(read) = bytes else { return (0, 0, false) };
    let disk = read.ok().and_then(|b| serde_json::from_slice::<Disk>(&b).ok());
    match disk {
        Some(d) if d.format == FORMAT && d.version == VERSION => {
            if d.failures > 0 && d.last_failure > now_ms {
                (d.failures, now_ms, true)
            } else {
                (d.failures, d.last_failure, false)
            }
        }
        _ => (GARBLED_FAILURES, now_ms, true),
    }
}

impl UnlockThrottle {
    /// The throttle kept in `dir`'s [`FILE_NAME`], as it stands now.
    pub fn load(dir: &Path, now: Instant) -> UnlockThrottle {
        let path = dir.join(FILE_NAME);
        let bytes = path.exists().then(|| read_bounded(&path, MAX_FILE_LEN));
        let now_ms = crate::time::now();
        let (failures, last_failure, rewrite) = from_file(bytes, now_ms);
        let elapsed = Duration::from_millis(now_ms.saturating_sub(last_failure).max(0) as u64);
        let left = wait_after(failures).saturating_sub(elapsed);
        let throttle = UnlockThrottle {
            failures,
            last_failure,
            not_before: (!left.is_zero()).then(|| now + left),
            file: Some(path),
        };
        if rewrite {
            throttle.save();
        }
        throttle
    }

    /// `Err(wait)` if a try now must be refused, with how long is left.
    pub fn check(&self, now: Instant) -> Result<(), Duration> {
        match self.not_before {
            Some(t) if t > now => Err(t - now),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&mut self, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        self.last_failure = crate::time::now();
        let wait = wait_after(self.failures);
        self.not_before = (!wait.is_zero()).then(|| now + wait);
        self.save();
    }

    pub fn record_success(&mut self) {
        let file = self.file.take();
        *self = UnlockThrottle { file, ..Self::default() };
        self.save();
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Writes the count to its file. A failure to write is not an error for the
    /// person: memory still holds the count for this run, and a folder that can't
    /// be written can't hold an open vault either.
    fn save(&self) {
        let Some(path) = &self.file else { return };
        let disk = Disk {
            format: FORMAT.into(),
            version: VERSION,
            failures: self.failures,
            last_failure: self.last_failure,
        };
        let _ = write_atomic(path, &serde_json::to_vec(&disk).expect("serialises"));
    }
}

/// The wait imposed after `failures` wrong tries in a row.
pub fn wait_after(failures: u32) -> Duration {
    if failures < FREE_TRIES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_TRIES).min(16);
    Duration::from_secs(2u64 << doublings).min(MAX_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_cap() {
        let table = [
            (0, 0),
            (1, 0),
            (2, 0),
            (3, 2),
            (4, 4),
            (5, 8),
            (6, 16),
            (7, 32),
            (8, 60),
            (50, 60),
            (u32::MAX, 60),
        ];
        for (failures, secs) in table {
            assert_eq!(wait_after(failures), Duration::from_secs(secs), "after {failures}");
        }
    }

    #[test]
    fn garbled_files_count_as_the_longest_wait() {
        assert_eq!(wait_after(GARBLED_FAILURES), MAX_WAIT);
    }

    #[test]
    fn refuses_until_the_wait_is_over_and_success_resets() {
        let t0 = Instant::now();
        let mut th = UnlockThrottle::default();
        for _ in 0..2 {
            th.record_failure(t0);
            assert_eq!(th.check(t0), Ok(()));
        }
        th.record_failure(t0);
        assert_eq!(th.check(t0), Err(Duration::from_secs(2)));
        assert_eq!(th.check(t0 + Duration::from_millis(1500)), Err(Duration::from_millis(500)));
        assert_eq!(th.check(t0 + Duration::from_secs(2)), Ok(()));
        th.record_success();
        assert_eq!(th.failures(), 0);
        assert_eq!(th.check(t0), Ok(()));
    }

    const T0: i64 = 1_764_800_000_000;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
    }

    fn stored(dir: &Path) -> Disk {
        serde_json::from_slice(&std::fs::read(dir.join(FILE_NAME)).unwrap()).unwrap()
    }

    #[test]
    fn the_count_and_its_wait_survive_a_restart() {
        crate::time::test_clock::set(T0);
        let dir = tempfile::tempdir().unwrap();
        let now = Instant::now();
        let mut th = UnlockThrottle::load(dir.path(), now);
        assert_eq!((th.failures(), th.check(now)), (0, Ok(())), "no file: no failures");
        for _ in 0..4 {
            th.record_failure(now);
        }
        assert_eq!(stored(dir.path()).failures, 4);

        // A restart 1.5 s later: 4 s of the wait were due, 2.5 s are left.
        crate::time::test_clock::set(T0 + 1500);
        let later = Instant::now();
        let th = UnlockThrottle::load(dir.path(), later);
        assert_eq!(th.failures(), 4);
        assert_eq!(th.check(later), Err(Duration::from_millis(2500)));
        // After the wait, a try is allowed, and the count goes on from 4.
        crate::time::test_clock::set(T0 + 4000);
        let mut th = UnlockThrottle::load(dir.path(), Instant::now());
        assert_eq!(th.check(Instant::now()), Ok(()));
        th.record_failure(later);
        assert_eq!(th.check(later), Err(Duration::from_secs(8)));

        // A right passphrase resets the file too.
        th.record_success();
        assert_eq!(stored(dir.path()).failures, 0);
        let th = UnlockThrottle::load(dir.path(), later);
        assert_eq!((th.failures(), th.check(later)), (0, Ok(())));
        crate::time::test_clock::reset();
    }

    #[test]
    fn tampering_with_the_file_only_makes_it_stricter() {
        crate::time::test_clock::set(T0);
        let now = Instant::now();
        let good = |failures: u32, last: i64| {
            format!(
                r#"{{"format":"hearth-throttle","version":1,"failures":{failures},"last_failure":{last}}}"#
            )
        };
        let garbled = [
            "".to_string(),
            "not json".into(),
            "{}".into(),
            good(2, T0).replace("hearth-throttle", "other"),
            good(2, T0).replace(r#""version":1"#, r#""version":2"#),
            good(2, T0).replace("}", r#","extra":1}"#),
            good(2, T0).replace(r#""failures":2"#, r#""failures":-1"#),
            "x".repeat(4096),
        ];
        for text in &garbled {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), text);
            let th = UnlockThrottle::load(dir.path(), now);
            assert_eq!(th.failures(), GARBLED_FAILURES, "{text:.40}");
            assert_eq!(th.check(now), Err(MAX_WAIT), "{text:.40}");
            // Rewritten as a well-formed file that says the same.
            assert_eq!(stored(dir.path()).failures, GARBLED_FAILURES);
        }

        // A failure stamped in the future counts from now, for its own wait only.
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &good(4, T0 + 1_000_000_000_000));
        let th = UnlockThrottle::load(dir.path(), now);
        assert_eq!(th.check(now), Err(Duration::from_secs(4)));
        assert_eq!(stored(dir.path()).last_failure, T0);
        assert_eq!(th.check(now + Duration::from_secs(4)), Ok(()));

        // An old failure's wait is over; lowering the count below the free tries
        // is what a success would do anyway, and deleting the file is "no file".
        write(dir.path(), &good(9, T0 - 120_000));
        assert_eq!(UnlockThrottle::load(dir.path(), now).check(now), Ok(()));
        crate::time::test_clock::reset();
    }
}

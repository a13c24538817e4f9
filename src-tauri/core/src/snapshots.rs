//! Snapshots: the encrypted copies of the vault Hearth keeps in `snapshots/`, and
//! how long it keeps them.
//!
//! Two things write there: a migration (`before-v<N>-from-v<M>-<time>.vault`, from
//! `schema::migrate`) and a restore (`before-restore-<time>/`, the vault and its key
//! file as they were, from `backup.rs`). `<time>` is [`stamp`]'s format (UTC).
//! Each copy opens with the passphrase the vault had when it was taken, so a copy
//! kept for ever would outlive a passphrase change and everything deleted since.
//!
//! **Rule:** a snapshot is kept for at most [`MAX_AGE_DAYS`] days, and only the
//! [`KEEP`] newest are kept. [`prune`] applies it; the shell runs it every time a
//! vault is opened (after the migration or restore that may have made a new one).
//! An entry whose time can't be read from its name is not one Hearth made the
//! usual way and counts as the oldest. Settings can also delete every snapshot
//! at once ([`delete_all`]).
//!
//! Removing a file is all a program can do: on SSDs and copy-on-write file systems
//! the old blocks may linger until reused, but they hold only SQLCipher pages,
//! unreadable without that passphrase.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::{Error, Result};

/// How many snapshots are kept at most.
pub const KEEP: usize = 3;
/// How long a snapshot is kept at most.
pub const MAX_AGE_DAYS: i64 = 30;
const STAMP: &str = "%Y%m%dT%H%M%S%3fZ";
/// The format names had before milliseconds were added; still read.
const OLD_STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The time part of a snapshot's name for the moment `ms`.
pub fn stamp(ms: i64) -> String {
    crate::time::to_datetime(ms).format(STAMP).to_string()
}

/// When the snapshot called `name` was taken (ms), read from its name.
fn taken(name: &str) -> Option<i64> {
    let name = name.strip_suffix(".vault").unwrap_or(name);
    let time = name.rsplit('-').next()?;
    NaiveDateTime::parse_from_str(time, STAMP)
        .or_else(|_| NaiveDateTime::parse_from_str(time, OLD_STAMP))
        .ok()
        .map(|t| t.and_utc().timestamp_millis())
}

/// Every snapshot in `dir` with when it was taken, newest first.
fn list(dir: &Path) -> Result<Vec<(PathBuf, Option<i64>)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir)(e)),
    };
    let mut all = Vec::new();
    for entry in entries {
        let path = entry.map_err(Error::io(dir))?.path();
        // A migration snapshot's key file (`<name>.key`, the key of its day) is
        // part of that snapshot: kept and removed with it, never counted alone.
        if path.extension().is_some_and(|e| e == "key") && path.with_extension("vault").exists() {
            continue;
        }
        let time = path.file_name().and_then(|n| n.to_str()).and_then(taken);
        all.push((path, time));
    }
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    Ok(all)
}

/// How many snapshots `dir` holds.
pub fn count(dir: &Path) -> Result<usize> {
    Ok(list(dir)?.len())
}

fn remove(path: &Path) -> Result<()> {
    let result = if path.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
    result.map_err(Error::io(path))?;
    let key = path.with_extension("key");
    if path.extension().is_some_and(|e| e == "vault") && key.exists() {
        fs::remove_file(&key).map_err(Error::io(&key))?;
    }
    Ok(())
}

/// Applies the rule (module documentation) at time `now` (ms): removes every
/// snapshot older than [`MAX_AGE_DAYS`] and all but the [`KEEP`] newest. Returns
/// how many were removed.
pub fn prune(dir: &Path, now: i64) -> Result<usize> {
    let oldest_kept = now - MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
    let mut removed = 0;
    for (i, (path, time)) in list(dir)?.into_iter().enumerate() {
        if i >= KEEP || time.is_none_or(|t| t < oldest_kept) {
            remove(&path)?;
            removed += 1;
        }
    }
    if removed > 0 {
        crate::files::sync_dir(dir).map_err(Error::io(dir))?;
    }
    Ok(removed)
}

/// Removes every snapshot in `dir`. Returns how many there were.
pub fn delete_all(dir: &Path) -> Result<usize> {
    let all = list(dir)?;
    for (path, _) in &all {
        remove(path)?;
    }
    if !all.is_empty() {
        crate::files::sync_dir(dir).map_err(Error::io(dir))?;
    }
    Ok(all.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile::KdfParams;
    use crate::time::test_clock;
    use crate::{Vault, schema};

    const DAY: i64 = 24 * 60 * 60 * 1000;
    const T0: i64 = 1_764_800_000_000;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        n.sort();
        n
    }

    #[test]
    fn names_carry_their_time_old_and_new() {
        assert_eq!(taken(&format!("before-v6-from-v5-{}.vault", stamp(T0))), Some(T0));
        assert_eq!(taken(&format!("before-restore-{}", stamp(T0 + 7))), Some(T0 + 7));
        assert_eq!(taken("before-restore-20250301T201500Z"), Some(1_740_860_100_000));
        assert_eq!(taken("holiday photos"), None);
    }

    #[test]
    fn pruning_keeps_the_three_newest_younger_than_thirty_days() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = dir.path().join("snapshots");
        let v =
            Vault::create(&dir.path().join("vault"), "pass phrase here", KdfParams::FAST_FOR_TESTS).unwrap();
        // Real snapshots, each taken at its own (test) time: 40, 31, 29, 20, 10
        // and 1 days before "now", a restore-style folder among them.
        let now = T0 + 100 * DAY;
        for days in [40, 31, 29, 20, 10] {
            test_clock::set(now - days * DAY);
            schema::snapshot(
                v.conn(),
                &snaps.join(format!("before-v6-from-v5-{}.vault", stamp(crate::time::now()))),
            )
            .unwrap();
        }
        // Each migration snapshot has the key file of its day beside it.
        for (path, _) in list(&snaps).unwrap() {
            fs::write(path.with_extension("key"), b"k").unwrap();
        }
        let restore = snaps.join(format!("before-restore-{}", stamp(now - DAY)));
        fs::create_dir_all(&restore).unwrap();
        fs::write(restore.join("hearth.vault"), b"x").unwrap();
        fs::write(snaps.join("not ours"), b"?").unwrap();
        assert_eq!(count(&snaps).unwrap(), 7);

        test_clock::set(now);
        assert_eq!(prune(&snaps, crate::time::now()).unwrap(), 4);
        let expected = [
            format!("before-restore-{}", stamp(now - DAY)),
            format!("before-v6-from-v5-{}.key", stamp(now - 20 * DAY)),
            format!("before-v6-from-v5-{}.vault", stamp(now - 20 * DAY)),
            format!("before-v6-from-v5-{}.key", stamp(now - 10 * DAY)),
            format!("before-v6-from-v5-{}.vault", stamp(now - 10 * DAY)),
        ];
        assert_eq!(names(&snaps), expected, "kept snapshots keep their key files; removed ones take theirs");

        // Time passes: each ages out in turn, and nothing newer is invented.
        assert_eq!(prune(&snaps, now + 11 * DAY).unwrap(), 1);
        assert_eq!(prune(&snaps, now + 25 * DAY).unwrap(), 1);
        assert_eq!(names(&snaps), [expected[0].clone()]);
        test_clock::reset();
    }

    #[test]
    fn delete_all_removes_every_snapshot_and_a_missing_folder_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let snaps = dir.path().join("snapshots");
        assert_eq!(
            (count(&snaps).unwrap(), delete_all(&snaps).unwrap(), prune(&snaps, T0).unwrap()),
            (0, 0, 0)
        );
        fs::create_dir_all(snaps.join(format!("before-restore-{}", stamp(T0)))).unwrap();
        fs::write(snaps.join(format!("before-restore-{}", stamp(T0))).join("hearth.key"), b"k").unwrap();
        fs::write(snaps.join(format!("before-v2-from-v1-{}.vault", stamp(T0))), b"v").unwrap();
        assert_eq!(delete_all(&snaps).unwrap(), 2);
        assert_eq!(count(&snaps).unwrap(), 0);
    }
}

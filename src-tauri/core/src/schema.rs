//! The vault's schema: append-only SQL migrations, applied atomically.
//!
//! The schema version is SQLite's `user_version`, which counts the migrations
//! applied. A vault whose version is above [`latest_version`] was written by a newer
//! Hearth and is refused untouched. Before an existing vault is migrated, an
//! encrypted snapshot of it is kept (see [`snapshot`]).
//!
//! Connection PRAGMAs belong to `Vault`'s open, not to migrations.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::{Error, Result};

const MIGRATION_SQL: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_settings.sql")),
    M::up(include_str!("../migrations/0002_journal.sql")),
    M::up(include_str!("../migrations/0003_selfcheck.sql")),
    M::up(include_str!("../migrations/0004_bucket.sql")),
    M::up(include_str!("../migrations/0005_one_time_format.sql")),
    M::up(include_str!("../migrations/0006_shared.sql")),
    // 0006 is the shared space (issue 11); 0007 is Together (issue 13).
    M::up(include_str!("../migrations/0007_together.sql")),
    // 0008 is photos (issue 14); 0009 carries Together through the shared space.
    M::up(include_str!("../migrations/0008_photos.sql")),
    M::up(include_str!("../migrations/0009_together_shared.sql")),
];

/// An in-memory database at the latest schema, for unit tests.
#[cfg(test)]
pub(crate) fn test_conn() -> Connection {
    crate::sqlite_memory::wipe_on_free();
    let mut c = Connection::open_in_memory().unwrap();
    migrations().to_latest(&mut c).unwrap();
    c
}

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATION_SQL)
}

/// The schema version this build writes and the newest it reads.
pub fn latest_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` to the newest schema in `migrations`, in one transaction.
///
/// A vault that already has a schema gets an encrypted snapshot first, in
/// `snapshot_dir`, and its path is returned. A newer vault is refused before
/// anything is written.
pub fn migrate(
    conn: &mut Connection,
    migrations: &Migrations<'_>,
    latest: i64,
    snapshot_dir: &Path,
) -> Result<Option<PathBuf>> {
    let found = user_version(conn)?;
    if found > latest {
        return Err(Error::VaultTooNew { found, supported: latest });
    }
    if found == latest {
        return Ok(None);
    }
    let snap = if found > 0 {
        // Named so `snapshots::prune` can tell its age.
        let name =
            format!("before-v{latest}-from-v{found}-{}.vault", crate::snapshots::stamp(crate::time::now()));
        Some(snapshot(conn, &snapshot_dir.join(name))?)
    } else {
        None
    };
    migrations.to_latest(conn).map_err(Error::Migration)?;
    Ok(snap)
}

/// Writes a consistent copy of the open vault to `dest` with `VACUUM INTO`.
/// SQLCipher encrypts the copy with the same key, so the snapshot opens with the
/// same passphrase and key file and shows nothing in plain text.
pub fn snapshot(conn: &Connection, dest: &Path) -> Result<PathBuf> {
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    let dest_str =
        dest.to_str().ok_or_else(|| Error::invalid_input("The snapshot folder's name can't be used."))?;
    conn.execute("VACUUM INTO ?1", [dest_str])?;
    Ok(dest.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty in-memory database, made as every connection of Hearth's is.
    fn blank() -> Connection {
        crate::sqlite_memory::wipe_on_free();
        Connection::open_in_memory().unwrap()
    }

    #[test]
    fn migrations_are_valid() {
        // Validating opens a database of its own; SQLite's first use sets its allocator.
        crate::sqlite_memory::wipe_on_free();
        migrations().validate().unwrap();
    }

    #[test]
    fn a_fresh_database_reaches_the_latest_version() {
        let mut conn = blank();
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(migrate(&mut conn, &migrations(), latest_version(), dir.path()).unwrap(), None);
        assert_eq!(user_version(&conn).unwrap(), latest_version());
        // Nothing to snapshot for a brand-new vault.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let mut conn = blank();
        conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let err = migrate(&mut conn, &migrations(), latest_version(), dir.path()).unwrap_err();
        assert_eq!(err.kind(), "vault_too_new");
        assert_eq!(user_version(&conn).unwrap(), latest_version() + 1);
    }
}

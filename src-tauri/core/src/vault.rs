//! The vault: one person's encrypted database and the files beside it.
//!
//! ```text
//! <data dir>/
//!   hearth.vault       SQLCipher database (+ -wal, -shm while open)
//!   hearth.key         the wrapped database key (see keyfile)
//!   hearth.lock        held with an exclusive lock while the vault is open
//!   hearth.throttle    the unlock throttle's count (see throttle)
//!   snapshots/         encrypted copies taken before a migration or a restore
//!                      (pruned, see snapshots)
//! ```
//!
//! Opening a vault: take the folder's lock, unwrap the database key with the
//! passphrase, open SQLCipher in raw-key mode, check the schema version (a newer
//! one is refused untouched), set the connection PRAGMAs (`secure_delete` among
//! them), snapshot, migrate.
//! The database key is dropped (and wiped) as soon as SQLCipher has it; closing the
//! vault closes the connection, which wipes SQLCipher's copy, and releases the lock.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::Migrations;

use crate::backup::BackupKey;
use crate::keyfile::{DbKey, KdfParams, KeyFile};
use crate::{Error, Result, schema};

/// Where a vault's files live inside its data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPaths {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub key: PathBuf,
    pub lock: PathBuf,
    pub snapshots: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> VaultPaths {
        let dir = dir.into();
        VaultPaths {
            db: dir.join("hearth.vault"),
            key: dir.join("hearth.key"),
            lock: dir.join("hearth.lock"),
            snapshots: dir.join("snapshots"),
            dir,
        }
    }

    /// The database's write-ahead log, present while the vault is open.
    pub fn wal(&self) -> PathBuf {
        let mut p = self.db.clone().into_os_string();
        p.push("-wal");
        p.into()
    }
}

/// An open, unlocked vault.
pub struct Vault {
    conn: Connection,
    paths: VaultPaths,
    snapshot: Option<PathBuf>,
    /// Derived from the database key at open (`backup.rs` seals backups with it);
    /// whatever changes the database key must replace it.
    backup_key: BackupKey,
    /// Held for as long as the vault is open; dropping it releases the lock.
    _lock: File,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("dir", &self.paths.dir).finish_non_exhaustive()
    }
}

impl Vault {
    /// Whether `dir` holds a vault (its database file).
    pub fn exists(dir: &Path) -> bool {
        VaultPaths::new(dir).db.exists()
    }

    /// Creates a new vault in `dir` (made if missing) protected by `passphrase`.
    /// Checking the passphrase's strength is the caller's job
    /// ([`crate::passphrase::check_new`]).
    pub fn create(dir: &Path, passphrase: &str, kdf: KdfParams) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        create_private_dir(&paths.dir)?;
        let lock = take_lock(&paths)?;
        if paths.db.exists() {
            return Err(Error::VaultExists);
        }
        if paths.key.exists() {
            // A key file without a database can only be a leftover: keep it aside
            // rather than delete anything.
            let aside = paths.dir.join(format!("hearth.key.orphan-{}", crate::time::now() / 1000));
            fs::rename(&paths.key, &aside).map_err(Error::io(&paths.key))?;
        }
        let key = DbKey::generate()?;
        let key_file = KeyFile::seal(&key, passphrase, kdf)?;
        let backup_key = BackupKey::derive(&key);
        let made = (|| {
            let mut conn = open_connection(&paths.db, &key, true)?;
            configure(&conn)?;
            schema::migrate(&mut conn, &schema::migrations(), schema::latest_version(), &paths.snapshots)?;
            key_file.write_atomic(&paths.key)?;
            Ok(conn)
        })();
        match made {
            Ok(conn) => Ok(Vault { conn, paths, snapshot: None, backup_key, _lock: lock }),
            Err(e) => {
                // Leave the folder as it was: no half-made vault to trip over next time.
                for p in [paths.db.clone(), paths.wal(), shm(&paths.db), paths.key.clone()] {
                    let _ = fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    /// Opens the vault in `dir` with `passphrase`, migrating it if it is older.
    pub fn unlock(dir: &Path, passphrase: &str) -> Result<Vault> {
        Self::unlock_with(dir, passphrase, &schema::migrations(), schema::latest_version())
    }

    /// [`Vault::unlock`] with a given migration list, for tests of migration itself.
    #[doc(hidden)]
    pub fn unlock_with(
        dir: &Path,
        passphrase: &str,
        migrations: &Migrations<'_>,
        latest: i64,
    ) -> Result<Vault> {
        let paths = VaultPaths::new(dir);
        if !paths.db.exists() {
            return Err(Error::NoVault);
        }
        let lock = take_lock(&paths)?;
        let key = KeyFile::read(&paths.key)?.unseal(passphrase)?;
        let mut conn = open_connection(&paths.db, &key, false)?;
        let backup_key = BackupKey::derive(&key);
        drop(key);
        // Refuse a newer vault before any PRAGMA or migration can write to it.
        let found = schema::user_version(&conn)?;
        if found > latest {
            return Err(Error::VaultTooNew { found, supported: latest });
        }
        configure(&conn)?;
        let snapshot = schema::migrate(&mut conn, migrations, latest, &paths.snapshots)?;
        Ok(Vault { conn, paths, snapshot, backup_key, _lock: lock })
    }

    /// Re-wraps the database key under a new passphrase. The database is not
    /// touched; only the small key file is replaced, atomically. The current
    /// passphrase must be right. Checking the new one's strength is the caller's job.
    pub fn change_passphrase(&self, current: &str, new: &str) -> Result<()> {
        let key = KeyFile::read(&self.paths.key)?.unseal(current)?;
        KeyFile::seal(&key, new, KdfParams::default())?.write_atomic(&self.paths.key)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// The key this vault's backups are sealed with.
    pub(crate) fn backup_key(&self) -> &BackupKey {
        &self.backup_key
    }

    /// The snapshot taken before this open migrated the vault, if it did.
    pub fn snapshot(&self) -> Option<&Path> {
        self.snapshot.as_deref()
    }

    /// Closes the connection (SQLCipher wipes its key) and releases the lock.
    pub fn close(self) -> Result<()> {
        let Vault { conn, _lock, .. } = self;
        conn.close().map_err(|(_, e)| Error::from(e))
    }
}

pub(crate) fn shm(db: &Path) -> PathBuf {
    let mut p = db.to_path_buf().into_os_string();
    p.push("-shm");
    p.into()
}

/// Makes `dir` if needed and keeps it private to this user (0700 on Unix). The
/// folder may already exist (the web view's own files live beside the vault), so
/// its permissions are tightened too; a file system without Unix permissions (a
/// FAT USB stick) is left as it is.
fn create_private_dir(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(Error::io(dir))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// One process, one open vault: an exclusive advisory lock on `hearth.lock`.
pub(crate) fn take_lock(paths: &VaultPaths) -> Result<File> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&paths.lock)
        .map_err(Error::io(&paths.lock))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::VaultInUse),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(&paths.lock)(e)),
    }
}

/// Runs a statement and ignores any rows (some PRAGMAs answer with one).
fn run(conn: &Connection, sql: &str) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// Opens SQLCipher in raw-key mode and proves the key works with a first read.
pub(crate) fn open_connection(path: &Path, key: &DbKey, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher otherwise writes "hmac check failed" lines to stderr on a bad page.
    run(&conn, "PRAGMA cipher_log_level = NONE")?;
    let literal = key.sqlcipher_literal();
    let mut sql = zeroize::Zeroizing::new(String::with_capacity(80));
    sql.push_str("PRAGMA key = \"");
    sql.push_str(&literal);
    sql.push('"');
    run(&conn, &sql)?;
    // SQLCipher checks the key on the first read, not on PRAGMA key.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(conn)
}

/// Connection settings, set once per open.
fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    debug_assert_eq!(mode, "wal");
    run(conn, "PRAGMA synchronous = FULL")?;
    run(conn, "PRAGMA foreign_keys = ON")?;
    run(conn, "PRAGMA temp_store = MEMORY")?;
    // Deleted rows are overwritten with zeros, not left in free pages or in the
    // free space of a page (a purged journal entry is really gone). SQLCipher
    // already turns this on when a key is set (sqlcipher_codec attach); saying it
    // here keeps it on whatever SQLite build or SQLCipher version links, and
    // `deleted_tests.rs` proves it on the file.
    run(conn, "PRAGMA secure_delete = ON")?;
    Ok(())
}

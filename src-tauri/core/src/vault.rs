//! The vault: one person's encrypted database and the files beside it.
//!
//! ```text
//! <data dir>/
//!   hearth.vault       SQLCipher database (+ -wal, -shm while open)
//!   hearth.key         the wrapped database key (see keyfile)
//!   hearth.key.pending only while the key is being changed: the new key, wrapped
//!   hearth.lock        held with an exclusive lock while the vault is open
//!   hearth.throttle    the unlock throttle's count (see throttle)
//!   snapshots/         encrypted copies taken before a migration or a restore
//!                      (pruned, see snapshots), each migration snapshot with the
//!                      key file of its day beside it (`<name>.key`)
//! ```
//!
//! Opening a vault: take the folder's lock, unwrap the database key with the
//! passphrase, open SQLCipher in raw-key mode, check the schema version (a newer
//! one is refused untouched), set the connection PRAGMAs (`secure_delete` among them),
//! snapshot, migrate, and
//! re-seal a key file whose settings are below today's defaults. The key reaches
//! SQLCipher through `sqlite3_key_v2` from a zeroizing buffer (no SQL text holds
//! it), and SQLite's freed memory is wiped (`sqlite_memory`). Hearth's
//! copy of the database key is dropped (and wiped) as soon as opening is done;
//! closing the vault closes the connection, which wipes SQLCipher's copy, and
//! releases the lock.
//!
//! **Changing the key** (a new passphrase, or after a restore) gives the database a
//! fresh random key. The steps, in this order, so that a crash (SIGKILL, power cut)
//! at any point leaves a vault that opens with the old passphrase or the new one:
//!
//! 1. The new key, sealed under the new passphrase, is written to
//!    `hearth.key.pending` (atomically). The database is still under the old key.
//! 2. SQLCipher's rekey rewrites every page under the new key in one transaction
//!    (in the write-ahead log); before it commits, the old key opens the database,
//!    after it the new one. A second connection then proves the new key opens it
//!    (SQLCipher's rekey reports success even when its transaction failed), and a
//!    `TRUNCATE` checkpoint moves every page into the main file and empties the log.
//! 3. `hearth.key.pending` is renamed over `hearth.key` (atomically).
//!
//! Opening tries `hearth.key` first. If it opens the database, a pending file is a
//! change that never reached the database and is deleted. If it doesn't and a
//! pending file exists, the pending one is tried, and when it opens the database
//! it takes `hearth.key`'s place (finishing step 3). **Invariant:** at every moment
//! one of the two files holds the key the database is under.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::Migrations;

use crate::backup::BackupKey;
use crate::files::sync_dir;
use crate::keyfile::{DbKey, KdfParams, KeyFile, NewKey};
use crate::{Error, Result, schema};

/// Where a vault's files live inside its data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPaths {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub key: PathBuf,
    /// The new key while it is being changed (see the module's notes).
    pub pending_key: PathBuf,
    pub lock: PathBuf,
    pub snapshots: PathBuf,
}

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> VaultPaths {
        let dir = dir.into();
        VaultPaths {
            db: dir.join("hearth.vault"),
            key: dir.join("hearth.key"),
            pending_key: dir.join("hearth.key.pending"),
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
        let (conn, key, file) = open_either(&paths, passphrase)?;
        let vault = Vault::open(conn, paths, lock, migrations, latest, BackupKey::derive(&key))?;
        // Weak settings (an older Hearth, a restored backup) are raised now that the
        // passphrase is known to be right: same key, new seal, one atomic write.
        if let Some(better) = file.upgraded(&key, passphrase)? {
            better.write_atomic(&vault.paths.key)?;
        }
        Ok(vault)
    }

    /// Opens the database in `paths` with a key already unwrapped (a restore has
    /// it from the backup), under the folder's `lock`.
    pub(crate) fn open_with_key(paths: VaultPaths, lock: File, key: &DbKey) -> Result<Vault> {
        let conn = open_connection(&paths.db, key, false)?;
        Vault::open(
            conn,
            paths,
            lock,
            &schema::migrations(),
            schema::latest_version(),
            BackupKey::derive(key),
        )
    }

    /// The rest of opening, once SQLCipher has the key.
    fn open(
        mut conn: Connection,
        paths: VaultPaths,
        lock: File,
        migrations: &Migrations<'_>,
        latest: i64,
        backup_key: BackupKey,
    ) -> Result<Vault> {
        // Refuse a newer vault before any PRAGMA or migration can write to it.
        let found = schema::user_version(&conn)?;
        if found > latest {
            return Err(Error::VaultTooNew { found, supported: latest });
        }
        configure(&conn)?;
        let snapshot = schema::migrate(&mut conn, migrations, latest, &paths.snapshots)?;
        if let Some(snap) = &snapshot {
            // The snapshot is under today's key, which a later change of passphrase
            // replaces: its key file goes beside it (`<name>.key`), so it keeps
            // opening with the passphrase of the day it was taken.
            KeyFile::read(&paths.key)?.write_atomic(&snap.with_extension("key"))?;
        }
        Ok(Vault { conn, paths, snapshot, backup_key, _lock: lock })
    }

    /// Changes the passphrase and, with it, the database key: a fresh random key
    /// sealed under `new` with `kdf`, and every page re-encrypted (see the module's
    /// notes for the crash-safe order). The current passphrase must be right.
    /// Checking the new one's strength is the caller's job. Older backups and
    /// snapshots keep their own key and passphrase.
    pub fn change_passphrase(&mut self, current: &str, new: &str, kdf: KdfParams) -> Result<()> {
        KeyFile::read(&self.paths.key)?.unseal(current)?;
        self.rekey(&NewKey::seal(new, kdf)?)
    }

    /// Puts the database under `next`'s key, sealed before (the slow part), in the
    /// three steps of the module's notes.
    pub(crate) fn rekey(&mut self, next: &NewKey) -> Result<()> {
        next.file().write_atomic(&self.paths.pending_key)?;
        checkpoint(&self.conn)?;
        sqlcipher_key(&self.conn, next.key(), Keying::Rekey)?;
        // Proof from a connection of its own that the new key opens the database.
        open_connection(&self.paths.db, next.key(), false)?.close().map_err(|(_, e)| Error::from(e))?;
        checkpoint(&self.conn)?;
        // Backups made from now on are sealed with the new key's MAC key.
        self.backup_key = BackupKey::derive(next.key());
        fs::rename(&self.paths.pending_key, &self.paths.key).map_err(Error::io(&self.paths.key))?;
        sync_dir(&self.paths.dir).map_err(Error::io(&self.paths.dir))
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

/// Opens the database with `hearth.key`, or with `hearth.key.pending` when a change
/// of key was cut short (see the module's notes), and settles which of the two
/// stays. Returns the connection, the key and the key file that opened it.
fn open_either(paths: &VaultPaths, passphrase: &str) -> Result<(Connection, DbKey, KeyFile)> {
    let try_file = |file: Result<KeyFile>| -> Result<(Connection, DbKey, KeyFile)> {
        let file = file?;
        let key = file.unseal(passphrase)?;
        let conn = open_connection(&paths.db, &key, false)?;
        Ok((conn, key, file))
    };
    let first = match try_file(KeyFile::read(&paths.key)) {
        Ok(opened) => {
            // A change of key that never reached the database: its key is of no use.
            match fs::remove_file(&paths.pending_key) {
                Ok(()) => sync_dir(&paths.dir).map_err(Error::io(&paths.dir))?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&paths.pending_key)(e)),
            }
            return Ok(opened);
        }
        Err(e) => e,
    };
    let worth_trying = matches!(
        first,
        Error::WrongPassphrase | Error::NotAVault | Error::KeyFileMissing | Error::KeyFileInvalid(_)
    );
    if !worth_trying || !paths.pending_key.exists() {
        return Err(first);
    }
    match try_file(KeyFile::read(&paths.pending_key)) {
        Ok(opened) => {
            // The database is under the new key: finish the change.
            fs::rename(&paths.pending_key, &paths.key).map_err(Error::io(&paths.key))?;
            sync_dir(&paths.dir).map_err(Error::io(&paths.dir))?;
            Ok(opened)
        }
        // One file knew the passphrase but not the database's key, the other didn't
        // know the passphrase: this passphrase is the wrong one (an old one, or a
        // new one whose change never finished).
        Err(second) => Err(match (first, second) {
            (Error::WrongPassphrase | Error::NotAVault, Error::WrongPassphrase)
            | (Error::WrongPassphrase, Error::NotAVault) => Error::WrongPassphrase,
            (Error::KeyFileMissing | Error::KeyFileInvalid(_), second) => second,
            (first, _) => first,
        }),
    }
}

/// Moves every page from the write-ahead log into the database file and empties the log.
fn checkpoint(conn: &Connection) -> Result<()> {
    run(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
}

#[derive(Clone, Copy)]
enum Keying {
    Key,
    Rekey,
}

/// Hands `key` to SQLCipher through its C interface, from a zeroizing buffer: no
/// SQL statement (which SQLite copies and keeps while prepared) ever holds it.
fn sqlcipher_key(conn: &Connection, key: &DbKey, how: Keying) -> Result<()> {
    use rusqlite::ffi;
    let literal = key.sqlcipher_literal();
    let len = std::ffi::c_int::try_from(literal.len()).expect("67 bytes");
    // SAFETY: the handle is this open connection's, used on this thread while it is
    // borrowed; the key buffer outlives the call and SQLCipher copies what it keeps.
    let rc = unsafe {
        let db = conn.handle();
        let buf = literal.as_ptr().cast();
        match how {
            Keying::Key => ffi::sqlite3_key_v2(db, c"main".as_ptr(), buf, len),
            Keying::Rekey => ffi::sqlite3_rekey_v2(db, c"main".as_ptr(), buf, len),
        }
    };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(Error::from(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), None)))
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
    // Freed memory is wiped by Hearth's allocator, set before SQLite's first use;
    // failing that, by SQLCipher's memory security (process-wide; it can only be
    // turned on). Either way no page, row or key outlives its use in freed memory.
    let wiped = crate::sqlite_memory::wipe_on_free();
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher otherwise writes "hmac check failed" lines to stderr on a bad page.
    run(&conn, "PRAGMA cipher_log_level = NONE")?;
    if !wiped {
        run(&conn, "PRAGMA cipher_memory_security = ON")?;
    }
    sqlcipher_key(&conn, key, Keying::Key)?;
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

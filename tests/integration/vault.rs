//! The vault against real SQLCipher files in temp folders.

use std::path::Path;

use hearth_core::keyfile::KdfParams;
use hearth_core::schema;
use hearth_core::{Error, Vault, VaultPaths};
use hearth_tests::{PASSPHRASE, contains, snapshot_files};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

fn new_vault(dir: &Path) -> Vault {
    Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap()
}

fn canaries() -> Vec<String> {
    (0..50).map(|i| format!("hearth-canary-{i:02}-we-kissed-under-the-old-oak")).collect()
}

/// The current migrations plus one more, as a later Hearth would have them.
fn migrations_plus_one() -> (Migrations<'static>, i64) {
    let mut all: Vec<M<'static>> = (1..=schema::latest_version())
        .map(|_| M::up("SELECT 1")) // already applied: only the count matters
        .collect();
    all.push(M::up("CREATE TABLE later_feature (id INTEGER PRIMARY KEY) STRICT;"));
    let latest = all.len() as i64;
    (Migrations::new(all), latest)
}

#[test]
fn create_then_reopen_with_the_right_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    hearth_core::settings::set_auto_lock_minutes(vault.conn(), 15).unwrap();
    vault.close().unwrap();

    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    assert_eq!(hearth_core::settings::auto_lock_minutes(vault.conn()).unwrap(), 15);
    assert_eq!(schema::user_version(vault.conn()).unwrap(), schema::latest_version());
    let mode: String = vault.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = vault.conn().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
    let fk: i64 = vault.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let temp: i64 = vault.conn().query_row("PRAGMA temp_store", [], |r| r.get(0)).unwrap();
    assert_eq!(temp, 2, "temp_store = MEMORY");
}

#[cfg(unix)]
#[test]
fn the_vault_folder_is_private_even_if_it_existed() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("hearth");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    new_vault(&dir).close().unwrap();
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
}

#[test]
fn wrong_passphrase_is_refused_and_changes_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path()).close().unwrap();
    let before = snapshot_files(dir.path());

    let err = Vault::unlock(dir.path(), "lantern orchard wednesday").unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    assert_eq!(err.kind(), "wrong_passphrase");
    assert!(err.to_string().contains("doesn't open this vault"), "{err}");
    assert_eq!(snapshot_files(dir.path()), before, "no file changed");

    // And the right one still works afterwards.
    Vault::unlock(dir.path(), PASSPHRASE).unwrap();
}

#[test]
fn a_vault_from_a_newer_hearth_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    vault.conn().pragma_update(None, "user_version", schema::latest_version() + 3).unwrap();
    vault.close().unwrap();
    let before = snapshot_files(dir.path());

    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(
        matches!(err, Error::VaultTooNew { found, supported } if found == schema::latest_version() + 3 && supported == schema::latest_version()),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Hearth"), "{err}");
    assert_eq!(snapshot_files(dir.path()), before, "the newer vault was left untouched");
}

#[test]
fn canaries_are_never_visible_in_the_database_its_wal_or_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    let vault = new_vault(dir.path());
    vault.conn().execute_batch("CREATE TABLE canary (phrase TEXT NOT NULL)").unwrap();
    for phrase in canaries() {
        vault.conn().execute("INSERT INTO canary (phrase) VALUES (?1)", [&phrase]).unwrap();
    }
    // While open, the new rows sit in the write-ahead log.
    let wal = std::fs::read(paths.wal()).unwrap();
    assert!(wal.len() > 4096, "the WAL holds the writes");
    let db = std::fs::read(&paths.db).unwrap();
    for phrase in canaries() {
        assert!(!contains(&db, phrase.as_bytes()), "{phrase} is visible in the database file");
        assert!(!contains(&wal, phrase.as_bytes()), "{phrase} is visible in the WAL");
    }
    vault.close().unwrap();

    // A later Hearth migrates the vault, keeping a snapshot first.
    let (later, latest) = migrations_plus_one();
    let vault = Vault::unlock_with(dir.path(), PASSPHRASE, &later, latest).unwrap();
    let snapshot = vault.snapshot().expect("a snapshot was taken before migrating").to_path_buf();
    assert!(snapshot.starts_with(&paths.snapshots));
    assert_eq!(schema::user_version(vault.conn()).unwrap(), latest);
    vault.close().unwrap();

    for file in [&paths.db, &snapshot] {
        let bytes = std::fs::read(file).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} has a plain SQLite header", file.display());
        for phrase in canaries() {
            assert!(!contains(&bytes, phrase.as_bytes()), "{phrase} is visible in {}", file.display());
        }
        // Opened as a plain SQLite file, it is not a database at all.
        let plain = Connection::open(file).unwrap();
        let err =
            plain.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).unwrap_err();
        assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase), "{err}");
        assert!(err.to_string().contains("not a database"), "{err}");
    }

    // The snapshot is a real copy: put it back beside the key file and it opens,
    // with the passphrase, at the old version, canaries and all.
    let restored = tempfile::tempdir().unwrap();
    let rpaths = VaultPaths::new(restored.path());
    std::fs::copy(&snapshot, &rpaths.db).unwrap();
    std::fs::copy(&paths.key, &rpaths.key).unwrap();
    let old = Vault::unlock(restored.path(), PASSPHRASE).unwrap();
    assert_eq!(schema::user_version(old.conn()).unwrap(), schema::latest_version());
    let n: i64 = old.conn().query_row("SELECT count(*) FROM canary", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 50);
}

#[test]
fn changing_the_passphrase_rewraps_only_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    let vault = new_vault(dir.path());
    vault.conn().execute_batch("CREATE TABLE note (t TEXT); INSERT INTO note VALUES ('kept')").unwrap();
    vault.close().unwrap();
    let db_before = std::fs::read(&paths.db).unwrap();
    let key_before = std::fs::read(&paths.key).unwrap();

    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let err = vault.change_passphrase("not the passphrase", "copper kettle midnight swim").unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase));
    assert_eq!(std::fs::read(&paths.key).unwrap(), key_before, "a failed change leaves the key file alone");
    vault.change_passphrase(PASSPHRASE, "copper kettle midnight swim").unwrap();
    vault.close().unwrap();

    assert_ne!(std::fs::read(&paths.key).unwrap(), key_before);
    assert_eq!(std::fs::read(&paths.db).unwrap(), db_before, "the database was not re-encrypted");
    assert!(matches!(Vault::unlock(dir.path(), PASSPHRASE).unwrap_err(), Error::WrongPassphrase));
    let vault = Vault::unlock(dir.path(), "copper kettle midnight swim").unwrap();
    let t: String = vault.conn().query_row("SELECT t FROM note", [], |r| r.get(0)).unwrap();
    assert_eq!(t, "kept");
}

#[test]
fn one_open_vault_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = new_vault(dir.path());
    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::VaultInUse), "{err:?}");
    first.close().unwrap();
    Vault::unlock(dir.path(), PASSPHRASE).unwrap();
}

#[test]
fn create_refuses_an_existing_vault() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path()).close().unwrap();
    let before = snapshot_files(dir.path());
    let err = Vault::create(dir.path(), "another passphrase here", KdfParams::FAST_FOR_TESTS).unwrap_err();
    assert!(matches!(err, Error::VaultExists), "{err:?}");
    assert_eq!(snapshot_files(dir.path()), before);
}

#[test]
fn no_vault_missing_key_corrupt_and_foreign_files_get_clear_errors() {
    // Nothing there yet.
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(Vault::unlock(empty.path(), PASSPHRASE).unwrap_err(), Error::NoVault));

    // The key file is gone.
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    new_vault(dir.path()).close().unwrap();
    std::fs::rename(&paths.key, dir.path().join("elsewhere")).unwrap();
    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::KeyFileMissing), "{err:?}");

    // The key file is garbage.
    std::fs::write(&paths.key, b"\x00\x01 definitely not json").unwrap();
    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::KeyFileInvalid(_)), "{err:?}");
    std::fs::rename(dir.path().join("elsewhere"), &paths.key).unwrap();

    // The database is damaged: its first pages overwritten.
    let mut db = std::fs::read(&paths.db).unwrap();
    let original = db.clone();
    for b in db.iter_mut().take(8192) {
        *b = 0x5a;
    }
    std::fs::write(&paths.db, &db).unwrap();
    let before = snapshot_files(dir.path());
    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::NotAVault), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
    let mut after = snapshot_files(dir.path());
    after.remove(Path::new("hearth.lock"));
    let mut before = before;
    before.remove(Path::new("hearth.lock"));
    assert_eq!(after, before, "a damaged vault is left as it was");

    // A foreign file: a plain, unencrypted SQLite database in the vault's place.
    std::fs::remove_file(&paths.db).unwrap();
    Connection::open(&paths.db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        .unwrap();
    let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::NotAVault), "{err:?}");

    // Put the original back: still fine.
    std::fs::write(&paths.db, original).unwrap();
    Vault::unlock(dir.path(), PASSPHRASE).unwrap();
}

#[test]
fn error_messages_never_carry_sql_or_user_text() {
    let dir = tempfile::tempdir().unwrap();
    let vault = new_vault(dir.path());
    let err: Error = vault
        .conn()
        .execute("INSERT INTO no_such_table VALUES (?1)", ["our secret anniversary plan"])
        .unwrap_err()
        .into();
    let shown = err.to_string();
    assert!(!shown.contains("no_such_table") && !shown.contains("secret"), "{shown}");
    assert_eq!(err.kind(), "database");
}

//! The vault against real SQLCipher files in temp folders.

use std::path::Path;

use hearth_core::keyfile::{DbKey, KdfParams, KeyFile};
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
    old.close().unwrap();

    // After a change of passphrase (and so of key) the snapshot still opens, with
    // the key file kept beside it and the passphrase of its day.
    let mut vault = Vault::unlock_with(dir.path(), PASSPHRASE, &later, latest).unwrap();
    vault.change_passphrase(PASSPHRASE, "copper kettle midnight swim", KdfParams::FAST_FOR_TESTS).unwrap();
    vault.close().unwrap();
    let again = tempfile::tempdir().unwrap();
    let apaths = VaultPaths::new(again.path());
    std::fs::copy(&snapshot, &apaths.db).unwrap();
    std::fs::copy(snapshot.with_extension("key"), &apaths.key).unwrap();
    let old = Vault::unlock(again.path(), PASSPHRASE).unwrap();
    let n: i64 = old.conn().query_row("SELECT count(*) FROM canary", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 50);
}

const NEW: &str = "copper kettle midnight swim";

fn note(vault: &Vault) -> String {
    vault.conn().query_row("SELECT t FROM note", [], |r| r.get(0)).unwrap()
}

/// A vault in `dir` holding one note, closed.
fn vault_with_note(dir: &Path) {
    let vault = new_vault(dir);
    vault.conn().execute_batch("CREATE TABLE note (t TEXT); INSERT INTO note VALUES ('kept')").unwrap();
    vault.close().unwrap();
}

#[test]
fn changing_the_passphrase_gives_the_database_a_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    vault_with_note(dir.path());
    let db_before = std::fs::read(&paths.db).unwrap();
    let key_before = std::fs::read(&paths.key).unwrap();

    let mut vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let err = vault.change_passphrase("not the passphrase", NEW, KdfParams::FAST_FOR_TESTS).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase));
    assert_eq!(std::fs::read(&paths.key).unwrap(), key_before, "a failed change leaves the key file alone");
    vault.change_passphrase(PASSPHRASE, NEW, KdfParams::FAST_FOR_TESTS).unwrap();
    assert!(!paths.pending_key.exists(), "the new key file took the old one's place");
    // Still open and writable under the new key.
    vault.conn().execute("INSERT INTO note VALUES ('after')", []).unwrap();
    vault.conn().execute("DELETE FROM note WHERE t = 'after'", []).unwrap();
    vault.close().unwrap();

    // Every page was rewritten: beyond the salt (the first 16 bytes), no 4 KiB page
    // of the database is what it was under the old key.
    let db_after = std::fs::read(&paths.db).unwrap();
    assert_eq!(db_after.len() % 4096, 0);
    for (i, (old, new)) in db_before.chunks(4096).zip(db_after.chunks(4096)).enumerate() {
        let from = if i == 0 { 16 } else { 0 };
        assert_ne!(old[from..], new[from..], "page {} is unchanged", i + 1);
    }

    // The old key file with the old passphrase unwraps the old key, which no longer
    // opens the database.
    let old = tempfile::tempdir().unwrap();
    let old_paths = VaultPaths::new(old.path());
    std::fs::copy(&paths.db, &old_paths.db).unwrap();
    std::fs::write(&old_paths.key, &key_before).unwrap();
    let err = Vault::unlock(old.path(), PASSPHRASE).unwrap_err();
    assert!(matches!(err, Error::NotAVault), "{err:?}");

    assert!(matches!(Vault::unlock(dir.path(), PASSPHRASE).unwrap_err(), Error::WrongPassphrase));
    let vault = Vault::unlock(dir.path(), NEW).unwrap();
    assert_eq!(note(&vault), "kept");
}

#[test]
fn a_change_cut_short_before_the_database_changed_opens_with_the_old_passphrase() {
    // Step 1 done (the pending key file written), the database not yet re-keyed.
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    vault_with_note(dir.path());
    let unused = DbKey::generate().unwrap();
    KeyFile::seal(&unused, NEW, KdfParams::FAST_FOR_TESTS).unwrap().write_atomic(&paths.pending_key).unwrap();

    assert!(matches!(Vault::unlock(dir.path(), NEW).unwrap_err(), Error::WrongPassphrase));
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    assert_eq!(note(&vault), "kept");
    assert!(!paths.pending_key.exists(), "the unused new key is deleted");
    vault.close().unwrap();
    assert!(matches!(Vault::unlock(dir.path(), NEW).unwrap_err(), Error::WrongPassphrase));
}

#[test]
fn a_change_cut_short_after_the_database_changed_opens_with_the_new_passphrase() {
    // Step 2 done (the database under the new key), the key file not yet renamed.
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    vault_with_note(dir.path());
    let old_key_file = std::fs::read(&paths.key).unwrap();
    let mut vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    vault.change_passphrase(PASSPHRASE, NEW, KdfParams::FAST_FOR_TESTS).unwrap();
    vault.close().unwrap();
    let new_key_file = std::fs::read(&paths.key).unwrap();
    std::fs::rename(&paths.key, &paths.pending_key).unwrap();
    std::fs::write(&paths.key, &old_key_file).unwrap();

    let before = snapshot_files(dir.path());
    assert!(matches!(Vault::unlock(dir.path(), PASSPHRASE).unwrap_err(), Error::WrongPassphrase));
    let mut after = snapshot_files(dir.path());
    after.remove(Path::new("hearth.lock"));
    let mut before = before;
    before.remove(Path::new("hearth.lock"));
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "both key files kept");

    let vault = Vault::unlock(dir.path(), NEW).unwrap();
    assert_eq!(note(&vault), "kept");
    assert!(!paths.pending_key.exists());
    assert_eq!(std::fs::read(&paths.key).unwrap(), new_key_file, "the new key file took its place");
    vault.close().unwrap();
    assert!(matches!(Vault::unlock(dir.path(), PASSPHRASE).unwrap_err(), Error::WrongPassphrase));
}

#[test]
fn sqlite_wipes_the_memory_it_frees() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path()).close().unwrap();
    let vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    // Hearth's wiping allocator if the vault was SQLite's first use in this process
    // (as in the app); SQLCipher's memory security if a test here used SQLite first.
    let on: String = vault.conn().query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).unwrap();
    if hearth_core::sqlite_memory::wipe_on_free() {
        assert!(hearth_core::sqlite_memory::live_blocks() > 0, "SQLite allocates through Hearth's allocator");
        assert_eq!(on, "0", "and not through SQLCipher's locking one");
    } else {
        assert_eq!(on, "1", "cipher_memory_security is on");
    }
}

#[test]
fn weak_key_settings_are_raised_after_a_successful_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    Vault::create(dir.path(), PASSPHRASE, KdfParams::FLOOR).unwrap().close().unwrap();
    let before = snapshot_files(dir.path());

    // A wrong passphrase changes nothing.
    assert!(matches!(Vault::unlock(dir.path(), NEW).unwrap_err(), Error::WrongPassphrase));
    assert_eq!(snapshot_files(dir.path()), before);
    assert_eq!(KeyFile::read(&paths.key).unwrap().kdf, KdfParams::FLOOR);

    Vault::unlock(dir.path(), PASSPHRASE).unwrap().close().unwrap();
    assert_eq!(KeyFile::read(&paths.key).unwrap().kdf, KdfParams::default());
    // The same database key, sealed anew: the vault opens as before.
    Vault::unlock(dir.path(), PASSPHRASE).unwrap().close().unwrap();
}

#[test]
fn a_key_file_asking_for_settings_out_of_bounds_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    new_vault(dir.path()).close().unwrap();
    let good = std::fs::read_to_string(&paths.key).unwrap();
    for (from, to) in
        [("\"iterations\": 1", "\"iterations\": 2"), ("\"memory_kib\": 8192", "\"memory_kib\": 1048576")]
    {
        std::fs::write(&paths.key, good.replace(from, to)).unwrap();
        let before = snapshot_files(dir.path());
        let err = Vault::unlock(dir.path(), PASSPHRASE).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "{err:?}");
        assert!(err.to_string().contains("settings Hearth doesn't use"), "{err}");
        assert_eq!(snapshot_files(dir.path()), before, "nothing changed");
    }
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

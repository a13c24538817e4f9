//! Backups: the whole vault in one file, still encrypted, openable only with the
//! passphrase it was made with, and sealed as a whole.
//!
//! A backup file (format version 2) is a one-line JSON header, two blobs and a MAC:
//!
//! ```text
//! {"format":"hearth-backup","version":2,"created_at":"…","schema_version":N,"key_len":K,"db_len":D}\n
//! <K bytes: the key file (the database key, wrapped by the passphrase)>
//! <D bytes: an SQLCipher copy of the database made with VACUUM INTO>
//! <32 bytes: HMAC-SHA256 over everything above>
//! ```
//!
//! The MAC key is HKDF-SHA256 of the database key (info [`MAC_INFO`]), so only
//! someone holding the passphrase can make or check it. It binds the header (its
//! date), the key file and the database copy together: a changed byte, a cut-off
//! file, an older database under a newer header or a database from another vault
//! is refused before anything is unpacked into place. The open vault keeps only
//! this derived key ([`BackupKey`]), never the database key itself.
//!
//! Version 1 backups (made before the MAC existed) still restore, because they are
//! the only copy some people have: SQLCipher's own per-page checks and the
//! integrity checks below still catch damage inside the database, but nothing ties
//! its parts together, so the date in the header can't be trusted.
//! [`BackupInfo::authenticated`] is `false` for them and the window says so before
//! restoring. The price of that choice: someone who strips a sealed backup's MAC
//! and calls it version 1 gets it restored too, but only after the same warning,
//! and still only with the right passphrase and a database SQLCipher accepts.
//!
//! Nothing in a backup is readable without the passphrase: the header holds only
//! dates, versions and lengths. Restoring checks everything first (the file's
//! shape, the passphrase, the MAC, that the copy opens and passes SQLCipher's
//! integrity checks, that it is not from a newer Hearth), keeps the current vault
//! as a snapshot, and only then puts the backup in its place. The restored vault then gets a fresh database key of its own
//! (`Vault::rekey`), so the backup's key is never adopted for good.
//!
//! Everything slow (key derivation, copying, the MAC, the checks) is [`prepare`],
//! which needs no open vault, so the shell runs it without holding its lock; only
//! [`Vault::restore_prepared`] (close, swap, re-key) needs the vault.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::files::{read_bounded, sync_dir, write_atomic};
use crate::keyfile::{DbKey, KdfParams, KeyFile, NewKey};
use crate::vault::{VaultPaths, open_connection, shm, take_lock};
use crate::{Error, Result, Vault, schema};

const FORMAT: &str = "hearth-backup";
/// The format this version writes: 2, with the MAC trailer.
pub const BACKUP_VERSION: u32 = 2;
/// The first format with a MAC; older ones restore unauthenticated.
const FIRST_AUTHENTICATED: u32 = 2;
const MAX_HEADER: u64 = 4096;
const MAX_KEY_LEN: u64 = 16 * 1024;
const MAC_LEN: usize = 32;
/// HKDF's `info` for the MAC key: names the purpose, so this key is never the
/// same as a key derived from the database key for anything else.
pub const MAC_INFO: &[u8] = b"hearth backup mac v2";

type HmacSha256 = Hmac<Sha256>;

/// The key a vault's backups are sealed with, derived from its database key.
/// Wiped when dropped.
pub struct BackupKey(Zeroizing<[u8; 32]>);

impl BackupKey {
    /// HKDF-SHA256 of the database key, no salt (the input is already a uniformly
    /// random key), info [`MAC_INFO`].
    pub fn derive(key: &DbKey) -> BackupKey {
        let mut out = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, key.as_bytes())
            .expand(MAC_INFO, out.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 length");
        BackupKey(out)
    }

    /// A key from raw bytes, for the fuzz target only (it has no passphrase to
    /// derive one from).
    #[doc(hidden)]
    pub fn for_fuzzing(bytes: [u8; 32]) -> BackupKey {
        BackupKey(Zeroizing::new(bytes))
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as Mac>::new_from_slice(self.0.as_ref()).expect("HMAC takes any key length")
    }
}

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BackupKey(..)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
    created_at: String,
    schema_version: i64,
    key_len: u64,
    db_len: u64,
}

impl Header {
    fn authenticated(&self) -> bool {
        self.version >= FIRST_AUTHENTICATED
    }

    fn info(&self) -> BackupInfo {
        BackupInfo {
            created_at: self.created_at.clone(),
            schema_version: self.schema_version,
            bytes: self.key_len + self.db_len,
            authenticated: self.authenticated(),
        }
    }
}

/// What a backup says about itself, shown before restoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub created_at: String,
    pub schema_version: i64,
    pub bytes: u64,
    /// Whether the backup is sealed with a MAC (format 2 and later). An older
    /// backup restores, but its date can't be vouched for.
    pub authenticated: bool,
}

fn not_a_backup() -> Error {
    Error::invalid_input("This file isn't a Hearth backup, or it is damaged. Nothing was changed.")
}

fn tampered() -> Error {
    Error::invalid_input(
        "This backup has been changed or damaged since Hearth made it, or its parts come from \
         different backups, so it can't be trusted. Nothing was changed.",
    )
}

impl Vault {
    /// Writes a backup of the open vault to `dest`, atomically, sealed with this
    /// vault's [`BackupKey`].
    pub fn backup(&self, dest: &Path) -> Result<BackupInfo> {
        let dir = dest.parent().unwrap_or(Path::new("."));
        let tmp_db = dir.join(format!(".hearth-backup-{}.tmp", std::process::id()));
        let _ = fs::remove_file(&tmp_db);
        let result = (|| {
            schema::snapshot(self.conn(), &tmp_db)?;
            let key = read_bounded(&self.paths().key, MAX_KEY_LEN)?;
            let db = fs::read(&tmp_db).map_err(Error::io(&tmp_db))?;
            let header = Header {
                format: FORMAT.into(),
                version: BACKUP_VERSION,
                created_at: crate::time::stamp(),
                schema_version: schema::user_version(self.conn())?,
                key_len: key.len() as u64,
                db_len: db.len() as u64,
            };
            let mut out = serde_json::to_vec(&header).expect("header serialises");
            out.push(b'\n');
            out.extend_from_slice(&key);
            out.extend_from_slice(&db);
            let mut mac = self.backup_key().mac();
            mac.update(&out);
            out.extend_from_slice(&mac.finalize().into_bytes());
            write_atomic(dest, &out)?;
            Ok(BackupInfo { bytes: out.len() as u64, ..header.info() })
        })();
        let _ = fs::remove_file(&tmp_db);
        result
    }

    /// Replaces this vault with the backup at `src`, made with `passphrase`:
    /// [`prepare`] then [`Vault::restore_prepared`].
    pub fn restore(self, src: &Path, passphrase: &str) -> std::result::Result<Vault, (Option<Vault>, Error)> {
        match prepare(src, passphrase, self.paths()) {
            Ok(prepared) => self.restore_prepared(prepared),
            Err(e) => Err((Some(self), e)),
        }
    }

    /// Replaces this vault with a backup already [`prepare`]d beside it.
    ///
    /// The current vault's files are kept in `snapshots/before-restore-<time>/`. On
    /// success the restored vault is returned open (migrated if it came from an
    /// older Hearth) and under a fresh database key, sealed with the backup's
    /// passphrase. If a failure comes before anything changed, the error comes back
    /// with this vault, untouched and still open; if a later step fails, it comes
    /// back with `None` (the vault is closed and the person unlocks again).
    pub fn restore_prepared(self, prepared: Prepared) -> std::result::Result<Vault, (Option<Vault>, Error)> {
        if prepared.staged.dir != self.paths().dir {
            return Err((Some(self), Error::invalid_input("This backup was prepared for another vault.")));
        }
        let paths = self.paths().clone();
        if let Err(e) = self.close() {
            return Err((None, e));
        }
        let restored = (|| {
            let lock = swap_in(&paths, &prepared.staged)?;
            let mut vault = Vault::open_with_key(paths, lock, &prepared.key)?;
            vault.rekey(&prepared.next)?;
            Ok(vault)
        })();
        restored.map_err(|e| (None, e))
    }
}

/// A backup unpacked beside the vault and fully checked, its key unwrapped and a
/// fresh key sealed for it: everything slow about a restore. Dropping it unused
/// removes the staged files.
pub struct Prepared {
    staged: Staged,
    key: DbKey,
    next: NewKey,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prepared(..)")
    }
}

/// Checks the backup at `src` with `passphrase` and stages it beside the vault in
/// `paths` (see [`Prepared`]). Needs no open vault and changes nothing of it. The
/// fresh key is sealed with the backup's key settings, raised to at least today's
/// defaults.
pub fn prepare(src: &Path, passphrase: &str, paths: &VaultPaths) -> Result<Prepared> {
    let (staged, key, kdf) = stage(src, passphrase, paths)?;
    let next = NewKey::seal(passphrase, kdf.upgraded().unwrap_or(kdf))?;
    Ok(Prepared { staged, key, next })
}

/// Reads what a backup says about itself, without the passphrase (so without
/// checking its MAC: that needs the key, and happens on restore).
pub fn inspect(src: &Path) -> Result<BackupInfo> {
    let (header, _) = read_header(src)?;
    Ok(header.info())
}

fn read_header(src: &Path) -> Result<(Header, u64)> {
    let file = fs::File::open(src).map_err(Error::io(src))?;
    let total = file.metadata().map_err(Error::io(src))?.len();
    let mut reader = BufReader::new(file.take(MAX_HEADER));
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).map_err(Error::io(src))?;
    parse_header(&line, total)
}

/// What a backup held in memory says about itself (the file readers' fuzz target).
pub fn inspect_bytes(bytes: &[u8]) -> Result<BackupInfo> {
    let end = bytes.iter().take(MAX_HEADER as usize).position(|b| *b == b'\n').ok_or_else(not_a_backup)?;
    let (header, _) = parse_header(&bytes[..=end], bytes.len() as u64)?;
    KeyFile::from_bytes(&bytes[end + 1..][..header.key_len as usize])?;
    Ok(header.info())
}

/// Checks a whole backup held in memory against `key`: its shape, then (format 2
/// and later) its MAC. The fuzz target drives it with a fixed key; restore does the
/// same check while streaming the file ([`stage`]).
pub fn authenticate_bytes(bytes: &[u8], key: &BackupKey) -> Result<BackupInfo> {
    let info = inspect_bytes(bytes)?;
    if info.authenticated {
        let (body, tag) = bytes.split_at(bytes.len() - MAC_LEN);
        let mut mac = key.mac();
        mac.update(body);
        mac.verify_slice(tag).map_err(|_| tampered())?;
    }
    Ok(info)
}

/// Checks the header `line` (with its newline) of a backup `total` bytes long.
fn parse_header(line: &[u8], total: u64) -> Result<(Header, u64)> {
    if line.last() != Some(&b'\n') {
        return Err(not_a_backup());
    }
    let header: Header = serde_json::from_slice(&line[..line.len() - 1]).map_err(|_| not_a_backup())?;
    if header.format != FORMAT || header.version == 0 {
        return Err(not_a_backup());
    }
    if header.version > BACKUP_VERSION {
        return Err(Error::VaultTooNew { found: header.version.into(), supported: BACKUP_VERSION.into() });
    }
    if header.schema_version > schema::latest_version() {
        return Err(Error::VaultTooNew { found: header.schema_version, supported: schema::latest_version() });
    }
    let body = line.len() as u64;
    let trailer = if header.authenticated() { MAC_LEN as u64 } else { 0 };
    if header.key_len == 0
        || header.key_len > MAX_KEY_LEN
        || header.db_len == 0
        || body
            .checked_add(header.key_len)
            .and_then(|n| n.checked_add(header.db_len))
            .and_then(|n| n.checked_add(trailer))
            != Some(total)
    {
        return Err(not_a_backup());
    }
    Ok((header, body))
}

/// A backup unpacked beside the vault and fully checked. Its files are removed
/// when it is dropped, unless they were moved into place.
struct Staged {
    dir: PathBuf,
    db: PathBuf,
    key: PathBuf,
}

impl Drop for Staged {
    fn drop(&mut self) {
        for p in [&self.db, &self.key, &shm(&self.db)] {
            let _ = fs::remove_file(p);
        }
    }
}

fn stage(src: &Path, passphrase: &str, paths: &VaultPaths) -> Result<(Staged, DbKey, KdfParams)> {
    let (header, offset) = read_header(src)?;
    let mut file = fs::File::open(src).map_err(Error::io(src))?;
    let mut line = vec![0u8; offset as usize];
    file.read_exact(&mut line).map_err(|_| not_a_backup())?;
    let mut key_bytes = vec![0u8; header.key_len as usize];
    file.read_exact(&mut key_bytes).map_err(|_| not_a_backup())?;
    let key_file = KeyFile::from_bytes(&key_bytes)?;
    let key = key_file.unseal(passphrase)?;
    let mut mac = header.authenticated().then(|| {
        let mut mac = BackupKey::derive(&key).mac();
        mac.update(&line);
        mac.update(&key_bytes);
        mac
    });

    let staged = Staged {
        dir: paths.dir.clone(),
        db: paths.dir.join("hearth.vault.restore"),
        key: paths.dir.join("hearth.key.restore"),
    };
    let result = (|| {
        let mut out = fs::File::create(&staged.db).map_err(Error::io(&staged.db))?;
        // Copied and MACed in one pass, so the file is read once.
        let mut blob = (&mut file).take(header.db_len);
        let mut buf = vec![0u8; 64 * 1024];
        let mut copied = 0u64;
        loop {
            let n = blob.read(&mut buf).map_err(Error::io(src))?;
            if n == 0 {
                break;
            }
            if let Some(mac) = mac.as_mut() {
                mac.update(&buf[..n]);
            }
            out.write_all(&buf[..n]).map_err(Error::io(&staged.db))?;
            copied += n as u64;
        }
        if copied != header.db_len {
            return Err(not_a_backup());
        }
        if let Some(mac) = mac.take() {
            let mut tag = [0u8; MAC_LEN];
            file.read_exact(&mut tag).map_err(|_| not_a_backup())?;
            mac.verify_slice(&tag).map_err(|_| tampered())?;
        }
        out.sync_all().map_err(Error::io(&staged.db))?;
        drop(out);
        // It must open with the key, pass SQLCipher's checks and not be newer.
        let conn = open_connection(&staged.db, &key, false)?;
        let found = schema::user_version(&conn)?;
        if found > schema::latest_version() {
            return Err(Error::VaultTooNew { found, supported: schema::latest_version() });
        }
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        let cipher_errors = conn.prepare("PRAGMA cipher_integrity_check")?.query_map([], |_| Ok(()))?.count();
        drop(conn);
        if ok != "ok" || cipher_errors != 0 {
            return Err(not_a_backup());
        }
        write_atomic(&staged.key, &key_bytes)?;
        Ok(())
    })();
    // On failure, dropping `staged` removes what was written.
    result.map(|()| (staged, key, key_file.kdf))
}

/// Keeps the current vault in `snapshots/before-restore-<time>/`, then moves the
/// staged backup into place (database first, then its key). Returns the folder's
/// lock, held, for the restored vault to keep.
fn swap_in(paths: &VaultPaths, staged: &Staged) -> Result<fs::File> {
    let lock = take_lock(paths)?;
    // Named so `snapshots::prune` can tell its age.
    let keep =
        paths.snapshots.join(format!("before-restore-{}", crate::snapshots::stamp(crate::time::now())));
    fs::create_dir_all(&keep).map_err(Error::io(&keep))?;
    for (from, name) in [(&paths.db, "hearth.vault"), (&paths.key, "hearth.key")] {
        fs::copy(from, keep.join(name)).map_err(Error::io(from))?;
    }
    sync_dir(&keep).map_err(Error::io(&keep))?;
    fs::rename(&staged.db, &paths.db).map_err(Error::io(&paths.db))?;
    fs::rename(&staged.key, &paths.key).map_err(Error::io(&paths.key))?;
    sync_dir(&paths.dir).map_err(Error::io(&paths.dir))?;
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;

    fn vault_with_note(dir: &Path, pass: &str, note: &str) -> Vault {
        let v = Vault::create(dir, pass, FAST).unwrap();
        v.conn().execute_batch("CREATE TABLE IF NOT EXISTS note (t TEXT)").unwrap();
        v.conn().execute("INSERT INTO note VALUES (?1)", [note]).unwrap();
        v
    }

    fn notes(v: &Vault) -> Vec<String> {
        let mut stmt = v.conn().prepare("SELECT t FROM note ORDER BY rowid").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    }

    /// The MAC key follows the database key: a backup made after the passphrase
    /// changed (a re-key), or after a restore (another re-key), is sealed with the
    /// new key and restores.
    #[test]
    fn backups_made_after_a_rekey_are_sealed_with_the_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let mut v = vault_with_note(dir.path(), "first passphrase", "before the change");
        v.change_passphrase("first passphrase", "second passphrase", FAST).unwrap();
        let after_change = out.path().join("after-change.backup");
        v.backup(&after_change).unwrap();
        let mut v = v.restore(&after_change, "second passphrase").unwrap();
        assert_eq!(notes(&v), ["before the change"]);
        v.conn().execute("INSERT INTO note VALUES ('after the restore')", []).unwrap();
        let after_restore = out.path().join("after-restore.backup");
        v.backup(&after_restore).unwrap();
        v.change_passphrase("second passphrase", "third passphrase", FAST).unwrap();
        let restored = v.restore(&after_restore, "second passphrase").unwrap();
        assert_eq!(notes(&restored), ["before the change", "after the restore"]);
        restored.close().unwrap();
    }

    #[test]
    fn backup_then_restore_round_trips_and_keeps_the_current_vault() {
        let dir = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let backup = out.path().join("hearth.backup");
        let mut v = vault_with_note(dir.path(), "first passphrase", "from the backup");
        let info = v.backup(&backup).unwrap();
        assert_eq!(inspect(&backup).unwrap().created_at, info.created_at);
        let bytes = fs::read(&backup).unwrap();
        assert!(!bytes.windows(15).any(|w| w == b"from the backup"), "the backup shows no plain text");

        // Later: more written, even the passphrase changed.
        v.conn().execute("INSERT INTO note VALUES ('written after')", []).unwrap();
        v.change_passphrase("first passphrase", "second passphrase", FAST).unwrap();

        // A wrong passphrase: refused, the open vault handed back untouched.
        let (back, err) = v.restore(&backup, "second passphrase").unwrap_err();
        assert_eq!(err.kind(), "wrong_passphrase");
        let v = back.expect("the vault comes back");
        assert_eq!(notes(&v), ["from the backup", "written after"]);

        let restored = v.restore(&backup, "first passphrase").unwrap();
        assert_eq!(notes(&restored), ["from the backup"]);
        restored.close().unwrap();
        Vault::unlock(dir.path(), "first passphrase").unwrap().close().unwrap();

        // The restored vault has a key of its own: the backup's key file, with the
        // backup's passphrase, no longer opens it.
        let bytes = fs::read(&backup).unwrap();
        let nl = bytes.iter().position(|b| *b == b'\n').unwrap();
        let (header, _) = parse_header(&bytes[..=nl], bytes.len() as u64).unwrap();
        let backup_key = &bytes[nl + 1..][..header.key_len as usize];
        assert_ne!(fs::read(dir.path().join("hearth.key")).unwrap(), backup_key);
        let other = tempfile::tempdir().unwrap();
        fs::copy(dir.path().join("hearth.vault"), other.path().join("hearth.vault")).unwrap();
        fs::write(other.path().join("hearth.key"), backup_key).unwrap();
        let err = Vault::unlock(other.path(), "first passphrase").unwrap_err();
        assert_eq!(err.kind(), "not_a_vault", "{err:?}");

        // The vault as it was is kept, openable with the passphrase it had then.
        let kept: Vec<_> =
            fs::read_dir(dir.path().join("snapshots")).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(kept.len(), 1);
        let copy = tempfile::tempdir().unwrap();
        fs::copy(kept[0].join("hearth.vault"), copy.path().join("hearth.vault")).unwrap();
        fs::copy(kept[0].join("hearth.key"), copy.path().join("hearth.key")).unwrap();
        let old = Vault::unlock(copy.path(), "second passphrase").unwrap();
        assert_eq!(notes(&old), ["from the backup", "written after"]);
        // No staging or pending files are left behind.
        assert!(
            !dir.path().join("hearth.vault.restore").exists()
                && !dir.path().join("hearth.key.restore").exists()
                && !dir.path().join("hearth.key.pending").exists()
        );
    }

    #[test]
    fn damaged_and_foreign_files_are_refused_and_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let v = vault_with_note(dir.path(), "pass phrase here", "keep me");
        let good = out.path().join("good.backup");
        v.backup(&good).unwrap();
        let good_bytes = fs::read(&good).unwrap();
        let newline = good_bytes.iter().position(|b| *b == b'\n').unwrap();

        let mut truncated = good_bytes.clone();
        truncated.truncate(good_bytes.len() - 100);
        let mut flipped = good_bytes.clone();
        let last = flipped.len() - 2000;
        flipped[last] ^= 0xff;
        let header = std::str::from_utf8(&good_bytes[..newline]).unwrap();
        let newer =
            [header.replace("\"version\":2", "\"version\":9").as_bytes(), &good_bytes[newline..]].concat();
        // The key file inside asks for settings below Hearth's floor (same length,
        // so the header still adds up).
        let needle = b"\"iterations\": 1";
        let at = good_bytes.windows(needle.len()).position(|w| w == needle).unwrap();
        let mut weak = good_bytes.clone();
        weak[at + needle.len() - 1] = b'2';
        assert_eq!(weak.len(), good_bytes.len());
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "invalid_input"),
            ("text", b"hello there\n".to_vec(), "invalid_input"),
            ("json", b"{\"format\":\"hearth-backup\"}\n".to_vec(), "invalid_input"),
            ("truncated", truncated, "invalid_input"),
            ("tampered", flipped, "invalid_input"),
            ("newer", newer, "vault_too_new"),
            ("weak key settings", weak, "invalid_input"),
        ];
        let mut v = v;
        for (name, bytes, kind) in cases {
            let path = out.path().join(name);
            fs::write(&path, &bytes).unwrap();
            let (back, err) = v.restore(&path, "pass phrase here").unwrap_err();
            assert_eq!(err.kind(), kind, "{name}: {err}");
            v = back.expect("handed back");
            assert_eq!(notes(&v), ["keep me"], "{name}");
        }
        assert!(!dir.path().join("snapshots").exists(), "no snapshot for a refused restore");
    }

    #[test]
    fn authenticate_bytes_checks_the_mac_as_restore_does() {
        let dir = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let v = vault_with_note(dir.path(), "pass phrase here", "sealed");
        let path = out.path().join("b");
        v.backup(&path).unwrap();
        let bytes = fs::read(&path).unwrap();
        assert!(authenticate_bytes(&bytes, v.backup_key()).unwrap().authenticated);
        // Another key, or one changed byte anywhere after the header: refused.
        let err = authenticate_bytes(&bytes, &BackupKey::for_fuzzing([7; 32])).unwrap_err();
        assert!(err.to_string().contains("changed or damaged"), "{err}");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(authenticate_bytes(&flipped, v.backup_key()).is_err());
    }
}

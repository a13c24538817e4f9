//! Backups against real SQLCipher files: a backup is sealed as a whole, and any
//! change to it, or any mix of two backups, is refused with the vault untouched.

use std::path::Path;

use hearth_core::keyfile::KdfParams;
use hearth_core::{Vault, backup};
use hearth_tests::{PASSPHRASE, dump_tables, snapshot_files};

const MAC_LEN: usize = 32;

fn vault_with(dir: &Path, note: &str) -> Vault {
    let v = Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    hearth_core::settings::set_names(v.conn(), note, "Sam").unwrap();
    v
}

/// A backup's parts: the header line (with its newline), key file, database, MAC.
struct Parts {
    header: Vec<u8>,
    key: Vec<u8>,
    db: Vec<u8>,
    mac: Vec<u8>,
}

fn split(bytes: &[u8]) -> Parts {
    let end = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    let header: serde_json::Value = serde_json::from_slice(&bytes[..end - 1]).unwrap();
    let key_len = header["key_len"].as_u64().unwrap() as usize;
    let db_len = header["db_len"].as_u64().unwrap() as usize;
    let rest = &bytes[end..];
    assert_eq!(rest.len(), key_len + db_len + MAC_LEN, "format 2 ends with a 32-byte MAC");
    Parts {
        header: bytes[..end].to_vec(),
        key: rest[..key_len].to_vec(),
        db: rest[key_len..key_len + db_len].to_vec(),
        mac: rest[key_len + db_len..].to_vec(),
    }
}

/// `header` with `db_len` set to `db`'s length, so a swapped blob still has the
/// right shape and only the MAC can tell.
fn with_db_len(header: &[u8], db: &[u8]) -> Vec<u8> {
    let mut h: serde_json::Value = serde_json::from_slice(&header[..header.len() - 1]).unwrap();
    h["db_len"] = serde_json::json!(db.len());
    let mut out = serde_json::to_vec(&h).unwrap();
    out.push(b'\n');
    out
}

fn join(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn tampered_truncated_and_mixed_backups_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let other_dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();

    let v = vault_with(dir.path(), "Older");
    let older = out.path().join("older.hearthbackup");
    v.backup(&older).unwrap();
    hearth_core::settings::set_names(v.conn(), "Newer", "Sam").unwrap();
    let newer = out.path().join("newer.hearthbackup");
    v.backup(&newer).unwrap();
    let other = vault_with(other_dir.path(), "Someone else");
    let foreign = out.path().join("foreign.hearthbackup");
    other.backup(&foreign).unwrap();
    other.close().unwrap();

    let good = std::fs::read(&newer).unwrap();
    let n = split(&good);
    let o = split(&std::fs::read(&older).unwrap());
    let f = split(&std::fs::read(&foreign).unwrap());
    assert!(backup::inspect(&newer).unwrap().authenticated);

    let header_text = String::from_utf8(n.header.clone()).unwrap();
    let created = backup::inspect(&newer).unwrap().created_at;
    let redated = header_text.replace(&created, "2031-01-01T00:00:00.000Z");
    assert_ne!(redated, header_text);
    let mut blob_flipped = n.db.clone();
    blob_flipped[n.db.len() / 2] ^= 0x01;
    let mut mac_flipped = n.mac.clone();
    mac_flipped[0] ^= 0x80;

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a byte of the header", join(&[redated.as_bytes(), &n.key, &n.db, &n.mac])),
        ("a byte of the database", join(&[&n.header, &n.key, &blob_flipped, &n.mac])),
        ("a byte of the MAC", join(&[&n.header, &n.key, &n.db, &mac_flipped])),
        (
            "the older database under the newer header",
            join(&[&with_db_len(&n.header, &o.db), &n.key, &o.db, &n.mac]),
        ),
        (
            "the older database with its MAC under the newer header",
            join(&[&with_db_len(&n.header, &o.db), &n.key, &o.db, &o.mac]),
        ),
        ("another vault's database", join(&[&with_db_len(&n.header, &f.db), &n.key, &f.db, &n.mac])),
        ("another vault's database and MAC", join(&[&with_db_len(&n.header, &f.db), &n.key, &f.db, &f.mac])),
    ];

    let mut v = v;
    let tables = dump_tables(v.conn());
    let files = snapshot_files(dir.path());
    for (name, bytes) in cases {
        let path = out.path().join("case.hearthbackup");
        std::fs::write(&path, &bytes).unwrap();
        let (back, err) = v.restore(&path, PASSPHRASE).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "{name}: {err}");
        assert!(err.to_string().contains("changed or damaged"), "{name}: {err}");
        assert!(err.to_string().contains("Nothing was changed"), "{name}: {err}");
        v = back.expect("the vault is handed back open");
        assert_eq!(dump_tables(v.conn()), tables, "{name}: the vault's rows");
        assert_eq!(snapshot_files(dir.path()), files, "{name}: the vault's files");
    }

    // Cut short anywhere: refused before the passphrase is even tried.
    for cut in [1, MAC_LEN, MAC_LEN + 1, good.len() / 2, good.len() - 1] {
        let path = out.path().join("short.hearthbackup");
        std::fs::write(&path, &good[..good.len() - cut]).unwrap();
        let (back, err) = v.restore(&path, PASSPHRASE).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "cut {cut}: {err}");
        v = back.expect("handed back");
        assert_eq!(dump_tables(v.conn()), tables, "cut {cut}");
        assert_eq!(snapshot_files(dir.path()), files, "cut {cut}");
    }

    // The untouched backup still restores, with what it held.
    let restored = v.restore(&newer, PASSPHRASE).unwrap();
    assert_eq!(hearth_core::settings::names(restored.conn()).unwrap().me, "Newer");
}

#[test]
fn a_backup_made_before_authentication_still_restores_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let v = vault_with(dir.path(), "Back then");
    let made = out.path().join("made.hearthbackup");
    v.backup(&made).unwrap();
    hearth_core::settings::set_names(v.conn(), "Now", "Sam").unwrap();

    // A version 1 file: the same parts, no MAC.
    let p = split(&std::fs::read(&made).unwrap());
    let header = String::from_utf8(p.header).unwrap().replace("\"version\":2", "\"version\":1");
    let old = out.path().join("old.hearthbackup");
    std::fs::write(&old, join(&[header.as_bytes(), &p.key, &p.db])).unwrap();

    let info = backup::inspect(&old).unwrap();
    assert!(!info.authenticated, "the window is told it can't be vouched for");
    let restored = v.restore(&old, PASSPHRASE).unwrap();
    assert_eq!(hearth_core::settings::names(restored.conn()).unwrap().me, "Back then");
}

#[test]
fn a_backup_made_after_a_passphrase_change_restores_with_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), "Before");
    v.change_passphrase(
        PASSPHRASE,
        "a brand new passphrase here",
        hearth_core::keyfile::KdfParams::FAST_FOR_TESTS,
    )
    .unwrap();
    hearth_core::settings::set_names(v.conn(), "After", "Sam").unwrap();
    let path = out.path().join("after.hearthbackup");
    v.backup(&path).unwrap();
    hearth_core::settings::set_names(v.conn(), "Later still", "Sam").unwrap();
    let restored = v.restore(&path, "a brand new passphrase here").unwrap();
    assert_eq!(hearth_core::settings::names(restored.conn()).unwrap().me, "After");
}

//! Deleted means gone from the file: with `secure_delete` on (vault.rs), a purged
//! journal entry's text is not left in free pages or in a page's free space. The
//! test decrypts the vault's raw pages itself (SQLCipher 4's page format: AES-256-CBC
//! under the raw key, an IV per page in its reserved tail) and searches them.

use std::path::Path;

use aes::Aes256;
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, KeyInit};

use crate::journal::{self, EntryInput};
use crate::keyfile::{KdfParams, KeyFile};
use crate::time::test_clock;
use crate::{Vault, time};

const PASS: &str = "pass phrase here";
const PAGE: usize = 4096;
/// SQLCipher 4's reserved tail: a 16-byte IV and a 64-byte HMAC-SHA512.
const RESERVE: usize = 80;
const SALT: usize = 16;

/// Every page of the database file at `path`, decrypted with `key`, one after the
/// other (page 1 without its plain-text salt).
fn decrypted_pages(path: &Path, key: &[u8; 32]) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(bytes.len() % PAGE, 0);
    let cipher = Aes256::new(GenericArray::from_slice(key));
    let mut out = Vec::with_capacity(bytes.len());
    for (i, page) in bytes.chunks(PAGE).enumerate() {
        let start = if i == 0 { SALT } else { 0 };
        let mut prev: [u8; 16] = page[PAGE - RESERVE..PAGE - RESERVE + 16].try_into().unwrap();
        for block in page[start..PAGE - RESERVE].chunks(16) {
            let mut b = GenericArray::clone_from_slice(block);
            cipher.decrypt_block(&mut b);
            out.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
            prev = block.try_into().unwrap();
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn secure_delete_is_on_for_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, KdfParams::FAST_FOR_TESTS).unwrap();
    let on: i64 = v.conn().query_row("PRAGMA secure_delete", [], |r| r.get(0)).unwrap();
    assert_eq!(on, 1);
    v.close().unwrap();
    let v = Vault::unlock(dir.path(), PASS).unwrap();
    let on: i64 = v.conn().query_row("PRAGMA secure_delete", [], |r| r.get(0)).unwrap();
    assert_eq!(on, 1, "and again after unlocking");
}

#[test]
fn a_purged_entrys_text_is_gone_from_the_raw_pages() {
    const SECRET: &str = "the quiet violet harbour where we said 4417 things";
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, KdfParams::FAST_FOR_TESTS).unwrap();
    let key = KeyFile::read(&v.paths().key).unwrap().unseal(PASS).unwrap();
    let checkpoint = |v: &Vault| {
        v.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
        assert_eq!(std::fs::metadata(v.paths().wal()).unwrap().len(), 0, "everything is in the main file");
    };

    test_clock::set(1_764_800_000_000);
    let filler = "Other days were ordinary. ".repeat(40);
    for i in 0..5 {
        let body = if i == 2 { format!("{filler}{SECRET}") } else { filler.clone() };
        let entry = journal::save(
            v.conn_mut(),
            &EntryInput { entry_date: format!("2025-11-0{}", i + 1), body, ..Default::default() },
        )
        .unwrap();
        if i == 2 {
            journal::trash(v.conn(), &entry.id).unwrap();
        }
    }
    checkpoint(&v);
    let pages = decrypted_pages(&v.paths().db, key.as_bytes());
    assert_eq!(&pages[..2], &[0x10, 0x00], "page 1 decrypts to SQLite's header (page size 4096)");
    assert!(contains(&pages, SECRET.as_bytes()), "the test can see the text while it exists");

    test_clock::set(time::now() + 31 * 24 * 60 * 60 * 1000);
    assert_eq!(journal::purge_trash(v.conn_mut(), time::to_datetime(time::now())).unwrap(), 1);
    checkpoint(&v);
    let pages = decrypted_pages(&v.paths().db, key.as_bytes());
    assert!(!contains(&pages, SECRET.as_bytes()), "the purged text is still in the file");
    assert!(!contains(&pages, b"violet harbour"), "not even part of it");
    test_clock::reset();
}

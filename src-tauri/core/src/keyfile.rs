//! The key file: how a passphrase unlocks the vault.
//!
//! The database is encrypted with a random 256-bit [`DbKey`]. That key is stored
//! only in wrapped form: Argon2id turns the passphrase and a random salt into a
//! key-encryption key, and XChaCha20-Poly1305 seals the database key with it. The
//! file's header (format, KDF and its parameters, salt, cipher) is the AEAD's
//! associated data, so any change to it makes unwrapping fail.
//!
//! Changing the passphrase gives the database a fresh random key (see `vault.rs`
//! for the order of steps that keeps a crash from losing the vault), so an old key
//! file, even with its old passphrase, opens nothing written since. Without the
//! passphrase there is no way back.
//!
//! The file is small, versioned JSON beside the database (`hearth.key`), written
//! atomically through [`files::write_atomic`]. While the key is being changed a
//! second one, `hearth.key.pending`, holds the new key under the new passphrase.
//!
//! **Bounds.** The Argon2id settings come from the file, so a damaged or hostile
//! one (a key file inside a backup from somewhere else) could ask for too little
//! work or far too much. Hearth accepts only settings between [`KdfParams::FLOOR`]
//! (64 MiB, 3 passes, 1 lane: the product's minimum) and [`KdfParams::CEILING`]
//! (512 MiB, 4x the default memory; 10 passes; 4 lanes: a few seconds at most);
//! anything else is refused before any derivation runs, with nothing changed. A
//! file below today's [`KdfParams::default`] is re-sealed with at least the
//! defaults after a successful unlock ([`KdfParams::upgraded`]).

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, Result, files};

/// The key-file format this version writes and the newest it reads.
pub const KEY_FILE_VERSION: u32 = 1;
const FORMAT: &str = "hearth-key";
const KDF: &str = "argon2id";
const CIPHER: &str = "xchacha20poly1305";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// A key file is a few hundred bytes; anything much larger is not one of ours.
const MAX_FILE_LEN: u64 = 16 * 1024;

/// The random key SQLCipher encrypts the database with. Wiped when dropped.
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    /// A fresh key from the operating system's secure random source.
    pub fn generate() -> Result<DbKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|_| Error::Random)?;
        Ok(DbKey(key))
    }

    /// The raw key, for deriving keys for other purposes inside the core (a
    /// backup's MAC key, `backup.rs`). Never leaves the crate.
    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key as SQLCipher's raw-key literal, `x'…'` (64 hex digits), built in
    /// place in a zeroizing buffer that never grows (so never leaves a copy behind
    /// in a reallocation).
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<[u8; 67]> {
        let mut s = Zeroizing::new([0u8; 67]);
        s[0] = b'x';
        s[1] = b'\'';
        hex::encode_to_slice(self.0.as_ref(), &mut s[2..66]).expect("64 hex digits fit");
        s[66] = b'\'';
        s
    }
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

/// A fresh database key and its key file, sealed ahead of a change of key: the
/// slow part (key derivation) done before the vault is touched, so a caller can do
/// it without holding a lock ([`crate::Vault`]'s restore does).
pub struct NewKey {
    key: DbKey,
    file: KeyFile,
}

impl NewKey {
    /// A random key, sealed under `passphrase` with `kdf`.
    pub fn seal(passphrase: &str, kdf: KdfParams) -> Result<NewKey> {
        let key = DbKey::generate()?;
        let file = KeyFile::seal(&key, passphrase, kdf)?;
        Ok(NewKey { key, file })
    }

    pub(crate) fn key(&self) -> &DbKey {
        &self.key
    }

    pub(crate) fn file(&self) -> &KeyFile {
        &self.file
    }
}

impl std::fmt::Debug for NewKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewKey(..)")
    }
}

/// Argon2id cost parameters, stored in the key file so that they can be raised
/// later without breaking existing vaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 128 MiB, 5 passes, 1 lane. The product's floor is 64 MiB and 3 passes; that
    /// took only about 0.25 s on the 2-core development machines, so memory and
    /// passes were raised to land near 0.45 s, inside the 0.3-1 s the product wants
    /// (see the `vault` benchmark). Existing key files keep their own parameters.
    fn default() -> Self {
        KdfParams { memory_kib: 128 * 1024, iterations: 5, parallelism: 1 }
    }
}

impl KdfParams {
    /// The one cheap setting for tests that are about something other than the cost
    /// of key derivation: 8 MiB and one pass, the least a key file may ask for. Only
    /// with the `test-support` feature (or in this crate's unit tests), which no
    /// release build enables; a vault made with it opens with it, since the
    /// parameters travel in the key file.
    ///
    /// It lies below [`KdfParams::FLOOR`]: only builds with `test-support` accept it
    /// (this exact setting and nothing else below the floor), and they never
    /// upgrade it, so tests stay fast. A release build refuses it like any other
    /// setting under the floor.
    #[cfg(any(test, feature = "test-support"))]
    pub const FAST_FOR_TESTS: KdfParams = KdfParams { memory_kib: 8 * 1024, iterations: 1, parallelism: 1 };

    /// The least a key file may ask for: the product's floor, 64 MiB and 3 passes.
    pub const FLOOR: KdfParams = KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };

    /// The most a key file may ask for: 4x the default memory (512 MiB), 10 passes,
    /// 4 lanes. A few seconds of work at worst, never gigabytes.
    pub const CEILING: KdfParams = KdfParams { memory_kib: 512 * 1024, iterations: 10, parallelism: 4 };

    /// Whether every field lies between `low` and `high`, both included.
    fn within(&self, low: KdfParams, high: KdfParams) -> bool {
        (low.memory_kib..=high.memory_kib).contains(&self.memory_kib)
            && (low.iterations..=high.iterations).contains(&self.iterations)
            && (low.parallelism..=high.parallelism).contains(&self.parallelism)
    }

    /// The one test-only exception to the bounds (see [`KdfParams::FAST_FOR_TESTS`]).
    fn is_fast_for_tests(&self) -> bool {
        #[cfg(any(test, feature = "test-support"))]
        if *self == KdfParams::FAST_FOR_TESTS {
            return true;
        }
        false
    }

    /// Bounds a key file must respect: between [`KdfParams::FLOOR`] and
    /// [`KdfParams::CEILING`]. Checked before any derivation runs.
    pub fn check(&self) -> Result<()> {
        if self.within(KdfParams::FLOOR, KdfParams::CEILING) || self.is_fast_for_tests() {
            Ok(())
        } else {
            Err(Error::invalid_input(
                "This key file asks for settings Hearth doesn't use: far weaker or far heavier than \
                 Hearth's own. It may be damaged or not come from Hearth. Nothing was changed.",
            ))
        }
    }

    /// The settings to re-seal with after a successful unlock, if these are below
    /// today's defaults: each field raised to at least the default, never lowered.
    /// `None` when nothing needs raising.
    pub fn upgraded(&self) -> Option<KdfParams> {
        let d = KdfParams::default();
        if self.is_fast_for_tests() || (self.memory_kib >= d.memory_kib && self.iterations >= d.iterations) {
            return None;
        }
        Some(KdfParams {
            memory_kib: self.memory_kib.max(d.memory_kib),
            iterations: self.iterations.max(d.iterations),
            parallelism: self.parallelism,
        })
    }

    fn argon2(&self) -> Result<Argon2<'static>> {
        self.check()?;
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|_| Error::KeyFileInvalid("key derivation settings out of range"))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// The parsed key file. Holds only public or wrapped material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    pub kdf: KdfParams,
    salt: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    wrapped_key: Vec<u8>,
}

/// What is on disk.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Disk {
    format: String,
    version: u32,
    kdf: DiskKdf,
    cipher: DiskCipher,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiskKdf {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiskCipher {
    algorithm: String,
    nonce: String,
    wrapped_key: String,
}

impl KeyFile {
    /// Wraps `key` under `passphrase` with a fresh salt and nonce.
    pub fn seal(key: &DbKey, passphrase: &str, kdf: KdfParams) -> Result<KeyFile> {
        let mut salt = vec![0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut salt).map_err(|_| Error::Random)?;
        getrandom::fill(&mut nonce).map_err(|_| Error::Random)?;
        let mut file = KeyFile { kdf, salt, nonce, wrapped_key: Vec::new() };
        let kek = file.derive(passphrase)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let aad = file.associated_data();
        file.wrapped_key = cipher
            .encrypt(XNonce::from_slice(&file.nonce), Payload { msg: key.0.as_ref(), aad: aad.as_bytes() })
            .map_err(|_| Error::KeyFileInvalid("sealing failed"))?;
        Ok(file)
    }

    /// Unwraps the database key. A wrong passphrase, or any change to the file,
    /// fails authentication and gives [`Error::WrongPassphrase`].
    pub fn unseal(&self, passphrase: &str) -> Result<DbKey> {
        let kek = self.derive(passphrase)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let aad = self.associated_data();
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&self.nonce),
                    Payload { msg: &self.wrapped_key, aad: aad.as_bytes() },
                )
                .map_err(|_| Error::WrongPassphrase)?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != key.len() {
            return Err(Error::KeyFileInvalid("wrapped key has the wrong length"));
        }
        key.copy_from_slice(&plain);
        Ok(DbKey(key))
    }

    /// This file's key under the same passphrase with at least today's default
    /// settings, if its own are weaker (see [`KdfParams::upgraded`]).
    pub fn upgraded(&self, key: &DbKey, passphrase: &str) -> Result<Option<KeyFile>> {
        self.kdf.upgraded().map(|kdf| KeyFile::seal(key, passphrase, kdf)).transpose()
    }

    fn derive(&self, passphrase: &str) -> Result<Zeroizing<[u8; 32]>> {
        let mut kek = Zeroizing::new([0u8; 32]);
        self.kdf
            .argon2()?
            .hash_password_into(passphrase.as_bytes(), &self.salt, kek.as_mut())
            .map_err(|_| Error::KeyFileInvalid("key derivation failed"))?;
        Ok(kek)
    }

    fn associated_data(&self) -> String {
        format!(
            "{FORMAT}/{KEY_FILE_VERSION}/{KDF}/{}/{}/{}/{}/{CIPHER}",
            self.kdf.memory_kib,
            self.kdf.iterations,
            self.kdf.parallelism,
            hex::encode(&self.salt)
        )
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let disk = Disk {
            format: FORMAT.into(),
            version: KEY_FILE_VERSION,
            kdf: DiskKdf {
                algorithm: KDF.into(),
                memory_kib: self.kdf.memory_kib,
                iterations: self.kdf.iterations,
                parallelism: self.kdf.parallelism,
                salt: hex::encode(&self.salt),
            },
            cipher: DiskCipher {
                algorithm: CIPHER.into(),
                nonce: hex::encode(self.nonce),
                wrapped_key: hex::encode(&self.wrapped_key),
            },
        };
        let mut out = serde_json::to_vec_pretty(&disk).expect("key file serialises");
        out.push(b'\n');
        out
    }

    /// Parses and validates a key file. Anything unexpected is refused before any
    /// key derivation runs.
    pub fn from_bytes(bytes: &[u8]) -> Result<KeyFile> {
        #[derive(Deserialize)]
        struct Header {
            format: String,
            version: u32,
        }
        let header: Header =
            serde_json::from_slice(bytes).map_err(|_| Error::KeyFileInvalid("not a Hearth key file"))?;
        if header.format != FORMAT {
            return Err(Error::KeyFileInvalid("not a Hearth key file"));
        }
        if header.version > KEY_FILE_VERSION {
            return Err(Error::VaultTooNew {
                found: header.version.into(),
                supported: KEY_FILE_VERSION.into(),
            });
        }
        let disk: Disk =
            serde_json::from_slice(bytes).map_err(|_| Error::KeyFileInvalid("unexpected contents"))?;
        if disk.kdf.algorithm != KDF || disk.cipher.algorithm != CIPHER {
            return Err(Error::KeyFileInvalid("unknown algorithm"));
        }
        let kdf = KdfParams {
            memory_kib: disk.kdf.memory_kib,
            iterations: disk.kdf.iterations,
            parallelism: disk.kdf.parallelism,
        };
        kdf.check()?;
        let bad = |_| Error::KeyFileInvalid("unexpected contents");
        let salt = hex::decode(&disk.kdf.salt).map_err(bad)?;
        let nonce: [u8; NONCE_LEN] = hex::decode(&disk.cipher.nonce)
            .map_err(bad)?
            .try_into()
            .map_err(|_| Error::KeyFileInvalid("unexpected contents"))?;
        let wrapped_key = hex::decode(&disk.cipher.wrapped_key).map_err(bad)?;
        if !(SALT_LEN..=64).contains(&salt.len()) || wrapped_key.len() != 32 + TAG_LEN {
            return Err(Error::KeyFileInvalid("unexpected contents"));
        }
        Ok(KeyFile { kdf, salt, nonce, wrapped_key })
    }

    pub fn read(path: &Path) -> Result<KeyFile> {
        match files::read_bounded(path, MAX_FILE_LEN) {
            Ok(bytes) => KeyFile::from_bytes(&bytes),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Err(Error::KeyFileMissing)
            }
            Err(Error::FileTooLarge { .. }) => Err(Error::KeyFileInvalid("far too large")),
            Err(e) => Err(e),
        }
    }

    /// Replaces the file at `path` so that a crash leaves either the old or the new
    /// file, never a torn one ([`files::write_atomic`]).
    pub fn write_atomic(&self, path: &Path) -> Result<()> {
        files::write_atomic(path, &self.to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// These tests are about the format, not the cost.
    const FAST: KdfParams = KdfParams::FAST_FOR_TESTS;

    #[test]
    fn seal_then_unseal_gives_the_same_key() {
        let key = DbKey::generate().unwrap();
        let file = KeyFile::seal(&key, "a long and happy life", FAST).unwrap();
        let back = KeyFile::from_bytes(&file.to_bytes()).unwrap().unseal("a long and happy life").unwrap();
        assert_eq!(key.0.as_ref(), back.0.as_ref());
    }

    #[test]
    fn wrong_passphrase_is_refused() {
        let file = KeyFile::seal(&DbKey::generate().unwrap(), "right one", FAST).unwrap();
        assert!(matches!(file.unseal("wrong one"), Err(Error::WrongPassphrase)));
        assert!(matches!(file.unseal(""), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn tampered_header_fails_authentication() {
        // At the floor, so that one more pass is still inside the bounds.
        let file = KeyFile::seal(&DbKey::generate().unwrap(), "pass", KdfParams::FLOOR).unwrap();
        let mut t = file.clone();
        t.kdf.iterations += 1;
        assert!(matches!(t.unseal("pass"), Err(Error::WrongPassphrase)));
        let mut t = file.clone();
        t.salt[0] ^= 1;
        assert!(matches!(t.unseal("pass"), Err(Error::WrongPassphrase)));
        let mut t = file;
        t.wrapped_key[5] ^= 1;
        assert!(matches!(t.unseal("pass"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn a_fresh_seal_uses_a_fresh_salt_and_nonce() {
        let key = DbKey::generate().unwrap();
        let a = KeyFile::seal(&key, "same", FAST).unwrap();
        let b = KeyFile::seal(&key, "same", FAST).unwrap();
        assert_ne!(a.salt, b.salt);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.wrapped_key, b.wrapped_key);
    }

    #[test]
    fn malformed_files_are_refused_with_a_reason() {
        let good =
            String::from_utf8(KeyFile::seal(&DbKey::generate().unwrap(), "p", FAST).unwrap().to_bytes())
                .unwrap();
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "key_file_invalid"),
            ("not json".into(), "key_file_invalid"),
            ("{}".into(), "key_file_invalid"),
            (good.replace("hearth-key", "other-key"), "key_file_invalid"),
            (good.replace("\"version\": 1", "\"version\": 2"), "vault_too_new"),
            (good.replace("argon2id", "scrypt"), "key_file_invalid"),
            (good.replace("\"memory_kib\": 8192", "\"memory_kib\": 4294967295"), "invalid_input"),
            (good.replace("\"iterations\": 1", "\"iterations\": 0"), "invalid_input"),
            (good.replace("\"format\"", "\"extra\": 1, \"format\""), "key_file_invalid"),
            (good.replace("\"nonce\": \"", "\"nonce\": \"00"), "key_file_invalid"),
            (good.replace("\"salt\": \"", "\"salt\": \"zz"), "key_file_invalid"),
        ];
        for (text, kind) in cases {
            let err = KeyFile::from_bytes(text.as_bytes()).expect_err(&text);
            assert_eq!(err.kind(), kind, "for {text}");
        }
    }

    /// A key file (FAST-sealed) with its settings replaced: the bounds are checked
    /// on parsing, before any derivation, so the seal itself does not matter.
    fn with_settings(memory_kib: u32, iterations: u32, parallelism: u32) -> String {
        String::from_utf8(KeyFile::seal(&DbKey::generate().unwrap(), "p", FAST).unwrap().to_bytes())
            .unwrap()
            .replace("\"memory_kib\": 8192", &format!("\"memory_kib\": {memory_kib}"))
            .replace("\"iterations\": 1", &format!("\"iterations\": {iterations}"))
            .replace("\"parallelism\": 1", &format!("\"parallelism\": {parallelism}"))
    }

    #[test]
    fn settings_outside_the_floor_and_ceiling_are_refused_in_words() {
        const MIB: u32 = 1024;
        // (memory KiB, passes, lanes, accepted)
        let table = [
            (64 * MIB, 3, 1, true),    // the floor
            (128 * MIB, 5, 1, true),   // today's default
            (512 * MIB, 10, 4, true),  // the ceiling
            (8 * MIB, 2, 1, false),    // the old minimum, near enough
            (8 * MIB, 1, 2, false),    // the test setting with one field changed
            (32 * MIB, 3, 1, false),   // too little memory
            (64 * MIB, 2, 1, false),   // too few passes
            (1024 * MIB, 5, 1, false), // the old ceiling's memory
            (128 * MIB, 11, 1, false), // too many passes
            (128 * MIB, 16, 8, false), // the old ceiling
            (128 * MIB, 5, 5, false),  // too many lanes
            (128 * MIB, 5, 0, false),  // no lane at all
        ];
        for (m, t, p, accepted) in table {
            let result = KeyFile::from_bytes(with_settings(m, t, p).as_bytes());
            if accepted {
                assert_eq!(result.unwrap().kdf, KdfParams { memory_kib: m, iterations: t, parallelism: p });
            } else {
                let err = result.expect_err(&format!("{m} KiB x {t} x {p}"));
                assert_eq!(err.kind(), "invalid_input", "{m} KiB x {t} x {p}");
                assert!(err.to_string().contains("settings Hearth doesn't use"), "{err}");
            }
        }
    }

    #[test]
    fn the_test_setting_is_below_the_floor_that_release_builds_keep() {
        // Release builds have no exception: only `test-support` lets this one in.
        assert!(!FAST.within(KdfParams::FLOOR, KdfParams::CEILING));
        assert!(KdfParams::FLOOR.within(KdfParams::FLOOR, KdfParams::CEILING));
        assert!(KdfParams::default().within(KdfParams::FLOOR, KdfParams::CEILING));
    }

    #[test]
    fn settings_below_the_defaults_are_raised_never_lowered() {
        let d = KdfParams::default();
        assert_eq!(KdfParams::FLOOR.upgraded(), Some(d));
        assert_eq!(d.upgraded(), None);
        assert_eq!(KdfParams::CEILING.upgraded(), None);
        let more_memory = KdfParams { memory_kib: 256 * 1024, iterations: 3, parallelism: 2 };
        assert_eq!(
            more_memory.upgraded(),
            Some(KdfParams { memory_kib: 256 * 1024, iterations: d.iterations, parallelism: 2 })
        );
        assert_eq!(FAST.upgraded(), None, "tests keep their cheap setting");
    }

    #[test]
    fn the_raw_key_literal_is_what_sqlcipher_expects() {
        let key = DbKey::generate().unwrap();
        let literal = key.sqlcipher_literal();
        let text = std::str::from_utf8(literal.as_ref()).unwrap();
        assert_eq!(text, format!("x'{}'", hex::encode(key.0.as_ref())));
    }
}

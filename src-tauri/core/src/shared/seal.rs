//! Sealing the files in the shared folder. Pure: bytes in, bytes out.
//!
//! A file is `MAGIC (8) | total length (u32 LE) | nonce (24) | ciphertext`, the
//! ciphertext XChaCha20-Poly1305 under the couple key of
//! `payload length (u32 LE) | payload | zero padding`. The associated data binds
//! the header, the couple, the author device, the file's kind and its number, so a
//! file can't be passed off as another device's, another kind or another number
//! (a replayed old file under a new name fails to open). Padding rounds the file up
//! to a size class (1 KiB, then powers of two to 1 MiB, then whole MiB), so sizes
//! tell only rough volume.
//!
//! The total length in the clear lets a reader tell a file still being copied
//! (shorter than it says) from a damaged one.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::{Error, Result};

pub const MAGIC: &[u8; 8] = b"HEARTHS1";
const HEADER: usize = 8 + 4 + 24;
const TAG: usize = 16;
/// The largest file Hearth writes or reads in the shared folder.
pub const MAX_FILE: u64 = 256 * 1024 * 1024;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Changes since the device's previous file.
    Changes,
    /// The whole document, compacted: everything before it can be dropped.
    Snapshot,
    /// The device has unpaired.
    Farewell,
}

impl Kind {
    pub fn letter(self) -> char {
        match self {
            Kind::Changes => 'c',
            Kind::Snapshot => 's',
            Kind::Farewell => 'f',
        }
    }

    pub fn from_letter(c: char) -> Option<Kind> {
        [Kind::Changes, Kind::Snapshot, Kind::Farewell].into_iter().find(|k| k.letter() == c)
    }
}

/// Why a file could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unopened {
    /// Shorter than its header says: still being copied; try again later.
    Incomplete,
    /// Not a Hearth shared-space file at all.
    Foreign,
    /// A Hearth file that doesn't open under this couple's key for this name:
    /// another couple's, altered, or an old file under a new name.
    Unreadable,
}

impl Unopened {
    pub fn message(self) -> &'static str {
        match self {
            Unopened::Incomplete => "This file is still arriving; Hearth will read it once it is whole.",
            Unopened::Foreign => "This file isn't one Hearth wrote, so it was left alone.",
            Unopened::Unreadable => {
                "This file doesn't open with your shared key: it was changed, is from someone else's Hearth, or is an old file copied under a new name. It was left alone."
            }
        }
    }
}

/// Who wrote a file and where it sits in that device's sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub couple: Uuid,
    pub device: Uuid,
    pub kind: Kind,
    pub seq: u64,
}

fn padded_len(n: usize) -> usize {
    const MIB: usize = 1024 * 1024;
    if n <= 1024 {
        1024
    } else if n <= MIB {
        n.next_power_of_two()
    } else {
        n.div_ceil(MIB) * MIB
    }
}

fn aad(header: &[u8], label: &Label) -> Vec<u8> {
    let mut a = header[..12].to_vec();
    a.extend_from_slice(label.couple.as_bytes());
    a.extend_from_slice(label.device.as_bytes());
    a.push(label.kind.letter() as u8);
    a.extend_from_slice(&label.seq.to_le_bytes());
    a
}

/// Seals `payload` for the shared folder.
pub fn seal(key: &[u8; 32], label: &Label, payload: &[u8]) -> Result<Vec<u8>> {
    let body_len = padded_len(payload.len() + 4);
    let total = HEADER + body_len + TAG;
    if total as u64 > MAX_FILE {
        return Err(Error::invalid_input("The shared space has grown too large to write."));
    }
    let mut plain = Zeroizing::new(Vec::with_capacity(body_len));
    plain.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    plain.extend_from_slice(payload);
    plain.resize(body_len, 0);
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| Error::Random)?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&nonce);
    let cipher = XChaCha20Poly1305::new(key.into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: &plain, aad: &aad(&out, label) })
        .map_err(|_| Error::invalid_input("The shared space couldn't be sealed."))?;
    out.extend_from_slice(&sealed);
    debug_assert_eq!(out.len(), total);
    Ok(out)
}

/// Opens a file written by [`seal`] with the same key and label.
pub fn open(
    key: &[u8; 32],
    label: &Label,
    bytes: &[u8],
) -> std::result::Result<Zeroizing<Vec<u8>>, Unopened> {
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(Unopened::Foreign);
    }
    let total = u32::from_le_bytes(bytes[8..12].try_into().expect("four bytes")) as usize;
    if total < HEADER + TAG + 4 {
        return Err(Unopened::Foreign);
    }
    if bytes.len() < total {
        return Err(Unopened::Incomplete);
    }
    if bytes.len() > total {
        return Err(Unopened::Unreadable);
    }
    let cipher = XChaCha20Poly1305::new(key.into());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(&bytes[12..HEADER]),
            Payload { msg: &bytes[HEADER..], aad: &aad(bytes, label) },
        )
        .map(Zeroizing::new)
        .map_err(|_| Unopened::Unreadable)?;
    let len = u32::from_le_bytes(plain[..4].try_into().expect("four bytes")) as usize;
    if len > plain.len() - 4 {
        return Err(Unopened::Unreadable);
    }
    Ok(Zeroizing::new(plain[4..4 + len].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> Label {
        Label { couple: Uuid::new_v4(), device: Uuid::new_v4(), kind: Kind::Changes, seq: 7 }
    }

    #[test]
    fn a_sealed_file_opens_only_with_its_key_and_label() {
        let (key, l) = ([7u8; 32], label());
        let file = seal(&key, &l, b"changes").unwrap();
        assert_eq!(&open(&key, &l, &file).unwrap()[..], b"changes");
        assert_eq!(open(&[8u8; 32], &l, &file), Err(Unopened::Unreadable));
        for other in [
            Label { seq: 8, ..l },
            Label { kind: Kind::Snapshot, ..l },
            Label { device: Uuid::new_v4(), ..l },
            Label { couple: Uuid::new_v4(), ..l },
        ] {
            assert_eq!(open(&key, &other, &file), Err(Unopened::Unreadable));
        }
    }

    #[test]
    fn a_cut_file_is_still_arriving_and_a_changed_one_is_unreadable() {
        let (key, l) = ([7u8; 32], label());
        let file = seal(&key, &l, b"changes").unwrap();
        assert_eq!(open(&key, &l, &file[..file.len() - 1]), Err(Unopened::Incomplete));
        assert_eq!(open(&key, &l, &file[..40]), Err(Unopened::Incomplete));
        let mut changed = file.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert_eq!(open(&key, &l, &changed), Err(Unopened::Unreadable));
        let mut longer = file.clone();
        longer.push(0);
        assert_eq!(open(&key, &l, &longer), Err(Unopened::Unreadable));
        assert_eq!(open(&key, &l, b"hello, world, this is not it"), Err(Unopened::Foreign));
        assert_eq!(open(&key, &l, b""), Err(Unopened::Foreign));
    }

    #[test]
    fn sizes_tell_only_rough_volume() {
        let (key, l) = ([7u8; 32], label());
        let small = seal(&key, &l, b"a").unwrap().len();
        let bigger = seal(&key, &l, &[1u8; 900]).unwrap().len();
        assert_eq!(small, bigger);
        assert_eq!(padded_len(1025), 2048);
        assert_eq!(padded_len(3 * 1024 * 1024 + 1), 4 * 1024 * 1024);
    }
}

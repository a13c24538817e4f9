//! A file the person picked, applied by a later command.
//!
//! Imports and restores are two steps: one command asks for the file (a native
//! dialog), checks it and says what it holds; a later command applies it. Between
//! the two, only the file's path and a SHA-256 digest of its bytes are kept (no
//! content stays in memory), in [`crate::state::AppState`], one slot per
//! [`Purpose`]. Applying reads the file again and refuses it, changing nothing, if
//! its bytes are not the ones the person saw. Locking and opening a vault forget
//! every picked file.

use std::path::{Path, PathBuf};

use hearth_core::Error;
use sha2::{Digest, Sha256};

/// What a picked file is for: each has its own slot, so one flow can't apply
/// another's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    JournalImport,
    BucketImport,
    Restore,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::JournalImport, Purpose::BucketImport, Purpose::Restore];

    /// Said when the apply step comes with nothing picked.
    pub fn nothing_picked(self) -> &'static str {
        match self {
            Purpose::JournalImport | Purpose::BucketImport => "Choose a file to import first.",
            Purpose::Restore => "Choose a backup to restore first.",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFile {
    path: PathBuf,
    digest: [u8; 32],
}

impl PendingFile {
    /// Remembers `path` with a digest of `bytes`, the contents just checked.
    pub fn new(path: PathBuf, bytes: &[u8]) -> PendingFile {
        PendingFile { path, digest: Sha256::digest(bytes).into() }
    }

    /// Remembers `path` with a digest of the file as it is now, read as a stream
    /// (for a backup, too big to hold in memory).
    pub fn of_file(path: PathBuf) -> Result<PendingFile, Error> {
        let digest = digest_file(&path)?;
        Ok(PendingFile { path, digest })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file again with `read` (the importer's own bounded reader) and
    /// returns its bytes if they are the ones seen when it was picked.
    pub fn read_again(&self, read: impl FnOnce(&Path) -> Result<Vec<u8>, Error>) -> Result<Vec<u8>, Error> {
        let bytes = read(&self.path)?;
        if <[u8; 32]>::from(Sha256::digest(&bytes)) != self.digest {
            return Err(changed());
        }
        Ok(bytes)
    }

    /// Fails unless the file still holds the bytes it held when it was picked.
    pub fn check_unchanged(&self) -> Result<(), Error> {
        if digest_file(&self.path)? != self.digest {
            return Err(changed());
        }
        Ok(())
    }
}

fn changed() -> Error {
    Error::invalid_input(
        "The file changed after you chose it, so nothing was changed. Please choose it again.",
    )
}

fn digest_file(path: &Path) -> Result<[u8; 32], Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let mut hasher = Sha256::new();
    std::io::copy(&mut std::fs::File::open(path).map_err(io)?, &mut hasher).map_err(io)?;
    Ok(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> Result<Vec<u8>, Error> {
        std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
    }

    #[test]
    fn the_same_bytes_are_accepted_and_changed_ones_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partner.json");
        std::fs::write(&path, b"{\"entries\":[]}").unwrap();
        let picked = PendingFile::new(path.clone(), b"{\"entries\":[]}");
        assert_eq!(picked.read_again(read).unwrap(), b"{\"entries\":[]}");
        picked.check_unchanged().unwrap();

        // One byte more, same length, or gone: each is refused with a sentence.
        std::fs::write(&path, b"{\"entries\":[] }").unwrap();
        let err = picked.read_again(read).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        assert!(err.to_string().contains("changed after you chose it"), "{err}");
        assert_eq!(picked.check_unchanged().unwrap_err().kind(), "invalid_input");
        std::fs::write(&path, b"{\"entries\":{}}").unwrap();
        assert_eq!(picked.read_again(read).unwrap_err().kind(), "invalid_input");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(picked.check_unchanged().unwrap_err().kind(), "io");
    }

    #[test]
    fn a_streamed_digest_matches_the_digest_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.hearthbackup");
        // Larger than io::copy's buffer, so the stream takes several reads.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(PendingFile::of_file(path.clone()).unwrap(), PendingFile::new(path, &bytes));
    }
}

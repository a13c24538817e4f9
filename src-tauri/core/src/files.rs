//! File I/O outside the database: the one way Hearth reads a file it was given and
//! writes a file it made.
//!
//! - [`read_bounded`]: every file read from outside (an import, a partner's share
//!   file, the key file) is read through a cap, so a huge or endless file is refused
//!   in words before it can fill memory. The cap is enforced on the bytes actually
//!   read, not on a size asked for beforehand, so a file that grows while it is read
//!   is still refused.
//! - [`write_atomic`]: every file Hearth writes (the key file, backups, exports,
//!   share files) goes through a temporary file in the same folder, created private
//!   to this user (0600 on Unix), written, fsynced, renamed over the target, and
//!   the folder fsynced so the rename itself survives a power cut. A crash or error
//!   leaves either the old file or the new one, never a torn one, and no temporary
//!   file behind.
//!
//! **Invariant:** no other module in the core or the shell calls `fs::write`,
//! `File::create` or `fs::read` on a path the person chose or on the key file.
//! The exceptions: a backup being restored is streamed, never held whole (its
//! header read through a cap, its database copied to a staging file, both in
//! `backup.rs`). (The Markdown export is one zip, written with `write_atomic`.)

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use crate::{Error, Result};

/// Reads all of `path`, or refuses with [`Error::FileTooLarge`] if it holds more
/// than `max_bytes`. Never reads more than one byte past the cap.
pub fn read_bounded(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let file = fs::File::open(path).map_err(Error::io(path))?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(Error::io(path))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::FileTooLarge { limit_bytes: max_bytes });
    }
    Ok(bytes)
}

/// Replaces `path` with `bytes` so that a crash leaves either the old file or the
/// new one. The result is private to this user (0600 on Unix).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // tempfile makes the file with O_EXCL, mode 0600 and a random name, and deletes
    // it when dropped: every early return below leaves nothing behind.
    let mut tmp = tempfile::Builder::new()
        .prefix(".hearth-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(Error::io(dir))?;
    tmp.write_all(bytes).map_err(Error::io(path))?;
    tmp.as_file().sync_all().map_err(Error::io(path))?;
    tmp.persist(path).map_err(|e| Error::io(path)(e.error))?;
    sync_dir(dir).map_err(Error::io(dir))
}

/// Makes a rename or a new file in `dir` durable.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Windows has no directory handles to fsync; NTFS journals the rename itself.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hearth.key");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["hearth.key"]);
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_is_private_to_this_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        // Even over a file that was readable by everyone.
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder: the rename fails after the temp file was written.
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"keep").unwrap();
        let err = write_atomic(&target, b"new").unwrap_err();
        assert_eq!(err.kind(), "io");
        assert_eq!(names(dir.path()), ["taken"]);
        assert_eq!(fs::read(target.join("inside")).unwrap(), b"keep");
        // A folder that does not exist: nothing is made anywhere.
        let missing = dir.path().join("no such folder").join("x.json");
        assert_eq!(write_atomic(&missing, b"new").unwrap_err().kind(), "io");
        assert_eq!(names(dir.path()), ["taken"]);
    }

    #[test]
    fn a_bounded_read_takes_up_to_the_limit_and_refuses_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, vec![b'x'; 1024]).unwrap();
        assert_eq!(read_bounded(&path, 1024).unwrap().len(), 1024);
        let err = read_bounded(&path, 1023).unwrap_err();
        assert_eq!(err.kind(), "file_too_large");
        assert!(err.to_string().contains("1 KB"), "{err}");
        let big = Error::FileTooLarge { limit_bytes: 50 * 1024 * 1024 }.to_string();
        assert!(big.contains("50 MB"), "{big}");
        assert_eq!(read_bounded(&dir.path().join("none"), 10).unwrap_err().kind(), "io");
    }
}

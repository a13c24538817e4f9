//! The shared folder's layout. Inside the folder the person picked:
//!
//! ```text
//! Hearth-<couple id>/
//!     <device id>/            one folder per device; only that device writes in it
//!         c0000000001.hearth  changes (seal::Kind::Changes), numbered
//!         s0000000042.hearth  a compacted snapshot: everything up to its number
//!         f0000000043.hearth  the device unpaired
//! Hearth-pairing/             one-time pairing messages (pair.rs)
//! ```
//!
//! No two devices ever write the same file, so any file-sync tool (Syncthing,
//! Nextcloud, Dropbox, iCloud Drive, a network share, a USB stick) can carry the
//! folder without conflicts. Names carry only random ids and numbers.

use std::fs;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::seal::{self, Kind, Label};
use crate::{Error, Result, files};

pub struct Folder {
    root: PathBuf,
    couple: Uuid,
}

/// One file in a device's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub seq: u64,
    pub path: PathBuf,
    /// The name shown in notices and remembered once read: `<device>/<file>`.
    pub name: String,
}

pub fn file_name(kind: Kind, seq: u64) -> String {
    format!("{}{seq:010}.hearth", kind.letter())
}

fn parse_name(name: &str) -> Option<(Kind, u64)> {
    let stem = name.strip_suffix(".hearth")?;
    let mut chars = stem.chars();
    let kind = Kind::from_letter(chars.next()?)?;
    let digits = chars.as_str();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, digits.parse().ok()?))
}

impl Folder {
    pub fn new(root: impl Into<PathBuf>, couple: Uuid) -> Folder {
        Folder { root: root.into(), couple }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn couple_dir(&self) -> PathBuf {
        self.root.join(format!("Hearth-{}", self.couple.simple()))
    }

    pub fn device_dir(&self, device: Uuid) -> PathBuf {
        self.couple_dir().join(device.simple().to_string())
    }

    /// Whether the folder can be reached now (a USB stick may be out, a network
    /// share away).
    pub fn reachable(&self) -> bool {
        self.root.is_dir()
    }

    /// Seals `payload` and writes it as `device`'s file number `seq`.
    pub fn write(&self, key: &[u8; 32], device: Uuid, kind: Kind, seq: u64, payload: &[u8]) -> Result<()> {
        let dir = self.device_dir(device);
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        let sealed = seal::seal(key, &Label { couple: self.couple, device, kind, seq }, payload)?;
        files::write_atomic(&dir.join(file_name(kind, seq)), &sealed)
    }

    /// `device`'s files, in number order. Anything else there (a sync tool's
    /// temporary files) is passed over. A missing folder is no files.
    pub fn list(&self, device: Uuid) -> Result<Vec<Entry>> {
        let dir = self.device_dir(device);
        let read = match fs::read_dir(&dir) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir)(e)),
        };
        let mut out = Vec::new();
        for entry in read {
            let entry = entry.map_err(Error::io(&dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some((kind, seq)) = parse_name(&name) {
                out.push(Entry {
                    kind,
                    seq,
                    path: entry.path(),
                    name: format!("{}/{name}", device.simple()),
                });
            }
        }
        out.sort_by_key(|e| (e.seq, e.kind.letter()));
        Ok(out)
    }

    /// Folders of devices other than `known` in this couple's folder: files
    /// someone else put there, which Hearth leaves alone.
    pub fn strangers(&self, known: &[Uuid]) -> Vec<String> {
        let Ok(read) = fs::read_dir(self.couple_dir()) else { return Vec::new() };
        read.filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.') && !known.iter().any(|k| k.simple().to_string() == *n))
            .collect()
    }

    /// Reads one file, within [`seal::MAX_FILE`].
    pub fn read(entry: &Entry) -> Result<Vec<u8>> {
        files::read_bounded(&entry.path, seal::MAX_FILE)
    }

    /// Removes `device`'s files numbered below `seq` (after a snapshot holds them).
    pub fn remove_below(&self, device: Uuid, seq: u64) -> Result<()> {
        for e in self.list(device)?.into_iter().filter(|e| e.seq < seq) {
            match fs::remove_file(&e.path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(Error::io(&e.path)(err)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_strangers_are_passed_over() {
        assert_eq!(parse_name(&file_name(Kind::Snapshot, 42)), Some((Kind::Snapshot, 42)));
        assert_eq!(parse_name("c12.hearth"), Some((Kind::Changes, 12)));
        for bad in [
            "c.hearth",
            "x0001.hearth",
            "c00a1.hearth",
            ".hearth-1234.tmp",
            "c0001.hearth.part",
            "c-1.hearth",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn files_are_written_listed_in_order_and_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let (couple, device) = (Uuid::new_v4(), Uuid::new_v4());
        let f = Folder::new(tmp.path(), couple);
        assert!(f.list(device).unwrap().is_empty());
        for seq in [3, 1, 2] {
            f.write(&[1; 32], device, Kind::Changes, seq, b"x").unwrap();
        }
        fs::write(f.device_dir(device).join(".syncthing.c4.tmp"), b"partial").unwrap();
        let seqs: Vec<u64> = f.list(device).unwrap().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3]);
        f.remove_below(device, 3).unwrap();
        assert_eq!(f.list(device).unwrap().len(), 1);
        assert_eq!(f.strangers(&[device]), Vec::<String>::new());
        fs::create_dir_all(f.couple_dir().join("someone")).unwrap();
        assert_eq!(f.strangers(&[device]), ["someone"]);
    }
}

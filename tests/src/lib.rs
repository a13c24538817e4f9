//! Shared helpers for Hearth's integration and end-to-end tests.

pub mod e2e;
pub mod hostile;
#[cfg(target_os = "linux")]
pub mod procs;
#[cfg(target_os = "linux")]
pub mod window;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A passphrase strong enough for Hearth's minimum.
pub const PASSPHRASE: &str = "lantern orchard tuesday";

/// Every file below `dir` with its bytes: "did anything on disk change?" in one value.
pub fn snapshot_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

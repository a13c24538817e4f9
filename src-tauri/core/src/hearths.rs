//! More than one Hearth in one app-data folder: two people who share a computer
//! each keep their own vault, with its own passphrase ("Whose Hearth is this?").
//!
//! The first vault lives where it always has, in the app-data folder itself, so a
//! folder made by an earlier Hearth is the first of the list unchanged. Each other
//! one lives in `hearths/<id>/` beneath it, a folder of the same shape. Nothing is
//! shared between them but the window: each has its own key, throttle, snapshots
//! and pairing. Two vaults on one computer pair through a local folder exactly as
//! two computers do.
//!
//! The name the lock screen shows for each is kept beside its vault in plain text
//! (`hearth.name`), because it is needed before any vault is open. It holds what
//! the person typed as their name for the list and nothing else.

use std::fs;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::journal::entry::clean_line;
use crate::{Error, Result, Vault, files};

/// The id of the vault in the app-data folder itself.
pub const FIRST: &str = "first";
/// The folder, under the app-data folder, holding the other vaults.
const OTHERS: &str = "hearths";
/// The file, in a vault's folder, holding its name on the lock screen.
const NAME_FILE: &str = "hearth.name";
pub const MAX_NAME_CHARS: usize = 40;
/// More than this many vaults in one folder is surely not two people sharing.
const MAX_HEARTHS: usize = 8;

/// One vault on the lock screen's list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hearth {
    pub id: String,
    /// The name typed for it, or "" if none was.
    pub name: String,
}

/// The folder of the vault `id` under `root`, if `id` is one this module made.
/// Ids from the window are checked here, so none can point elsewhere.
pub fn dir_of(root: &Path, id: &str) -> Option<PathBuf> {
    if id == FIRST {
        return Some(root.to_path_buf());
    }
    let id = Uuid::try_parse(id).ok()?;
    Some(root.join(OTHERS).join(id.simple().to_string()))
}

/// Every vault under `root`, the first one first, then the others by name. A
/// folder without a vault in it (a creation that never finished) is left out.
pub fn list(root: &Path) -> Vec<Hearth> {
    let mut others: Vec<Hearth> = fs::read_dir(root.join(OTHERS))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| Uuid::try_parse(e.file_name().to_str()?).ok())
        .map(|id| id.simple().to_string())
        .filter_map(|id| {
            let dir = dir_of(root, &id)?;
            Vault::exists(&dir).then(|| Hearth { name: name(&dir), id })
        })
        .collect();
    others.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    let first = Vault::exists(root).then(|| Hearth { id: FIRST.into(), name: name(root) });
    first.into_iter().chain(others).collect()
}

/// Where a new vault goes: the app-data folder itself if it holds none yet, else
/// a new folder under `hearths/`. Returns its id and folder (not made yet).
pub fn next(root: &Path) -> Result<(String, PathBuf)> {
    if !Vault::exists(root) {
        return Ok((FIRST.into(), root.to_path_buf()));
    }
    if list(root).len() >= MAX_HEARTHS {
        return Err(Error::invalid_input(format!(
            "This computer already keeps {MAX_HEARTHS} Hearths, which is as many as one folder holds."
        )));
    }
    let id = Uuid::new_v4().simple().to_string();
    let dir = dir_of(root, &id).expect("a fresh uuid is a valid id");
    Ok((id, dir))
}

/// The name shown for the vault in `dir` ("" if none was given).
pub fn name(dir: &Path) -> String {
    files::read_bounded(&dir.join(NAME_FILE), 1024)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .map(|s| clean_line(&s).chars().take(MAX_NAME_CHARS).collect())
        .unwrap_or_default()
}

/// Checks a name for the list: one line, up to [`MAX_NAME_CHARS`]; may be empty.
pub fn clean_name(name: &str) -> Result<String> {
    let name = clean_line(name);
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid_input(format!(
            "A name for the lock screen can be up to {MAX_NAME_CHARS} characters."
        )));
    }
    Ok(name)
}

/// Stores the name shown for the vault in `dir` (an empty name removes it).
pub fn set_name(dir: &Path, name: &str) -> Result<()> {
    let name = clean_name(name)?;
    let path = dir.join(NAME_FILE);
    if name.is_empty() {
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&path)(e)),
            _ => return Ok(()),
        }
    }
    files::write_atomic(&path, name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyfile::KdfParams;

    const PASS: &str = "lantern orchard tuesday";

    #[test]
    fn the_first_vault_stays_where_it_was_and_others_go_beside_it() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        assert_eq!(list(root), vec![]);
        let (id, dir) = next(root).unwrap();
        assert_eq!((id.as_str(), dir.as_path()), (FIRST, root));
        Vault::create(&dir, PASS, KdfParams::FAST_FOR_TESTS).unwrap().close().unwrap();
        set_name(&dir, "  Sam\n").unwrap();

        let (id, dir) = next(root).unwrap();
        assert_ne!(id, FIRST);
        assert!(dir.starts_with(root.join(OTHERS)));
        // Not listed until its vault exists.
        assert_eq!(list(root).len(), 1);
        Vault::create(&dir, "a different passphrase entirely", KdfParams::FAST_FOR_TESTS)
            .unwrap()
            .close()
            .unwrap();
        set_name(&dir, "Alex").unwrap();
        let names: Vec<_> = list(root).into_iter().map(|h| (h.id, h.name)).collect();
        assert_eq!(names, vec![(FIRST.to_string(), "Sam".to_string()), (id.clone(), "Alex".to_string())]);
        assert_eq!(dir_of(root, &id).unwrap(), dir);
        // Each opens only with its own passphrase.
        assert!(Vault::unlock(&dir, PASS).is_err());
        Vault::unlock(&dir, "a different passphrase entirely").unwrap().close().unwrap();
    }

    #[test]
    fn ids_from_outside_never_point_elsewhere() {
        let root = Path::new("/data/hearth");
        for bad in
            ["", "..", "../x", "/etc", "hearths", "first/..", "12345678-1234-1234-1234-1234567890ab/.."]
        {
            assert_eq!(dir_of(root, bad), None, "{bad}");
        }
        let id = Uuid::new_v4();
        assert_eq!(dir_of(root, &id.to_string()).unwrap(), root.join(OTHERS).join(id.simple().to_string()));
    }

    #[test]
    fn names_are_one_short_line_and_can_be_removed() {
        let t = tempfile::tempdir().unwrap();
        set_name(t.path(), "Sam\u{0}\r\n the baker").unwrap();
        assert_eq!(name(t.path()), "Sam  the baker");
        assert!(set_name(t.path(), &"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert_eq!(name(t.path()), "Sam  the baker", "a refused name changes nothing");
        set_name(t.path(), " ").unwrap();
        assert_eq!(name(t.path()), "");
        // A name file grown by someone else is cut, never trusted whole.
        fs::write(t.path().join(NAME_FILE), "y".repeat(500)).unwrap();
        assert_eq!(name(t.path()).chars().count(), MAX_NAME_CHARS);
    }
}

//! Shared helpers for Hearth's integration and end-to-end tests.

pub mod e2e;
pub mod hostile;
pub mod pictures;
#[cfg(target_os = "linux")]
pub mod procs;
#[cfg(target_os = "linux")]
pub mod window;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A passphrase strong enough for Hearth's minimum.
pub const PASSPHRASE: &str = "lantern orchard tuesday";

/// The same answer, `now` and `wish`, to every question of the latest self-check.
pub fn every_answer(now: u8, wish: u8) -> hearth_core::selfcheck::Answers {
    let answer = hearth_core::selfcheck::Answer::new(now, wish);
    hearth_core::selfcheck::bank::latest().items().map(|(_, q)| (q.id.clone(), answer)).collect()
}

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

/// Every row of every table in the database, each table's rows sorted: "did
/// anything in the vault change?" in one value (the database's twin of
/// [`snapshot_files`]). Virtual tables (full-text search) are read through the
/// shadow tables that hold their data; SQLite's own tables are left out.
pub fn dump_tables(conn: &rusqlite::Connection) -> BTreeMap<String, Vec<Vec<rusqlite::types::Value>>> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap().column_count();
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut stmt =
            conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {}", order.join(", "))).unwrap();
        let rows = stmt
            .query_map([], |r| (0..columns).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect())
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.insert(table, rows);
    }
    out
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

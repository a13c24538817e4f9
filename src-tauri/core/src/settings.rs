//! Settings that live inside the vault (and so are encrypted with it).

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

const AUTO_LOCK_KEY: &str = "auto_lock_minutes";
/// Auto-lock after this many idle minutes unless the person chose otherwise.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
/// The choices offered in Settings.
pub const AUTO_LOCK_CHOICES: &[u32] = &[1, 2, 5, 10, 15, 30, 60];

fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn auto_lock_minutes(conn: &Connection) -> Result<u32> {
    Ok(get(conn, AUTO_LOCK_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|m| AUTO_LOCK_CHOICES.contains(m))
        .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES))
}

pub fn set_auto_lock_minutes(conn: &Connection, minutes: u32) -> Result<()> {
    if !AUTO_LOCK_CHOICES.contains(&minutes) {
        return Err(Error::InvalidInput(format!(
            "Auto-lock can be set to one of {AUTO_LOCK_CHOICES:?} minutes."
        )));
    }
    set(conn, AUTO_LOCK_KEY, &minutes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::schema::migrations().to_latest(&mut c).unwrap();
        c
    }

    #[test]
    fn auto_lock_defaults_then_remembers() {
        let c = conn();
        assert_eq!(auto_lock_minutes(&c).unwrap(), DEFAULT_AUTO_LOCK_MINUTES);
        set_auto_lock_minutes(&c, 15).unwrap();
        assert_eq!(auto_lock_minutes(&c).unwrap(), 15);
        set_auto_lock_minutes(&c, 1).unwrap();
        assert_eq!(auto_lock_minutes(&c).unwrap(), 1);
    }

    #[test]
    fn auto_lock_refuses_values_not_offered() {
        let c = conn();
        for bad in [0, 3, 61, u32::MAX] {
            assert_eq!(set_auto_lock_minutes(&c, bad).unwrap_err().kind(), "invalid_input");
        }
        // A stored value that is no longer offered falls back to the default.
        set(&c, AUTO_LOCK_KEY, "7").unwrap();
        assert_eq!(auto_lock_minutes(&c).unwrap(), DEFAULT_AUTO_LOCK_MINUTES);
    }
}

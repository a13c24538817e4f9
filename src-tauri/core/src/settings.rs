//! Settings that live inside the vault (and so are encrypted with it).

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

const AUTO_LOCK_KEY: &str = "auto_lock_minutes";
/// Auto-lock after this many idle minutes unless the person chose otherwise.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;
/// The choices offered in Settings.
pub const AUTO_LOCK_CHOICES: &[u32] = &[1, 2, 5, 10, 15, 30, 60];

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// What the two of you are called in Hearth: on the bucket list ("suggested by"),
/// the date-night rotation and shared self-check results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Names {
    /// The person who owns this vault.
    pub me: String,
    pub partner: String,
}

/// Names longer than this are cut short, in characters.
pub const MAX_NAME_CHARS: usize = 40;
const NAME_ME_KEY: &str = "name_me";
const NAME_PARTNER_KEY: &str = "name_partner";

/// The names, or "Me" and "My partner" until they are set.
pub fn names(conn: &Connection) -> Result<Names> {
    Ok(Names {
        me: get(conn, NAME_ME_KEY)?.filter(|s| !s.is_empty()).unwrap_or_else(|| "Me".into()),
        partner: get(conn, NAME_PARTNER_KEY)?
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "My partner".into()),
    })
}

/// Stores the names, trimmed, with control characters removed.
pub fn set_names(conn: &Connection, me: &str, partner: &str) -> Result<Names> {
    let clean = |s: &str| -> Result<String> {
        let s: String = s.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
        if s.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid_input(format!("Names can be up to {MAX_NAME_CHARS} characters.")));
        }
        Ok(s)
    };
    let (me, partner) = (clean(me)?, clean(partner)?);
    set(conn, NAME_ME_KEY, &me)?;
    set(conn, NAME_PARTNER_KEY, &partner)?;
    names(conn)
}

pub fn auto_lock_minutes(conn: &Connection) -> Result<u32> {
    Ok(get(conn, AUTO_LOCK_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|m| AUTO_LOCK_CHOICES.contains(m))
        .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES))
}

pub fn set_auto_lock_minutes(conn: &Connection, minutes: u32) -> Result<()> {
    if !AUTO_LOCK_CHOICES.contains(&minutes) {
        return Err(Error::invalid_input(format!(
            "Auto-lock can be set to one of {AUTO_LOCK_CHOICES:?} minutes."
        )));
    }
    set(conn, AUTO_LOCK_KEY, &minutes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        crate::schema::test_conn()
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
    fn names_default_then_are_cleaned_and_kept() {
        let c = conn();
        assert_eq!(names(&c).unwrap(), Names { me: "Me".into(), partner: "My partner".into() });
        let n = set_names(&c, "  Ana\u{0}\n ", "Sam <b>").unwrap();
        assert_eq!(n, Names { me: "Ana".into(), partner: "Sam <b>".into() });
        assert_eq!(set_names(&c, "", "").unwrap().me, "Me");
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(set_names(&c, &long, "Sam").unwrap_err().kind(), "invalid_input");
        assert_eq!(set_names(&c, "محمد 😀", "Zoë").unwrap().me, "محمد 😀");
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

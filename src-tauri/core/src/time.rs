//! Time: one clock and one stored format for every moment Hearth records.
//!
//! **The stored format** of an instant (when an entry was written, edited or
//! trashed, when a self-check was taken, when a bucket-list item changed, when a
//! prompt was last offered) is RFC 3339 in UTC with exactly three decimals and a
//! `Z`: `2025-03-01T20:15:00.123Z`, always 24 characters. Why this one:
//! - fixed width, so text order is time order: `ORDER BY`, `<` and `MAX` in SQL
//!   are right without parsing, and an index on the column stays useful;
//! - milliseconds are what the bucket list's last-writer-wins merge compares, and
//!   finer than anything a person does twice;
//! - it is what the window and the export files already show, so a stored value
//!   goes out unchanged;
//! - the journal, the largest table (full-text index, foreign keys), already
//!   stored exactly this, so migration `0005_one_time_format.sql` only rewrote the
//!   smaller tables and no table had to be rebuilt with foreign keys off.
//!
//! In memory, arithmetic is on milliseconds since the Unix epoch (`i64`);
//! [`format`] and [`parse`] are the only conversions. A local date or date-time the
//! person chose (an entry's date, a plan's day) is not an instant and keeps its
//! own calendar form.
//!
//! **The clock**: [`now`] and [`today`] are the only readers of the system clock in
//! the core. Tests that need time to move set it with [`test_clock`] (under the
//! `test-support` feature, or in the core's own unit tests); release builds have no
//! such switch.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};

/// 2000-01-01 and 9999-12-31 (in milliseconds): anything outside is a damaged file.
pub const MIN: i64 = 946_684_800_000;
pub const MAX: i64 = 253_402_214_400_000;

/// How far ahead of this computer's clock a time from another device may be and
/// still be taken as it is: one day, more than any time-zone mistake or ordinary
/// drift. A time further ahead comes from a clock that is wrong; see
/// [`is_far_future`] and where it is used (the bucket list's import and edits, a
/// partner's self-check file).
pub const FUTURE_MARGIN: i64 = 86_400_000;

/// Whether `ms` lies more than [`FUTURE_MARGIN`] after `now`: a time that can't be
/// honest, made by a computer whose clock was wrong.
pub fn is_far_future(ms: i64, now: i64) -> bool {
    ms > now.saturating_add(FUTURE_MARGIN)
}

/// Now, in whole milliseconds since the Unix epoch.
pub fn now() -> i64 {
    #[cfg(any(test, feature = "test-support"))]
    if let Some(ms) = test_clock::get() {
        return ms;
    }
    Utc::now().timestamp_millis()
}

/// Now, as stored.
pub fn stamp() -> String {
    format(now())
}

/// Today on this computer's calendar.
pub fn today() -> NaiveDate {
    to_datetime(now()).with_timezone(&Local).date_naive()
}

/// `ms` as a UTC date-time (the epoch if it is out of chrono's range).
pub fn to_datetime(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

/// The stored form of `ms`: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn format(ms: i64) -> String {
    to_datetime(ms).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads any RFC 3339 time (any offset, any precision). Anything finer than a
/// millisecond is dropped, so a time read from a file compares exactly with the
/// same time read back from the vault.
pub fn parse(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp_millis())
}

/// Any RFC 3339 time, in the stored form.
pub fn normalize(s: &str) -> Option<String> {
    parse(s).map(format)
}

/// Serde for a time held as milliseconds and written as RFC 3339.
pub mod millis {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(*ms))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let s = String::deserialize(d)?;
        super::parse(&s).ok_or_else(|| D::Error::custom("a time that isn't RFC 3339"))
    }
}

/// [`millis`] for an optional time.
pub mod opt_millis {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(ms: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match ms {
            Some(ms) => s.serialize_str(&super::format(*ms)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => {
                super::parse(&s).map(Some).ok_or_else(|| D::Error::custom("a time that isn't RFC 3339"))
            }
            None => Ok(None),
        }
    }
}

/// A clock tests can set and move, per thread (each test runs on its own thread,
/// so tests never see each other's time). Compiled only for tests.
#[cfg(any(test, feature = "test-support"))]
pub mod test_clock {
    use std::cell::Cell;

    thread_local! {
        static NOW: Cell<Option<i64>> = const { Cell::new(None) };
    }

    pub(super) fn get() -> Option<i64> {
        NOW.with(Cell::get)
    }

    /// From now on (on this thread) [`super::now`] answers `ms`.
    pub fn set(ms: i64) {
        NOW.with(|n| n.set(Some(ms)));
    }

    /// Moves the clock on by `ms` (starting from the real time if it was not set).
    pub fn advance(ms: i64) {
        set(super::now() + ms);
    }

    /// Back to the system clock.
    pub fn reset() {
        NOW.with(|n| n.set(None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_is_fixed_width_and_round_trips() {
        for ms in [MIN, MIN + 1, 1_740_823_200_123, MAX - 1] {
            let s = format(ms);
            assert_eq!(s.len(), 24, "{s}");
            assert!(s.ends_with('Z'));
            assert_eq!(parse(&s), Some(ms));
        }
        assert_eq!(format(1_740_823_200_000), "2025-03-01T10:00:00.000Z");
        // Text order is time order.
        assert!(format(1_740_823_200_999) < format(1_740_823_201_000));
    }

    #[test]
    fn other_forms_are_read_and_normalised() {
        assert_eq!(normalize("2025-03-01T10:00:00Z").unwrap(), "2025-03-01T10:00:00.000Z");
        assert_eq!(normalize("2025-03-01T12:00:00+02:00").unwrap(), "2025-03-01T10:00:00.000Z");
        assert_eq!(normalize("2025-03-01T10:00:00.123456789Z").unwrap(), "2025-03-01T10:00:00.123Z");
        assert_eq!(parse("last tuesday"), None);
    }

    #[test]
    fn a_day_ahead_is_tolerated_and_more_is_not() {
        let now = 1_740_823_200_000;
        assert!(!is_far_future(now, now));
        assert!(!is_far_future(now + FUTURE_MARGIN, now));
        assert!(is_far_future(now + FUTURE_MARGIN + 1, now));
        assert!(is_far_future(MAX, now));
        assert!(!is_far_future(i64::MAX, i64::MAX));
    }

    #[test]
    fn the_test_clock_moves_only_when_told() {
        test_clock::set(1_740_823_200_000);
        assert_eq!(now(), 1_740_823_200_000);
        assert_eq!(stamp(), "2025-03-01T10:00:00.000Z");
        test_clock::advance(1);
        assert_eq!(now(), 1_740_823_200_001);
        test_clock::reset();
        assert!(now() > 1_740_823_200_001);
    }
}

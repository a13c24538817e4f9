//! Weeks for the check-in, pure. A week is an ISO 8601 week (Monday to Sunday) on
//! this computer's calendar, written `2026-W49`, so text order is time order.
//!
//! The count never scolds: it says how many weeks you have checked in, and how
//! many of the latest in a row. A week not done yet doesn't end a run until it is
//! over, and a run that ended is simply not mentioned: there is no "broken".

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// The ISO week `day` falls in, as `YYYY-Www`.
pub fn week_of(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The week before the one `day` falls in.
pub fn week_before(day: NaiveDate) -> String {
    week_of(day - Duration::days(7))
}

/// How the check-ins are going, in words that never scold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Weeks both of you checked in, ever.
    pub weeks_done: u32,
    /// The latest weeks done one after another, ending this week or last week
    /// (this week still counts as on its way until it ends). 0 says nothing.
    pub in_a_row: u32,
}

/// The count from the weeks both finished (any order, duplicates ignored), on `today`.
pub fn streak(done_weeks: &[String], today: NaiveDate) -> Streak {
    let done: std::collections::BTreeSet<&str> = done_weeks.iter().map(String::as_str).collect();
    let mut day = if done.contains(week_of(today).as_str()) { today } else { today - Duration::days(7) };
    let mut in_a_row = 0;
    while done.contains(week_of(day).as_str()) {
        in_a_row += 1;
        day -= Duration::days(7);
    }
    Streak { weeks_done: done.len() as u32, in_a_row }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_across_year_ends() {
        // Sunday 2026-12-06 and Monday 2026-12-07 are in different weeks.
        assert_eq!(week_of(d(2026, 12, 6)), "2026-W49");
        assert_eq!(week_of(d(2026, 12, 7)), "2026-W50");
        // 2027-01-01 is a Friday: still ISO week 53 of 2026.
        assert_eq!(week_of(d(2027, 1, 1)), "2026-W53");
        assert_eq!(week_of(d(2027, 1, 4)), "2027-W01");
        // 2024-12-30 is a Monday: ISO week 1 of 2025.
        assert_eq!(week_of(d(2024, 12, 30)), "2025-W01");
        assert_eq!(week_before(d(2027, 1, 4)), "2026-W53");
    }

    #[test]
    fn the_count_never_breaks_only_counts() {
        let weeks = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let thu = d(2026, 12, 10); // week 50
        assert_eq!(streak(&[], thu), Streak { weeks_done: 0, in_a_row: 0 });
        // This week not done yet: last week's run still stands.
        assert_eq!(streak(&weeks(&["2026-W48", "2026-W49"]), thu), Streak { weeks_done: 2, in_a_row: 2 });
        // This week done too.
        let three = weeks(&["2026-W48", "2026-W49", "2026-W50"]);
        assert_eq!(streak(&three, thu), Streak { weeks_done: 3, in_a_row: 3 });
        // A gap: the total keeps every week, the run starts again quietly.
        let gap = weeks(&["2026-W40", "2026-W41", "2026-W50"]);
        assert_eq!(streak(&gap, thu), Streak { weeks_done: 3, in_a_row: 1 });
        // Two weeks without: nothing in a row, nothing lost from the total.
        assert_eq!(streak(&weeks(&["2026-W40", "2026-W41"]), thu), Streak { weeks_done: 2, in_a_row: 0 });
        // Across the new year.
        let ny = weeks(&["2026-W52", "2026-W53", "2027-W01"]);
        assert_eq!(streak(&ny, d(2027, 1, 5)), Streak { weeks_done: 3, in_a_row: 3 });
    }
}

//! Simple insights: how much has been written, writing streaks, mood over time.

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::Result;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoodPoint {
    /// `YYYY-MM`
    pub month: String,
    /// Average mood (1-5) of the month's entries that have one; `None` if none do.
    pub average: Option<f64>,
    pub entries_with_mood: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    pub entries: u32,
    pub words: u64,
    /// Days in a row with at least one entry, ending today (or yesterday: a streak
    /// is not lost before the day is over).
    pub current_streak: u32,
    pub longest_streak: u32,
    pub days_written: u32,
    /// The last twelve months, oldest first.
    pub mood_by_month: Vec<MoodPoint>,
}

pub fn insights(conn: &Connection, today: NaiveDate) -> Result<Insights> {
    let (entries, words): (u32, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(word_count), 0) FROM journal_entries WHERE deleted_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT substr(entry_date, 1, 10) FROM journal_entries
         WHERE deleted_at IS NULL ORDER BY 1",
    )?;
    let days: Vec<NaiveDate> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|d| d.ok().and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
        .collect();
    let (current_streak, longest_streak) = streaks(&days, today);

    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_sub_months(Months::new(11)))
        .unwrap_or(today);
    let mut stmt = conn.prepare_cached(
        "SELECT substr(entry_date, 1, 7) AS m, avg(mood), count(mood) FROM journal_entries
         WHERE deleted_at IS NULL AND entry_date >= ?1 GROUP BY m",
    )?;
    let mut found = std::collections::HashMap::new();
    for row in stmt.query_map([first_month.format("%Y-%m-%d").to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<f64>>(1)?, r.get::<_, u32>(2)?))
    })? {
        let (m, avg, n) = row?;
        found.insert(m, (avg, n));
    }
    let mood_by_month = (0..12)
        .filter_map(|i| first_month.checked_add_months(Months::new(i)))
        .map(|d| {
            let month = d.format("%Y-%m").to_string();
            let (average, entries_with_mood) = found.get(&month).copied().unwrap_or((None, 0));
            MoodPoint { month, average: average.map(|a| (a * 100.0).round() / 100.0), entries_with_mood }
        })
        .collect();
    Ok(Insights {
        entries,
        words: words.max(0) as u64,
        current_streak,
        longest_streak,
        days_written: days.len() as u32,
        mood_by_month,
    })
}

/// (current, longest) runs of consecutive days in `days` (sorted, distinct).
pub fn streaks(days: &[NaiveDate], today: NaiveDate) -> (u32, u32) {
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for &d in days {
        run = match prev {
            Some(p) if p.succ_opt() == Some(d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(d);
    }
    // Days written after today (dated ahead) don't count towards the current streak.
    let mut current = 0u32;
    let mut expected = if days.contains(&today) { Some(today) } else { today.pred_opt() };
    for &d in days.iter().rev().skip_while(|d| **d > today) {
        if Some(d) == expected {
            current += 1;
            expected = d.pred_opt();
        } else {
            break;
        }
    }
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{conn, input};
    use super::super::{EntryInput, save};
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn streak_table() {
        let today = d("2024-03-10");
        for (days, expected) in [
            (vec![], (0, 0)),
            (vec!["2024-03-10"], (1, 1)),
            (vec!["2024-03-09"], (1, 1)),
            (vec!["2024-03-08"], (0, 1)),
            (vec!["2024-03-08", "2024-03-09", "2024-03-10"], (3, 3)),
            (vec!["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-09"], (1, 4)),
            (vec!["2024-02-28", "2024-02-29", "2024-03-01"], (0, 3)),
            (vec!["2024-03-09", "2024-03-10", "2024-03-12"], (2, 2)),
        ] {
            let days: Vec<NaiveDate> = days.into_iter().map(d).collect();
            assert_eq!(streaks(&days, today), expected, "{days:?}");
        }
    }

    #[test]
    fn counts_words_and_moods() {
        let mut c = conn();
        save(
            &mut c,
            &EntryInput { mood: Some(2), ..input("2024-03-09T10:00", "Two words", "one two three") },
        )
        .unwrap();
        save(&mut c, &EntryInput { mood: Some(4), ..input("2024-03-10T10:00", "", "four") }).unwrap();
        save(&mut c, &input("2023-01-10", "", "old")).unwrap();
        let i = insights(&c, d("2024-03-10")).unwrap();
        assert_eq!(i.entries, 3);
        assert_eq!(i.words, 7);
        assert_eq!(i.current_streak, 2);
        assert_eq!(i.days_written, 3);
        assert_eq!(i.mood_by_month.len(), 12);
        let last = i.mood_by_month.last().unwrap();
        assert_eq!(last.month, "2024-03");
        assert_eq!(last.average, Some(3.0));
        assert_eq!(i.mood_by_month[0].month, "2023-04");
    }
}

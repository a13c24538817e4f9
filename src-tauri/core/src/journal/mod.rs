//! The private journal: dated entries with a title, a Markdown body, a mood and
//! tags; a trash; full-text search; calendar, "on this day", prompts, insights,
//! export and import.
//!
//! Everything here takes a connection (or a transaction, where several writes must
//! land together) and plain types. Entries are identified by a stable UUID that
//! survives export and import; `seq`, the rowid the full-text index points at,
//! never leaves this module.
//!
//! - [`entry`]: `Entry`, `EntryInput` and the other types; cleaning and checking
//!   what comes in; the plain-text excerpt.
//! - [`store`]: saving, reading, listing (keyset pages), trash, tags, calendar.
//! - [`search`]: FTS5 queries built safely from anything typed, snippets.
//! - [`render`]: Markdown to sanitised HTML.
//! - [`exchange`]: export to JSON and Markdown, import of Hearth and jrnl JSON.
//! - [`foreign`]: the readers of other journals' exports (Day One, Mini Diary,
//!   Mini Diarium), for `exchange`'s import.
//! - [`print`]: one entry or a range of days as a printable view.
//! - [`prompts`]: the reflection prompts and which one to offer next.
//! - [`insights`]: counts, streaks, mood over time.

pub mod entry;
pub mod exchange;
pub mod foreign;
pub mod insights;
pub mod print;
pub mod prompts;
pub mod render;
pub mod search;
pub mod store;

pub use entry::*;
pub use store::*;

#[cfg(test)]
pub(crate) mod tests {
    use rusqlite::Connection;

    use super::EntryInput;

    pub fn conn() -> Connection {
        let c = crate::schema::test_conn();
        c.pragma_update(None, "foreign_keys", true).unwrap();
        c
    }

    pub fn input(date: &str, title: &str, body: &str) -> EntryInput {
        EntryInput { entry_date: date.into(), title: title.into(), body: body.into(), ..Default::default() }
    }
}

//! Together's exports: Markdown to read and versioned JSON to keep. Both hold
//! only what both of you can already see: answers and check-ins once both are in,
//! the jar, the care profiles and your favourite questions. An answer still
//! waiting for the other's never leaves the vault.

use std::fmt::Write;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::content;
use super::{AskedView, CareAnswer, CheckInView, Note, Person, store};
use crate::bucket::export::md_text;
use crate::settings::Names;
use crate::{Result, time};

pub const FORMAT: &str = "hearth-together";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }

    /// The extension as the save dialog's filter wants it.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["md"],
            Format::Json => &["json"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
        }
    }
}

pub fn file_name(format: Format, today: NaiveDate) -> String {
    format!("hearth-together-{}.{}", today.format("%Y-%m-%d"), format.extension())
}

/// Everything an export holds.
#[derive(Debug, Serialize)]
pub struct TogetherFile {
    pub format: &'static str,
    pub version: u32,
    #[serde(with = "crate::time::millis")]
    pub exported_at: i64,
    pub names: Names,
    /// Questions both of you answered.
    pub answered: Vec<AskedView>,
    pub favourites: Vec<String>,
    /// Check-ins both of you did.
    pub checkins: Vec<CheckInView>,
    pub notes: Vec<Note>,
    pub care: Vec<CareAnswer>,
}

pub fn gather(conn: &Connection, now: i64) -> Result<TogetherFile> {
    let mut favourites: Vec<String> = store::favourites(conn)?.into_iter().collect();
    favourites.sort();
    Ok(TogetherFile {
        format: FORMAT,
        version: VERSION,
        exported_at: now,
        names: crate::settings::names(conn)?,
        answered: store::history(conn)?.into_iter().filter(|a| a.revealed).collect(),
        favourites,
        checkins: store::checkins_done(conn)?.iter().map(|c| c.view()).collect(),
        notes: store::notes(conn)?,
        care: store::care(conn)?,
    })
}

pub fn json(file: &TogetherFile) -> String {
    serde_json::to_string_pretty(file).expect("plain data serialises")
}

pub fn markdown(file: &TogetherFile) -> String {
    let c = content::content();
    let name = |p: Person| md_text(p.name(&file.names));
    let mut out = String::new();
    let _ = writeln!(out, "# Together\n");
    let _ = writeln!(out, "Exported from Hearth on {}.\n", time::to_datetime(file.exported_at).date_naive());
    let _ = writeln!(out, "## Questions we answered\n");
    if file.answered.is_empty() {
        let _ = writeln!(out, "None yet.\n");
    }
    for a in &file.answered {
        let _ = writeln!(out, "### {}\n", md_text(&a.question));
        for (who, side) in [(Person::Me, &a.me), (Person::Partner, &a.partner)] {
            let _ = writeln!(out, "- **{}:** {}", name(who), md_text(side.text.as_deref().unwrap_or("")));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Weekly check-ins\n");
    if file.checkins.is_empty() {
        let _ = writeln!(out, "None yet.\n");
    }
    for ci in &file.checkins {
        let _ = writeln!(out, "### Week {}\n", ci.week);
        for q in &c.checkin.questions {
            for (who, answers) in [(Person::Me, &ci.answers_me), (Person::Partner, &ci.answers_partner)] {
                if let Some(t) = answers.as_ref().and_then(|m| m.get(&q.id)) {
                    let _ = writeln!(out, "- {} ({}): {}", md_text(&q.text), name(who), md_text(t));
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## The jar\n");
    if file.notes.is_empty() {
        let _ = writeln!(out, "Empty for now.\n");
    }
    for n in &file.notes {
        let day = time::to_datetime(n.written_at).date_naive();
        let _ = writeln!(out, "- {} ({}, {day})", md_text(&n.text), name(n.author));
    }
    let _ = writeln!(out, "\n## How we like to be cared for\n");
    for who in [Person::Me, Person::Partner] {
        let _ = writeln!(out, "### {}\n", name(who));
        for item in &c.care.items {
            let Some(a) = file.care.iter().find(|a| a.person == who && a.item == item.id) else { continue };
            let level = c.care.levels.iter().find(|l| l.id == a.level).map_or("", |l| l.label.as_str());
            let note = if a.note.is_empty() { String::new() } else { format!(": {}", md_text(&a.note)) };
            let _ = writeln!(out, "- {}: {level}{note}", item.title);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::together::store;

    #[test]
    fn exports_hold_what_both_see_and_no_hidden_answer() {
        let c = crate::schema::test_conn();
        crate::settings::set_names(&c, "Ana", "Sam").unwrap();
        let open = store::ask(&c, "now-002").unwrap();
        store::answer(&c, open.id, Person::Me, "a secret still waiting").unwrap();
        let both = store::ask(&c, "fun-001").unwrap();
        store::answer(&c, both.id, Person::Me, "The *Teapots*").unwrap();
        store::answer(&c, both.id, Person::Partner, "# Loud Socks").unwrap();
        store::add_note(&c, Person::Partner, "I noticed the flowers").unwrap();
        let file = gather(&c, time::now()).unwrap();
        let md = markdown(&file);
        let js = json(&file);
        for text in [&md, &js] {
            assert!(!text.contains("secret still waiting"), "a hidden answer never leaves");
            assert!(text.contains("flowers"));
        }
        assert!(md.contains("- **Ana:** The \\*Teapots\\*"), "{md}");
        assert!(md.contains("- **Sam:** \\# Loud Socks"), "{md}");
        let v: serde_json::Value = serde_json::from_str(&js).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["answered"].as_array().unwrap().len(), 1);
        assert_eq!(v["notes"][0]["author"], "partner");
    }
}

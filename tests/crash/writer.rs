//! The writer half of the crash-safety test (tests/integration/crash.rs): opens a
//! vault and saves, as fast as it can, bucket-list items, journal entries and
//! self-check results in turn. After each save returns (its transaction committed)
//! it prints `<kind> <id>` and flushes: from then on that save is "confirmed" and
//! must survive the SIGKILL the test sends at a random moment.
//!
//! Usage: hearth-crash-writer <vault dir> <passphrase>
//!
//! With `rekey <passphrase>...` after those, it changes the passphrase (and so the
//! database key) instead, round the list in turn, saving one journal entry between
//! changes; after each change returns it prints `passphrase <index in the list>`.
//!
//! With `sync` after those (the vault already paired, see crash.rs), it keeps the
//! shared bucket list moving: it adds an idea (`bucket <id>`) or plans one of its
//! ideas a day later than before (`planned <id> <date>`), then runs a round of
//! `shared::store::sync` (`synced`), over and over.

use std::io::Write;

use hearth_core::Vault;
use hearth_core::bucket::{self, ItemInput};
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck;
use hearth_core::shared::store as shared;
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("vault dir"));
    let passphrase = args.next().expect("passphrase");
    let mut vault = Vault::unlock(&dir, &passphrase).expect("unlock");
    let out = std::io::stdout();
    let mut out = out.lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();

    let mode = args.next();
    if mode.as_deref() == Some("sync") {
        sync_forever(&mut vault, &mut out);
    }
    if mode.as_deref() == Some("rekey") {
        let cycle: Vec<String> = args.collect();
        let mut current = cycle.iter().position(|p| *p == passphrase).expect("the passphrase is in the list");
        for i in 0u64.. {
            let next = (current + 1) % cycle.len();
            vault
                .change_passphrase(&cycle[current], &cycle[next], KdfParams::FAST_FOR_TESTS)
                .expect("change passphrase");
            current = next;
            writeln!(out, "passphrase {current}").unwrap();
            out.flush().unwrap();
            let input: EntryInput = serde_json::from_value(json!({
                "entry_date": "2026-03-01T21:00", "title": format!("Between changes {i}"),
                "body": "Written under one key, read under the next. ".repeat(20)
            }))
            .unwrap();
            journal::save(vault.conn_mut(), &input).expect("journal save");
        }
    }

    let answers = hearth_tests::every_answer(2, 4);
    for i in 0u64.. {
        let line = match i % 3 {
            0 => {
                let input: ItemInput = serde_json::from_value(json!({
                    "title": format!("Crash-test idea {i} with some words to write"),
                    "notes": "a".repeat((i % 7 * 300) as usize),
                    "category": "outdoors", "kind": "experiential", "suggested_by": "me",
                    "interest_me": "yes", "interest_partner": "maybe", "cost": "free", "effort": "some"
                }))
                .unwrap();
                let item = bucket::store::create(vault.conn(), &input).expect("bucket save");
                format!("bucket {}", item.id)
            }
            1 => {
                let input: EntryInput = serde_json::from_value(json!({
                    "entry_date": format!("2026-{:02}-{:02}T21:{:02}", i % 12 + 1, i % 28 + 1, i % 60),
                    "title": format!("Crash-test entry {i}"),
                    "body": "We walked home the long way. ".repeat((i % 40 + 1) as usize),
                    "mood": i % 5 + 1, "tags": ["crash", format!("t{}", i % 9)]
                }))
                .unwrap();
                let entry = journal::save(vault.conn_mut(), &input).expect("journal save");
                format!("journal {}", entry.id)
            }
            _ => {
                let check =
                    selfcheck::store::complete(vault.conn_mut(), &answers, &[]).expect("self-check save");
                format!("selfcheck {}", check.id)
            }
        };
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    }
}

/// Ideas this writer adds, up to [`SYNC_IDEAS`] of them; past that it only plans.
const SYNC_IDEA: &str = "Synced idea";
const SYNC_IDEAS: usize = 24;

/// The `sync` mode: adds or re-plans one of its own ideas, then a round of sync,
/// printing each once it has returned; never ends.
fn sync_forever(vault: &mut Vault, out: &mut impl Write) -> ! {
    let mut session =
        shared::open(vault.conn()).expect("open the shared space").expect("the vault is paired");
    let mut mine: Vec<bucket::Uuid> = bucket::store::list(vault.conn())
        .expect("list")
        .into_iter()
        .filter(|i| i.title.starts_with(SYNC_IDEA))
        .map(|i| i.id)
        .collect();
    let first_day = bucket::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    for i in 0usize.. {
        let line = if mine.len() < SYNC_IDEAS && (i % 2 == 0 || mine.is_empty()) {
            let input = ItemInput {
                title: format!("{SYNC_IDEA} {} {i}", mine.len()),
                notes: "b".repeat(i % 5 * 200),
                ..bucket::vocabulary::new_item()
            };
            let item = bucket::store::create(vault.conn(), &input).expect("bucket save");
            mine.push(item.id);
            format!("bucket {}", item.id)
        } else {
            // A day after the last plan this vault holds, so a later plan is told
            // from an earlier one across runs.
            let id = mine[i / 2 % mine.len()];
            let old =
                bucket::store::get(vault.conn(), id).expect("read").expect("the writer's idea is there");
            let day = old.planned_for.map_or(first_day, |d| d.succ_opt().unwrap());
            bucket::store::plan(vault.conn(), id, Some(day)).expect("plan");
            format!("planned {id} {day}")
        };
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
        shared::sync(vault.conn_mut(), &mut session).expect("a round of sync");
        writeln!(out, "synced").unwrap();
        out.flush().unwrap();
    }
    unreachable!("the loop above never ends")
}

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

use std::io::Write;

use hearth_core::Vault;
use hearth_core::bucket::{self, ItemInput};
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck;
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

    if args.next().as_deref() == Some("rekey") {
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

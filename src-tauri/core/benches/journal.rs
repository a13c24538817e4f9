//! The journal's hot paths on real SQLCipher vaults of 10,000 and 100,000
//! generated entries (50-300 words each): saving an entry, searching (top 50 with
//! snippets, for a rare and a common word), one page of the list (first and deep),
//! and importing 10,000 entries into an empty vault.
//!
//! Run with `cargo bench -p hearth-core --bench journal`. The vaults are generated
//! once into `target/bench-vaults/` (one transaction per 10,000 entries) and
//! reused by later runs; delete that folder to regenerate them.

use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hearth_core::Vault;
use hearth_core::journal::{self, Cursor, EntryInput, Filter, exchange, search};
use hearth_core::keyfile::KdfParams;

const PASS: &str = "lantern orchard tuesday";
/// The lightest key derivation Hearth accepts: the bench measures the journal, not Argon2.
const KDF: KdfParams = KdfParams::FAST_FOR_TESTS;
const RARE: &str = "zephyrine";
const COMMON: &str = "together";

/// A small deterministic generator (xorshift), so every run builds the same vaults.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn vocabulary() -> Vec<String> {
    const SYL: &[&str] =
        &["ka", "lo", "mi", "ren", "sa", "tu", "vel", "no", "ri", "an", "el", "or", "pa", "qui", "den", "ho"];
    let mut words: Vec<String> =
        ["we", "the", "and", "a", "to", "of", "in", COMMON, "today", "felt", "talked", "walk"]
            .into_iter()
            .map(String::from)
            .collect();
    let mut rng = Rng(7);
    while words.len() < 5000 {
        let n = 2 + rng.below(3);
        words.push((0..n).map(|_| SYL[rng.below(SYL.len() as u64) as usize]).collect());
    }
    words
}

/// Entry `i` of a generated journal: Zipf-like word choice, 50-300 words, the
/// rare word in one entry in 5,000.
fn generated(i: u64, rng: &mut Rng, vocab: &[String]) -> EntryInput {
    let n = 50 + rng.below(251);
    let mut body = String::new();
    for k in 0..n {
        // Squaring a uniform number in [0, 1) favours the first (common) words:
        // the common word is in about a third of the entries.
        let r = rng.below(1 << 16);
        let idx = ((((r * r) >> 16) * vocab.len() as u64) >> 16) as usize;
        body.push_str(&vocab[idx.min(vocab.len() - 1)]);
        body.push(if k % 12 == 11 { '.' } else { ' ' });
    }
    if i % 5000 == 17 {
        body.push_str(RARE);
    }
    let day = 730_000 + (i * 3 / 4) as i32; // several years, some days with two entries
    let date = chrono::NaiveDate::from_num_days_from_ce_opt(day).unwrap();
    EntryInput {
        entry_date: format!("{}T{:02}:{:02}", date, 6 + rng.below(17), rng.below(60)),
        title: format!("{} {}", vocab[rng.below(200) as usize], vocab[rng.below(4000) as usize]),
        body,
        mood: if rng.below(3) == 0 { None } else { Some(1 + rng.below(5) as u8) },
        tags: (0..rng.below(3)).map(|_| format!("tag{}", rng.below(40))).collect(),
        ..Default::default()
    }
}

/// A Hearth JSON export of generated entries `start..start + n` (what an import
/// reads). Each block of 10,000 has its own seed, so a vault can be built block
/// by block (a 100,000-entry export is over the 50 MB an import accepts).
fn export_of(start: u64, n: u64) -> String {
    let vocab = vocabulary();
    let mut rng = Rng(42 + start);
    let entries: Vec<serde_json::Value> = (start..start + n)
        .map(|i| {
            let e = generated(i, &mut rng, &vocab);
            serde_json::json!({
                "id": uuid::Uuid::from_u128(u128::from(i) + 1).to_string(),
                "entry_date": e.entry_date, "title": e.title, "body": e.body, "mood": e.mood,
                "tags": e.tags, "prompt": null,
                "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
            })
        })
        .collect();
    serde_json::json!({ "format": exchange::FORMAT, "version": exchange::VERSION, "exported_at": "2024-01-01T00:00:00Z", "entries": entries }).to_string()
}

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-vaults")
}

/// The vault of `n` entries, generated on first use through the real import path
/// (triggers and all).
fn vault_of(n: u64) -> Vault {
    let dir = bench_dir().join(format!("journal-{n}"));
    if Vault::exists(&dir) {
        return Vault::unlock(&dir, PASS).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
    let started = std::time::Instant::now();
    let mut vault = Vault::create(&dir, PASS, KDF).unwrap();
    for start in (0..n).step_by(10_000) {
        let parsed = exchange::parse(export_of(start, 10_000).as_bytes()).unwrap();
        exchange::apply(vault.conn_mut(), &parsed).unwrap();
    }
    eprintln!("generated a vault of {n} entries in {:.1?}", started.elapsed());
    vault
}

fn journal_benches(c: &mut Criterion) {
    let vocab = vocabulary();
    for n in [10_000u64, 100_000] {
        let mut vault = vault_of(n);
        for word in [RARE, COMMON] {
            let q = format!("\"{word}\"");
            let hits: i64 = vault
                .conn()
                .query_row("SELECT count(*) FROM journal_fts WHERE journal_fts MATCH ?1", [&q], |r| r.get(0))
                .unwrap();
            eprintln!("{n} entries: {word:?} is in {hits}");
        }
        let mut group = c.benchmark_group(format!("journal/{n}"));
        group.sample_size(30);

        // Autosave of an edit: ~200 words into an existing entry.
        let first = journal::list(vault.conn(), &Filter::default(), None, 1).unwrap().entries[0].id.clone();
        let mut rng = Rng(99);
        let mut edit = generated(1, &mut rng, &vocab);
        edit.id = Some(first);
        group.bench_function("save one entry", |b| {
            b.iter(|| {
                edit.body.push('.');
                journal::save(vault.conn_mut(), &edit).unwrap()
            })
        });

        for (name, word) in [("rare", RARE), ("common", COMMON)] {
            group.bench_function(format!("search top 50 with snippets ({name} word)"), |b| {
                b.iter(|| {
                    let hits = search::search(vault.conn(), word, &Filter::default(), 50).unwrap();
                    assert!(!hits.is_empty());
                    hits
                })
            });
        }

        group.bench_function("list: first page of 50", |b| {
            b.iter(|| journal::list(vault.conn(), &Filter::default(), None, 50).unwrap())
        });
        // A page deep in the list, after the middle entry.
        let mid: (String, String) = vault
            .conn()
            .query_row(
                "SELECT entry_date, id FROM journal_entries WHERE deleted_at IS NULL
                 ORDER BY entry_date DESC, id DESC LIMIT 1 OFFSET ?1",
                [(n / 2) as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let cursor = Cursor { entry_date: mid.0, id: mid.1 };
        group.bench_function("list: page of 50 in the middle", |b| {
            b.iter(|| journal::list(vault.conn(), &Filter::default(), Some(&cursor), 50).unwrap())
        });
        group.finish();
        vault.close().unwrap();
    }

    let file = export_of(0, 10_000);
    let mut group = c.benchmark_group("journal/import");
    group.sample_size(10);
    group.bench_function("import 10,000 entries (parse, check, one transaction)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let vault = Vault::create(dir.path(), PASS, KDF).unwrap();
                (dir, vault)
            },
            |(dir, mut vault)| {
                let parsed = exchange::parse(file.as_bytes()).unwrap();
                let done = exchange::apply(vault.conn_mut(), &parsed).unwrap();
                assert_eq!(done.added, 10_000);
                (dir, vault)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, journal_benches);
criterion_main!(benches);

//! Bucket list at scale: exporting 10,000 items in each format, and merging
//! 10,000 items against 10,000 (half shared, a quarter of those edited on the
//! other side, some deleted).
//!
//! Run with `cargo bench -p hearth-core --bench bucket`. Goal: each under 200 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use hearth_core::IntimacyKind;
use hearth_core::bucket::export;
use hearth_core::bucket::merge;
use hearth_core::bucket::{BucketItem, Category, Cost, Effort, Interest, NaiveDate, Person, Status, Uuid};
use hearth_core::settings::Names;
use hearth_core::time;

fn items(n: u128, offset: u128) -> Vec<BucketItem> {
    let base = time::MIN + 800_000_000_000;
    (0..n)
        .map(|i| {
            let k = i + offset;
            let status = Status::ALL[(k % 3) as usize];
            let day = NaiveDate::from_ymd_opt(2026, 1 + (k % 12) as u32, 1 + (k % 28) as u32);
            BucketItem {
                id: Uuid::from_u128(k + 1),
                title: format!("Idea number {k}, with a comma and \"quotes\""),
                notes: "Bring a blanket; maybe a flask of tea.\nAnd the good camera.".into(),
                category: Category::ALL[(k % 8) as usize],
                kind: IntimacyKind::ALL[(k % 5) as usize],
                suggested_by: Some(if k % 2 == 0 { Person::Me } else { Person::Partner }),
                interest_me: Interest::ALL[(k % 4) as usize],
                interest_partner: Interest::ALL[((k / 4) % 4) as usize],
                cost: Cost::ALL[(k % 4) as usize],
                effort: Effort::ALL[(k % 3) as usize],
                status,
                planned_for: (status == Status::Planned).then_some(day).flatten(),
                done_on: (status == Status::Done).then_some(day).flatten(),
                memory: if status == Status::Done { "A lovely day.".into() } else { String::new() },
                journal_entry_id: None,
                created_at: base,
                updated_at: base + (k % 1000) as i64,
                deleted_at: None,
            }
        })
        .collect()
}

fn exports(c: &mut Criterion) {
    let list = items(10_000, 0);
    let names = Names { me: "Ana".into(), partner: "Sam".into() };
    let vault = Uuid::from_u128(7);
    let now = time::now();
    let mut g = c.benchmark_group("bucket export 10k");
    g.sample_size(10);
    g.bench_function("markdown", |b| b.iter(|| export::markdown(&list, &names, now)));
    g.bench_function("csv", |b| b.iter(|| export::csv(&list, &names).unwrap()));
    g.bench_function("json", |b| b.iter(|| export::json(&list, &names, vault, now)));
    g.bench_function("ics (with ideas)", |b| b.iter(|| export::ics(&list, &names, true, now)));
    g.bench_function("html", |b| b.iter(|| export::html(&list, &names, now)));
    let json = export::json(&list, &names, vault, now);
    g.bench_function("json read back", |b| b.iter(|| export::read_json(json.as_bytes()).unwrap()));
    g.finish();
}

fn merging(c: &mut Criterion) {
    let ours = items(10_000, 0);
    // Theirs: 5,000 shared ids (a quarter edited later, some deleted) and 5,000 new.
    let mut theirs = items(10_000, 5_000);
    for (i, it) in theirs.iter_mut().enumerate().take(5_000) {
        if i % 4 == 0 {
            it.updated_at += 10_000;
            it.title.push_str(" (edited)");
        }
        if i % 50 == 0 {
            it.title.clear();
            it.deleted_at = Some(it.updated_at);
        }
    }
    let mut g = c.benchmark_group("bucket merge");
    g.sample_size(10);
    g.bench_function("plan 10k against 10k", |b| b.iter(|| merge::plan(&ours, &theirs)));
    g.bench_function("merge_sets 10k and 10k", |b| b.iter(|| merge::merge_sets(&ours, &theirs)));
    g.finish();
}

criterion_group!(benches, exports, merging);
criterion_main!(benches);

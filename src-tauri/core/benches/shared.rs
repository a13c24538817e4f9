//! The shared space (issue 11) with a list of 10,000 items: loading it from the
//! vault, applying 1,000 edits to the document, one whole sync round taking in a
//! file of those edits (the document, then the vault's table, then the commit),
//! the first full sync after pairing, and the folder's size on disk.
//!
//! Run with `cargo bench -p hearth-core --bench shared`. Targets: load < 100 ms,
//! 1,000 incoming changes < 100 ms, first full sync < 1 s.
//!
//! Vaults use `KdfParams::FAST_FOR_TESTS` in temp folders. Pairing itself (SPAKE2
//! over files) is left out: the two `Couple`s are made directly, as pairing would.
//! A round that changes a vault runs on a fresh copy of a vault saved beforehand.

use std::fs;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hearth_core::Vault;
use hearth_core::bucket::{
    BucketItem, Category, Cost, Effort, Interest, ItemInput, Person, Status, Uuid, store,
};
use hearth_core::keyfile::KdfParams;
use hearth_core::shared::store::{self as shared, Session};
use hearth_core::shared::{Couple, Members};
use hearth_core::time;
use zeroize::Zeroizing;

const PASS: &str = "lantern orchard tuesday";
const ITEMS: usize = 10_000;
const EDITS: usize = 1_000;

fn item(k: usize, now: i64) -> BucketItem {
    let input = ItemInput {
        title: format!("Idea number {k}: a walk by the river, then dinner"),
        notes: if k % 3 == 0 { "Bring a blanket; maybe a flask of tea.".into() } else { String::new() },
        category: Category::ALL[k % Category::ALL.len()],
        suggested_by: Some(if k % 2 == 0 { Person::Me } else { Person::Partner }),
        interest_me: Interest::ALL[k % 4],
        cost: Cost::ALL[k % 4],
        effort: Effort::ALL[k % 3],
        ..hearth_core::bucket::vocabulary::new_item()
    };
    let mut it = BucketItem::new_idea(Uuid::new_v4(), input, now - (ITEMS - k) as i64);
    if k % 10 == 0 {
        it.status = Status::Done;
        it.done_on = chrono::NaiveDate::from_ymd_opt(2026, 1 + (k % 12) as u32, 1 + (k % 28) as u32);
        it.memory = "A lovely day.".into();
    }
    it
}

/// A vault in `dir` holding `n` items.
fn vault_with(dir: &Path, n: usize) -> Vault {
    let vault = Vault::create(dir, PASS, KdfParams::FAST_FOR_TESTS).unwrap();
    let now = time::now();
    let tx = vault.conn().unchecked_transaction().unwrap();
    for k in 0..n {
        store::upsert(&tx, &item(k, now)).unwrap();
    }
    tx.commit().unwrap();
    vault
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else if e.file_name() != "hearth.lock" {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

fn dir_size(p: &Path) -> u64 {
    fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    if e.file_type().unwrap().is_dir() {
                        dir_size(&e.path())
                    } else {
                        e.metadata().unwrap().len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The two couples pairing would give two vaults.
fn couples(a: &Vault, b: &Vault) -> (Couple, Couple) {
    let (ma, mb) = (store::vault_id(a.conn()).unwrap(), store::vault_id(b.conn()).unwrap());
    let (da, db, id) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let couple = |device, partner_device, me, partner| Couple {
        couple_id: id,
        key: Zeroizing::new([7u8; 32]),
        device,
        partner_device,
        members: Members { me, partner },
    };
    (couple(da, db, ma, mb), couple(db, da, mb, ma))
}

/// Template vaults saved on disk: A with 10,000 items, B empty, not yet paired.
struct Templates {
    _tmp: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
}

fn templates() -> Templates {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    vault_with(&a, ITEMS).close().unwrap();
    vault_with(&b, 0).close().unwrap();
    Templates { _tmp: tmp, a, b }
}

/// Fresh copies of the templates, a fresh folder, and the couples.
struct Fresh {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    a: Vault,
    b: Vault,
    ca: Couple,
    cb: Couple,
}

fn fresh(t: &Templates) -> Fresh {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&t.a, &tmp.path().join("a"));
    copy_dir(&t.b, &tmp.path().join("b"));
    let root = tmp.path().join("Sync");
    fs::create_dir(&root).unwrap();
    let a = Vault::unlock(&tmp.path().join("a"), PASS).unwrap();
    let b = Vault::unlock(&tmp.path().join("b"), PASS).unwrap();
    let (ca, cb) = couples(&a, &b);
    Fresh { _tmp: tmp, root, a, b, ca, cb }
}

/// Both sides begun and synced until neither has news.
fn paired(f: Fresh) -> (tempfile::TempDir, PathBuf, Vault, Session, Vault, Session) {
    let Fresh { _tmp, root, mut a, mut b, ca, cb } = f;
    let mut sa = shared::begin(a.conn_mut(), ca, &root).unwrap();
    let mut sb = shared::begin(b.conn_mut(), cb, &root).unwrap();
    for _ in 0..4 {
        let x = shared::sync(a.conn_mut(), &mut sa).unwrap();
        let y = shared::sync(b.conn_mut(), &mut sb).unwrap();
        if !x.sent && !y.sent && x.received.is_empty() && y.received.is_empty() {
            return (_tmp, root, a, sa, b, sb);
        }
    }
    panic!("the two sides did not settle");
}

fn shared_space(c: &mut Criterion) {
    let t = templates();
    let mut g = c.benchmark_group("shared 10k");
    g.sample_size(10);

    // (c) First full sync after pairing: begin and one sync on each side.
    g.bench_function("first full sync after pairing (begin + sync, both sides)", |bch| {
        bch.iter_batched(
            || fresh(&t),
            |f| {
                let Fresh { _tmp, root, mut a, mut b, ca, cb } = f;
                let mut sa = shared::begin(a.conn_mut(), ca, &root).unwrap();
                let mut sb = shared::begin(b.conn_mut(), cb, &root).unwrap();
                assert!(shared::sync(a.conn_mut(), &mut sa).unwrap().sent);
                let got = shared::sync(b.conn_mut(), &mut sb).unwrap();
                assert_eq!(got.received.added, ITEMS);
                (_tmp, a, b)
            },
            BatchSize::PerIteration,
        )
    });

    // A settled pair, kept for (a), (b) and (d).
    let (tmp, root, mut a, mut sa, b, sb) = paired(fresh(&t));
    let settled = dir_size(&root);
    eprintln!(
        "shared folder after the first sync (each side's snapshot): {settled} bytes, {:.1} bytes per item",
        settled as f64 / ITEMS as f64
    );
    drop(sb);

    // (a) Loading the shared space from the vault.
    g.bench_function("load (shared::store::open)", |bch| {
        bch.iter(|| shared::open(b.conn()).unwrap().unwrap())
    });

    // (b) A makes 1,000 edits and writes them as one file; B's vault is saved as it
    // was before, and each iteration runs one round on a fresh copy of it.
    let b_dir = b.paths().dir.clone();
    b.close().unwrap();
    let b_saved = tmp.path().join("b-saved");
    copy_dir(&b_dir, &b_saved);
    let ids: Vec<Uuid> = store::list(a.conn()).unwrap().iter().map(|i| i.id).take(EDITS).collect();
    let heads_before_edits = sa.space().heads();
    {
        let tx = a.conn().unchecked_transaction().unwrap();
        for (n, id) in ids.iter().enumerate() {
            let it = store::get(&tx, *id).unwrap().unwrap();
            let input = ItemInput {
                title: format!("{} (edited)", it.title),
                notes: it.notes.clone(),
                category: it.category,
                kind: it.kind,
                suggested_by: it.suggested_by,
                interest_me: Interest::ALL[(n + 1) % 4],
                interest_partner: it.interest_partner,
                cost: it.cost,
                effort: it.effort,
            };
            store::update(&tx, *id, &input).unwrap();
        }
        tx.commit().unwrap();
    }
    let r = shared::sync(a.conn_mut(), &mut sa).unwrap();
    assert!(r.sent);
    // (b1) The document alone: the 1,000 edits applied to B's loaded space (what
    // changed is worked out too), without writing the vault's table.
    let edits = sa.space().changes_since(&heads_before_edits);
    fn apply<'a>(saved: &Path, edits: &'a [u8]) -> impl FnMut(&mut criterion::Bencher) + 'a {
        let v = Vault::unlock(saved, PASS).unwrap();
        move |bch: &mut criterion::Bencher| {
            bch.iter_batched(
                || shared::open(v.conn()).unwrap().unwrap(),
                |mut s| {
                    assert_eq!(s.space().apply(edits).unwrap().items.len(), EDITS);
                    s
                },
                BatchSize::PerIteration,
            )
        }
    }
    g.bench_function("apply 1,000 changes to the document (no vault writes)", apply(&b_saved, &edits));
    // B as the first sync left it: a small save of its own, and A's snapshot kept
    // as an increment, as it came.
    fn round(saved: &Path) -> impl FnMut(&mut criterion::Bencher) + '_ {
        move |bch: &mut criterion::Bencher| {
            bch.iter_batched(
                || {
                    let d = tempfile::tempdir().unwrap();
                    copy_dir(saved, d.path());
                    let v = Vault::unlock(d.path(), PASS).unwrap();
                    let s = shared::open(v.conn()).unwrap().unwrap();
                    (d, v, s)
                },
                |(d, mut v, mut s)| {
                    let r = shared::sync(v.conn_mut(), &mut s).unwrap();
                    assert_eq!(r.received.changed, EDITS);
                    (d, v, s)
                },
                BatchSize::PerIteration,
            )
        }
    }
    g.bench_function("take in 1,000 changes (one sync round on B)", round(&b_saved));
    // B once its increments are folded into one save (every 64 increments): loading
    // is quicker, and Automerge does the rest of that work on the first apply.
    let b_folded = tmp.path().join("b-folded");
    copy_dir(&b_saved, &b_folded);
    {
        let v = Vault::unlock(&b_folded, PASS).unwrap();
        let saved = shared::open(v.conn()).unwrap().unwrap().space().save();
        v.conn().execute("UPDATE shared_doc SET bytes = ?1 WHERE id = 1", [&saved]).unwrap();
        v.conn().execute("DELETE FROM shared_chunks", []).unwrap();
        v.close().unwrap();
    }
    g.bench_function("load, folded into one save", |bch| {
        let v = Vault::unlock(&b_folded, PASS).unwrap();
        bch.iter(|| shared::open(v.conn()).unwrap().unwrap());
    });
    g.bench_function("apply 1,000 changes to the document, folded into one save", apply(&b_folded, &edits));
    g.bench_function("take in 1,000 changes, folded into one save (one sync round on B)", round(&b_folded));
    g.finish();

    // (d) The folder after compaction: A keeps writing small rounds until its own
    // files are compacted into one snapshot again (at 32 files).
    let a_dir = root
        .join(format!("Hearth-{}", sa.couple().couple_id.simple()))
        .join(sa.couple().device.simple().to_string());
    let files = |d: &Path| fs::read_dir(d).unwrap().count();
    for round in 0..64 {
        let id = ids[round % ids.len()];
        store::set_interest(a.conn(), id, Person::Me, Interest::ALL[round % 4]).unwrap();
        shared::sync(a.conn_mut(), &mut sa).unwrap();
        if round > 0 && files(&a_dir) == 1 {
            break;
        }
    }
    let own = dir_size(&a_dir);
    eprintln!(
        "A's files after compaction: {} file(s), {own} bytes, {:.1} bytes per item; whole folder (with B's): {} bytes",
        files(&a_dir),
        own as f64 / ITEMS as f64,
        dir_size(&root)
    );
    let saved: Vec<u8> =
        a.conn().query_row("SELECT bytes FROM shared_doc WHERE id = 1", [], |r| r.get(0)).unwrap();
    eprintln!(
        "compacted document (shared_doc in A's vault): {} bytes, {:.1} bytes per item",
        saved.len(),
        saved.len() as f64 / ITEMS as f64
    );
}

criterion_group!(benches, shared_space);
criterion_main!(benches);

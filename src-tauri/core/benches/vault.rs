//! How long opening a vault takes: the Argon2id unwrap plus SQLCipher's open.
//!
//! Run with `cargo bench -p hearth-core --bench vault`.

use criterion::{Criterion, criterion_group, criterion_main};
use hearth_core::Vault;
use hearth_core::keyfile::KdfParams;

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    Vault::create(dir.path(), "lantern orchard tuesday", KdfParams::default()).unwrap().close().unwrap();
    let mut group = c.benchmark_group("vault");
    group.sample_size(10);
    group.bench_function("unlock (Argon2id, default parameters)", |b| {
        b.iter(|| Vault::unlock(dir.path(), "lantern orchard tuesday").unwrap().close().unwrap())
    });
    group.finish();
}

criterion_group!(benches, unlock);
criterion_main!(benches);

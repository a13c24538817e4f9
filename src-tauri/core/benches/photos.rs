//! Photos on real SQLCipher vaults: adding a 12-megapixel camera photo (decode,
//! strip, thumbnail, store; upright, and one EXIF says to turn, which is
//! re-encoded), opening an entry with 10 such
//! photos up to its first thumbnail's bytes, and unlocking a vault that holds
//! 1,000 photos against one that holds none.
//!
//! Run with `cargo bench -p hearth-core --bench photos`. The pictures are made in
//! code (a JPEG of gradients and noise with a camera's EXIF block, 4000 x 3000);
//! the vaults live in temp folders and are made afresh each run (the 1,000-photo
//! vault takes some seconds: one prepared 2-megapixel photo stored 1,000 times).

use criterion::{Criterion, criterion_group, criterion_main};
use hearth_core::Vault;
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_core::photos::{self, Owner, intake};
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};

const PASS: &str = "lantern orchard tuesday";
/// The lightest key derivation Hearth accepts: the bench measures photos, not Argon2.
const KDF: KdfParams = KdfParams::FAST_FOR_TESTS;

/// A camera-like JPEG: smooth gradients with noise (so it compresses like a photo,
/// not like a flat colour), quality 92, with an EXIF block in front holding
/// `orientation` (1: upright; 6: to turn, which keeps the orientation alone).
fn camera_photo(w: u32, h: u32, orientation: u8) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let img = RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 24) as u32;
        Rgb([
            ((x * 200 / w) + n) as u8,
            ((y * 180 / h) + n) as u8,
            (((x + y) * 120 / (w + h)) + 40 + n) as u8,
        ])
    });
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 92).write_image(&img, w, h, ExtendedColorType::Rgb8).unwrap();
    // APP1 "Exif": a TIFF header and one IFD holding Orientation = 1.
    let mut exif = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x01\0\0\0\0\0\0\0".to_vec();
    exif[6 + 8 + 2 + 8] = orientation;
    exif.extend_from_slice(&[0u8; 64]);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

fn entry(vault: &mut Vault, title: &str) -> String {
    let input =
        EntryInput { entry_date: "2024-08-01T10:00".into(), title: title.into(), ..Default::default() };
    journal::save(vault.conn_mut(), &input).unwrap().id
}

fn photo_benches(c: &mut Criterion) {
    let big = camera_photo(4000, 3000, 1);
    let turned = camera_photo(4000, 3000, 6);
    assert_eq!(intake::prepare(&turned).unwrap().height, 4000, "the EXIF orientation is read");
    eprintln!("12-megapixel test photo: {:.1} MB", big.len() as f64 / 1e6);

    // Adding one: strip + thumbnail + store, into a real vault, each into a new entry.
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASS, KDF).unwrap();
    let mut g = c.benchmark_group("photos");
    g.sample_size(10);
    g.bench_function("prepare a 12 MP photo, upright (decode, strip, thumbnail)", |b| {
        b.iter(|| intake::prepare(&big).unwrap())
    });
    g.bench_function(
        "prepare a 12 MP photo to turn (decode, strip, keep the orientation, upright thumbnail)",
        |b| b.iter(|| intake::prepare(&turned).unwrap()),
    );
    // Each photo goes into an entry of its own (made beforehand, outside the timing).
    let ids: Vec<String> = (0..400).map(|i| entry(&mut vault, &format!("Photo {i}"))).collect();
    let mut next = ids.iter().cycle();
    g.bench_function("add a 12 MP photo, upright (prepare + store in the vault)", |b| {
        b.iter(|| photos::add(vault.conn_mut(), Owner::Entry(next.next().unwrap()), &big).unwrap())
    });
    g.bench_function("add a 12 MP photo to turn (prepare + store in the vault)", |b| {
        b.iter(|| photos::add(vault.conn_mut(), Owner::Entry(next.next().unwrap()), &turned).unwrap())
    });
    drop(vault);

    // Opening an entry with 10 twelve-megapixel photos, up to its first thumbnail.
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASS, KDF).unwrap();
    let prepared = intake::prepare(&big).unwrap();
    let id = entry(&mut vault, "Ten photos");
    for _ in 0..10 {
        photos::add_prepared(vault.conn_mut(), Owner::Entry(&id), &prepared).unwrap();
    }
    vault.close().unwrap();
    let vault = Vault::unlock(dir.path(), PASS).unwrap();
    g.sample_size(50);
    g.bench_function("open an entry with 10 photos, to the first thumbnail's bytes", |b| {
        b.iter(|| {
            let e = journal::get(vault.conn(), &id).unwrap().unwrap();
            let list = photos::list(vault.conn(), Owner::Entry(&e.id)).unwrap();
            assert_eq!(list.len(), 10);
            photos::thumbnail(vault.conn(), &list[0].id).unwrap().unwrap()
        })
    });
    drop(vault);
    g.sample_size(20);
    g.bench_function(
        "cold: unlock, then open the entry with 10 photos, to the first thumbnail's bytes",
        |b| {
            b.iter(|| {
                let vault = Vault::unlock(dir.path(), PASS).unwrap();
                let e = journal::get(vault.conn(), &id).unwrap().unwrap();
                let list = photos::list(vault.conn(), Owner::Entry(&e.id)).unwrap();
                let thumb = photos::thumbnail(vault.conn(), &list[0].id).unwrap().unwrap();
                vault.close().unwrap();
                thumb
            })
        },
    );

    // Unlocking: a vault with 1,000 photos against one with none.
    let empty = tempfile::tempdir().unwrap();
    let mut v = Vault::create(empty.path(), PASS, KDF).unwrap();
    for i in 0..100 {
        entry(&mut v, &format!("Entry {i}"));
    }
    v.close().unwrap();
    let full = tempfile::tempdir().unwrap();
    let mut v = Vault::create(full.path(), PASS, KDF).unwrap();
    let two_mp = intake::prepare(&camera_photo(1600, 1200, 1)).unwrap();
    for i in 0..100 {
        let id = entry(&mut v, &format!("Entry {i}"));
        for _ in 0..10 {
            photos::add_prepared(v.conn_mut(), Owner::Entry(&id), &two_mp).unwrap();
        }
    }
    assert_eq!(photos::count(v.conn()).unwrap(), 1000);
    v.close().unwrap();
    let size = |d: &std::path::Path| std::fs::metadata(d.join("hearth.vault")).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "vaults: {:.1} MB without photos, {:.1} MB with 1,000",
        size(empty.path()) as f64 / 1e6,
        size(full.path()) as f64 / 1e6
    );
    g.sample_size(30);
    for (name, dir) in
        [("unlock a vault with no photos", &empty), ("unlock a vault with 1,000 photos", &full)]
    {
        g.bench_function(name, |b| b.iter(|| Vault::unlock(dir.path(), PASS).unwrap().close().unwrap()));
    }
    g.finish();
}

criterion_group!(benches, photo_benches);
criterion_main!(benches);

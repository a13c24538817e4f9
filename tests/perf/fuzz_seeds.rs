//! Writes the fuzz targets' seed corpus from real exports of a real vault:
//! `cargo run -p hearth-tests --example fuzz_seeds` (rewrites
//! src-tauri/core/fuzz/seeds/; commit the result).

use std::path::Path;

use hearth_core::bucket::Uuid;
use hearth_core::bucket::{self, ItemInput};
use hearth_core::journal::{self, EntryInput};
use hearth_core::keyfile::KdfParams;
use hearth_core::selfcheck::{self, share::ShareFile};
use hearth_core::{Vault, settings, shared};
use serde_json::json;

fn main() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/core/fuzz/seeds");
    let dir = tempfile::tempdir().unwrap();
    let fast = KdfParams::FAST_FOR_TESTS;
    let mut vault = Vault::create(dir.path(), "seed passphrase", fast).unwrap();
    settings::set_names(vault.conn(), "Ana", "Sam").unwrap();
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let d = seeds.join(target);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), bytes).unwrap();
    };

    let bodies = [
        "Under the **old oak** we talked until the streetlights came on.\n\n- tea\n- rain\n",
        "# A heading\n\n> a quote\n\n[a link](https://example.org) and ![a picture](https://example.org/x.png)\n\n<script>alert(1)</script>",
        "Mixed: `code`, *emphasis*, 1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let input: EntryInput = serde_json::from_value(json!({
            "entry_date": format!("2026-0{}-1{}T21:30", i + 1, i), "title": format!("Evening {i}"),
            "body": body, "mood": (i % 5) + 1, "tags": ["us", "walks"]
        }))
        .unwrap();
        journal::save(vault.conn_mut(), &input).unwrap();
        write("markdown_render", &format!("body-{i}.md"), body.as_bytes());
    }
    let (hearth_json, _) = journal::exchange::export_json(vault.conn()).unwrap();
    write("journal_import", "hearth-export.json", hearth_json.as_bytes());
    let jrnl = json!({
        "tags": {"@us": 1},
        "entries": [{"title": "Picnic", "body": "We finally went.", "date": "2025-06-01", "time": "18:05",
                     "tags": ["@us"], "starred": false}]
    });
    write("journal_import", "jrnl-export.json", serde_json::to_string_pretty(&jrnl).unwrap().as_bytes());
    // Other journals' exports: the sample files the import tests use.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/imports");
    for name in ["minidiary.json", "minidiarium.json"] {
        write("journal_import_mini", name, &std::fs::read(fixtures.join(name)).unwrap());
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for name in ["Journal.json", "Travel.json"] {
        zip.start_file(name, deflated).unwrap();
        std::io::Write::write_all(&mut zip, &std::fs::read(fixtures.join("dayone").join(name)).unwrap())
            .unwrap();
    }
    zip.start_file("photos/3f2c6a1b9d8e7f6a5b4c3d2e1f0a9b8c.jpeg", deflated).unwrap();
    std::io::Write::write_all(&mut zip, &[0xff, 0xd8, 0xff, 0xe0]).unwrap();
    write("journal_import_dayone", "dayone-export.zip", &zip.finish().unwrap().into_inner());

    let input: ItemInput = serde_json::from_value(json!({
        "title": "Sunrise swim", "notes": "Bring towels", "category": "outdoors", "kind": "experiential",
        "suggested_by": "partner", "interest_me": "yes", "interest_partner": "maybe", "cost": "free", "effort": "some"
    }))
    .unwrap();
    let item = bucket::store::create(vault.conn(), &input).unwrap();
    bucket::store::plan(vault.conn(), item.id, chrono::NaiveDate::from_ymd_opt(2026, 12, 24)).unwrap();
    let items = bucket::store::all_with_tombstones(vault.conn()).unwrap();
    let names = settings::names(vault.conn()).unwrap();
    let id = bucket::store::vault_id(vault.conn()).unwrap();
    write(
        "bucket_json",
        "bucket-export.json",
        bucket::export::json(&items, &names, id, 1_790_000_000_000).as_bytes(),
    );

    let answers: selfcheck::scoring::Answers = selfcheck::bank::latest()
        .dimensions
        .iter()
        .flat_map(|d| d.items.iter())
        .map(|i| (i.id.clone(), selfcheck::scoring::Answer::new(2, 3)))
        .collect();
    let check = selfcheck::store::complete(vault.conn_mut(), &answers, &[]).unwrap();
    write(
        "selfcheck_share",
        "share.json",
        ShareFile::from_check(&check, "Ana", false).unwrap().to_json().as_bytes(),
    );
    write(
        "selfcheck_share",
        "share-with-answers.json",
        ShareFile::from_check(&check, "Ana", true).unwrap().to_json().as_bytes(),
    );

    write("keyfile", "hearth.key", &std::fs::read(&vault.paths().key).unwrap());
    let out = tempfile::tempdir().unwrap();
    let backup = out.path().join("seed.hearthbackup");
    vault.backup(&backup).unwrap();
    // The backup target reads the header, key file and MAC: keep the database part
    // to 16 bytes (header adjusted) so the fuzzer's inputs stay small. The MAC
    // (the last 32 bytes) no longer matches, which is one of the paths to cover.
    let bytes = std::fs::read(&backup).unwrap();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[..newline]).unwrap();
    let key_len = header["key_len"].as_u64().unwrap() as usize;
    header["db_len"] = json!(16);
    let mut small = serde_json::to_vec(&header).unwrap();
    small.push(b'\n');
    small.extend_from_slice(&bytes[newline + 1..newline + 1 + key_len + 16]);
    small.extend_from_slice(&bytes[bytes.len() - 32..]);
    assert!(hearth_core::backup::inspect_bytes(&small).unwrap().authenticated);
    write("backup", "seed.hearthbackup", &small);
    // And a format 1 backup (no MAC), which still restores.
    header["version"] = json!(1);
    let mut v1 = serde_json::to_vec(&header).unwrap();
    v1.push(b'\n');
    v1.extend_from_slice(&bytes[newline + 1..newline + 1 + key_len + 16]);
    assert!(!hearth_core::backup::inspect_bytes(&v1).unwrap().authenticated);
    write("backup", "seed-v1.hearthbackup", &v1);

    // The shared folder: files as a sync round reads them, under the fuzz couple's
    // key (first byte: bit 0 set means "seal the rest here first", bits 1-2 the kind:
    // 0 changes, 1 snapshot, 2 farewell; see fuzz_targets/shared_file.rs).
    let couple = shared::store::fuzz_couple();
    let mut space = shared::space::Space::new(couple.members).unwrap();
    let start = space.heads();
    for item in &items {
        space.put_item(item).unwrap();
    }
    space.set_turn(bucket::Person::Partner).unwrap();
    let with_format = |doc: Vec<u8>| [vec![1u8], doc].concat();
    let snapshot = with_format(space.save());
    let changes = with_format(space.changes_since(&start));
    write("shared_file", "snapshot-payload", &[&[0b011u8][..], &snapshot].concat());
    write("shared_file", "changes-payload", &[&[0b001u8][..], &changes].concat());
    let label = |kind, seq| shared::seal::Label {
        couple: couple.couple_id,
        device: couple.partner_device,
        kind,
        seq,
    };
    let sealed = shared::seal::seal(&couple.key, &label(shared::seal::Kind::Snapshot, 1), &snapshot).unwrap();
    write("shared_file", "sealed-snapshot", &[&[0b010u8][..], &sealed].concat());
    write("shared_file", "farewell", &[0b101u8]);

    // Pairing: the offer, answer and confirmation two devices leave in the folder.
    let folder = tempfile::tempdir().unwrap();
    let mut offer = shared::pair::Offer::start(folder.path(), Uuid::new_v4(), Uuid::new_v4()).unwrap();
    let _join =
        shared::pair::Join::start(folder.path(), &offer.code(), Uuid::new_v4(), Uuid::new_v4()).unwrap();
    offer.poll().unwrap().unwrap();
    for e in std::fs::read_dir(folder.path().join("Hearth-pairing")).unwrap() {
        let path = e.unwrap().path();
        let ext = path.extension().unwrap().to_string_lossy().into_owned();
        write("pair_files", &format!("pairing.{ext}"), &std::fs::read(&path).unwrap());
    }
    // Photos: small pictures of each kind Hearth takes, one with a camera's EXIF
    // (GPS included), XMP, a comment and a tail; a cut one; a bomb's header.
    use hearth_tests::pictures;
    write("photo_intake", "plain.jpg", &pictures::jpeg(24, 16, 1));
    write("photo_intake", "camera.jpg", &pictures::camera_jpeg(24, 16, 6));
    write("photo_intake", "alpha.png", &pictures::png(12, 9, 2));
    write("photo_intake", "lossless.webp", &pictures::webp(10, 7, 3));
    let cut = pictures::jpeg(24, 16, 4);
    write("photo_intake", "cut.jpg", &cut[..cut.len() / 2]);
    write("photo_intake", "bomb.png", &pictures::png_bomb(20_000));
    println!("seeds written to {}", seeds.display());
}

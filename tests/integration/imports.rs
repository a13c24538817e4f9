//! Imports from other journals (Day One's zip, Mini Diary's and Mini Diarium's
//! JSON) into real vaults: each kind taken in, the same file twice adds nothing,
//! cut or foreign files refused whole with nothing changed on disk or in the
//! tables, zip bombs refused, hostile text kept as inert text. The sample exports
//! are in `tests/fixtures/imports/`, written in each app's documented shape; the
//! Day One zip is built here from them, with stand-in photo files.

use std::io::Write;
use std::path::{Path, PathBuf};

use hearth_core::Vault;
use hearth_core::journal::foreign::{ATTACHMENT_NOTE, PHOTO_NOTE};
use hearth_core::journal::{self, Filter, exchange, render};
use hearth_core::keyfile::KdfParams;
use hearth_core::photos::{self, Owner};
use hearth_tests::hostile::{self, Payload};
use hearth_tests::pictures::{self, META_CANARIES};
use hearth_tests::{PASSPHRASE, dump_tables, snapshot_files};
use serde_json::json;
use zip::write::SimpleFileOptions;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/imports").join(name)
}

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    (dir, vault)
}

/// A zip of `files` (name, bytes), deflated as Day One writes it.
fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The sample Day One export: both journals of the fixture, a picture for each
/// photo they name (the JPEG as a phone writes it, GPS and all) and a stand-in
/// video (Hearth never opens it).
fn day_one_zip() -> Vec<u8> {
    zip_of(&day_one_files())
}

fn day_one_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for journal in ["Journal.json", "Travel.json"] {
        files.push((journal.to_owned(), std::fs::read(fixture("dayone").join(journal)).unwrap()));
    }
    files.push(("photos/3f2c6a1b9d8e7f6a5b4c3d2e1f0a9b8c.jpeg".into(), pictures::camera_jpeg(80, 60, 1)));
    files.push(("photos/0a1b2c3d4e5f60718293a4b5c6d7e8f9.png".into(), pictures::png(30, 20, 4)));
    files.push(("videos/ffeeddccbbaa99887766554433221100.mov".into(), vec![0; 64]));
    files
}

/// Imports `bytes` the way the window does (written to a picked file, read
/// through `read_import`), returning the preview and what applying added.
fn import(vault: &mut Vault, dir: &Path, name: &str, bytes: &[u8]) -> (exchange::Preview, exchange::Applied) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let read = exchange::read_import(&path).unwrap();
    let parsed = exchange::parse(&read).unwrap();
    let preview = exchange::preview(vault.conn(), &parsed).unwrap();
    let applied = exchange::apply(vault.conn_mut(), &parsed).unwrap();
    (preview, applied)
}

fn all_entries(vault: &Vault) -> Vec<journal::Entry> {
    let page = journal::list(vault.conn(), &Filter::default(), None, 200).unwrap();
    page.entries.iter().map(|e| journal::get(vault.conn(), &e.id).unwrap().unwrap()).collect()
}

#[test]
fn a_day_one_zip_comes_in_once_with_its_photos() {
    let (dir, mut vault) = vault();
    let zip = day_one_zip();
    let (preview, applied) = import(&mut vault, dir.path(), "Export - All Entries.zip", &zip);
    assert_eq!(preview.format, exchange::Format::DayOne);
    // Left behind: the video only.
    assert_eq!((preview.total, preview.new, preview.existing, preview.left_out), (3, 3, 0, 1));
    assert_eq!((applied.added, applied.skipped), (3, 0));

    let entries = all_entries(&vault);
    let picnic = entries.iter().find(|e| e.title == "Picnic at the lake").expect("the heading is the title");
    assert!(picnic.body.starts_with("We found the spot from last summer"), "{}", picnic.body);
    assert!(!picnic.body.contains(PHOTO_NOTE), "its photo came in: {}", picnic.body);
    let picnic_photos = photos::list(vault.conn(), Owner::Entry(&picnic.id)).unwrap();
    assert_eq!(picnic_photos.len(), 1);
    let (_, jpeg) = photos::image(vault.conn(), &picnic_photos[0].id).unwrap().unwrap();
    for canary in META_CANARIES {
        assert!(!hearth_tests::contains(&jpeg, canary.as_bytes()), "{canary} came in from Day One");
    }
    assert_eq!(picnic.tags, ["holiday", "us"]);
    assert_eq!(picnic.created_at, "2023-07-14T11:20:05.000Z");
    assert_eq!(picnic.updated_at, "2023-07-14T12:02:41.000Z");
    assert!(picnic.entry_date.starts_with("2023-07-1"), "{}", picnic.entry_date);
    let quiet = entries.iter().find(|e| e.body.starts_with("Quiet evening")).unwrap();
    assert_eq!(quiet.title, "");
    assert!(!quiet.body.contains(PHOTO_NOTE) && quiet.body.contains(ATTACHMENT_NOTE), "{}", quiet.body);
    assert_eq!(photos::list(vault.conn(), Owner::Entry(&quiet.id)).unwrap().len(), 1);
    for e in &entries {
        assert!(!e.body.contains("dayone-moment"), "no dead photo links are left");
    }
    assert!(entries.iter().any(|e| e.tags == ["new year"]), "the second journal in the zip comes in too");

    // The same zip again: nothing new, nothing changed.
    let before = dump_tables(vault.conn());
    let (preview, applied) = import(&mut vault, dir.path(), "again.zip", &zip);
    assert_eq!((preview.new, preview.existing), (0, 3));
    assert_eq!((applied.added, applied.skipped), (0, 3));
    assert_eq!(dump_tables(vault.conn()), before);
    vault.close().unwrap();
}

#[test]
fn day_one_photos_hearth_cant_take_stay_behind_with_a_note_and_a_bad_one_refuses_the_zip() {
    let (dir, mut vault) = vault();
    // A third journal: a HEIC photo, a photo missing from the zip, and one whose
    // file says it is too big.
    let extra = json!({"metadata": {"version": "1.0"}, "entries": [{
    "uuid": "5B0E7A2C9D1F4E3BA6C8D0F2E4B6A8C1", "creationDate": "2024-02-03T10:00:00Z",
    "text": "Snow ![](dayone-moment://HEIC1) and ![](dayone-moment://GONE1) and ![](dayone-moment://BIG1)",
    "photos": [
        {"identifier": "HEIC1", "md5": "aa11", "type": "heic"},
        {"identifier": "GONE1", "md5": "bb22", "type": "jpeg"},
        {"identifier": "BIG1", "md5": "cc33", "type": "png"}
    ]}]});
    let mut files = day_one_files();
    files.push(("Extra.json".into(), serde_json::to_vec(&extra).unwrap()));
    files.push(("photos/aa11.heic".into(), vec![0; 40]));
    files.push(("photos/cc33.png".into(), vec![0; photos::MAX_PHOTO_BYTES as usize + 1]));
    let (preview, applied) = import(&mut vault, dir.path(), "with-heic.zip", &zip_of(&files));
    assert_eq!((preview.left_out, applied.added), (4, 4), "the video and the three photos stay behind");
    let snow = all_entries(&vault).into_iter().find(|e| e.body.starts_with("Snow")).unwrap();
    assert_eq!(snow.body.matches(PHOTO_NOTE).count(), 3, "{}", snow.body);
    assert!(photos::list(vault.conn(), Owner::Entry(&snow.id)).unwrap().is_empty());

    // A damaged photo (the right name, not a picture) refuses the whole zip.
    let (dir, mut vault) = self::vault();
    let mut files = day_one_files();
    files[2].1 = b"\xFF\xD8\xFF\xE0 not really".to_vec();
    let path = dir.path().join("bad-photo.zip");
    std::fs::write(&path, zip_of(&files)).unwrap();
    let parsed = exchange::parse(&exchange::read_import(&path).unwrap()).unwrap();
    let before = dump_tables(vault.conn());
    let err = exchange::apply(vault.conn_mut(), &parsed).unwrap_err();
    assert_eq!(err.kind(), "import_rejected");
    assert!(err.to_string().contains("damaged or cut short"), "{err}");
    assert!(err.to_string().ends_with("Nothing was imported."), "{err}");
    assert_eq!(dump_tables(vault.conn()), before);
}

#[test]
fn mini_diary_and_mini_diarium_files_come_in_once() {
    let (dir, mut vault) = vault();
    let diary = std::fs::read(fixture("minidiary.json")).unwrap();
    let (preview, applied) = import(&mut vault, dir.path(), "mini-diary.json", &diary);
    assert_eq!(preview.format, exchange::Format::MiniDiary);
    assert_eq!((preview.total, preview.new, preview.left_out, applied.added), (2, 2, 0, 2));
    let diarium = std::fs::read(fixture("minidiarium.json")).unwrap();
    let (preview, applied) = import(&mut vault, dir.path(), "mini-diarium.json", &diarium);
    assert_eq!(preview.format, exchange::Format::MiniDiarium);
    assert_eq!((preview.total, preview.new, applied.added), (3, 3, 3));

    let entries = all_entries(&vault);
    let pancakes = entries.iter().find(|e| e.title == "Sunday pancakes").unwrap();
    assert_eq!(pancakes.entry_date, "2021-03-07T00:00:00");
    assert_eq!(pancakes.body, "Made **pancakes** together.\n\n- lemon\n- sugar");
    assert_eq!(pancakes.updated_at, "2021-03-07T21:04:11.002Z");
    let walk = entries.iter().find(|e| e.body.starts_with("A long walk")).unwrap();
    assert_eq!(walk.updated_at, "2021-03-09T18:12:44.000Z", "JavaScript's date form is read too");
    let snow = entries.iter().find(|e| e.title == "First snow").unwrap();
    assert_eq!(snow.body, "We built a very small snowman.", "Mini Diarium's HTML becomes plain text");
    assert_eq!(
        entries.iter().filter(|e| e.entry_date.starts_with("2025-01-18")).count(),
        2,
        "two on one day"
    );

    let before = dump_tables(vault.conn());
    for (name, bytes) in [("mini-diary.json", &diary), ("mini-diarium.json", &diarium)] {
        let (preview, applied) = import(&mut vault, dir.path(), name, bytes);
        assert_eq!((preview.new, applied.added), (0, 0), "{name} a second time");
    }
    assert_eq!(dump_tables(vault.conn()), before);
    vault.close().unwrap();
}

/// Refused with `import_rejected` and a sentence, and nothing on disk or in the
/// vault changed.
#[track_caller]
fn refused(vault: &mut Vault, dir: &Path, name: &str, bytes: &[u8], says: &str) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    // Rows first: reading marks SQLite's shared-memory index, which is not data.
    let tables = dump_tables(vault.conn());
    let files = snapshot_files(dir);
    let err = exchange::read_import(&path).and_then(|b| exchange::parse(&b)).unwrap_err();
    assert_eq!(err.kind(), "import_rejected", "{name}: {err}");
    let message = err.to_string();
    assert!(message.contains(says), "{name}: {message}");
    assert!(message.ends_with("Nothing was imported."), "{name}: {message}");
    for private in ["Picnic", "pancakes", "snowman", "dayone-moment"] {
        assert!(!message.contains(private), "{name}: the message quotes the file: {message}");
    }
    assert_eq!(snapshot_files(dir), files, "{name}: a file changed");
    assert_eq!(dump_tables(vault.conn()), tables, "{name}: the vault changed");
}

#[test]
fn cut_and_foreign_files_are_refused_whole_and_change_nothing() {
    let (dir, mut vault) = vault();
    // Something already there, so "unchanged" means something.
    let diary = std::fs::read(fixture("minidiary.json")).unwrap();
    import(&mut vault, dir.path(), "first.json", &diary);
    let zip = day_one_zip();
    let d = dir.path().to_path_buf();

    for cut in [zip.len() / 2, zip.len() - 10, 30] {
        refused(&mut vault, &d, "cut.zip", &zip[..cut], "damaged or incomplete");
    }
    let diarium = std::fs::read(fixture("minidiarium.json")).unwrap();
    refused(&mut vault, &d, "cut.json", &diarium[..diarium.len() * 2 / 3], "isn't valid JSON");
    refused(&mut vault, &d, "cut-diary.json", &diary[..diary.len() - 5], "isn't valid JSON");

    // Not journals at all.
    refused(&mut vault, &d, "photo.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not UTF-8");
    let only_photos = zip_of(&[("photos/a.jpeg".into(), vec![1, 2, 3])]);
    refused(&mut vault, &d, "photos.zip", &only_photos, "isn't a Day One export");
    let other = br#"{"metadata": {"application": "Another Diary", "version": "1"}, "entries": {}}"#;
    refused(&mut vault, &d, "other.json", other, "isn't a journal export Hearth knows");
    let other = br#"{"metadata": {"application": "Another Diary"}, "entries": [{"date": "2020-01-01", "text": "x"}]}"#;
    refused(&mut vault, &d, "other-list.json", other, "isn't a journal export Hearth knows");
    let other = br#"{"metadata": {"version": "1.0"}, "entries": [{"when": "2020-01-01", "text": "x"}]}"#;
    refused(&mut vault, &d, "other-shape.json", other, "isn't a journal export Hearth knows");
    let shopping = zip_of(&[("list.json".into(), br#"{"items": ["milk"]}"#.to_vec())]);
    refused(&mut vault, &d, "list.zip", &shopping, "isn't a Day One export");
    // A Day One entry whose date can't be read: the whole zip is refused.
    let mut journal: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("dayone/Journal.json")).unwrap()).unwrap();
    journal["entries"][1]["creationDate"] = json!("last Tuesday");
    let bad = zip_of(&[("Journal.json".into(), serde_json::to_vec(&journal).unwrap())]);
    refused(&mut vault, &d, "bad-date.zip", &bad, "Entry 2 in this file has a time");
    // A Mini Diary day that isn't a day.
    let bad = br#"{"metadata": {"application": "Mini Diary", "version": "3.3.0"}, "entries": {"2021-02-30": {"title": "x", "text": "y", "dateUpdated": ""}}}"#;
    refused(&mut vault, &d, "bad-day.json", bad, "Entry 1 in this file has a date");
    vault.close().unwrap();
}

#[test]
fn zip_bombs_are_refused_on_what_comes_out() {
    let (dir, mut vault) = vault();
    let d = dir.path().to_path_buf();
    // 51 MiB of JSON whitespace squeezes to a few tens of KiB.
    let mut huge = b"{\"metadata\": {\"version\": \"1.0\"}, \"entries\": [] ".to_vec();
    huge.resize(51 * 1024 * 1024, b' ');
    huge.push(b'}');
    let bomb = zip_of(&[("Journal.json".into(), huge)]);
    assert!(bomb.len() < 1024 * 1024);
    refused(&mut vault, &d, "bomb.zip", &bomb, "too big");
    // More files listed than Hearth reads (empty, stored: a small zip).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("Journal.json", stored).unwrap();
    zip.write_all(br#"{"metadata": {"version": "1.0"}, "entries": []}"#).unwrap();
    for i in 0..hearth_core::journal::foreign::MAX_ZIP_FILES {
        zip.start_file(format!("photos/{i}.jpeg"), stored).unwrap();
    }
    let many = zip.finish().unwrap().into_inner();
    refused(&mut vault, &d, "many.zip", &many, "more than the 100000");
    vault.close().unwrap();
}

fn short(p: &Payload) -> String {
    format!("{} payload {:?}", p.family, p.text.chars().take(60).collect::<String>())
}

#[test]
fn hostile_text_in_foreign_files_comes_in_as_inert_text() {
    let (dir, mut vault) = vault();
    let corpus = hostile::from_file();
    let day_one: Vec<_> = corpus
        .iter()
        .enumerate()
        .map(|(n, p)| {
            json!({"uuid": format!("HOSTILE{n:08}"), "creationDate": "2023-03-03T12:00:00Z",
                   "text": p.text, "tags": [p.text], "photos": [{"identifier": p.text, "md5": p.text}]})
        })
        .collect();
    let journal = json!({"metadata": {"version": "1.0"}, "entries": day_one});
    let zip = zip_of(&[("Journal.json".into(), serde_json::to_vec(&journal).unwrap())]);
    let (preview, applied) = import(&mut vault, dir.path(), "hostile.zip", &zip);
    assert_eq!((preview.total, applied.added, preview.left_out), (corpus.len(), corpus.len(), corpus.len()));

    let mut days = serde_json::Map::new();
    for (n, p) in corpus.iter().enumerate() {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n as u64);
        days.insert(day.to_string(), json!({"title": p.text, "text": p.text, "dateUpdated": p.text}));
    }
    let diary = json!({"metadata": {"application": "Mini Diary", "version": "3.3.0"}, "entries": days});
    let (_, applied) = import(&mut vault, dir.path(), "hostile.json", &serde_json::to_vec(&diary).unwrap());
    assert_eq!(applied.added, corpus.len());
    let diarium: Vec<_> = corpus
        .iter()
        .enumerate()
        .map(|(n, p)| json!({"id": n, "date": "2019-09-09", "title": p.text, "text": p.text, "tags": [p.text]}))
        .collect();
    let diarium =
        json!({"metadata": {"application": "Mini Diarium", "version": "0.4.2"}, "entries": diarium});
    let (_, applied) =
        import(&mut vault, dir.path(), "hostile2.json", &serde_json::to_vec(&diarium).unwrap());
    assert_eq!(applied.added, corpus.len());

    // Every Mini Diary entry is the payload exactly as saving would keep it.
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = journal::list(vault.conn(), &Filter::default(), cursor.as_ref(), 200).unwrap();
        for row in &page.entries {
            let e = journal::get(vault.conn(), &row.id).unwrap().unwrap();
            render::assert_inert(&render::to_html(&e.body), &e.id);
            if e.entry_date.starts_with("2020-") {
                let n = (chrono::NaiveDate::parse_from_str(&e.entry_date[..10], "%Y-%m-%d").unwrap()
                    - chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap())
                .num_days() as usize;
                let p = &corpus[n];
                assert_eq!(e.body, journal::clean_text(&p.text), "{}", short(p));
            }
            seen += 1;
        }
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, 3 * corpus.len());

    // A payload where a date or a file's structure should be: refused, quoting nothing.
    for p in &corpus {
        let bad = json!({"metadata": {"application": "Mini Diary"}, "entries": {p.text.clone(): {"title": "x", "text": "y"}}});
        let err = exchange::parse(&serde_json::to_vec(&bad).unwrap()).unwrap_err();
        assert!(!err.to_string().contains("pwned"), "{}: {err}", short(p));
        let bad =
            json!({"metadata": {"version": p.text}, "entries": [{"uuid": p.text, "creationDate": p.text}]});
        let err = exchange::parse(&serde_json::to_vec(&bad).unwrap()).unwrap_err();
        assert!(!err.to_string().contains("pwned"), "{}: {err}", short(p));
    }
}

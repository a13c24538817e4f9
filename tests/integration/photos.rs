//! Photos against real SQLCipher vaults in temp folders: what is stripped, what
//! reaches the disk, what travels in exports and backups, and what is refused.

use std::io::Cursor;
use std::time::{Duration, Instant};

use hearth_core::journal::{self, EntryInput, exchange};
use hearth_core::keyfile::KdfParams;
use hearth_core::photos::{self, Mime, Owner};
use hearth_core::{Vault, VaultPaths};
use hearth_tests::pictures::{self, META_CANARIES};
use hearth_tests::{PASSPHRASE, contains, dump_tables, snapshot_files};

fn vault(dir: &std::path::Path) -> Vault {
    Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap()
}

fn entry(vault: &mut Vault, title: &str) -> String {
    let input =
        EntryInput { entry_date: "2024-07-14T18:00".into(), title: title.into(), ..Default::default() };
    journal::save(vault.conn_mut(), &input).unwrap().id
}

/// A picture as a window shows it: decoded and turned as its EXIF orientation says.
fn shown(bytes: &[u8]) -> image::DynamicImage {
    use image::ImageDecoder;
    let mut decoder =
        image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().unwrap().into_decoder().unwrap();
    let orientation = decoder.orientation().unwrap();
    let mut img = image::DynamicImage::from_decoder(decoder).unwrap();
    img.apply_orientation(orientation);
    img
}

/// EXIF as an independent reader (kamadak-exif) finds it in `bytes`, if any.
fn exif_of(bytes: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()
}

#[test]
fn a_photo_with_gps_comes_out_with_no_location_and_the_right_way_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let id = entry(&mut v, "Lisbon");
    // 64 wide, 40 high: upright (1), to be turned 90° clockwise (6: stripped, with
    // the orientation kept), and a progressive JPEG (several scans) upright.
    let cases = [
        ("upright", pictures::camera_jpeg(64, 40, 1), (64, 40)),
        ("to turn", pictures::camera_jpeg(64, 40, 6), (40, 64)),
        ("progressive", pictures::with_camera_metadata(&pictures::progressive_jpeg(64, 40, 8), 1), (64, 40)),
    ];
    for (what, camera, size) in cases {
        // The test picture really carries what must go: a reader finds the GPS block.
        let before = exif_of(&camera).expect("the test photo has EXIF");
        let lat = before.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).expect("and a GPS latitude");
        assert!(matches!(&lat.value, exif::Value::Rational(r) if r[0].num == pictures::LATITUDE[0].0));
        for canary in META_CANARIES {
            assert!(contains(&camera, canary.as_bytes()), "{canary} is in the test photo");
        }

        let p = photos::add(v.conn_mut(), Owner::Entry(&id), &camera).unwrap();
        assert_eq!((p.width, p.height), size, "{what}: turned by its EXIF orientation");
        let (mime, stored) = photos::image(v.conn(), &p.id).unwrap().unwrap();
        let (_, thumb) = photos::thumbnail(v.conn(), &p.id).unwrap().unwrap();
        assert_eq!(mime, Mime::Jpeg);
        for (bytes, is_thumb) in [(&stored, false), (&thumb, true)] {
            // No EXIF at all, so no GPS or make; a photo to turn keeps one field,
            // its orientation, in a segment Hearth writes itself.
            match exif_of(bytes) {
                None => assert!(is_thumb || what != "to turn", "{what}: the orientation was kept"),
                Some(exif) => {
                    assert!(!is_thumb && what == "to turn", "{what}: EXIF survived");
                    let tags: Vec<_> = exif.fields().map(|f| f.tag).collect();
                    assert_eq!(tags, vec![exif::Tag::Orientation], "{what}: the orientation alone");
                }
            }
            for canary in META_CANARIES {
                assert!(!contains(bytes, canary.as_bytes()), "{what}: {canary} survived");
            }
            for marker in [b"http://ns.adobe.com/xap".as_slice(), b"ftypmp42", b"Photoshop 3.0"] {
                assert!(!contains(bytes, marker), "{what}: {} survived", String::from_utf8_lossy(marker));
            }
            // It is still a picture, shown the right way up.
            let img = shown(bytes);
            assert_eq!(img.width() > img.height(), size.0 > size.1, "{what}");
        }
        // The picture itself is untouched (not re-encoded), turned or not.
        let original = image::load_from_memory(&camera).unwrap();
        assert_eq!(image::load_from_memory(&stored).unwrap(), original, "{what}: same pixels");
    }
    // And the same for a PNG that carries EXIF and text chunks.
    let png = pictures::png_with_metadata();
    assert!(exif_of(&png).is_some(), "the test PNG has EXIF");
    let q = photos::add(v.conn_mut(), Owner::Entry(&id), &png).unwrap();
    let (mime, stored) = photos::image(v.conn(), &q.id).unwrap().unwrap();
    assert_eq!(mime, Mime::Png);
    assert!(exif_of(&stored).is_none());
    assert!(!contains(&stored, b"hearth-png-text-canary"));
    assert!(!contains(&stored, b"tEXt") && !contains(&stored, b"eXIf"));
}

#[test]
fn a_photos_bytes_are_never_plain_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path());
    let mut v = vault(dir.path());
    let id = entry(&mut v, "Canary");
    // A clean JPEG is stored byte for byte, so slices of it are canaries that
    // would show if the pictures were anywhere in the clear.
    let photo = pictures::jpeg(400, 300, 42);
    let p = photos::add(v.conn_mut(), Owner::Entry(&id), &photo).unwrap();
    let (_, stored) = photos::image(v.conn(), &p.id).unwrap().unwrap();
    assert_eq!(stored, photo, "a clean photo is kept as it is");
    let (_, thumb) = photos::thumbnail(v.conn(), &p.id).unwrap().unwrap();
    let canaries: Vec<&[u8]> = (1..8)
        .map(|i| &photo[photo.len() * i / 8..photo.len() * i / 8 + 48])
        .chain([&thumb[thumb.len() / 2..thumb.len() / 2 + 48]])
        .collect();

    let check = |when: &str| {
        let files = snapshot_files(dir.path());
        assert!(
            files.contains_key(paths.db.strip_prefix(dir.path()).unwrap()),
            "the vault is among the files"
        );
        for (path, bytes) in &files {
            for c in &canaries {
                assert!(!contains(bytes, c), "{when}: photo bytes are readable in {}", path.display());
            }
        }
        files.len()
    };
    // While open, the new pages sit in the write-ahead log.
    assert!(std::fs::metadata(paths.wal()).unwrap().len() > photo.len() as u64, "the WAL holds the photo");
    check("open");
    v.close().unwrap();
    check("closed");

    // And it comes back after unlocking, whole.
    let v = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    assert_eq!(photos::image(v.conn(), &p.id).unwrap().unwrap().1, photo);
}

#[test]
fn export_then_import_gives_the_same_photos_byte_for_byte() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = vault(a_dir.path());
    let id = entry(&mut a, "Our trip");
    let p1 = photos::add(a.conn_mut(), Owner::Entry(&id), &pictures::camera_jpeg(120, 80, 3)).unwrap();
    let p2 = photos::add(a.conn_mut(), Owner::Entry(&id), &pictures::png(50, 40, 9)).unwrap();
    let (json, n) = exchange::export_json(a.conn()).unwrap();
    assert_eq!(n, 1);
    let file = a_dir.path().join("export.json");
    hearth_core::files::write_atomic(&file, json.as_bytes()).unwrap();

    let b_dir = tempfile::tempdir().unwrap();
    let mut b = vault(b_dir.path());
    let parsed = exchange::parse(&exchange::read_import(&file).unwrap()).unwrap();
    assert_eq!(exchange::apply(b.conn_mut(), &parsed).unwrap().added, 1);
    assert_eq!(
        photos::list(b.conn(), Owner::Entry(&id)).unwrap(),
        photos::list(a.conn(), Owner::Entry(&id)).unwrap()
    );
    for p in [&p1, &p2] {
        assert_eq!(photos::image(b.conn(), &p.id).unwrap(), photos::image(a.conn(), &p.id).unwrap());
        // The thumbnail is made again on the way in, from the stored picture (the
        // first was made from the camera's pixels, before JPEG encoding): the same
        // size and kind, not necessarily the same bytes.
        let (ma, ta) = photos::thumbnail(a.conn(), &p.id).unwrap().unwrap();
        let (mb, tb) = photos::thumbnail(b.conn(), &p.id).unwrap().unwrap();
        assert_eq!(ma, mb);
        let (ia, ib) = (image::load_from_memory(&ta).unwrap(), image::load_from_memory(&tb).unwrap());
        assert_eq!((ia.width(), ia.height()), (ib.width(), ib.height()));
    }
    // Twice: nothing doubled.
    let before = dump_tables(b.conn());
    let parsed = exchange::parse(&exchange::read_import(&file).unwrap()).unwrap();
    assert_eq!(exchange::apply(b.conn_mut(), &parsed).unwrap().added, 0);
    assert_eq!(dump_tables(b.conn()), before);
}

#[test]
fn a_backup_carries_the_photos() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let id = entry(&mut v, "Kept");
    let p = photos::add(v.conn_mut(), Owner::Entry(&id), &pictures::jpeg(90, 60, 5)).unwrap();
    let original = photos::image(v.conn(), &p.id).unwrap();
    let backup = dir.path().join("hearth.backup");
    v.backup(&backup).unwrap();
    photos::remove(v.conn(), &p.id).unwrap();
    let v = v.restore(&backup, PASSPHRASE).map_err(|(_, e)| e).unwrap();
    assert_eq!(photos::image(v.conn(), &p.id).unwrap(), original);
}

#[test]
fn a_cut_or_foreign_picture_is_refused_whole_with_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let id = entry(&mut v, "Refusals");
    let jpeg = pictures::jpeg(200, 150, 1);
    let png = pictures::png(60, 40, 2);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("a JPEG cut in half", jpeg[..jpeg.len() / 2].to_vec(), "damaged or cut short"),
        ("a JPEG missing its last bytes", jpeg[..jpeg.len() - 2].to_vec(), "damaged or cut short"),
        ("a PNG cut short", png[..png.len() - 30].to_vec(), "damaged or cut short"),
        ("a JPEG's header and garbage", [&jpeg[..20], &[0x55; 500][..]].concat(), "damaged or cut short"),
        ("text", b"these are not the pixels you are looking for".to_vec(), "JPEG, PNG and WebP"),
        ("nothing", Vec::new(), "JPEG, PNG and WebP"),
        ("HEIC", b"\0\0\0\x18ftypheic\0\0\0\0mif1heicmiaf".to_vec(), "can't read HEIC"),
    ];
    let before = dump_tables(v.conn());
    for (what, bytes, says) in cases {
        let err = photos::add(v.conn_mut(), Owner::Entry(&id), &bytes).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "{what}");
        let message = err.to_string();
        assert!(message.contains(says), "{what}: {message}");
        assert!(message.ends_with("Nothing was added."), "{what}: {message}");
        assert_eq!(dump_tables(v.conn()), before, "{what}: nothing was stored");
    }
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault(dir.path());
    let id = entry(&mut v, "Bombs");
    let before = dump_tables(v.conn());
    for (what, bytes) in [
        ("a JPEG claiming 30,000 x 30,000", pictures::jpeg_bomb(30_000, 30_000)),
        ("a JPEG claiming 65,000 x 1,000", pictures::jpeg_bomb(65_000, 1_000)),
        ("a PNG claiming 100,000 x 100,000", pictures::png_bomb(100_000)),
        ("a PNG claiming 8,000 x 8,000", pictures::png_bomb(8_000)),
    ] {
        assert!(bytes.len() < 2_000, "{what}: a small file");
        let started = Instant::now();
        let err = photos::add(v.conn_mut(), Owner::Entry(&id), &bytes).unwrap_err();
        assert!(err.to_string().contains("megapixels"), "{what}: {err}");
        assert!(started.elapsed() < Duration::from_secs(1), "{what}: refused from its header");
        assert_eq!(dump_tables(v.conn()), before, "{what}: nothing was stored");
    }
    // Too many bytes is refused before anything is read.
    let big = vec![0u8; photos::MAX_PHOTO_BYTES as usize + 1];
    let err = photos::add(v.conn_mut(), Owner::Entry(&id), &big).unwrap_err();
    assert!(err.to_string().contains("larger than 30 MB"), "{err}");
}

//! The journal against real SQLCipher vaults in temp folders.

use hearth_core::Vault;
use hearth_core::journal::{self, EntryInput, Filter, exchange, search};
use hearth_core::keyfile::KdfParams;
use hearth_tests::{PASSPHRASE, contains, snapshot_files};

fn entry(date: &str, title: &str, body: &str) -> EntryInput {
    EntryInput { entry_date: date.into(), title: title.into(), body: body.into(), ..Default::default() }
}

#[test]
fn entries_survive_lock_and_are_searchable_but_never_plain_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    let canary = "hearthcanaryjournal whispered under the quilt";
    let saved = journal::save(
        vault.conn_mut(),
        &EntryInput {
            tags: vec!["secretcanarytag".into()],
            mood: Some(5),
            ..entry("2024-02-14T23:40", "Late", canary)
        },
    )
    .unwrap();
    vault.close().unwrap();

    for (path, bytes) in snapshot_files(dir.path()) {
        for needle in ["hearthcanaryjournal", "secretcanarytag", "whispered"] {
            assert!(!contains(&bytes, needle.as_bytes()), "{needle} is readable in {}", path.display());
        }
    }

    let mut vault = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    let got = journal::get(vault.conn(), &saved.id).unwrap().unwrap();
    assert_eq!(got, saved);
    let hits = search::search(vault.conn(), "hearthcanary", &Filter::default(), 50).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.iter().any(|p| p.mark && p.text == "hearthcanaryjournal"));
    let hits = search::search(vault.conn(), "secretcanarytag", &Filter::default(), 50).unwrap();
    assert_eq!(hits.len(), 1, "tags are in the index");
    // Trash and purge through a real vault.
    assert!(journal::trash(vault.conn(), &saved.id).unwrap());
    assert!(search::search(vault.conn(), "hearthcanary", &Filter::default(), 50).unwrap().is_empty());
    assert_eq!(journal::purge_trash(vault.conn_mut(), chrono::Utc::now()).unwrap(), 0, "too recent to purge");
    let later = chrono::Utc::now() + chrono::Duration::days(31);
    assert_eq!(journal::purge_trash(vault.conn_mut(), later).unwrap(), 1);
    assert!(journal::get(vault.conn(), &saved.id).unwrap().is_none());
    vault.close().unwrap();
}

#[test]
fn bad_input_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    let megabyte = "All the words I never said. ".repeat(40_000);
    assert!(megabyte.len() > 1_000_000);
    let cases: Vec<(&str, String, String)> = vec![
        ("a 1 MB entry", "Long".into(), megabyte.clone()),
        ("emoji, RTL, combining", "👩‍❤️‍👨 שלום".into(), "مرحبا e\u{301}\u{302} 🕯️".into()),
        ("NUL and controls", "a\0b\u{1}c".into(), "x\0y\u{7}z\r\nw".into()),
        ("script", "<script>window.__pwned=1</script>".into(), "<script>window.__pwned=1</script>".into()),
        (
            "img onerror",
            "<img src=x onerror=alert(1)>".into(),
            "<img src=x onerror=\"window.__pwned=1\">".into(),
        ),
        (
            "javascript link",
            "[x](javascript:alert(1))".into(),
            "[click me](javascript:window.__pwned=1)".into(),
        ),
        ("svg", "<svg onload=alert(1)>".into(), "<svg><script>alert(1)</script></svg>".into()),
    ];
    for (what, title, body) in cases {
        let saved = journal::save(
            vault.conn_mut(),
            &EntryInput { tags: vec![title.clone()], ..entry("2024-01-01T10:00", &title, &body) },
        )
        .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(!saved.title.contains('\0') && !saved.body.contains('\0'), "{what}");
        assert!(!saved.body.contains('\u{7}'), "{what}");
        let html = journal::render::to_html(&saved.body).to_lowercase();
        // Text never holds a raw `<`, so these can only be tags (attributes are checked
        // tag by tag in the core's render tests).
        for bad in ["<script", "<img", "<svg", "<a ", "<iframe"] {
            assert!(!html.contains(bad), "{what}: {bad} in rendered HTML");
        }
    }
    let long = journal::list(vault.conn(), &Filter::default(), None, 50).unwrap();
    assert!(long.entries.iter().all(|e| e.excerpt.chars().count() <= 161), "excerpts stay short");
    for q in ["", "   ", &"q".repeat(500), &"word ".repeat(100), "\"", "AND", "*", "-"] {
        search::search(vault.conn(), q, &Filter::default(), 50).unwrap();
    }
    vault.close().unwrap();
}

#[test]
fn jrnl_file_imported_twice_adds_once_and_a_bad_file_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(dir.path(), PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    let file = dir.path().join("jrnl.json");
    std::fs::write(
        &file,
        r#"{"tags": {}, "entries": [
            {"title": "One", "body": "first", "date": "2022-04-01", "time": "08:00", "tags": ["@a"], "starred": false},
            {"title": "Two", "body": "second", "date": "2022-04-02", "time": "09:00", "tags": [], "starred": false}]}"#,
    )
    .unwrap();
    let bytes = hearth_core::files::read_bounded(&file, exchange::MAX_IMPORT_BYTES).unwrap();
    let parsed = exchange::parse(&bytes).unwrap();
    assert_eq!(exchange::preview(vault.conn(), &parsed).unwrap().new, 2);
    assert_eq!(exchange::apply(vault.conn_mut(), &parsed).unwrap().added, 2);
    let parsed = exchange::parse(&bytes).unwrap();
    assert_eq!(exchange::apply(vault.conn_mut(), &parsed).unwrap().added, 0);
    assert_eq!(journal::list(vault.conn(), &Filter::default(), None, 50).unwrap().entries.len(), 2);

    // Second entry broken: the whole file is refused, the first is not added either.
    let bad = br#"{"entries": [{"title": "Three", "body": "x", "date": "2022-04-03"}, {"title": "Four", "date": "someday"}]}"#;
    let err = exchange::parse(bad).unwrap_err();
    assert!(err.to_string().contains("Entry 2"), "{err}");
    assert_eq!(journal::list(vault.conn(), &Filter::default(), None, 50).unwrap().entries.len(), 2);
    vault.close().unwrap();
}

//! Migrations against real SQLCipher files: a vault written by an earlier Hearth,
//! opened by this one.

use std::path::Path;

use hearth_core::bucket::{Uuid, store as bucket_store};
use hearth_core::journal::{self, Filter, search};
use hearth_core::keyfile::KdfParams;
use hearth_core::{Vault, schema, time};
use hearth_tests::PASSPHRASE;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// The migrations as shipped, up to schema 4 (before the one time format).
fn migrations_to_v4() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../src-tauri/core/migrations/0001_settings.sql")),
        M::up(include_str!("../../src-tauri/core/migrations/0002_journal.sql")),
        M::up(include_str!("../../src-tauri/core/migrations/0003_selfcheck.sql")),
        M::up(include_str!("../../src-tauri/core/migrations/0004_bucket.sql")),
    ])
}

/// A real vault (key file, SQLCipher file) at schema 4, as Hearth 0.1 left it.
fn vault_at_v4(dir: &Path) -> Vault {
    let v = Vault::create(dir, PASSPHRASE, KdfParams::FAST_FOR_TESTS).unwrap();
    // Empty the new vault's schema, then build it again with the old migrations.
    v.conn()
        .execute_batch(
            "DROP TABLE photo_thumbs; DROP TABLE photo_images; DROP TABLE photos;
             DROP TABLE journal_fts;
             DROP TABLE journal_entry_tags; DROP TABLE journal_tags; DROP TABLE journal_entries;
             DROP TABLE journal_prompt_offers; DROP TABLE selfcheck_results; DROP TABLE selfcheck_draft;
             DROP TABLE selfcheck_partner_results; DROP TABLE bucket_items; DROP TABLE settings;
             DROP TABLE shared_config; DROP TABLE shared_doc; DROP TABLE shared_chunks;
             DROP TABLE shared_dirty; DROP TABLE shared_seen;
             DROP TABLE together_asked; DROP TABLE together_favourites; DROP TABLE together_checkins;
             DROP TABLE together_notes; DROP TABLE together_care;
             PRAGMA user_version = 0;",
        )
        .unwrap();
    v.close().unwrap();
    let v = Vault::unlock_with(dir, PASSPHRASE, &migrations_to_v4(), 4).unwrap();
    assert_eq!(schema::user_version(v.conn()).unwrap(), 4);
    v
}

fn one(conn: &Connection, sql: &str) -> Vec<Option<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_row([], |r| (0..n).map(|i| r.get(i)).collect()).unwrap()
}

#[test]
fn every_stored_time_reaches_the_one_format_unchanged_in_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let v = vault_at_v4(dir.path());
    let c = v.conn();
    // What Hearth 0.1 wrote: journal times to the millisecond (an imported one with
    // an offset), prompt offers to the nanosecond, self-checks to the second,
    // bucket items as integer milliseconds.
    c.execute_batch(
        "INSERT INTO journal_entries (id, entry_date, title, body, tags_text, word_count, created_at, updated_at, deleted_at)
         VALUES ('6f1c1f7e-3f3c-4a51-9a1e-0d1b2c3d4e5f', '2024-05-01T21:30:00', 'Lakeside', 'We skipped stones', 'walks', 4,
                 '2024-05-01T21:30:00.123Z', '2024-05-01T23:45:10+02:00', NULL),
                ('0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', '2024-04-01T08:00:00', 'Gone', 'trashed', '', 1,
                 '2024-04-01T08:00:00.000Z', '2024-04-01T08:00:00.000Z', '2024-06-01T10:00:00Z');
         INSERT INTO journal_tags (name) VALUES ('walks');
         INSERT INTO journal_entry_tags (entry_seq, tag_id) SELECT seq, 1 FROM journal_entries WHERE title = 'Lakeside';
         INSERT INTO journal_prompt_offers (prompt_id, last_offered) VALUES (3, '2025-01-01T10:00:00.123456789Z');
         INSERT INTO selfcheck_results (id, taken_at, bank_version, scores, answers, warning_signs)
         VALUES ('5b0e8d3c-1111-4a2b-9c3d-4e5f6a7b8c9d', '2025-03-01T20:15:00Z', 1, '{}', '{}', '[]');
         INSERT INTO selfcheck_draft (id, bank_version, started_at, updated_at, position, answers, warning_signs)
         VALUES (1, 1, '2025-03-02T09:00:00Z', '2025-03-02T09:05:30Z', 2, '{}', '[]');
         INSERT INTO selfcheck_partner_results (id, imported_at, display_name, taken_at, bank_version, scores, answers)
         VALUES ('a', '2025-03-03T10:00:00Z', 'Sam', '2025-03-01T20:15:00Z', 1, '{}', NULL),
                ('b', '2025-03-04T10:00:00Z', 'Sam', '2025-03-01T21:15:00+01:00', 1, '{}', NULL),
                ('c', '2025-03-04T10:00:00Z', 'Sam', '2025-02-01T08:00:00Z', 1, '{}', NULL);
         INSERT INTO bucket_items (id, title, category, kind, cost, effort, status, created_at, updated_at, deleted_at)
         VALUES ('1b4e28ba-2fa1-41d2-883f-0016d3cca427', 'Picnic', 'outdoors', 'experiential', 'free', 'easy', 'idea',
                 1740823200123, 1740823260999, NULL),
                ('2c5f39cb-3fb2-42e3-994f-1127e4ddb538', '', 'outdoors', 'experiential', 'free', 'easy', 'idea',
                 946684800001, 1740823200000, 1740823200000);",
    )
    .unwrap();
    v.close().unwrap();

    // This Hearth opens it: migrated, with a snapshot of the old one kept.
    let mut v = Vault::unlock(dir.path(), PASSPHRASE).unwrap();
    assert_eq!(schema::user_version(v.conn()).unwrap(), schema::latest_version());
    assert!(v.snapshot().is_some(), "the vault as it was is kept");
    let c = v.conn();

    let expect = |got: &[Option<String>], before: &[Option<&str>]| {
        for (g, b) in got.iter().zip(before) {
            match (g, b) {
                (Some(g), Some(b)) => {
                    assert_eq!(g.len(), 24, "{g} is in the stored form");
                    assert_eq!(time::format(time::parse(g).unwrap()), *g, "{g} is in the stored form");
                    assert_eq!(time::parse(g), time::parse(b), "{b} became {g}: the same moment");
                }
                (None, None) => {}
                other => panic!("a time appeared or vanished: {other:?}"),
            }
        }
    };
    expect(
        &one(c, "SELECT created_at, updated_at, deleted_at FROM journal_entries WHERE title = 'Lakeside'"),
        &[Some("2024-05-01T21:30:00.123Z"), Some("2024-05-01T23:45:10+02:00"), None],
    );
    expect(
        &one(c, "SELECT created_at, updated_at, deleted_at FROM journal_entries WHERE title = 'Gone'"),
        &[Some("2024-04-01T08:00:00.000Z"), Some("2024-04-01T08:00:00.000Z"), Some("2024-06-01T10:00:00Z")],
    );
    expect(
        &one(c, "SELECT last_offered FROM journal_prompt_offers"),
        &[Some("2025-01-01T10:00:00.123Z")], // nanoseconds kept to the millisecond
    );
    expect(&one(c, "SELECT taken_at FROM selfcheck_results"), &[Some("2025-03-01T20:15:00Z")]);
    expect(
        &one(c, "SELECT started_at, updated_at FROM selfcheck_draft"),
        &[Some("2025-03-02T09:00:00Z"), Some("2025-03-02T09:05:30Z")],
    );
    // The same partner result imported twice with different offsets is one result now.
    let partner: Vec<(String, String)> = c
        .prepare("SELECT id, taken_at FROM selfcheck_partner_results ORDER BY taken_at")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        partner,
        [("c".into(), "2025-02-01T08:00:00.000Z".into()), ("a".into(), "2025-03-01T20:15:00.000Z".into())]
    );

    // The bucket list reads back the very same milliseconds.
    let picnic = bucket_store::get(c, Uuid::parse_str("1b4e28ba-2fa1-41d2-883f-0016d3cca427").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (picnic.created_at, picnic.updated_at, picnic.deleted_at),
        (1740823200123, 1740823260999, None)
    );
    let gone = bucket_store::get(c, Uuid::parse_str("2c5f39cb-3fb2-42e3-994f-1127e4ddb538").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((gone.created_at, gone.deleted_at), (946684800001, Some(1740823200000)));
    assert_eq!(bucket_store::list(c).unwrap().len(), 1, "the tombstone stays a tombstone");
    assert_eq!(
        one(c, "SELECT created_at, updated_at FROM bucket_items WHERE title = 'Picnic'"),
        [Some("2025-03-01T10:00:00.123Z".into()), Some("2025-03-01T10:01:00.999Z".into())]
    );

    // The journal still works around its times: list, trash, search, tags.
    let page = journal::list(c, &Filter::default(), None, 10).unwrap();
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].tags, ["walks"]);
    assert_eq!(journal::list_trash(c).unwrap().len(), 1);
    assert_eq!(search::search(c, "stones", &Filter::default(), 10).unwrap().len(), 1);
    // Trashed in 2024: long past the 30 days, so the next purge removes it.
    assert_eq!(journal::purge_trash(v.conn_mut(), chrono::Utc::now()).unwrap(), 1);
    v.close().unwrap();
}

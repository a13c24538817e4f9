-- Hearth vault, schema 2: the private journal.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.

-- One row per entry. `seq` is the rowid the full-text index points at; `id` is the
-- entry's stable UUID, the same in exports and imports. `entry_date` is the local
-- date and time the entry is about ('YYYY-MM-DDTHH:MM:SS', sortable as text;
-- backdating is allowed). `tags_text` repeats the entry's tags, one per line, so
-- the full-text index can search them; the tag tables below are the truth and the
-- code keeps both in one transaction. A trashed entry has `deleted_at` set.
CREATE TABLE journal_entries (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    entry_date  TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    mood        INTEGER CHECK (mood BETWEEN 1 AND 5),
    prompt      TEXT,
    tags_text   TEXT NOT NULL DEFAULT '',
    word_count  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

-- The list, calendar and streaks read live entries newest first: keyset
-- pagination on (entry_date DESC, id DESC) walks this index and nothing else.
CREATE INDEX journal_entries_by_date ON journal_entries (entry_date DESC, id DESC)
    WHERE deleted_at IS NULL;
-- "On this day": same month and day, any year.
CREATE INDEX journal_entries_by_month_day ON journal_entries (substr(entry_date, 6, 5))
    WHERE deleted_at IS NULL;
CREATE INDEX journal_entries_trash ON journal_entries (deleted_at)
    WHERE deleted_at IS NOT NULL;

CREATE TABLE journal_tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE journal_entry_tags (
    entry_seq INTEGER NOT NULL REFERENCES journal_entries (seq) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES journal_tags (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_seq, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX journal_entry_tags_by_tag ON journal_entry_tags (tag_id, entry_seq);

-- When each reflection prompt was last offered, so "Write with a prompt" does not
-- repeat itself. Prompt ids are the stable numbers in journal/prompts.rs.
CREATE TABLE journal_prompt_offers (
    prompt_id    INTEGER PRIMARY KEY,
    last_offered TEXT NOT NULL
) STRICT;

-- Full-text search over title, body and tags, inside the encrypted file. External
-- content: the text lives once, in journal_entries; these triggers keep the index
-- in step with every insert, edit and hard delete (trash and restore only touch
-- deleted_at, which the index does not hold).
CREATE VIRTUAL TABLE journal_fts USING fts5 (
    title, body, tags_text,
    content = 'journal_entries',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- A match in a title or tag counts for more than one in the body.
INSERT INTO journal_fts (journal_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 5.0)');

CREATE TRIGGER journal_entries_fts_insert AFTER INSERT ON journal_entries BEGIN
    INSERT INTO journal_fts (rowid, title, body, tags_text)
    VALUES (new.seq, new.title, new.body, new.tags_text);
END;

CREATE TRIGGER journal_entries_fts_delete AFTER DELETE ON journal_entries BEGIN
    INSERT INTO journal_fts (journal_fts, rowid, title, body, tags_text)
    VALUES ('delete', old.seq, old.title, old.body, old.tags_text);
END;

CREATE TRIGGER journal_entries_fts_update AFTER UPDATE OF title, body, tags_text ON journal_entries BEGIN
    INSERT INTO journal_fts (journal_fts, rowid, title, body, tags_text)
    VALUES ('delete', old.seq, old.title, old.body, old.tags_text);
    INSERT INTO journal_fts (rowid, title, body, tags_text)
    VALUES (new.seq, new.title, new.body, new.tags_text);
END;

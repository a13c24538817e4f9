-- Hearth vault: one stored format for every instant (see src/time.rs).
-- Migrations are append-only: never edit a file once it has shipped; add the next one.
--
-- From now on every recorded moment is RFC 3339 in UTC with exactly three decimals:
-- 'YYYY-MM-DDTHH:MM:SS.mmmZ'. Until this migration the self-check stored whole
-- seconds, the prompt offers nanoseconds, the bucket list integer milliseconds, and
-- journal imports kept whatever offset or precision the file had.
--
-- strftime('%Y-%m-%dT%H:%M:%fZ', t) reads any of those text forms (an offset is
-- turned into UTC) and writes the stored form. Where a text value can't be read it
-- is left exactly as it was (coalesce) rather than lost.

UPDATE journal_entries SET
    created_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at),
    updated_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at),
    deleted_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', deleted_at), deleted_at);

UPDATE journal_prompt_offers SET
    last_offered = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', last_offered), last_offered);

UPDATE selfcheck_results SET
    taken_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', taken_at), taken_at);

UPDATE selfcheck_draft SET
    started_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', started_at), started_at),
    updated_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at);

UPDATE selfcheck_partner_results SET
    imported_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', imported_at), imported_at);
-- A partner's result is kept once per (name, moment taken). Two copies of one
-- result written with different offsets become the same moment here: the first
-- one keeps it and the repeat, which says exactly the same, is removed.
UPDATE OR IGNORE selfcheck_partner_results SET
    taken_at = coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', taken_at), taken_at);
DELETE FROM selfcheck_partner_results
    WHERE taken_at <> coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', taken_at), taken_at);

-- The bucket list held integer milliseconds; STRICT columns can't change type in
-- place, so the table is rebuilt. Nothing refers to it by foreign key and it has no
-- triggers; its one index is made again. Integer arithmetic keeps the milliseconds
-- exact (no floating point on the way).
CREATE TABLE bucket_items_v5 (
    id               TEXT PRIMARY KEY NOT NULL,
    title            TEXT NOT NULL,
    notes            TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    suggested_by     TEXT CHECK (suggested_by IN ('me', 'partner')),
    interest_me      TEXT NOT NULL DEFAULT 'not_asked',
    interest_partner TEXT NOT NULL DEFAULT 'not_asked',
    cost             TEXT NOT NULL,
    effort           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('idea', 'planned', 'done')),
    planned_for      TEXT,
    done_on          TEXT,
    memory           TEXT NOT NULL DEFAULT '',
    journal_entry_id TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
) STRICT;

INSERT INTO bucket_items_v5
SELECT id, title, notes, category, kind, suggested_by, interest_me, interest_partner, cost, effort,
       status, planned_for, done_on, memory, journal_entry_id,
       strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000, 'unixepoch') || printf('.%03dZ', created_at % 1000),
       strftime('%Y-%m-%dT%H:%M:%S', updated_at / 1000, 'unixepoch') || printf('.%03dZ', updated_at % 1000),
       CASE WHEN deleted_at IS NULL THEN NULL ELSE
           strftime('%Y-%m-%dT%H:%M:%S', deleted_at / 1000, 'unixepoch') || printf('.%03dZ', deleted_at % 1000)
       END
FROM bucket_items;

DROP TABLE bucket_items;
ALTER TABLE bucket_items_v5 RENAME TO bucket_items;
CREATE INDEX bucket_items_live ON bucket_items (deleted_at, status);

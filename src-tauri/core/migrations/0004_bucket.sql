-- Hearth vault: the shared bucket list.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.
--
-- One row per item, live or deleted. A deleted item stays as a tombstone
-- (deleted_at set, its text emptied) so the deletion can travel to the partner's
-- copy in an export and win a merge there. Times are milliseconds since the Unix
-- epoch, UTC; dates are ISO 8601 (YYYY-MM-DD). People are stored as roles
-- ('me' = whoever owns this vault, 'partner' = the other), never as names.
-- journal_entry_id is plain TEXT on purpose: the journal is a separate feature and
-- the link must not stop either table from changing.
CREATE TABLE bucket_items (
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
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
) STRICT;

CREATE INDEX bucket_items_live ON bucket_items (deleted_at, status);

-- Hearth vault: the intimacy self-check.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.
-- Scores, answers and warning signs are JSON written by hearth-core (selfcheck/store.rs).
-- Every result names the question bank version it was taken with and keeps the
-- scores computed then, so a later bank never changes what an old result says.

-- Completed checks. None is ever overwritten.
CREATE TABLE selfcheck_results (
    id            TEXT PRIMARY KEY NOT NULL,      -- UUID v4
    taken_at      TEXT NOT NULL,                  -- RFC 3339, UTC
    bank_version  INTEGER NOT NULL,
    scores        TEXT NOT NULL,                  -- JSON: scoring::Scores
    answers       TEXT NOT NULL,                  -- JSON: { item id: { now, wish } }
    warning_signs TEXT NOT NULL                   -- JSON: [warning sign id]
) STRICT;
CREATE INDEX selfcheck_results_by_date ON selfcheck_results (taken_at);

-- The one check in progress, saved as answers change so it survives a lock or restart.
CREATE TABLE selfcheck_draft (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    bank_version  INTEGER NOT NULL,
    started_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,     -- the page the person was on
    answers       TEXT NOT NULL,
    warning_signs TEXT NOT NULL
) STRICT;

-- Results a partner shared and this person imported. Scores only, unless the
-- partner chose to include their answers.
CREATE TABLE selfcheck_partner_results (
    id            TEXT PRIMARY KEY NOT NULL,
    imported_at   TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    taken_at      TEXT NOT NULL,
    bank_version  INTEGER NOT NULL,
    scores        TEXT NOT NULL,
    answers       TEXT,
    UNIQUE (display_name, taken_at)
) STRICT;

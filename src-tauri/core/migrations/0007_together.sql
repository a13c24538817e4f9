-- Hearth vault: "Together", the things two people do side by side (issue 13).
-- Migrations are append-only: never edit a file once it has shipped; add the next one.
--
-- Shaped so the shared space can carry it later: every record has a stable UUID
-- (or a natural key made of stable ids), people are roles ('me' = whoever owns
-- this vault, 'partner' = the other), never names, and nothing here is part of
-- the journal. Times are stored in time.rs's one format (RFC 3339, UTC, ms).
--
-- A question asked together. question_id is an id from data/together-v<N>.json.
-- Each person's answer is kept apart; the core shows them only once both exist.
CREATE TABLE together_asked (
    id                  TEXT PRIMARY KEY NOT NULL,
    question_id         TEXT NOT NULL,
    asked_at            TEXT NOT NULL,
    answer_me           TEXT,
    answered_me_at      TEXT,
    answer_partner      TEXT,
    answered_partner_at TEXT,
    skipped_at          TEXT,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX together_asked_question ON together_asked (question_id);

CREATE TABLE together_favourites (
    question_id TEXT PRIMARY KEY NOT NULL,
    added_at    TEXT NOT NULL
) STRICT;

-- One check-in per ISO week ('2026-W49'); each person's answers are a JSON object
-- of check-in question id -> text.
CREATE TABLE together_checkins (
    id              TEXT PRIMARY KEY NOT NULL,
    week            TEXT NOT NULL UNIQUE,
    answers_me      TEXT,
    done_me_at      TEXT,
    answers_partner TEXT,
    done_partner_at TEXT,
    updated_at      TEXT NOT NULL
) STRICT;

-- Appreciation notes: "I noticed…", from one of you to the other.
CREATE TABLE together_notes (
    id         TEXT PRIMARY KEY NOT NULL,
    author     TEXT NOT NULL CHECK (author IN ('me', 'partner')),
    text       TEXT NOT NULL,
    written_at TEXT NOT NULL
) STRICT;

-- "How I like to be cared for": one row per person and profile item.
CREATE TABLE together_care (
    person     TEXT NOT NULL CHECK (person IN ('me', 'partner')),
    item       TEXT NOT NULL,
    level      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person, item)
) STRICT;

-- Hearth vault: the shared space, kept in step with the partner's vault through a
-- folder both can reach (src/shared/). Migrations are append-only.
--
-- shared_config exists only while this vault is paired (one row). The couple key
-- lives here, inside the encrypted vault, like every other key.
CREATE TABLE shared_config (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    couple_id         TEXT NOT NULL,
    couple_key        BLOB NOT NULL CHECK (length(couple_key) = 32),
    folder            TEXT NOT NULL,
    device_id         TEXT NOT NULL,
    member_id         TEXT NOT NULL,
    partner_device_id TEXT NOT NULL,
    partner_member_id TEXT NOT NULL,
    paired_at         TEXT NOT NULL,
    -- The next number this device gives a file it writes to the folder.
    next_seq          INTEGER NOT NULL DEFAULT 1,
    -- The document's heads when this device last wrote a file (Automerge hashes).
    written_heads     BLOB NOT NULL DEFAULT x'',
    last_received_at  TEXT,
    last_received     TEXT,
    partner_left_at   TEXT
) STRICT;

-- The Automerge document: a compacted save plus the increments since.
CREATE TABLE shared_doc (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    bytes BLOB NOT NULL
) STRICT;
CREATE TABLE shared_chunks (
    seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    bytes BLOB NOT NULL
) STRICT;

-- Bucket items (and '~turn') changed here since they were last put into the
-- document. Filled by triggers, in the same transaction as the change itself, so a
-- crash can never lose the fact that something must be shared.
CREATE TABLE shared_dirty (item TEXT PRIMARY KEY NOT NULL) STRICT;

-- Files from the partner's device already taken in (by name).
CREATE TABLE shared_seen (name TEXT PRIMARY KEY NOT NULL) STRICT;

CREATE TRIGGER bucket_items_shared_insert AFTER INSERT ON bucket_items
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES (NEW.id); END;

CREATE TRIGGER bucket_items_shared_update AFTER UPDATE ON bucket_items
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES (NEW.id); END;

CREATE TRIGGER settings_shared_turn_insert AFTER INSERT ON settings
WHEN NEW.key = 'bucket_turn' AND EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~turn'); END;

CREATE TRIGGER settings_shared_turn_update AFTER UPDATE ON settings
WHEN NEW.key = 'bucket_turn' AND EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~turn'); END;

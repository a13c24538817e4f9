-- Hearth vault, schema 8: photos in journal entries and in a done bucket item's memory.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.

-- One row per photo, small: what a list or gallery needs. A photo belongs to exactly
-- one journal entry or one bucket item (its memory). `id` is a stable UUID, the same
-- in exports. `mime` is what Hearth wrote (photos are re-encoded on the way in, so
-- only JPEG or PNG is ever stored). `position` orders an owner's photos.
CREATE TABLE photos (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    entry_seq   INTEGER REFERENCES journal_entries (seq) ON DELETE CASCADE,
    bucket_item TEXT REFERENCES bucket_items (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    byte_len    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK ((entry_seq IS NULL) <> (bucket_item IS NULL))
) STRICT;
CREATE INDEX photos_by_entry ON photos (entry_seq, position) WHERE entry_seq IS NOT NULL;
CREATE INDEX photos_by_item ON photos (bucket_item, position) WHERE bucket_item IS NOT NULL;

-- The pictures themselves, apart from the rows above so that listing photos reads no
-- image pages: the thumbnail (made once, on the way in) and the full picture.
CREATE TABLE photo_thumbs (
    photo_seq INTEGER PRIMARY KEY REFERENCES photos (seq) ON DELETE CASCADE,
    mime      TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    data      BLOB NOT NULL
) STRICT;
CREATE TABLE photo_images (
    photo_seq INTEGER PRIMARY KEY REFERENCES photos (seq) ON DELETE CASCADE,
    data      BLOB NOT NULL
) STRICT;

-- A bucket item is deleted as a tombstone (its row stays, its text emptied): its
-- memory's photos go with the text.
CREATE TRIGGER bucket_items_photos_gone AFTER UPDATE OF deleted_at ON bucket_items
WHEN new.deleted_at IS NOT NULL BEGIN
    DELETE FROM photos WHERE bucket_item = new.id;
END;

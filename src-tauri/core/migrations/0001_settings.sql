-- Hearth vault, schema 1: the vault's own settings.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

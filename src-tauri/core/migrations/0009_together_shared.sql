-- Hearth vault: Together's shared parts travel through the shared space (issue 13
-- on top of issue 11). Migrations are append-only.
--
-- Like the bucket list's (0006), these triggers mark a changed record in
-- shared_dirty in the same transaction as the change, only while paired, so a
-- crash can never lose the fact that it must be shared. Marks are '~t:<kind>:<id>'
-- (src/shared/space/together.rs, `Record::mark`). Favourites stay out: each
-- person's own.
CREATE TRIGGER together_asked_shared_insert AFTER INSERT ON together_asked
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:q:' || NEW.id); END;

CREATE TRIGGER together_asked_shared_update AFTER UPDATE ON together_asked
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:q:' || NEW.id); END;

CREATE TRIGGER together_checkins_shared_insert AFTER INSERT ON together_checkins
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:c:' || NEW.week); END;

CREATE TRIGGER together_checkins_shared_update AFTER UPDATE ON together_checkins
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:c:' || NEW.week); END;

CREATE TRIGGER together_notes_shared_insert AFTER INSERT ON together_notes
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:n:' || NEW.id); END;

CREATE TRIGGER together_care_shared_insert AFTER INSERT ON together_care
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:care:' || NEW.item); END;

CREATE TRIGGER together_care_shared_update AFTER UPDATE ON together_care
WHEN EXISTS (SELECT 1 FROM shared_config)
BEGIN INSERT OR IGNORE INTO shared_dirty (item) VALUES ('~t:care:' || NEW.item); END;

-- An event's tag rows are only ever written with the event's own row, in the same transaction
-- (the event store's insert, update and deletion; the triggers of migration 016 follow writes
-- of the event's times and deletion), and each write of an event row already moves the content
-- version (migration 006). Moving it again for every tag row cost a quarter of the time of
-- storing a remote event: a back-fill of ten thousand events stores thirty thousand rows.
DROP TRIGGER event_tags_inserted;
DROP TRIGGER event_tags_deleted;

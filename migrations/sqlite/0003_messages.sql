-- The message base: conferences of message areas, public messages, new-scan pointers and private
-- mail. Runs inside the adapter's BEGIN IMMEDIATE transaction, so no BEGIN/COMMIT here.
-- Times are epoch milliseconds, booleans 0/1, as in 0001_users.

-- A conference groups message areas on the area list ("Local", "FidoNet", …).
CREATE TABLE IF NOT EXISTS conferences (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT    NOT NULL,
  description TEXT    NOT NULL DEFAULT '',
  -- Display order, then id (listConferences, listAreas, newScan).
  sort_order  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE IF NOT EXISTS message_areas (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  -- CASCADE, but deleteConference refuses while the conference holds areas unless forced.
  conference_id    INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
  -- Short name for admin commands, lowercase ASCII (checked by Carrier as well).
  tag              TEXT    NOT NULL CHECK (
    tag GLOB '[a-z0-9]*' AND tag NOT GLOB '*[^a-z0-9_-]*' AND length(tag) BETWEEN 1 AND 16),
  name             TEXT    NOT NULL,
  description      TEXT    NOT NULL DEFAULT '',
  read_level       INTEGER NOT NULL CHECK (read_level BETWEEN 0 AND 255),
  post_level       INTEGER NOT NULL CHECK (post_level BETWEEN 0 AND 255),
  allow_pipe_codes INTEGER NOT NULL CHECK (allow_pipe_codes IN (0, 1)),
  sort_order       INTEGER NOT NULL DEFAULT 0,
  -- Denormalised counters, changed in the same transaction as the post or delete that moves
  -- them. high_water: the last number handed out (numbers are never reused); message_count:
  -- messages not deleted; last_post_at: the newest created_at ever posted or imported.
  high_water       INTEGER NOT NULL DEFAULT 0,
  message_count    INTEGER NOT NULL DEFAULT 0,
  last_post_at     INTEGER
) STRICT;

-- areaByTag (WHERE tag = ?); its uniqueness makes a repeated tag a STORE_CONFLICT.
CREATE UNIQUE INDEX IF NOT EXISTS message_areas_tag ON message_areas (tag);
-- listAreas, newScan and menuCounters read every area the level allows and sort in memory: a
-- board has tens of areas, fewer than one page of this table. deleteConference's CASCADE scans
-- it the same way.

CREATE TABLE IF NOT EXISTS messages (
  -- AUTOINCREMENT: ids are never reused, even after an area is deleted for good.
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  -- A deleted area takes its messages along (deleteArea refuses unless forced).
  area_id        INTEGER NOT NULL REFERENCES message_areas (id) ON DELETE CASCADE,
  -- Per area, from message_areas.high_water inside the posting transaction.
  number         INTEGER NOT NULL,
  -- The poster's account; NULL once the account is deleted (from_handle keeps the name) or for
  -- imported mail from outside the board.
  from_user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  from_handle    TEXT    NOT NULL,
  -- NULL: to all.
  to_handle      TEXT,
  subject        TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  reply_to_id    INTEGER REFERENCES messages (id) ON DELETE SET NULL,
  -- NULL for a message that starts a thread (its own id is the root).
  thread_root_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
  -- Replies not deleted.
  reply_count    INTEGER NOT NULL DEFAULT 0,
  -- Soft delete: the row stays so numbers, threads and pointers stay meaningful.
  deleted_at     INTEGER,
  -- body is LZ4 (block format, no length prefix) when compressed = 1, else UTF-8 as is;
  -- body_length is the UTF-8 length either way. Last, so reading a header skips the blob.
  compressed     INTEGER NOT NULL CHECK (compressed IN (0, 1)),
  body_length    INTEGER NOT NULL CHECK (body_length >= 0),
  body           BLOB    NOT NULL
) STRICT;

-- listMessages (WHERE area_id = ? AND number < ? … ORDER BY number DESC LIMIT ?, and the
-- ascending twin), readMessage (= ?, next: > ? ORDER BY number LIMIT 1, previous: < ? … DESC),
-- newScan/menuCounters' first unread number; unique, so a number is never handed out twice.
CREATE UNIQUE INDEX IF NOT EXISTS messages_area_number ON messages (area_id, number);
-- newScan/menuCounters: deleted messages above a caller's pointer, subtracted from
-- high_water - pointer. Only deleted rows are in it, so it stays small.
CREATE INDEX IF NOT EXISTS messages_deleted ON messages (area_id, number)
  WHERE deleted_at IS NOT NULL;
-- replies (WHERE reply_to_id = ? AND id > ? ORDER BY id); the rowid in every SQLite index
-- gives the id order. Also the ON DELETE SET NULL lookup when an area goes.
CREATE INDEX IF NOT EXISTS messages_reply_to ON messages (reply_to_id)
  WHERE reply_to_id IS NOT NULL;
-- listThread (WHERE thread_root_id = ? AND id > ? ORDER BY id), and ON DELETE SET NULL.
CREATE INDEX IF NOT EXISTS messages_thread ON messages (thread_root_id)
  WHERE thread_root_id IS NOT NULL;
-- ON DELETE SET NULL when a user is deleted (otherwise a scan of every message per user).
CREATE INDEX IF NOT EXISTS messages_from_user ON messages (from_user_id)
  WHERE from_user_id IS NOT NULL;

-- New-scan pointers: the highest number a caller has read in an area. No row: 0, all unread.
CREATE TABLE IF NOT EXISTS last_read (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  area_id INTEGER NOT NULL REFERENCES message_areas (id) ON DELETE CASCADE,
  number  INTEGER NOT NULL CHECK (number >= 0),
  -- setLastRead, and newScan/menuCounters' join (user_id = ? AND area_id = a.id). Deleting an
  -- area scans this table once for its CASCADE, a rare admin command.
  PRIMARY KEY (user_id, area_id)
) STRICT, WITHOUT ROWID;

-- Private mail between callers. Each side deletes its own copy (a flag); rows are never removed
-- by Carrier, so no index serves reply_to_id's ON DELETE.
CREATE TABLE IF NOT EXISTS mail (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  -- SET NULL when an account is deleted; the handles keep the names.
  from_user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
  from_handle          TEXT    NOT NULL,
  to_user_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
  to_handle            TEXT    NOT NULL,
  subject              TEXT    NOT NULL,
  created_at           INTEGER NOT NULL,
  read_at              INTEGER,
  reply_to_id          INTEGER REFERENCES mail (id) ON DELETE SET NULL,
  deleted_by_sender    INTEGER NOT NULL DEFAULT 0 CHECK (deleted_by_sender IN (0, 1)),
  deleted_by_recipient INTEGER NOT NULL DEFAULT 0 CHECK (deleted_by_recipient IN (0, 1)),
  compressed           INTEGER NOT NULL CHECK (compressed IN (0, 1)),
  body_length          INTEGER NOT NULL CHECK (body_length >= 0),
  body                 BLOB    NOT NULL
) STRICT;

-- listMail inbox (WHERE to_user_id = ? AND id < ? … ORDER BY id DESC), and ON DELETE SET NULL.
CREATE INDEX IF NOT EXISTS mail_to_user ON mail (to_user_id);
-- listMail sent (WHERE from_user_id = ? AND id < ? … ORDER BY id DESC), and ON DELETE SET NULL.
CREATE INDEX IF NOT EXISTS mail_from_user ON mail (from_user_id);
-- menuCounters' unread mail (WHERE to_user_id = ? AND read_at IS NULL AND NOT deleted…):
-- only unread rows, so counting touches nothing else.
CREATE INDEX IF NOT EXISTS mail_unread ON mail (to_user_id)
  WHERE read_at IS NULL AND deleted_by_recipient = 0;

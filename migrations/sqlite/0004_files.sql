-- File areas: areas with download/upload levels, the files in them (metadata only: the bytes
-- live under <data>/files/, named by their BLAKE3 hash), and per-caller transfer counters.
-- Runs inside the adapter's BEGIN IMMEDIATE transaction, so no BEGIN/COMMIT here. Times are
-- epoch milliseconds, as in 0001_users; sizes are bytes (INTEGER is 64-bit).

CREATE TABLE IF NOT EXISTS file_areas (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  -- Short name for admin commands, lowercase ASCII, the same rule as message area tags.
  tag            TEXT    NOT NULL CHECK (
    tag GLOB '[a-z0-9]*' AND tag NOT GLOB '*[^a-z0-9_-]*' AND length(tag) BETWEEN 1 AND 16),
  name           TEXT    NOT NULL,
  description    TEXT    NOT NULL DEFAULT '',
  -- Callers below download_level do not see the area's files; below upload_level they may not
  -- upload to it (checked by the feature).
  download_level INTEGER NOT NULL CHECK (download_level BETWEEN 0 AND 255),
  upload_level   INTEGER NOT NULL CHECK (upload_level BETWEEN 0 AND 255),
  -- The largest upload accepted, in bytes; 0: no limit.
  max_file_bytes INTEGER NOT NULL DEFAULT 0 CHECK (max_file_bytes >= 0),
  -- Display order, then id (listFileAreas).
  sort_order     INTEGER NOT NULL DEFAULT 0,
  -- Denormalised counters, changed in the same transaction as the addFile/deleteFile that
  -- moves them.
  file_count     INTEGER NOT NULL DEFAULT 0,
  total_bytes    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- fileAreaByTag (WHERE tag = ?); its uniqueness makes a repeated tag a STORE_CONFLICT.
CREATE UNIQUE INDEX IF NOT EXISTS file_areas_tag ON file_areas (tag);
-- listFileAreas reads every area the level allows and sorts in memory: a board has tens of
-- file areas, a page or two of this table.

CREATE TABLE IF NOT EXISTS files (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  -- A deleted area takes its files along (deleteFileArea refuses unless forced).
  area_id         INTEGER NOT NULL REFERENCES file_areas (id) ON DELETE CASCADE,
  -- The name as shown (already sanitised by src/files: no separators, no control characters).
  name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  -- fileNameKey(name): NFC, then a Unicode-aware lowercase, computed by Carrier for both
  -- backends (SQLite's lower() folds ASCII only), as users.handle_key is.
  name_key        TEXT    NOT NULL,
  size            INTEGER NOT NULL CHECK (size >= 0),
  -- BLAKE3-256 of the content, lowercase hex: the blob's name under <data>/files/.
  hash            TEXT    NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
  description     TEXT    NOT NULL DEFAULT '',
  -- fileNameKey(description), for searchFiles' case-insensitive substring match.
  description_key TEXT    NOT NULL DEFAULT '',
  -- The uploader's account; NULL once the account is deleted (uploader_handle keeps the name)
  -- or for files the sysop imported without naming one.
  uploader_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
  uploader_handle TEXT    NOT NULL,
  uploaded_at     INTEGER NOT NULL,
  downloads       INTEGER NOT NULL DEFAULT 0
) STRICT;

-- listFiles by name (WHERE area_id = ? AND name_key > ? ORDER BY name_key LIMIT ?), fileByName,
-- deleteFileArea's CASCADE; unique, so a name is taken once per area in any letter case (what
-- makes addFile throw FILE_NAME_TAKEN).
CREATE UNIQUE INDEX IF NOT EXISTS files_area_name ON files (area_id, name_key);
-- listFiles newest first (WHERE area_id = ? AND (uploaded_at, id) < (?, ?)
-- ORDER BY uploaded_at DESC, id DESC LIMIT ?); the rowid in every SQLite index supplies the id.
CREATE INDEX IF NOT EXISTS files_area_date ON files (area_id, uploaded_at);
-- fileByHash (duplicate uploads) and hashesInUse (blob clean-up).
CREATE INDEX IF NOT EXISTS files_hash ON files (hash);
-- ON DELETE SET NULL when a user is deleted (otherwise a scan of every file per user).
CREATE INDEX IF NOT EXISTS files_uploader ON files (uploader_id) WHERE uploader_id IS NOT NULL;
-- searchFiles (a name pattern and/or a description substring over the areas a level may
-- download) has no index to seek: a LIKE with a leading wildcard cannot use a b-tree. It walks
-- the primary key downwards from its cursor and examines at most SearchPage.scan rows (default
-- 4,000) per query, so one call is bounded however rare the matches; the caller pages on.

-- Per-caller transfer counters, a table of their own so the users row a login reads and
-- rewrites stays narrow. No row: all zero. Upserted by addFile (uploads) and recordDownload.
CREATE TABLE IF NOT EXISTS user_transfers (
  user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  uploads        INTEGER NOT NULL DEFAULT 0,
  downloads      INTEGER NOT NULL DEFAULT 0,
  upload_bytes   INTEGER NOT NULL DEFAULT 0,
  download_bytes INTEGER NOT NULL DEFAULT 0
) STRICT;

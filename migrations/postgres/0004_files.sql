-- File areas: areas with download/upload levels, the files in them (metadata only: the bytes
-- live under <data>/files/, named by their BLAKE3 hash), and per-caller transfer counters.
-- Runs inside the adapter's transaction, so no BEGIN/COMMIT here. Ids are integer, as in
-- 0001_users; byte counts are bigint, read back as float8 (exact to 2^53) because postgres.js
-- returns int8 as a string.

CREATE TABLE IF NOT EXISTS file_areas (
  id             integer  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Short name for admin commands, lowercase ASCII, the same rule as message area tags.
  tag            text     NOT NULL CHECK (tag ~ '^[a-z0-9][a-z0-9_-]{0,15}$'),
  name           text     NOT NULL,
  description    text     NOT NULL DEFAULT '',
  -- Callers below download_level do not see the area's files; below upload_level they may not
  -- upload to it (checked by the feature).
  download_level smallint NOT NULL CHECK (download_level BETWEEN 0 AND 255),
  upload_level   smallint NOT NULL CHECK (upload_level BETWEEN 0 AND 255),
  -- The largest upload accepted, in bytes; 0: no limit.
  max_file_bytes bigint   NOT NULL DEFAULT 0 CHECK (max_file_bytes >= 0),
  -- Display order, then id (listFileAreas).
  sort_order     integer  NOT NULL DEFAULT 0,
  -- Denormalised counters, changed in the same statement as the addFile/deleteFile that moves
  -- them.
  file_count     integer  NOT NULL DEFAULT 0,
  total_bytes    bigint   NOT NULL DEFAULT 0
);

-- fileAreaByTag (WHERE tag = $1); its uniqueness makes a repeated tag a STORE_CONFLICT.
CREATE UNIQUE INDEX IF NOT EXISTS file_areas_tag ON file_areas (tag);
-- listFileAreas reads every area the level allows and sorts in memory: a board has tens of
-- file areas, a page or two of this table.

CREATE TABLE IF NOT EXISTS files (
  id              integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A deleted area takes its files along (deleteFileArea refuses unless forced).
  area_id         integer     NOT NULL REFERENCES file_areas (id) ON DELETE CASCADE,
  -- The name as shown (already sanitised by src/files: no separators, no control characters).
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  -- fileNameKey(name): NFC, then a Unicode-aware lowercase, computed by Carrier for both
  -- backends. COLLATE "C" orders by code point, as SQLite does, so both list names alike.
  name_key        text        COLLATE "C" NOT NULL,
  size            bigint      NOT NULL CHECK (size >= 0),
  -- BLAKE3-256 of the content, lowercase hex: the blob's name under <data>/files/.
  hash            text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  description     text        NOT NULL DEFAULT '',
  -- fileNameKey(description), for searchFiles' case-insensitive substring match.
  description_key text        NOT NULL DEFAULT '',
  -- The uploader's account; NULL once the account is deleted (uploader_handle keeps the name)
  -- or for files the sysop imported without naming one.
  uploader_id     integer     REFERENCES users (id) ON DELETE SET NULL,
  uploader_handle text        NOT NULL,
  uploaded_at     timestamptz NOT NULL,
  downloads       integer     NOT NULL DEFAULT 0
);

-- listFiles by name (WHERE area_id = $1 AND name_key > $2 ORDER BY name_key LIMIT $3),
-- fileByName, deleteFileArea's CASCADE; unique, so a name is taken once per area in any letter
-- case (what makes addFile throw FILE_NAME_TAKEN).
CREATE UNIQUE INDEX IF NOT EXISTS files_area_name ON files (area_id, name_key);
-- listFiles newest first (WHERE area_id = $1 AND (uploaded_at, id) < ($2, $3)
-- ORDER BY uploaded_at DESC, id DESC LIMIT $4).
CREATE INDEX IF NOT EXISTS files_area_date ON files (area_id, uploaded_at, id);
-- fileByHash (duplicate uploads) and hashesInUse (blob clean-up).
CREATE INDEX IF NOT EXISTS files_hash ON files (hash);
-- ON DELETE SET NULL when a user is deleted (otherwise a scan of every file per user).
CREATE INDEX IF NOT EXISTS files_uploader ON files (uploader_id) WHERE uploader_id IS NOT NULL;
-- searchFiles (a name pattern and/or a description substring over the areas a level may
-- download) has no index to seek: a LIKE with a leading wildcard cannot use a b-tree (pg_trgm
-- could, but is an extension a host may lack). It walks the primary key downwards from its
-- cursor and examines at most SearchPage.scan rows (default 4,000) per query, so one call is
-- bounded however rare the matches; the caller pages on.

-- Per-caller transfer counters, a table of their own so the users row a login reads and
-- rewrites stays narrow. No row: all zero. Upserted by addFile (uploads) and recordDownload.
CREATE TABLE IF NOT EXISTS user_transfers (
  user_id        integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  uploads        integer NOT NULL DEFAULT 0,
  downloads      integer NOT NULL DEFAULT 0,
  upload_bytes   bigint  NOT NULL DEFAULT 0,
  download_bytes bigint  NOT NULL DEFAULT 0
);

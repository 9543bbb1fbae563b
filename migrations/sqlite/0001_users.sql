-- Callers' accounts. Runs inside the adapter's BEGIN IMMEDIATE transaction, so no BEGIN/COMMIT here.
CREATE TABLE IF NOT EXISTS users (
  -- AUTOINCREMENT so an id is never reused after a delete (as with PostgreSQL's identity):
  -- anything still pointing at a deleted caller never lands on a new one.
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  -- The handle as the caller typed it.
  handle         TEXT    NOT NULL,
  -- handleKey(handle): NFC, then a Unicode-aware lowercase, computed by Carrier for both backends
  -- (SQLite's lower() folds ASCII only, so "Zoë" and "ZOË" would not collide).
  handle_key     TEXT    NOT NULL,
  password_hash  TEXT    NOT NULL,
  real_name      TEXT    NOT NULL DEFAULT '',
  location       TEXT    NOT NULL DEFAULT '',
  security_level INTEGER NOT NULL CHECK (security_level BETWEEN 0 AND 255),
  is_sysop       INTEGER NOT NULL CHECK (is_sysop IN (0, 1)),
  calls          INTEGER NOT NULL DEFAULT 0,
  -- Epoch milliseconds, so a JavaScript Date round-trips exactly.
  created_at     INTEGER NOT NULL,
  last_login_at  INTEGER
) STRICT;

-- The "users by lower(handle)" index, over the app-computed key. Its uniqueness is what makes
-- createUser throw HANDLE_TAKEN. Used by: userByHandle, deleteUser.
CREATE UNIQUE INDEX IF NOT EXISTS users_handle_key ON users (handle_key);

-- The primary key (the table's rowid) serves every query by id: userById, listUsers
-- (WHERE id > ? ORDER BY id LIMIT ?), setPasswordHash, recordLogin. countUsers and createUser's
-- "is there any user yet" check scan users_handle_key, the smallest b-tree.

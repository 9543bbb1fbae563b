-- Callers' accounts. Runs inside the adapter's transaction, so no BEGIN/COMMIT here.
CREATE TABLE IF NOT EXISTS users (
  -- integer rather than bigint: postgres.js returns int4 as a number (int8 as a string), and
  -- two billion accounts is enough for a BBS. An identity never reuses a deleted id.
  id             integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The handle as the caller typed it.
  handle         text        NOT NULL,
  -- handleKey(handle): NFC, then a Unicode-aware lowercase, computed by Carrier for both backends
  -- so the two agree on which handles collide ("Zoë" and "ZOË" do).
  handle_key     text        NOT NULL,
  password_hash  text        NOT NULL,
  real_name      text        NOT NULL DEFAULT '',
  location       text        NOT NULL DEFAULT '',
  security_level smallint    NOT NULL CHECK (security_level BETWEEN 0 AND 255),
  is_sysop       boolean     NOT NULL,
  calls          integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);

-- The "users by lower(handle)" index, over the app-computed key. Its uniqueness is what makes
-- createUser throw HANDLE_TAKEN (SQLSTATE 23505). Used by: userByHandle, deleteUser.
CREATE UNIQUE INDEX IF NOT EXISTS users_handle_key ON users (handle_key);

-- The primary key (users_pkey) serves every query by id: userById, listUsers
-- (WHERE id > $1 ORDER BY id LIMIT $2), setPasswordHash, recordLogin. countUsers and createUser's
-- "is there any user yet" check need no index of their own.

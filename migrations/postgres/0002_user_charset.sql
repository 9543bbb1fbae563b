-- The character set a caller chose for their terminal (NULL: not chosen; Carrier goes by the
-- terminal type, or asks). Read with every users row; no query filters on it, so no index.
ALTER TABLE users ADD COLUMN IF NOT EXISTS charset text CHECK (charset IN ('cp437', 'utf8'));

-- Migration 0001 (Postgres): initial schema. The store applies it itself at start
-- (src/store/postgres-schema.ts, under an advisory lock); `psql -f` works too.
-- Same tables, columns and keys as the SQLite schema (test/postgres-schema.test.ts
-- checks it); steps and totals are BIGINT because SQLite's INTEGER is 64-bit.
-- wrangler reads only the .sql files directly in migrations/, not this folder.
CREATE TABLE IF NOT EXISTS hourly (
  user_id  INTEGER NOT NULL,
  day      INTEGER NOT NULL,
  interval INTEGER NOT NULL,
  steps    BIGINT  NOT NULL,
  PRIMARY KEY (user_id, day, interval)
);

CREATE TABLE IF NOT EXISTS daily (
  user_id INTEGER NOT NULL,
  day     INTEGER NOT NULL,
  total   BIGINT  NOT NULL,
  PRIMARY KEY (user_id, day)
);

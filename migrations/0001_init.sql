-- Migration number: 0001 	 initial schema
-- Must match SCHEMA in src/store/sqlite-sql.ts (test/d1-migrations.test.ts checks it).
CREATE TABLE IF NOT EXISTS hourly (
  user_id  INTEGER NOT NULL,
  day      INTEGER NOT NULL,
  interval INTEGER NOT NULL,
  steps    INTEGER NOT NULL,
  PRIMARY KEY (user_id, day, interval)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS daily (
  user_id INTEGER NOT NULL,
  day     INTEGER NOT NULL,
  total   INTEGER NOT NULL,
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

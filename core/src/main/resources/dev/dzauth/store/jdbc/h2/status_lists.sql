-- dz-auth Token Status List entries (JdbcStatusListIndex), H2 2.x. ${prefix} is the token store's
-- validated table prefix. Times are epoch microseconds (UTC).
-- The one allocation row: the list being filled (0: none yet), its size and its next index. Every
-- allocation locks it until it commits, so indexes are handed out densely, none twice.
CREATE TABLE IF NOT EXISTS ${prefix}status_list_alloc (
  id        INTEGER NOT NULL PRIMARY KEY,
  list_no   INTEGER NOT NULL,
  list_size INTEGER NOT NULL,
  next_idx  INTEGER NOT NULL
);
INSERT INTO ${prefix}status_list_alloc (id, list_no, list_size, next_idx) SELECT 1, 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM ${prefix}status_list_alloc WHERE id = 1);
-- Every list begun, with the size it was begun with.
CREATE TABLE IF NOT EXISTS ${prefix}status_lists (
  list_no    INTEGER NOT NULL PRIMARY KEY,
  list_size  INTEGER NOT NULL,
  created_at BIGINT  NOT NULL
);
-- One entry per token minted with status lists: pos = list_no * 2^32 + idx.
CREATE TABLE IF NOT EXISTS ${prefix}status_list_entries (
  pos          BIGINT       NOT NULL PRIMARY KEY,
  jti          VARCHAR(64)  NOT NULL,
  business_id  VARCHAR(128) NOT NULL,
  subject      VARCHAR(255) NOT NULL,
  allocated_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}status_list_entries_jti ON ${prefix}status_list_entries (jti);
CREATE INDEX IF NOT EXISTS ${prefix}status_list_entries_by_business ON ${prefix}status_list_entries (business_id, pos);
CREATE INDEX IF NOT EXISTS ${prefix}status_list_entries_by_subject ON ${prefix}status_list_entries (business_id, subject, pos);

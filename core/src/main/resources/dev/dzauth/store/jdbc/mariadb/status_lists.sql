-- dz-auth Token Status List entries (JdbcStatusListIndex), MariaDB / MySQL (InnoDB). ${prefix} is
-- the token store's validated table prefix. Times are epoch microseconds (UTC).
-- The one allocation row: the list being filled (0: none yet), its size and its next index. Every
-- allocation locks it until it commits, so indexes are handed out densely, none twice.
CREATE TABLE IF NOT EXISTS ${prefix}status_list_alloc (
  id        INT NOT NULL PRIMARY KEY,
  list_no   INT NOT NULL,
  list_size INT NOT NULL,
  next_idx  INT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO ${prefix}status_list_alloc (id, list_no, list_size, next_idx) VALUES (1, 0, 0, 0);
-- Every list begun, with the size it was begun with.
CREATE TABLE IF NOT EXISTS ${prefix}status_lists (
  list_no    INT    NOT NULL PRIMARY KEY,
  list_size  INT    NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB;
-- One entry per token minted with status lists: pos = list_no * 2^32 + idx.
CREATE TABLE IF NOT EXISTS ${prefix}status_list_entries (
  pos          BIGINT       NOT NULL PRIMARY KEY,
  jti          VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  business_id  VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  subject      VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  allocated_at BIGINT       NOT NULL,
  UNIQUE KEY ${prefix}status_list_entries_jti (jti),
  KEY ${prefix}status_list_entries_by_business (business_id, pos),
  KEY ${prefix}status_list_entries_by_subject (business_id, subject, pos)
) ENGINE=InnoDB;

-- dz-auth JDBC store, MariaDB / MySQL (InnoDB). ${prefix} is the validated table prefix.
-- Times are epoch microseconds (UTC). expires_at = 253402300799000000 (9999-12-31T23:59:59Z) means
-- "never expires" and last_used_at = 0 means "never used", so every sort key is non-null and indexed.
-- Binary collations: names sort by code point, as on the other databases.
CREATE TABLE IF NOT EXISTS ${prefix}tokens (
  id                VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_nopad_bin NOT NULL PRIMARY KEY,
  jti               VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name              VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  description       TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  token_prefix      VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject           VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  business_id       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  scopes            TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_by        VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at        BIGINT       NOT NULL,
  updated_at        BIGINT       NOT NULL,
  expires_at        BIGINT       NOT NULL,
  last_used_at      BIGINT       NOT NULL,
  state             VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  revoked_at        BIGINT,
  revoked_by        VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  revocation_reason TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  status_version    BIGINT       NOT NULL DEFAULT 0,
  created_seq       BIGINT       NOT NULL DEFAULT 0,
  rolled_to         VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin,
  environment_id    VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  KEY ${prefix}tokens_by_business (business_id, subject),
  UNIQUE KEY ${prefix}tokens_jti (jti),
  KEY ${prefix}tokens_by_created (subject, business_id, created_at, id),
  KEY ${prefix}tokens_by_name (subject, business_id, name, id),
  KEY ${prefix}tokens_by_expires (subject, business_id, expires_at, id),
  KEY ${prefix}tokens_by_last_used (subject, business_id, last_used_at, id)
) ENGINE=InnoDB;
-- The status feed: seq is handed out from the one row of ${prefix}feed_seq, whose row lock every
-- appending transaction holds until it commits, so sequences become visible in commit order.
CREATE TABLE IF NOT EXISTS ${prefix}feed_seq (
  id  INT    NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO ${prefix}feed_seq (id, seq) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS ${prefix}status_feed (
  seq        BIGINT      NOT NULL PRIMARY KEY,
  jti        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  token_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status     VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  changed_at BIGINT      NOT NULL,
  not_after  BIGINT
) ENGINE=InnoDB;
-- Owner-level changes (revoke, suspend or activate every token of a business, subject '', or of
-- one subject in it): one row each, kept, with the feed sequence it was appended at; a token stored
-- at a lower sequence is covered by it.
CREATE TABLE IF NOT EXISTS ${prefix}owner_changes (
  seq         BIGINT       NOT NULL PRIMARY KEY,
  business_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  subject     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  action      VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  changed_at  BIGINT       NOT NULL,
  changed_by  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  reason      TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
) ENGINE=InnoDB;
CREATE INDEX IF NOT EXISTS ${prefix}owner_changes_by_owner ON ${prefix}owner_changes (business_id, subject, seq);
-- Upgrades a schema made before owner-level changes and rolls (idempotent).
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS created_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS rolled_to VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin;
ALTER TABLE ${prefix}status_feed ADD COLUMN IF NOT EXISTS not_after BIGINT;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS environment_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_business ON ${prefix}tokens (business_id, subject);
-- Lifecycle events, written in the transaction of the change they record; also the outbox their
-- delivery is driven from (claimed_by/claimed_until: a lease, so two instances never deliver one
-- event at the same time).
CREATE TABLE IF NOT EXISTS ${prefix}token_events (
  id              VARCHAR(64) CHARACTER SET ascii COLLATE ascii_nopad_bin NOT NULL PRIMARY KEY,
  type            VARCHAR(32)  NOT NULL,
  occurred_at     BIGINT       NOT NULL,
  token_id        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_nopad_bin,
  jti             VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin,
  business_id     VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  subject         VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  actor           VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  reason          TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  client_ip       VARCHAR(64),
  user_agent      VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
  attempts        INTEGER      NOT NULL DEFAULT 0,
  next_attempt_at BIGINT       NOT NULL,
  delivered_at    BIGINT,
  claimed_by      VARCHAR(64),
  claimed_until   BIGINT
) ENGINE=InnoDB;
CREATE INDEX IF NOT EXISTS ${prefix}token_events_by_token ON ${prefix}token_events (token_id, occurred_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}token_events_due ON ${prefix}token_events (delivered_at, next_attempt_at);
CREATE INDEX IF NOT EXISTS ${prefix}token_events_by_time ON ${prefix}token_events (occurred_at);
-- One row per token and lead time an expiry warning was written for: exactly once across instances.
CREATE TABLE IF NOT EXISTS ${prefix}expiry_warnings (
  token_id     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_nopad_bin NOT NULL,
  lead_seconds BIGINT      NOT NULL,
  PRIMARY KEY (token_id, lead_seconds)
) ENGINE=InnoDB;
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_expiry ON ${prefix}tokens (expires_at);

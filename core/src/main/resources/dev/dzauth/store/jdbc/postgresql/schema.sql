-- dz-auth JDBC store, PostgreSQL. ${prefix} is the validated table prefix.
-- Times are epoch microseconds (UTC). expires_at = 253402300799000000 (9999-12-31T23:59:59Z) means
-- "never expires" and last_used_at = 0 means "never used", so every sort key is non-null and indexed.
CREATE TABLE IF NOT EXISTS ${prefix}tokens (
  id                VARCHAR(64)  COLLATE "C" NOT NULL PRIMARY KEY,
  jti               VARCHAR(64)  NOT NULL,
  name              VARCHAR(255) COLLATE "C" NOT NULL,
  description       TEXT,
  token_prefix      VARCHAR(64)  NOT NULL,
  subject           VARCHAR(255) COLLATE "C" NOT NULL,
  business_id       VARCHAR(128) COLLATE "C" NOT NULL,
  scopes            TEXT         NOT NULL,
  created_by        VARCHAR(255) NOT NULL,
  created_at        BIGINT       NOT NULL,
  updated_at        BIGINT       NOT NULL,
  expires_at        BIGINT       NOT NULL,
  last_used_at      BIGINT       NOT NULL,
  state             VARCHAR(16)  NOT NULL,
  revoked_at        BIGINT,
  revoked_by        VARCHAR(255),
  revocation_reason TEXT,
  status_version    BIGINT         NOT NULL DEFAULT 0,
  created_seq       BIGINT       NOT NULL DEFAULT 0,
  rolled_to         VARCHAR(64),
  environment_id    VARCHAR(128) COLLATE "C"
);
CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}tokens_jti ON ${prefix}tokens (jti);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_created ON ${prefix}tokens (subject, business_id, created_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_name ON ${prefix}tokens (subject, business_id, name, id);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_expires ON ${prefix}tokens (subject, business_id, expires_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_last_used ON ${prefix}tokens (subject, business_id, last_used_at, id);
-- The status feed: seq is handed out from the one row of ${prefix}feed_seq, whose row lock every
-- appending transaction holds until it commits, so sequences become visible in commit order.
CREATE TABLE IF NOT EXISTS ${prefix}feed_seq (
  id  INTEGER NOT NULL PRIMARY KEY,
  seq BIGINT  NOT NULL
);
INSERT INTO ${prefix}feed_seq (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS ${prefix}status_feed (
  seq        BIGINT      NOT NULL PRIMARY KEY,
  jti        VARCHAR(64) NOT NULL,
  token_id   VARCHAR(64) NOT NULL,
  status     VARCHAR(16) NOT NULL,
  changed_at BIGINT      NOT NULL,
  not_after  BIGINT
);
-- Owner-level changes (revoke, suspend or activate every token of a business, subject '', or of
-- one subject in it): one row each, kept, with the feed sequence it was appended at; a token stored
-- at a lower sequence is covered by it.
CREATE TABLE IF NOT EXISTS ${prefix}owner_changes (
  seq         BIGINT       NOT NULL PRIMARY KEY,
  business_id VARCHAR(128) COLLATE "C" NOT NULL,
  subject     VARCHAR(255) COLLATE "C" NOT NULL,
  action      VARCHAR(16)  NOT NULL,
  changed_at  BIGINT       NOT NULL,
  changed_by  VARCHAR(255) COLLATE "C",
  reason      TEXT
);
CREATE INDEX IF NOT EXISTS ${prefix}owner_changes_by_owner ON ${prefix}owner_changes (business_id, subject, seq);
-- Upgrades a schema made before owner-level changes and rolls (idempotent).
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS created_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS rolled_to VARCHAR(64);
ALTER TABLE ${prefix}status_feed ADD COLUMN IF NOT EXISTS not_after BIGINT;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS environment_id VARCHAR(128) COLLATE "C";
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_business ON ${prefix}tokens (business_id, subject);
-- Lifecycle events, written in the transaction of the change they record; also the outbox their
-- delivery is driven from (claimed_by/claimed_until: a lease, so two instances never deliver one
-- event at the same time).
CREATE TABLE IF NOT EXISTS ${prefix}token_events (
  id              VARCHAR(64) COLLATE "C" NOT NULL PRIMARY KEY,
  type            VARCHAR(32)  NOT NULL,
  occurred_at     BIGINT       NOT NULL,
  token_id        VARCHAR(64) COLLATE "C",
  jti             VARCHAR(64) COLLATE "C",
  business_id     VARCHAR(128) COLLATE "C" NOT NULL,
  subject         VARCHAR(255) COLLATE "C",
  actor           VARCHAR(255) COLLATE "C",
  reason          TEXT,
  client_ip       VARCHAR(64),
  user_agent      VARCHAR(512),
  attempts        INTEGER      NOT NULL DEFAULT 0,
  next_attempt_at BIGINT       NOT NULL,
  delivered_at    BIGINT,
  claimed_by      VARCHAR(64),
  claimed_until   BIGINT
);
CREATE INDEX IF NOT EXISTS ${prefix}token_events_by_token ON ${prefix}token_events (token_id, occurred_at, id);
CREATE INDEX IF NOT EXISTS ${prefix}token_events_due ON ${prefix}token_events (delivered_at, next_attempt_at);
CREATE INDEX IF NOT EXISTS ${prefix}token_events_by_time ON ${prefix}token_events (occurred_at);
-- One row per token and lead time an expiry warning was written for: exactly once across instances.
CREATE TABLE IF NOT EXISTS ${prefix}expiry_warnings (
  token_id     VARCHAR(64) COLLATE "C" NOT NULL,
  lead_seconds BIGINT      NOT NULL,
  PRIMARY KEY (token_id, lead_seconds)
);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_by_expiry ON ${prefix}tokens (expires_at);

-- Drops the tables the Pg* benchmarks keep between runs (prefix dzbench2_; dzbench_ is the prefix
-- of runs before tokens.status_version, dropped too):
--   psql -h 127.0.0.1 -U postgres -d test -f benchmarks/pg-drop.sql
DROP TABLE IF EXISTS dzbench2_tokens;
DROP TABLE IF EXISTS dzbench2_status_feed;
DROP TABLE IF EXISTS dzbench2_feed_seq;
DROP TABLE IF EXISTS dzbench_tokens;
DROP TABLE IF EXISTS dzbench_status_feed;
DROP TABLE IF EXISTS dzbench_feed_seq;
-- FleetBenchmark's tables (prefix dzfleet_, emptied at the start of every run):
DROP TABLE IF EXISTS dzfleet_tokens;
DROP TABLE IF EXISTS dzfleet_status_feed;
DROP TABLE IF EXISTS dzfleet_feed_seq;

-- Drops the tables the Pg* benchmarks keep between runs (prefix dzbench_):
--   psql -h 127.0.0.1 -U postgres -d test -f benchmarks/pg-drop.sql
DROP TABLE IF EXISTS dzbench_tokens;
DROP TABLE IF EXISTS dzbench_status_feed;
DROP TABLE IF EXISTS dzbench_feed_seq;

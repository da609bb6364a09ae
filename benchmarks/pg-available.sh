#!/usr/bin/env bash
# Prints JMH arguments that exclude the Pg* benchmarks when no PostgreSQL listens where they look
# (DZ_BENCH_PG_HOST:DZ_BENCH_PG_PORT, default 127.0.0.1:5432), unless CI=true: there a missing
# database must fail the run. Sourced by run-quick.sh and smoke.sh.
pg_host="${DZ_BENCH_PG_HOST:-127.0.0.1}"
pg_port="${DZ_BENCH_PG_PORT:-5432}"
PG_EXCLUDE=()
if ! (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "PostgreSQL is not reachable at $pg_host:$pg_port and CI=true: the Pg* benchmarks will fail" >&2
  else
    echo "PostgreSQL is not reachable at $pg_host:$pg_port: skipping the Pg* benchmarks" >&2
    PG_EXCLUDE=(-e '\.Pg[A-Za-z]*Benchmark\.')
  fi
fi

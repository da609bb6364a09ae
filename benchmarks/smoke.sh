#!/usr/bin/env bash
# CI smoke: one short iteration of every benchmark, so they keep compiling and running.
# Not a measurement. Builds the uber-jar unless SMOKE_NO_BUILD=1; about 2.5 minutes.
# The Pg* benchmarks run at small sizes (depth 1,000, 1,000 feed changes) and are skipped when no
# PostgreSQL listens on 127.0.0.1:5432, unless CI=true (see pg-available.sh); MemoryBenchmark fills
# 1,000 entries only. Then a tiny FleetBenchmark (4 instances x 200 hot tokens, ~25 s, under 20
# connections) checks that the feed-anchored status cache sends far fewer statements than per-token
# re-reads and that revokes reach every instance; skipped like the Pg* benchmarks, or with
# SMOKE_FLEET=0.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SMOKE_NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -ntp -q -pl benchmarks -am package -Dquick -DskipTests
fi
source benchmarks/pg-available.sh
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 0 -i 1 -r 100ms -foe true \
  -p depth=1000 -p feedChanges=1000 -p entries=1000 ${PG_EXCLUDE[@]+"${PG_EXCLUDE[@]}"} "$@"
if [ "${SMOKE_FLEET:-1}" = 1 ] && [ ${#PG_EXCLUDE[@]} -eq 0 ]; then
  java -cp benchmarks/target/benchmarks.jar dev.dzauth.benchmarks.FleetBenchmark --smoke
fi

#!/usr/bin/env bash
# CI smoke: one short iteration of every benchmark, so they keep compiling and running.
# Not a measurement. Builds the uber-jar unless SMOKE_NO_BUILD=1; about 2 minutes.
# The Pg* benchmarks run at small sizes (depth 1,000, 1,000 feed changes) and are skipped when no
# PostgreSQL listens on 127.0.0.1:5432, unless CI=true (see pg-available.sh); MemoryBenchmark fills
# 1,000 entries only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SMOKE_NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -ntp -q -pl benchmarks -am package -Dquick -DskipTests
fi
source benchmarks/pg-available.sh
exec java -jar benchmarks/target/benchmarks.jar -f 1 -wi 0 -i 1 -r 100ms -foe true \
  -p depth=1000 -p feedChanges=1000 -p entries=1000 ${PG_EXCLUDE[@]+"${PG_EXCLUDE[@]}"} "$@"

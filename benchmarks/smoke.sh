#!/usr/bin/env bash
# CI smoke: one short iteration of every benchmark, so they keep compiling and running.
# Not a measurement. Builds the uber-jar unless SMOKE_NO_BUILD=1; about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SMOKE_NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -ntp -q -pl benchmarks -am package -Dquick -DskipTests
fi
exec java -jar benchmarks/target/benchmarks.jar -f 1 -wi 0 -i 1 -r 100ms -foe true "$@"

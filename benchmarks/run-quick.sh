#!/usr/bin/env bash
# A quick pass of every benchmark (measured on 2 quiet cores: 6 min on JDK 17, 5 min 55 s on
# JDK 25, loading PostgreSQL's bench tables included): one fork, 2 x 1 s warmup and 3 x 1 s
# measurement per case, with the GC profiler (B/op). Writes
# benchmarks/results/jdk<N>-quick.json and regenerates RESULTS.md and the chart.
#   benchmarks/run-quick.sh                 # the JDK on PATH (or JAVA_HOME)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run-quick.sh
#   benchmarks/run-quick.sh VerifyWarm     # extra arguments go to JMH (a filter, -p ...)
# FULL=1 runs the publishing pass instead (each class's own warmup/measurement, 2 forks, about
# 35 minutes) into jdk<N>-full.json. Builds the jar with JDK 17 unless NO_BUILD=1. MERGE=1 reruns
# only what the arguments select and replaces those results in the existing JSON, e.g.
#   MERGE=1 NO_BUILD=1 benchmarks/run-quick.sh FilterHttpBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -ntp -q -pl benchmarks -am package -Dquick -DskipTests
fi
major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${FULL:-0}" = 1 ]; then
  out="benchmarks/results/jdk${major}-full.json"
  opts=(-f 2 -prof gc)
else
  out="benchmarks/results/jdk${major}-quick.json"
  opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc)
fi
source benchmarks/pg-available.sh
target="$out"
if [ "${MERGE:-0}" = 1 ]; then
  out="${target%.json}-part.json"
fi
"$JAVA" -jar benchmarks/target/benchmarks.jar "${opts[@]}" -foe true -rf json -rff "$out" \
  ${PG_EXCLUDE[@]+"${PG_EXCLUDE[@]}"} "$@"
if [ "$out" != "$target" ]; then
  python3 benchmarks/report.py merge "$target" "$out"
  rm -f "$out"
  out="$target"
fi
python3 benchmarks/report.py benchmarks/results
echo "wrote $out, benchmarks/results/RESULTS.md and benchmarks/results/chart.svg"

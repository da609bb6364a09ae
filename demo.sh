#!/usr/bin/env bash
# Builds the demo sample (samples/demo, with core and the servlet module) and runs it on
# 127.0.0.1:${DZ_PORT:-8080}. Needs only a JDK 17+; the Maven wrapper fetches Maven. Environment:
# DZ_PORT, and DZ_JDBC_URL, DZ_JDBC_USER, DZ_JDBC_PASSWORD for a database instead of the embedded
# store; DZ_KEY_FILE to keep the signing key (a JWK Set file, written on the first start) across restarts;
# DZ_STATUS_LIST_TTL the ttl (seconds, default 60) of the status lists served at /statuslists/<n>.
set -euo pipefail
cd "$(dirname "$0")"
# DZ_MAVEN_ARGS: extra Maven arguments for the build (e.g. -o); the script's own arguments go to the demo.
./mvnw -q -B -pl samples/demo -am -Dquick -DskipTests ${DZ_MAVEN_ARGS:-} package
exec java -cp "samples/demo/target/classes:$(cat samples/demo/target/demo.classpath)" \
  dev.dzauth.demo.DemoServer "$@"

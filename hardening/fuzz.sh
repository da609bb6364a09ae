#!/usr/bin/env bash
# A fuzzing campaign for one @FuzzTest (Jazzer, coverage-guided), for as long as its maxDuration.
#
#   hardening/fuzz.sh core TokenVerifierFuzzTests#verifierAnswersEveryInputWithAVerdict
#   hardening/fuzz.sh core CursorCodecFuzzTests#cursorDecoderAnswersEveryInputWithAPositionOrA422
#   hardening/fuzz.sh servlet-filter TokenApiFuzzTests#createBodyIsAnsweredWith201Or422
#   hardening/fuzz.sh servlet-filter TokenApiFuzzTests#listQueryIsAnsweredWith200Or422
#   hardening/fuzz.sh all        # the four, one after the other
#
# The log goes to hardening/target/<test>.log; the last libFuzzer lines give the executions
# ("Done N runs in S second(s)"). A finding fails the run and is written by Jazzer as
# src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>: commit it with the fix, and
# the default build replays it as a regression input from then on. The corpus Jazzer grows is
# kept in <module>/.cifuzz-corpus (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == all ]]; then
  failed=0
  "$0" core 'TokenVerifierFuzzTests#verifierAnswersEveryInputWithAVerdict' || failed=1
  "$0" core 'CursorCodecFuzzTests#cursorDecoderAnswersEveryInputWithAPositionOrA422' || failed=1
  "$0" servlet-filter 'TokenApiFuzzTests#createBodyIsAnsweredWith201Or422' || failed=1
  "$0" servlet-filter 'TokenApiFuzzTests#listQueryIsAnsweredWith200Or422' || failed=1
  exit "$failed"
fi
module="${1:?module: core or servlet-filter}"
test="${2:?test: Class#method}"
mkdir -p hardening/target
log="hardening/target/${test//#/-}.log"
echo "fuzzing $module $test (log: $log)"
status=0
JAZZER_FUZZ=1 ./mvnw -q -pl "$module" -am test -Dquick -Djacoco.skip=true \
  -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+.*DONE|^Done [0-9]+ runs|== Java Exception|DEDUP_TOKEN|crash-' "$log" || true
echo "exit status $status"
exit "$status"

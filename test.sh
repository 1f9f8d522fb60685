#!/usr/bin/env bash
# Runs every PaperGraph test on this machine, installing first what the tests need when it is missing.
# Usage: ./test.sh [extra arguments for dotnet test]
set -euo pipefail
cd "$(dirname "$0")"
started=$(date +%s)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# The deployment test validates docker-compose.yml with Debian's docker-compose (`docker-compose config`).
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
# The scale-out tests start Debian's redis-server on a free loopback port (and stop it) themselves.
[ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== building"
dotnet build PaperGraph.sln -c Release -nologo -v q -clp:ErrorsOnly

echo "== testing"
results=$(mktemp -d)
status=0
# One project at a time (-m:1): the timing tests (guardrail p99, live latency, frame times) measure a server that
# the other projects' browsers and fuzzers would otherwise starve on a 2-core machine.
dotnet test PaperGraph.sln -c Release --no-build -nologo -v q -m:1 \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One plain summary line for every project together, read from the TRX files.
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [ -e "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); passed=$((passed + ${p:-0}))
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${x:-0}))
  # A skipped test is in the total but not executed (the TRX's notExecuted counter stays 0 for xunit's skips).
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$c"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$c")
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
rm -rf "$results"
# The compiler server outlives the build; stop it so nothing is left running.
dotnet build-server shutdown >/dev/null 2>&1 || true
echo "== took $(( $(date +%s) - started )) s"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
exit $status

#!/usr/bin/env bash
# The JT/T 808 load test (issue 14 §3): builds the server jar, then runs
# org.gridwatch.bench.Jt808LoadHarness, which writes --terminals units each bound to a terminal into a
# new store, starts the jar as its own process, connects one TCP connection per simulated terminal
# (org.gridwatch.sim.TerminalFleet), has each report every --interval seconds while a /live client
# watches the units, and ends with a reconnect storm. See docs/PERFORMANCE.md.
#
#   bench/run-jt808.sh                                   # 15,000 terminals every 5 s, 60 s, storm within 10 s
#   bench/run-jt808.sh --terminals 500 --seconds 20      # options: --terminals --interval --ramp --warmup
#                                                        #   --seconds --storm-within --storm-timeout
#                                                        #   --share-2019 --server-heap --seed --jar
#                                                        #   --journal true (position journal in front of the store)
#
# Prints a JSON summary and writes it to target/jt808-result.json; the server log is
# target/jt808-server.log. Server and harness each hold one descriptor per connection: both run
# under this shell's `ulimit -n`.
set -euo pipefail
cd "$(dirname "$0")/.."
terminals=15000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--terminals" ] && terminals="${args[$((i + 1))]}"
done
limit=$(ulimit -n)
if [ "$limit" != unlimited ] && [ "$limit" -lt $((terminals + 1000)) ]; then
  echo "ulimit -n is $limit: $terminals terminals need at least $((terminals + 1000)) descriptors per process" >&2
  exit 2
fi
mvn -B -ntp -q -DskipTests package
exec mvn -B -ntp -Pbench test-compile exec:exec@jt808 -Djt808.args="$*"

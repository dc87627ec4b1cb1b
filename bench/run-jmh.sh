#!/usr/bin/env bash
# Builds the JMH benchmarks (Maven profile "bench") and runs them. See docs/PERFORMANCE.md.
#
#   bench/run-jmh.sh                      # every benchmark
#   bench/run-jmh.sh GridLookup           # those whose name matches a JMH regex
#   bench/run-jmh.sh 'radius.*' -prof gc  # extra JMH options after the regex
#
# Defaults: fork 1, warm-up 3 x 2 s, measurement 5 x 2 s, results also written as JSON to
# target/jmh-result.json. JMH_OPTS replaces those defaults (e.g. JMH_OPTS="-f 3 -wi 5 -i 10").
# The demo city is read from gis-data/binzhou; JAVA_TOOL_OPTIONS=-Dgridwatch.bench.city=DIR
# points elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
regex="${1:-}"
if [ $# -gt 0 ]; then shift; fi
opts="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s} -rf json -rff target/jmh-result.json"
exec mvn -B -ntp -Pbench test-compile exec:exec@jmh -Djmh.args="$opts $* $regex"

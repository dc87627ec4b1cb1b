#!/usr/bin/env bash
# The /live fan-out load test (issue 3 §6): builds the server jar, then runs
# org.gridwatch.bench.FanOutHarness, which starts the jar as its own process, adds units up to
# --units, connects --clients WebSocket clients (units + heat) and makes every unit report once per
# --interval seconds. See docs/PERFORMANCE.md.
#
#   bench/run-fanout.sh                                  # 1,000 clients, 15,000 units every 5 s, 60 s
#   bench/run-fanout.sh --clients 200 --seconds 20       # options: --clients --city-views --units
#                                                        #   --interval --warmup --seconds --server-heap --seed
#
# Prints a JSON summary and writes it to target/fanout-result.json; the server log is
# target/fanout-server.log.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -DskipTests package
exec mvn -B -ntp -Pbench test-compile exec:exec@fanout -Dfanout.args="$*"

#!/usr/bin/env bash
# Store benchmarks (docs/PERFORMANCE.md, "Stores"): sustained ingest into each store, start-up with
# 1,000,000 incidents and 10,860 grids, and GridWatch vs plain PostGIS SQL on the same data.
#
#   bench/run-stores.sh                                  # both stores, 1,000,000 incidents
#   bench/run-stores.sh --incidents 100000 --seconds 5   # a quick run
#   bench/run-stores.sh --stores geopackage              # one store
#
# The PostGIS run needs GRIDWATCH_TEST_PG_URL, GRIDWATCH_TEST_PG_USER, GRIDWATCH_TEST_PG_PASSWORD
# (a database with the postgis extension; .ci/run shows how to make one). It works in schema
# gw_bench, which it drops first. Run it on a quiet machine: it takes about 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp -Pbench test-compile exec:exec@stores -Dstores.args="$*"

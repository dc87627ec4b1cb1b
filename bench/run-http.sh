#!/usr/bin/env bash
# HTTP throughput before/after: the same server, store and load, first with one HTTP verticle
# instance (one event loop serving HTTP), then with one per event loop (http.instances: 0), for
# GET /health (the ceiling), /api/v1/lookup and /api/v1/units/nearest at pseudo-random points of
# the demo city. Needs wrk (apt-get install wrk) and a built jar (mvn -B -ntp -DskipTests package).
# Usage: bench/run-http.sh [seconds per run, default 20] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-16}
jar=target/gridwatch.jar
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: mvn -B -ntp -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

# Every request is authenticated: an API key made on the (new) store before the first start.
token=$(GRIDWATCH_STORE_PATH="$work/gridwatch.gpkg" java -jar "$jar" apikey add bench --role dispatcher,analyst,gateway \
  --jurisdiction 371600 2>/dev/null)
export WRK_TOKEN=$token

# shellcheck source=bench/serve.sh
. bench/serve.sh
start() { GRIDWATCH_HTTP_INSTANCES=$1 start_jar; }  # $1 = http.instances
stop() { stop_jar; }

# Every unit of the roster gets one position, spread over the city, so nearest queries find units.
place_units() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/units" | python3 -c '
import json, random, sys, datetime
random.seed(371600)
units = [f["properties"]["id"] for f in json.load(sys.stdin)["features"]]
t = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)).isoformat()
print(json.dumps([{"unit": u, "lon": 117.6 + random.random() * 0.9, "lat": 37.0 + random.random() * 1.1, "time": t}
                  for u in units]))' > "$work/positions.json"
  curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @"$work/positions.json" \
    "http://127.0.0.1:$port/api/v1/positions" > /dev/null
}

measure() { # $1 = label, $2 = path, $3 = extra query
  local out
  out=$(WRK_PATH=$2 WRK_QUERY=$3 wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/http/points.lua \
    "http://127.0.0.1:$port" 2>&1)
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  printf '%-10s %-26s %12s req/s   p99 %s\n' "$label" "$1" "$rps" "$p99"
}

echo "$(date -u +%FT%TZ)  $(nproc) cores  wrk -t2 -c$conns -d${secs}s"
printf '%-10s %-26s %12s\n' instances question throughput
for instances in 1 0; do
  start "$instances"
  label=$(grep -o '([0-9]* verticle instances' "$work/server.log" | grep -o '[0-9]*')
  place_units
  # Warm-up (JIT), not reported.
  WRK_PATH=/api/v1/units/nearest WRK_QUERY="&k=5" wrk -t2 -c"$conns" -d10s -s bench/http/points.lua \
    "http://127.0.0.1:$port" > /dev/null 2>&1
  WRK_PATH=/api/v1/lookup WRK_QUERY="" wrk -t2 -c"$conns" -d10s -s bench/http/points.lua \
    "http://127.0.0.1:$port" > /dev/null 2>&1
  measure "GET /health" /health ""
  measure "point → grid" /api/v1/lookup ""
  measure "5 nearest available" /api/v1/units/nearest "&k=5"
  stop
done

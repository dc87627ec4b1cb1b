#!/usr/bin/env bash
# Side by side (issue 12): the same data in GridWatch, in PostgreSQL + PostGIS and in Redis, the same
# questions asked of each in the same run, one table with both figures and their ratio.
#
#   GridWatch: wrk against the jar (bench/http/peers.lua, uniform random points over the city's
#              bounding box 117.3..118.6 E, 36.9..38.3 N), the store being the PostGIS database below.
#   PostGIS:   pgbench -M prepared on GridWatch's own schema in that database (the data GridWatch
#              wrote and loads), random points over the same box drawn by pgbench.
#   Redis:     redis-benchmark, GEOSEARCH over the available units' last positions (GEOADD from the
#              units table), random points over the same box drawn by a small cached script.
#
# Data: the demo city (grids, units) and the demo's 30 days of incidents, made by running `demo`
# once on a new PostGIS database; --incidents N tops the incidents table up to N with copies of the
# demo incidents (same places and grids, random times in the last 30 days) before GridWatch starts
# on it. Every unit then reports one position (spread over the city, fixed seed) through the API.
#
# Installs what is missing from the OS packages (wrk, redis-server, redis-tools, postgresql-15,
# postgresql-15-postgis-3); starts the PostgreSQL 15 cluster if it is down. Cleans up on exit: the
# server, the database and role it made, the redis-server it started (and the cluster, if it
# started it). Needs root (apt, su postgres) and a built jar (mvn -B -ntp -DskipTests package).
#
# The 5 nearest units are asked twice: at uniform points of the box (the worst case: half of them
# lie outside the city, far from every unit) and at incident locations (where dispatch asks: 4,096
# incidents drawn at random, the same for all three).
#
# Position ingest (POST /api/v1/positions beside PostGIS COPY and Redis GEOADD) is the last block;
# its comment says how it is measured and checked.
#
# Usage: bench/peers.sh [--quick] [--only ogc] [--secs N] [--conc "1 4 16"] [--incidents N] [--radius-km R]
#   --quick        one short pass: 3 s per run, concurrencies 1 and 16
#   --only ogc     only the OGC API items questions (and the /health ceiling), no ingest block
#   --secs N       seconds per measured run (default 10)
#   --conc LIST    concurrencies (default "1 4 16"); GET /health always runs at 16
#   --incidents N  incidents in the store (default: what the demo makes, 5,000)
#   --radius-km R  BYRADIUS of Redis GEOSEARCH, km (default 50: large enough that every point of the
#                  box finds 5 units, as GridWatch's and PostGIS's k-nearest always do)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

secs=10
concs="1 4 16"
want_incidents=0
radius_km=50
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) secs=3; concs="1 16" ;;
    --only) only=$2; shift; [ "$only" = ogc ] || { echo "--only takes ogc" >&2; exit 2; } ;;
    --secs) secs=$2; shift ;;
    --conc) concs=$2; shift ;;
    --incidents) want_incidents=$2; shift ;;
    --radius-km) radius_km=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

jar=$root/target/gridwatch.jar
[ -f "$jar" ] || { echo "no $jar: mvn -B -ntp -DskipTests package" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (apt-get, su postgres)" >&2; exit 2; }
pgbin=/usr/lib/postgresql/15/bin

# ---- tools, from the OS packages when missing -------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-benchmark >/dev/null || need+=(redis-tools)
dpkg -s postgresql-15 >/dev/null 2>&1 || need+=(postgresql-15)
dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---- clean-up of everything started here --------------------------------------------------------
work=$(mktemp -d)
db=gw_peers_$$
role=gw_peers_$$
pid=""
redis_pid=""
made_db=""
started_cluster=""
cleanup() {
  set +e
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
  [ -n "$redis_pid" ] && { kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; }
  if [ -n "$made_db" ]; then
    su postgres -c "psql -p $pg_port -qAt" >/dev/null 2>&1 <<SQL
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid();
DROP DATABASE IF EXISTS $db;
DROP ROLE IF EXISTS $role;
SQL
  fi
  [ -n "$started_cluster" ] && pg_ctlcluster 15 main stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- PostgreSQL: a database and role of this run ------------------------------------------------
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $4 }' | grep -q online; then
  pg_ctlcluster 15 main start
  started_cluster=1
fi
pg_port=$(pg_lsclusters -h | awk '$1 == "15" && $2 == "main" { print $3 }')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $pg_port -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
pg_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
made_db=1
su postgres -c "psql -p $pg_port -v ON_ERROR_STOP=1 -q" >/dev/null <<SQL
CREATE ROLE $role LOGIN PASSWORD '$pg_password';
CREATE DATABASE $db OWNER $role;
\c $db
CREATE EXTENSION postgis;
SQL
export PGPASSWORD=$pg_password PGOPTIONS='-c search_path=gridwatch,public'
sql() { psql -h 127.0.0.1 -p "$pg_port" -U "$role" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }

export GRIDWATCH_STORE_TYPE=postgis GRIDWATCH_STORE_URL="jdbc:postgresql://127.0.0.1:$pg_port/$db" \
  GRIDWATCH_STORE_USER=$role GRIDWATCH_STORE_PASSWORD=$pg_password GRIDWATCH_STORE_SCHEMA=gridwatch \
  GRIDWATCH_HTTP_PORT=0 GRIDWATCH_DEVICES_JT808_PORT=0
# One bench key stands for many clients: let it have as many queries in flight as the largest
# concurrency, twice over (the default, 2 per principal, answers the rest 429), with room in the queue.
max_conc=16; for c in $concs; do [ "$c" -gt "$max_conc" ] && max_conc=$c; done
export GRIDWATCH_API_QUERIES_PER_CLIENT=$((2 * max_conc)) GRIDWATCH_API_QUERIES_QUEUE=$((2 * max_conc))
# Its POSTs (batch lookups, position batches) count against the writes-per-second limit of one
# principal (50 by default: a batch lookup at one connection asks ~60 a second): lift it for the run.
export GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND=1000000

start() { # $1 = serve | demo
  java -Xmx4g -jar "$jar" "$1" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    port=$(grep -o 'HTTP server listening on http://[0-9.]*:[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "server ($1) did not start:" >&2; tail -20 "$work/server.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# ---- the same data for all ---------------------------------------------------------------------
echo "loading: demo city and 30 days of demo incidents into PostGIS ($db) ..." >&2
token=$(java -jar "$jar" apikey add bench --role dispatcher,analyst,gateway --jurisdiction 371600 2>"$work/apikey.log") \
  || { cat "$work/apikey.log" >&2; exit 1; }
export WRK_TOKEN=$token
start demo   # an empty store gets the city and 30 days of demo incidents
for _ in $(seq 1 240); do # seeded, and written to the store
  seeded=$(grep -o 'seeded [0-9]* demo incidents' "$work/server.log" | grep -o '[0-9]*' || true)
  [ -n "$seeded" ] && [ "$(sql -c "SELECT count(*) FROM incidents")" -ge "$seeded" ] && break
  sleep 0.5
done
stop
if [ "$want_incidents" -gt 0 ]; then
  have=$(sql -c "SELECT count(*) FROM incidents")
  if [ "$want_incidents" -gt "$have" ]; then
    echo "topping incidents up from $have to $want_incidents ..." >&2
    # Copies of the demo incidents (same place, grid, category), reported at random times of the
    # last 30 days; each with the one transition of a new report.
    sql <<SQL
CREATE TEMP TABLE tpl AS SELECT row_number() OVER (ORDER BY id) AS n, * FROM incidents;
INSERT INTO incidents (id, source, external_id, category, severity, lon, lat, original_crs, original_lon,
                       original_lat, grid_code, title, description, reported_at, received_at, status, rating)
SELECT m.maxid + g, t.source, NULL, t.category, t.severity, t.lon, t.lat, t.original_crs, t.original_lon,
       t.original_lat, t.grid_code, t.title, t.description, r.at, r.at, 'reported', NULL
FROM generate_series(1, $want_incidents - $have) g
CROSS JOIN (SELECT max(id) AS maxid, count(*) AS cnt FROM incidents) m
JOIN tpl t ON t.n = 1 + (g % m.cnt)
CROSS JOIN LATERAL (SELECT now() - random() * interval '30 days' + g * interval '0 s' AS at) r;
INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, action)
SELECT id, 0, NULL, 'reported', 'bench', reported_at, 'status' FROM incidents i
WHERE NOT EXISTS (SELECT 1 FROM incident_transitions x WHERE x.incident_id = i.id);
SQL
  fi
fi
# The peer gets the index its best query needs (ST_DWithin on geography); GridWatch does not use it.
sql -c "CREATE INDEX incidents_geog_idx ON incidents USING gist ((geom::geography))" \
    -c "VACUUM ANALYZE grids, admin_areas, incidents, incident_transitions, units"

start serve
units_total=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/units" | python3 -c '
import json, random, sys, datetime
random.seed(371600)
units = [f["properties"]["id"] for f in json.load(sys.stdin)["features"]]
t = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)).isoformat()
json.dump([{"unit": u, "lon": 117.6 + random.random() * 0.9, "lat": 37.0 + random.random() * 1.1, "time": t}
           for u in units], open(sys.argv[1], "w"))
print(len(units))' "$work/positions.json")
curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @"$work/positions.json" "http://127.0.0.1:$port/api/v1/positions" > /dev/null
for _ in $(seq 1 120); do # the store has every unit's position
  [ "$(sql -c "SELECT count(*) FROM units WHERE last_lon IS NOT NULL")" -ge "$units_total" ] && break
  sleep 0.5
done
sql -c "ANALYZE units"

redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 40); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.25; done
sql -F ' ' -c "SELECT 'GEOADD units:available', last_lon, last_lat, id FROM units
               WHERE status = 'available' AND last_lon IS NOT NULL" | redis-cli -p "$redis_port" > /dev/null
redis_sha=$(redis-cli -p "$redis_port" SCRIPT LOAD "
local lon = 117.3 + (tonumber(ARGV[1]) % 1000000) / 1000000 * 1.3
local lat = 36.9 + (tonumber(ARGV[2]) % 1000000) / 1000000 * 1.4
return redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', ARGV[3], 'km', 'COUNT', 5, 'ASC')")

# Points at incident locations, the same 4,096 for all three: a file for wrk, a table for pgbench, a
# list for the Redis script.
sql -F ' ' -c "SELECT lon, lat FROM incidents ORDER BY md5(id::text) LIMIT 4096" > "$work/incident-points.txt"
sql -c "CREATE TABLE bench_points AS SELECT row_number() OVER () AS n, lon, lat FROM
        (SELECT lon, lat FROM incidents ORDER BY md5(id::text) LIMIT 4096) s" -c "ALTER TABLE bench_points ADD PRIMARY KEY (n)"
n_points=$(wc -l < "$work/incident-points.txt")
awk '{ print "RPUSH bench:points \"" $1 " " $2 "\"" }' "$work/incident-points.txt" | redis-cli -p "$redis_port" > /dev/null
redis_points_sha=$(redis-cli -p "$redis_port" SCRIPT LOAD "
local p = redis.call('LINDEX', KEYS[2], tonumber(ARGV[1]) % $n_points)
local lon, lat = string.match(p, '(%S+) (%S+)')
return redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', lon, lat, 'BYRADIUS', ARGV[2], 'km', 'COUNT', 5, 'ASC')")

incidents=$(sql -c "SELECT count(*) FROM incidents")
available=$(sql -c "SELECT count(*) FROM units WHERE status = 'available' AND last_lon IS NOT NULL")
in_redis=$(redis-cli -p "$redis_port" ZCARD units:available)
grids=$(sql -c "SELECT count(*) FROM grids")
from7=$(date -u -d '7 days ago' +%FT%TZ)
from30=$(date -u -d '30 days ago' +%FT%TZ)

# ---- the questions as SQL (pgbench scripts) ----------------------------------------------------
rand_point='\set lon 117.3 + random(0, 1300000) / 1000000.0
\set lat 36.9 + random(0, 1400000) / 1000000.0'
cat > "$work/lookup.sql" <<SQL
$rand_point
SELECT code FROM grids WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) LIMIT 1;
SQL
cat > "$work/batch.sql" <<'SQL'
SELECT g.code FROM (SELECT ST_SetSRID(ST_MakePoint(117.3 + random() * 1.3, 36.9 + random() * 1.4), 4326) AS p
                    FROM generate_series(1, 10000)) pts
LEFT JOIN LATERAL (SELECT code FROM grids WHERE ST_Intersects(geom, pts.p) LIMIT 1) g ON true;
SQL
cat > "$work/nearest.sql" <<SQL
$rand_point
SELECT id FROM units WHERE status = 'available' AND geom IS NOT NULL
ORDER BY geom <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) LIMIT 5;
SQL
# The point as a scalar subquery (an InitPlan: a parameter to the plan), so the KNN index is used.
cat > "$work/nearest-at-incidents.sql" <<SQL
\set i random(1, $n_points)
SELECT id FROM units WHERE status = 'available' AND geom IS NOT NULL
ORDER BY geom <-> (SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM bench_points WHERE n = :i) LIMIT 5;
SQL
cat > "$work/radius.sql" <<SQL
$rand_point
SELECT count(*) FROM incidents
WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, 500)
  AND reported_at >= '$from7'::timestamptz;
SQL
# OGC API items beside the same GeoJSON made by PostGIS: the features intersecting a box around the
# point, at most 100, as a FeatureCollection (ST_AsGeoJSON of the rows, json_agg).
cat > "$work/ogc-grids.sql" <<SQL
$rand_point
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(ST_AsGeoJSON(t.*)::json), '[]'))
FROM (SELECT code, name, parent_code, geom FROM grids
      WHERE ST_Intersects(geom, ST_MakeEnvelope(:lon - 0.01, :lat - 0.01, :lon + 0.01, :lat + 0.01, 4326))
      ORDER BY code LIMIT 100) t;
SQL
cat > "$work/ogc-incidents.sql" <<SQL
$rand_point
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(ST_AsGeoJSON(t.*)::json), '[]'))
FROM (SELECT id, category, status, severity, grid_code, reported_at, geom FROM incidents
      WHERE geom && ST_MakeEnvelope(:lon - 0.05, :lat - 0.05, :lon + 0.05, :lat + 0.05, 4326)
        AND reported_at >= '$from7'::timestamptz
      ORDER BY reported_at DESC, id DESC LIMIT 100) t;
SQL
cat > "$work/stats.sql" <<SQL
SELECT grid_code, count(*) FROM incidents WHERE reported_at >= '$from30'::timestamptz GROUP BY grid_code;
SQL

# ---- measuring -------------------------------------------------------------------------------
threads() { [ "$1" -lt 2 ] && echo 1 || echo 2; }
gw() { # $1 = conns, $2 = path, $3 = extra query, $4 = batch size (0 = GET), $5 = points file, $6 = box (degrees)
      # -> answered requests/s
  local out ok bad t
  out=$(WRK_PATH=$2 WRK_QUERY=$3 WRK_BATCH=${4:-0} WRK_POINTS=${5:-} WRK_BOX=${6:-0} wrk -t"$(threads "$1")" -c"$1" -d"${secs}s" \
    -s "$root/bench/http/peers.lua" "http://127.0.0.1:$port" 2>&1)
  ok=$(echo "$out" | awk '$1 == "answered" {print $2}')
  bad=$(echo "$out" | awk '$1 == "refused" {print $2}')
  t=$(echo "$out" | awk '$1 == "seconds" {print $2}')
  [ "${bad:-0}" -gt 0 ] && echo "  $2$( [ "${4:-0}" -gt 0 ] && echo " (batches of $4)") at $1 connections: $bad answers other than 200/404 (not counted); the first: $(echo "$out" | sed -n 's/^first refusal //p')" >> "$work/warnings"
  awk -v n="${ok:-0}" -v t="${t:-0}" 'BEGIN { if (t > 0) printf "%.1f", n / t; else print 0 }'
}
pg() { # $1 = clients, $2 = script -> transactions/s
  local out
  out=$("$pgbin/pgbench" -n -M prepared -h 127.0.0.1 -p "$pg_port" -U "$role" -c "$1" -j "$(threads "$1")" \
    -T "$secs" -f "$work/$2" "$db" 2>&1) || { echo "pgbench $2 failed: $out" >&2; echo 0; return; }
  echo "$out" | awk '/^tps = / {print $3; exit}'
}
rd() { # $1 = clients, $2 = "incidents" for points at incident locations -> requests/s; a short probe sizes
      # the run to about $secs seconds
  local args=(-h 127.0.0.1 -p "$redis_port" -c "$1" -r 1000000 --csv
              EVALSHA "$redis_sha" 1 units:available __rand_int__ __rand_int__ "$radius_km")
  [ "${2:-}" = incidents ] && args=(-h 127.0.0.1 -p "$redis_port" -c "$1" -r 1000000 --csv
              EVALSHA "$redis_points_sha" 2 units:available bench:points __rand_int__ "$radius_km")
  local probe n
  probe=$(redis-benchmark -n 2000 "${args[@]}" 2>/dev/null | tail -1 | awk -F'"' '{print $4}')
  n=$(awk -v r="${probe:-1000}" -v s="$secs" 'BEGIN { n = int(r * s); print (n < 2000 ? 2000 : n) }')
  redis-benchmark -n "$n" "${args[@]}" 2>/dev/null | tail -1 | awk -F'"' '{print $4}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
fmt() { awk -v a="$1" 'BEGIN { printf (a < 100 ? "%.1f" : "%.0f"), a }'; }
rows=()
row() { # question, concurrency, unit, gridwatch, peer name, peer figure
  rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s |' "$1" "$2" "$3" "$(fmt "$4")" "$5" "$(fmt "$6")" "$(ratio "$4" "$6")")")
}

echo "warming up ..." >&2
gw 16 /health "" >/dev/null
gw 16 /api/v1/lookup "" >/dev/null; gw 16 /api/v1/units/nearest "&k=5&status=available" >/dev/null
gw 4 /api/v1/lookup "" 10000 >/dev/null
pg 4 lookup.sql >/dev/null; pg 4 nearest.sql >/dev/null
rm -f "$work/warnings"

echo "measuring ($secs s a run, concurrencies $concs) ..." >&2
health=$(gw 16 /health "")
best_lookup=0; best_nearest=0; best_nearest_inc=0
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
if [ "$only" != ogc ]; then
for c in $concs; do
  g=$(gw "$c" /api/v1/lookup ""); best_lookup=$(best "$best_lookup" "$g")
  row "point → grid" "$c" "queries/s" "$g" "PostGIS ST_Intersects on grids" "$(pg "$c" lookup.sql)"
done
for c in $concs; do
  g=$(gw "$c" /api/v1/lookup "" 10000); p=$(pg "$c" batch.sql)
  row "points → grids, batches of 10,000" "$c" "points/s" "$(awk -v x="$g" 'BEGIN{print x*10000}')" \
    "PostGIS one set-based SELECT (LATERAL … LIMIT 1)" "$(awk -v x="$p" 'BEGIN{print x*10000}')"
done
for c in $concs; do
  g=$(gw "$c" /api/v1/units/nearest "&k=5&status=available"); best_nearest=$(best "$best_nearest" "$g")
  row "5 nearest available units" "$c" "queries/s" "$g" "PostGIS KNN ORDER BY geom <-> p LIMIT 5" "$(pg "$c" nearest.sql)"
  row "5 nearest available units" "$c" "queries/s" "$g" "Redis GEOSEARCH BYRADIUS ${radius_km} km COUNT 5 ASC" "$(rd "$c")"
done
for c in $concs; do
  g=$(gw "$c" /api/v1/units/nearest "&k=5&status=available" 0 "$work/incident-points.txt")
  best_nearest_inc=$(best "$best_nearest_inc" "$g")
  row "5 nearest available units, at incident locations" "$c" "queries/s" "$g" "PostGIS KNN ORDER BY geom <-> p LIMIT 5" \
    "$(pg "$c" nearest-at-incidents.sql)"
  row "5 nearest available units, at incident locations" "$c" "queries/s" "$g" \
    "Redis GEOSEARCH BYRADIUS ${radius_km} km COUNT 5 ASC" "$(rd "$c" incidents)"
done
for c in $concs; do
  row "incidents ≤ 500 m, last 7 days, count" "$c" "queries/s" \
    "$(gw "$c" /api/v1/incidents "&radius=500&from=$from7&count=true")" \
    "PostGIS ST_DWithin on geography (gist index)" "$(pg "$c" radius.sql)"
done
for c in $concs; do
  g=$(gw "$c" /api/v1/stats/incidents "&level=grid&from=$from30" 0 "" -1)
  row "incident counts per grid, last 30 days" "$c" "queries/s" "$g" "PostGIS GROUP BY grid_code" "$(pg "$c" stats.sql)"
done
fi
for c in $concs; do
  row "OGC API items: grids in a 0.02° box, ≤ 100, GeoJSON" "$c" "queries/s" \
    "$(gw "$c" /ogcapi/collections/grids/items "&limit=100" 0 "" 0.01)" \
    "PostGIS ST_Intersects + ST_AsGeoJSON/json_agg" "$(pg "$c" ogc-grids.sql)"
done
for c in $concs; do
  row "OGC API items: incidents in a 0.1° box, last 7 days, ≤ 100, GeoJSON" "$c" "queries/s" \
    "$(gw "$c" /ogcapi/collections/incidents/items "&limit=100&datetime=$from7/.." 0 "" 0.05)" \
    "PostGIS && box + reported_at, ST_AsGeoJSON/json_agg" "$(pg "$c" ogc-incidents.sql)"
done
# The ceiling again, after the questions (one 10 s sample varies by ±20 % on this machine): the
# table shows both, and the higher is the ceiling the shares below are taken of.
health_after=$(gw 16 /health "")
ceiling=$(awk -v a="$health" -v b="$health_after" 'BEGIN { print (a > b ? a : b) }')
rows=("$(printf '| GET /health (HTTP ceiling), before / after the questions | 16 | req/s | %s / %s | - | - | - |' \
  "$(fmt "$health")" "$(fmt "$health_after")")" "${rows[@]}")

# ==== position ingest (issue 12, ingest increment; this block is self-contained) ================
# GridWatch: wrk (bench/http/positions.lua) POSTs batches to /api/v1/positions, every position
#   acknowledged only after its commit; figures are acknowledged positions/s. GridWatch runs with
#   its position journal (store.journal.dir in the run's directory, max-behind $journal_max): a batch
#   is committed when it is in the journal, forced to the disk; PostGIS is written behind. One more
#   run without the journal (acknowledged after PostgreSQL's commit) shows the difference. After each
#   run the harness waits until the store has caught up (gridwatch_journal_behind = 0) and measures
#   how fast it did (rows written behind per second: the sustained rate into PostGIS). The bench gets
#   $ingest_units units of its own (copies of the demo units' home areas, inserted before a
#   restart), so that each wrk thread owns its units and every fix passes the ingest stages
#   (positions.lua says how). After each run the harness checks that what was acknowledged was
#   stored: tracks rows added >= positions acknowledged, the difference at most what was in flight
#   when wrk stopped, and no position rejected.
# PostGIS: COPY tracks FROM STDIN (psql \copy from a file: PostgreSQL's fastest ingest) of as many
#   rows as GridWatch's largest run stored, into the same partitioned table with the same indexes,
#   one stream and two in parallel; durable (synchronous_commit on).
# Redis: GEOADD pipelined (redis-benchmark -P 100), one position per GEOADD, first as configured
#   above (no persistence), then with appendonly yes + appendfsync always (durable per write).
if [ "$only" != ogc ]; then
ingest_units=50000
ingest_runs=("1000 json" "5000 json" "5000 columnar")
journal_max=5000000
echo "position ingest: $ingest_units bench units, restarting GridWatch with its position journal ..." >&2
stop
export GRIDWATCH_STORE_JOURNAL_DIR=$work/journal GRIDWATCH_STORE_JOURNAL_MAX_BEHIND=$journal_max \
  GRIDWATCH_HTTP_METRICS_PUBLIC=true
sql -c "INSERT INTO units (id, call_sign, kind, agency, home_county_code, home_township_code, demo, status)
        SELECT 'BENCH' || lpad(g::text, 6, '0'), 'bench ' || g, 'police_car', t.agency, t.home_county_code,
               t.home_township_code, false, 'available'
        FROM generate_series(1, $ingest_units) g
        JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS cnt, * FROM units) t
          ON t.n = g % t.cnt" -c "ANALYZE units"
sql -c "SELECT id FROM units WHERE id LIKE 'BENCH%' ORDER BY id" > "$work/ingest-units.txt"
start serve
tracks_rows() { sql -c "SELECT count(*) FROM tracks"; }
behind() { curl -sf "http://127.0.0.1:$port/metrics" | awk '$1 == "gridwatch_journal_behind" {printf "%d", $2}'; }
settled_rows() { # the tracks count once the commits in flight when wrk stopped are in, and the
  # journal's backlog is in the store; writes to $work/behind_rate how fast that went (positions/s)
  local a b n0 t0 t1
  n0=$(behind); t0=$(date +%s.%N)
  if [ -n "$n0" ]; then
    while [ "$(behind)" != 0 ]; do sleep 0.5; done
  fi
  t1=$(date +%s.%N)
  awk -v n="${n0:-0}" -v a="$t0" -v b="$t1" 'BEGIN { if (n > 0) printf "%.1f", n / (b - a); else print 0 }' \
    > "$work/behind_rate"
  a=$(tracks_rows)
  while sleep 0.5; b=$(tracks_rows); [ "$a" != "$b" ]; do a=$b; done
  echo "$b"
}
gw_ingest() { # $1 = conns, $2 = batch, $3 = format -> acknowledged positions/s (checked against the store)
  local out ok bad acc rej t t0 before after in_flight
  before=$(settled_rows)
  # Later than every stored fix of the bench units (once the last run's commits are in), at most
  # 2 min in the past; a multiple of 10 ms.
  t0=$(sql -c "SELECT (greatest(extract(epoch from now()) * 1000 - 120000,
                 coalesce(extract(epoch from max(last_time)) * 1000 + 1000, 0))::bigint / 10 * 10)
               FROM units WHERE id LIKE 'BENCH%'")
  out=$(WRK_UNITS=$work/ingest-units.txt WRK_T0=$t0 WRK_BATCH=$2 WRK_FORMAT=$3 WRK_THREADS=$(threads "$1") \
    wrk -t"$(threads "$1")" -c"$1" -d"${secs}s" --timeout 30s -s "$root/bench/http/positions.lua" \
    "http://127.0.0.1:$port" 2>&1)
  after=$(settled_rows)
  settled_behind_rate=$(cat "$work/behind_rate")
  ok=$(echo "$out" | awk '$1 == "answered" {print $2}')
  bad=$(echo "$out" | awk '$1 == "refused" {print $2}')
  acc=$(echo "$out" | awk '$1 == "accepted" {print $2}')
  rej=$(echo "$out" | awk '$1 == "rejected" {print $2}')
  t=$(echo "$out" | awk '$1 == "seconds" {print $2}')
  in_flight=$(( $1 * $2 ))
  [ -z "$acc" ] && { echo "  ingest $3 x$2 at $1: wrk failed: $(echo "$out" | tail -3)" >> "$work/warnings"; echo 0; return; }
  [ "${bad:-0}" -gt 0 ] && echo "  ingest $3 x$2 at $1 connections: $bad answers other than 200" >> "$work/warnings"
  [ "${rej:-0}" -gt 0 ] && echo "  ingest $3 x$2 at $1 connections: $rej positions rejected by the ingest stages" >> "$work/warnings"
  if [ $((after - before)) -lt "$acc" ] || [ $((after - before - acc)) -gt "$in_flight" ]; then
    echo "  ingest $3 x$2 at $1 connections: $acc positions acknowledged but $((after - before)) rows stored" >> "$work/warnings"
  fi
  echo "  ingest $3 x$2 at $1: $ok answers, $acc acknowledged, $((after - before)) stored; the store caught up at ${settled_behind_rate} positions/s" >> "$work/ingest.log"
  echo "$((after - before)) $settled_behind_rate" >> "$work/ingest.tsv" # (gw_ingest runs in a subshell)
  awk -v n="$acc" -v t="${t:-0}" 'BEGIN { if (t > 0) printf "%.1f", n / t; else print 0 }'
}
echo "warming up ingest ..." >&2
secs_saved=$secs; secs=3; gw_ingest 4 1000 json >/dev/null; gw_ingest 4 5000 columnar >/dev/null; secs=$secs_saved
rm -f "$work/ingest.log" "$work/ingest.tsv"
echo "measuring ingest ..." >&2
declare -A ingest_gw
ingest_best=0
for r in "${ingest_runs[@]}"; do
  read -r b f <<< "$r"
  for c in $concs; do
    ingest_gw["$b $f $c"]=$(gw_ingest "$c" "$b" "$f")
    ingest_best=$(awk -v a="${ingest_gw["$b $f $c"]}" -v b="$ingest_best" 'BEGIN { print (a > b ? a : b) }')
  done
done
# The most rows one run stored, and the fastest catch-up of the store behind the journal.
ingest_max_rows=$(awk '$1 > m { m = $1 } END { print m + 0 }' "$work/ingest.tsv")
store_rate=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$work/ingest.tsv")
# For comparison: without the journal (acknowledged after PostgreSQL's own commit), one setting.
echo "ingest without the journal ..." >&2
stop
unset GRIDWATCH_STORE_JOURNAL_DIR
start serve
nojournal=$(gw_ingest 16 5000 json)
# PostGIS COPY of as many rows (new times, the bench units' places), timed by the client.
copy_rows=$(( ingest_max_rows > 100000 ? ingest_max_rows : 100000 ))
sql -c "\copy (SELECT 'BENCH' || lpad((1 + g % $ingest_units)::text, 6, '0'), now() + g * interval '1 microsecond',
               117.4 + (g % 1000) * 0.0011, 37.0 + (g % 997) * 0.0012, 3.5, NULL, NULL
               FROM generate_series(1, $copy_rows) g) TO '$work/copy.tsv'"
split -n l/2 -d "$work/copy.tsv" "$work/copy.part."
copy_rate() { # files... -> rows/s of COPY FROM STDIN, one psql session per file, in parallel
  local t0 t1 f pids=()
  t0=$(date +%s.%N)
  for f in "$@"; do
    sql -c "\copy tracks (unit_id, time, lon, lat, speed, heading, accuracy) FROM '$f'" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s.%N)
  awk -v n="$copy_rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }'
}
copy1=$(copy_rate "$work/copy.tsv")
copy2=$(copy_rate "$work/copy.part.00" "$work/copy.part.01")
rm -f "$work"/copy.*
geoadd() { # $1 = clients -> GEOADD/s pipelined 100 deep; a short probe sizes the run to about $secs seconds
  local args=(-h 127.0.0.1 -p "$redis_port" -c "$1" -P 100 -r 1000000 --csv
              GEOADD positions:bench 117.__rand_int__ 37.__rand_int__ u__rand_int__)
  local probe n
  probe=$(redis-benchmark -n 20000 "${args[@]}" 2>/dev/null | tail -1 | awk -F'"' '{print $4}')
  n=$(awk -v r="${probe:-10000}" -v s="$secs" 'BEGIN { n = int(r * s); print (n < 20000 ? 20000 : n) }')
  redis-benchmark -n "$n" "${args[@]}" 2>/dev/null | tail -1 | awk -F'"' '{print $4}'
}
declare -A geo_mem geo_fsync
for c in $concs; do geo_mem[$c]=$(geoadd "$c"); done
redis-cli -p "$redis_port" CONFIG SET appendonly yes > /dev/null
redis-cli -p "$redis_port" CONFIG SET appendfsync always > /dev/null
for _ in $(seq 1 40); do # the AOF rewrite that CONFIG SET appendonly starts
  [ "$(redis-cli -p "$redis_port" INFO persistence | tr -d '\r' | awk -F: '$1 == "aof_rewrite_in_progress" {print $2}')" = 0 ] && break
  sleep 0.25
done
for c in $concs; do geo_fsync[$c]=$(geoadd "$c"); done
for r in "${ingest_runs[@]}"; do
  read -r b f <<< "$r"
  for c in $concs; do
    row "position ingest, batches of $(printf "%'d" "$b") ($f), acknowledged after the journal's commit" "$c" "positions/s" \
      "${ingest_gw["$b $f $c"]}" "PostGIS COPY tracks FROM STDIN, 1 stream" "$copy1"
  done
done
row "position ingest, best GridWatch figure above" "-" "positions/s" "$ingest_best" \
  "PostGIS COPY tracks FROM STDIN, 2 parallel streams" "$copy2"
row "position ingest without the journal, batches of 5,000 (json), acknowledged after PostgreSQL's commit" 16 \
  "positions/s" "$nojournal" "PostGIS COPY tracks FROM STDIN, 1 stream" "$copy1"
row "sustained: PostGIS written behind the journal (fastest catch-up after a run)" "-" "positions/s" "$store_rate" \
  "PostGIS COPY tracks FROM STDIN, 1 stream" "$copy1"
for c in $concs; do
  row "position ingest, best GridWatch figure above" "$c" "positions/s" "$ingest_best" \
    "Redis GEOADD pipelined (-P 100), no persistence" "${geo_mem[$c]}"
  row "position ingest, best GridWatch figure above" "$c" "positions/s" "$ingest_best" \
    "Redis GEOADD pipelined (-P 100), appendfsync always" "${geo_fsync[$c]}"
done
fi
# ==== end of position ingest ====================================================================
load=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ---------------------------------------------------------------------------------
pg_version=$(sql -c "SHOW server_version" | cut -d' ' -f1)
postgis_version=$(sql -c "SELECT postgis_lib_version()")
echo
echo "GridWatch side by side with PostGIS and Redis (bench/peers.sh)"
echo
echo "- date: $(date -u +%FT%TZ); load average after the runs: $load"
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB; clients and servers share the cores"
echo "- versions: $(java -version 2>&1 | head -1); GridWatch $(git -C "$root" rev-parse --short HEAD 2>/dev/null); PostgreSQL $pg_version; PostGIS $postgis_version; $(redis-server --version | awk '{print $1, $2, $3}'); $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}'); pgbench $("$pgbin/pgbench" --version | awk '{print $3}')"
echo "- data: $grids grids, $incidents incidents, $available available units with a position ($in_redis in Redis); GridWatch's store is the same PostGIS database"
echo "- GridWatch: api.queries.per-client and queue = $((2 * max_conc)) (one bench key stands for many clients); figures count 200 and 404 (outside the city) answers only"
echo "- load: $secs s per run; concurrency = wrk connections (threads ≤ 2) / pgbench clients (-M prepared, -j ≤ 2) / redis-benchmark clients; uniform random points over 117.3..118.6 E, 36.9..38.3 N"
echo "- ratio = GridWatch / peer (above 1: GridWatch answers more per second)"
echo
echo "| question | concurrency | unit | GridWatch | peer | peer figure | ratio |"
echo "|---|---:|---|---:|---|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
share() { awk -v a="$1" -v c="$ceiling" 'BEGIN { if (c > 0) printf "%.0f %%", 100 * a / c; else print "-" }'; }
[ "$only" = ogc ] || echo "Share of the HTTP ceiling (the higher /health sample, $(fmt "$ceiling") req/s), best concurrency:" \
  "point → grid $(share "$best_lookup"); 5 nearest $(share "$best_nearest");" \
  "5 nearest at incident locations $(share "$best_nearest_inc")"
[ -s "$work/ingest.log" ] && { echo; echo "ingest runs (acknowledged vs stored):"; cat "$work/ingest.log"; }
[ -s "$work/warnings" ] && { echo; echo "warnings:"; cat "$work/warnings"; }
exit 0

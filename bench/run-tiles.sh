#!/usr/bin/env bash
# Vector tiles over HTTP: GET /tiles/grids/{z}/{x}/{y}.mvt for every z10 and every z12 tile of the demo
# city's grids (the tiles of TileEncodeBenchmark), in order, with wrk: once from the tile cache (the
# default tiles.cache-bytes: every tile encoded once, then answered from memory) and once with the
# cache off (tiles.cache-bytes 0: every request encodes its tile on a worker). gzip is asked for, as
# browsers do. Needs wrk (apt-get install wrk) and a built jar (mvn -B -ntp -DskipTests package).
# Usage: [GRIDWATCH_JAR=path] bench/run-tiles.sh [seconds per run, default 15] [connections, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
conns=${2:-8}
jar=${GRIDWATCH_JAR:-target/gridwatch.jar}  # GRIDWATCH_JAR: another build, e.g. one of an earlier commit to compare
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: mvn -B -ntp -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

token=$(GRIDWATCH_STORE_PATH="$work/gridwatch.gpkg" java -jar "$jar" apikey add bench --role screen --jurisdiction 371600 2>/dev/null)
export WRK_TOKEN=$token

# The tiles of zoom z over the grids' envelope that hold a grid (as TileEncodeBenchmark.tiles).
python3 - "$work" <<'PY'
import json, math, sys
work = sys.argv[1]
fc = json.load(open("gis-data/binzhou/grids.geojson", encoding="utf-8"))
def coords(g):
    c = g["coordinates"]
    if g["type"] == "Polygon":
        c = [c]
    for poly in c:
        for ring in poly:
            for p in ring:
                yield p
boxes = []
for f in fc["features"]:
    xs, ys = zip(*coords(f["geometry"]))
    boxes.append((min(xs), min(ys), max(xs), max(ys)))
def tx(lon, z): return (lon + 180) / 360 * 2 ** z
def ty(lat, z):
    s = math.sin(math.radians(lat))
    return (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * 2 ** z
for z in (10, 12):
    tiles = set()
    for x0, y0, x1, y1 in boxes:
        for x in range(int(tx(x0, z)), int(tx(x1, z)) + 1):
            for y in range(int(ty(y1, z)), int(ty(y0, z)) + 1):
                tiles.add((x, y))
    with open(f"{work}/z{z}.txt", "w") as out:
        for x, y in sorted(tiles):
            out.write(f"{z}/{x}/{y}\n")
    print(f"z{z}: {len(tiles)} tiles", file=sys.stderr)
PY

# shellcheck source=bench/serve.sh
. bench/serve.sh
start() { GRIDWATCH_TILES_CACHE_BYTES=$1 start_jar; }  # $1 = tiles.cache-bytes
stop() { stop_jar; }

measure() { # $1 = label, $2 = zoom
  local out rps avg p99
  out=$(WRK_TILES="$work/z$2.txt" WRK_TILESET=grids wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/http/tiles.lua \
    "http://127.0.0.1:$port" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  avg=$(echo "$out" | awk '$1 == "Latency" {print $2; exit}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  printf '%-12s z%-3s %10s req/s   mean %8s   p99 %8s\n' "$1" "$2" "$rps" "$avg" "$p99"
}

echo "$(date -u +%FT%TZ)  $(nproc) cores  wrk -t2 -c$conns -d${secs}s"
for cache in 67108864 0; do
  start "$cache"
  label=$([ "$cache" = 0 ] && echo "no cache" || echo "cached")
  for z in 10 12; do
    # warm-up: one pass over the tiles (fills the cache; the JIT)
    WRK_TILES="$work/z$z.txt" WRK_TILESET=grids wrk -t1 -c1 -d5s -s bench/http/tiles.lua "http://127.0.0.1:$port" > /dev/null 2>&1
    measure "$label" "$z"
  done
  stop
done

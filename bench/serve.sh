# Sourced by the HTTP harnesses: starts and stops the jar on a fresh port with the store in $work.
# Needs $jar and $work; sets $pid and $port. Extra settings as environment variables before the call:
#   GRIDWATCH_HTTP_INSTANCES=1 start_jar

# Starts `java -jar $jar serve` (store $work/gridwatch.gpkg, any free port) and waits until it is ready.
start_jar() {
  GRIDWATCH_HTTP_PORT=0 GRIDWATCH_DEVICES_JT808_PORT=0 GRIDWATCH_STORE_PATH="$work/gridwatch.gpkg" \
    java -Xmx2g -jar "$jar" serve > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    port=$(grep -o 'HTTP server listening on http://[0-9.]*:[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "server did not start:" >&2; tail -20 "$work/server.log" >&2; exit 1
}

stop_jar() { kill "$pid"; wait "$pid" 2>/dev/null || true; }

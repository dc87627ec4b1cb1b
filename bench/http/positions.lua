-- wrk script of bench/peers.sh, position ingest: POST /api/v1/positions with batches of
-- WRK_BATCH positions, every one of which the ingest stages accept.
--
--   WRK_UNITS   file of unit ids, one a line (the bench units, each with a home point below)
--   WRK_T0      epoch milliseconds of the first fix: later than every stored fix of these units
--   WRK_BATCH   positions per request (default 1000)
--   WRK_FORMAT  json (an array of objects, default), ndjson, or columnar
--               (application/vnd.gridwatch.positions+json)
--   WRK_TOKEN   bearer key
--
-- Why every fix is accepted: each wrk thread owns its own units (index mod threads), so no two
-- threads ever report for one unit; a request reports for the next WRK_BATCH / p units of the
-- thread's ring, p fixes each (p = ceil(batch / 1000)), at times t0 + 10 n + j ms (request n of
-- the thread, j < p): per unit, times only grow, and two requests that name the same unit are a
-- whole ring apart, far more requests than a thread has in flight, so they cannot overtake each
-- other. Each unit stays within 30 m of its home point, the same in every run (the jump filter
-- allows 200 m whatever the time between fixes). The bodies are built per request from pieces made in init, so the Lua side
-- only concatenates.
--
-- At the end it prints "answered N" (200 answers), "refused N" (other statuses), "accepted N"
-- and "rejected N" (positions, from the 200 answers) and "seconds S".
local batch = tonumber(os.getenv("WRK_BATCH") or "1000")
local format = os.getenv("WRK_FORMAT") or "json"
local t0 = tonumber(os.getenv("WRK_T0") or "0")
local threads = {}
refused = 0
accepted = 0
rejected = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local nthreads = 1
local ring = {}      -- per unit of this thread: the piece before the time
local per = 1        -- fixes per unit in one request
local units = 0      -- distinct units in one request
local parts = {}
local n = 0
local at = 0         -- next unit of the ring

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
  wrk.headers["Content-Type"] = format == "columnar" and "application/vnd.gridwatch.positions+json"
    or format == "ndjson" and "application/x-ndjson" or "application/json"
  math.randomseed(371600 + (id or 0))
  local me = (id or 1) - 1
  local k = 0
  nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  for line in io.lines(os.getenv("WRK_UNITS")) do
    if k % nthreads == me then
      -- A unit's home depends on its line only (golden-ratio sequences), not on which thread
      -- owns it in this run: runs with other thread counts find every unit where it was.
      local lon = 117.4 + ((k * 0.6180339887) % 1) * 1.1
      local lat = 37.0 + ((k * 0.7548776662) % 1) * 1.2
      table.insert(ring, { unit = line, lon = lon, lat = lat })
    end
    k = k + 1
  end
  per = math.ceil(batch / 1000)
  units = math.floor(batch / per)
  -- Two requests naming one unit must be more requests apart than a thread has in flight.
  assert(#ring >= units * 20, "positions.lua: " .. #ring .. " units per thread are too few for batches of " .. batch)
  for _, u in ipairs(ring) do
    local fixes = {}
    for j = 0, per - 1 do -- about 30 m of jitter around home (1e-4 degree is about 10 m)
      fixes[j] = { lon = string.format("%.6f", u.lon + (math.random() - 0.5) * 3e-4),
                   lat = string.format("%.6f", u.lat + (math.random() - 0.5) * 3e-4) }
    end
    u.fixes = fixes
    if format ~= "columnar" then
      for j = 0, per - 1 do
        fixes[j].piece = string.format('{"unit":"%s","lon":%s,"lat":%s,"speed":3.5,"time":',
          u.unit, fixes[j].lon, fixes[j].lat)
      end
    end
  end
end

function response(status, headers, body)
  if status ~= 200 then
    refused = refused + 1
    return
  end
  accepted = accepted + tonumber(body:match('"accepted":(%d+)') or "0")
  local list = body:match('"rejected":%[(.*)%]')
  if list and #list > 0 then
    local _, c = list:gsub('"index"', "")
    rejected = rejected + c
  end
end

function done(summary, latency, requests)
  local bad, ok, no = 0, 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("refused")
    ok = ok + t:get("accepted")
    no = no + t:get("rejected")
  end
  io.write(string.format("answered %d\nrefused %d\naccepted %d\nrejected %d\nseconds %.3f\n",
    summary.requests - bad, bad, ok, no, summary.duration / 1e6))
end

function request()
  -- Times as epoch milliseconds: the request's tens of ms, then the fix's digit j.
  local tens = string.format("%d", (t0 + 10 * n) / 10)
  n = n + 1
  local m = 0
  if format == "columnar" then
    local us, lons, lats, ts = {}, {}, {}, {}
    for i = 1, units do
      local u = ring[at + 1]
      at = (at + 1) % #ring
      for j = 0, per - 1 do
        m = m + 1
        us[m] = u.unit
        lons[m] = u.fixes[j].lon
        lats[m] = u.fixes[j].lat
        ts[m] = tens .. j
      end
    end
    local body = '{"unit":["' .. table.concat(us, '","') .. '"],"lon":[' .. table.concat(lons, ",")
      .. '],"lat":[' .. table.concat(lats, ",") .. '],"time":[' .. table.concat(ts, ",") .. ']}'
    return wrk.format("POST", "/api/v1/positions", nil, body)
  end
  local close = format == "ndjson" and "}\n" or "},"
  for i = 1, units do
    local u = ring[at + 1]
    at = (at + 1) % #ring
    for j = 0, per - 1 do
      parts[m + 1] = u.fixes[j].piece
      parts[m + 2] = tens
      parts[m + 3] = j
      parts[m + 4] = close
      m = m + 4
    end
  end
  for k = m + 1, #parts do
    parts[k] = nil
  end
  local body = table.concat(parts)
  if format ~= "ndjson" then
    body = "[" .. body:sub(1, -2) .. "]"
  end
  return wrk.format("POST", "/api/v1/positions", nil, body)
end

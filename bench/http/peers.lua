-- wrk script of bench/peers.sh: uniform pseudo-random points over the demo city's bounding box
-- (117.3..118.6 E, 36.9..38.3 N), the same sequence in every run (fixed seed per wrk thread).
--   GET  <WRK_PATH>?lon=..&lat=..<WRK_QUERY>           (WRK_BATCH unset or 0)
--   POST <WRK_PATH> {"shape":"codes","points":[[lon,lat],...]}   (WRK_BATCH = points per request; the compact
--                                                                answer: grid codes, as PostGIS returns)
-- With WRK_POINTS (a file of "lon lat" lines, e.g. incident locations) the points are drawn from it
-- instead (GET only). The bearer key comes from WRK_TOKEN. At the end it prints "answered N" and "refused N": answers
-- other than 200 and 404 (404 = the point is outside the city, a correct answer) are refused ones.
local path = os.getenv("WRK_PATH") or "/api/v1/lookup"
local extra = os.getenv("WRK_QUERY") or ""
local batch = tonumber(os.getenv("WRK_BATCH") or "0")
-- WRK_BOX (degrees): GET <WRK_PATH>?bbox=lon-b,lat-b,lon+b,lat+b<WRK_QUERY> around each point instead (OGC API items).
-- WRK_BOX = -1: GET <WRK_PATH>?<WRK_QUERY without its leading &>, no point (questions of the whole city).
local box = tonumber(os.getenv("WRK_BOX") or "0")
local requests = {}
local threads = {}
refused = 0
first_refusal = ""

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 404 then
    refused = refused + 1
    if first_refusal == "" then
      first_refusal = status .. " " .. string.sub(body or "", 1, 200):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local why = ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("refused")
    if why == "" then
      why = t:get("first_refusal")
    end
  end
  io.write(string.format("answered %d\nrefused %d\nseconds %.3f\n", summary.requests - bad, bad,
    summary.duration / 1e6))
  if bad > 0 then
    io.write("first refusal ", why, "\n")
  end
end

local sample = {}
local function point()
  if #sample > 0 then
    local p = sample[math.random(#sample)]
    return p[1], p[2]
  end
  return 117.3 + math.random() * 1.3, 36.9 + math.random() * 1.4
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
  math.randomseed(371600 + (id or 0))
  local file = os.getenv("WRK_POINTS")
  if file and file ~= "" then
    for line in io.lines(file) do
      local lon, lat = line:match("^(%S+)%s+(%S+)")
      if lon then
        sample[#sample + 1] = {tonumber(lon), tonumber(lat)}
      end
    end
  end
  if batch > 0 then
    wrk.headers["Content-Type"] = "application/json"
    for r = 1, 4 do
      local parts = {}
      for i = 1, batch do
        local lon, lat = point()
        parts[i] = string.format("[%.6f,%.6f]", lon, lat)
      end
      requests[r] = wrk.format("POST", path, nil, '{"shape":"codes","points":[' .. table.concat(parts, ",") .. ']}')
    end
  else
    for r = 1, 4096 do
      local lon, lat = point()
      if box < 0 then
        requests[r] = wrk.format("GET", path .. "?" .. extra:gsub("^&", ""))
      elseif box > 0 then
        requests[r] = wrk.format("GET", string.format("%s?bbox=%.6f,%.6f,%.6f,%.6f%s", path, lon - box, lat - box,
          lon + box, lat + box, extra))
      else
        requests[r] = wrk.format("GET", string.format("%s?lon=%.6f&lat=%.6f%s", path, lon, lat, extra))
      end
    end
  end
end

local i = 0
function request()
  i = i % #requests + 1
  return requests[i]
end

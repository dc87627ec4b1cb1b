-- wrk script: GET <path>?lon=..&lat=..[&extra] at pseudo-random points inside the demo city's
-- bounding box (117.3..118.6 E, 36.9..38.3 N), the same sequence in every run (fixed seed).
-- Set the path and extra query with environment variables WRK_PATH and WRK_QUERY, the bearer key with WRK_TOKEN.
local path = os.getenv("WRK_PATH") or "/api/v1/lookup"
local extra = os.getenv("WRK_QUERY") or ""
local n = 4096
local urls = {}

function init(args)
  -- Every request is authenticated (run-http.sh makes the key).
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
  math.randomseed(371600 + (tonumber(os.getenv("WRK_THREAD") or "0")))
  for i = 1, n do
    local lon = 117.6 + math.random() * 0.9
    local lat = 37.0 + math.random() * 1.1
    urls[i] = string.format("%s?lon=%.6f&lat=%.6f%s", path, lon, lat, extra)
  end
end

local i = 0
function request()
  i = i % n + 1
  return wrk.format("GET", urls[i])
end

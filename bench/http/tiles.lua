-- wrk script: GET /tiles/<WRK_TILESET>/<z>/<x>/<y>.mvt over the tiles listed (one z/x/y a line) in the
-- file WRK_TILES, in order, round and round; the bearer key in WRK_TOKEN. Made by bench/run-tiles.sh.
local tiles = {}

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
  wrk.headers["Accept-Encoding"] = "gzip"
  local set = os.getenv("WRK_TILESET") or "grids"
  for line in io.lines(os.getenv("WRK_TILES")) do
    tiles[#tiles + 1] = "/tiles/" .. set .. "/" .. line .. ".mvt"
  end
end

local i = 0
function request()
  i = i % #tiles + 1
  return wrk.format("GET", tiles[i])
end

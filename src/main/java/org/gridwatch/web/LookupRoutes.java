package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.GridLocation;
import org.gridwatch.area.Scope;
import org.gridwatch.codec.AreaJson;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.geo.LonLat;

/**
 * {@code GET /api/v1/lookup} (one point → its grid and enclosing areas) and
 * {@code POST /api/v1/lookup} (a batch of points → grid codes). Thread-safe.
 */
final class LookupRoutes {
    private final GridIndex grids;
    private final int maxBatch;
    /** Per grid code, the grid's answer without its closing brace; at most one entry per grid. */
    private final Map<String, Encoded> encoded = new ConcurrentHashMap<>();

    /** A grid's encoded answer, valid while the grid is this very object. */
    private record Encoded(AdminArea grid, byte[] open) {
    }

    LookupRoutes(GridIndex grids, int maxBatch) {
        this.grids = grids;
        this.maxBatch = maxBatch;
    }

    /** {@code ?lon=&lat=[&crs=]}: 200 with the location, 404 when the point is in no grid of the scope. */
    void get(RoutingContext ctx) {
        Crs crs = Params.crs("crs", Params.string(ctx, "crs"));
        double lon = Params.lon("lon", Params.number("lon", Params.requiredString(ctx, "lon")));
        double lat = Params.lat("lat", Params.number("lat", Params.requiredString(ctx, "lat")));
        LonLat wgs = crs.toWgs84(lon, lat);
        Scope scope = Scopes.of(ctx);
        GridLocation loc = grids.locate(wgs.lon(), wgs.lat())
                .filter(l -> scope.includes(l.grid().code()))
                .orElseThrow(() -> Problem.notFound("no grid at lon=" + lon + ", lat=" + lat + " (" + crs.id()
                        + "): the point is outside the city" + (scope.isCity() ? "" : " or your scope")));
        // The grid's part of the answer is encoded once per grid; the point's own part is appended.
        Buffer body = Buffer.buffer(1024).appendBytes(encodedLocation(loc))
                .appendString(",\"location\":{\"lon\":").appendString(Double.toString(GeoJson.round(wgs.lon())))
                .appendString(",\"lat\":").appendString(Double.toString(GeoJson.round(wgs.lat())))
                .appendString(",\"crs\":\"wgs84\"}}");
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON).end(body);
    }

    /** {@code AreaJson.location(loc)} encoded, without its closing brace. */
    private byte[] encodedLocation(GridLocation loc) {
        Encoded e = encoded.get(loc.grid().code());
        if (e == null || e.grid() != loc.grid()) {
            // First lookup in this grid, or the areas were imported again since (new objects).
            Buffer full = AreaJson.location(loc).toBuffer();
            e = new Encoded(loc.grid(), full.getBytes(0, full.length() - 1));
            encoded.put(loc.grid().code(), e);
        }
        return e.open();
    }

    /**
     * Body {@code {"crs":"wgs84","points":[[lon,lat],...]}} (at most {@code api.max-batch} points).
     * 200 {@code {"results":[{"grid":..,"village":..,"township":..,"county":..} | null, ...]}} in
     * input order, null where a point is in no grid of the scope.
     */
    void post(RoutingContext ctx) {
        JsonObject body = Params.bodyObject(ctx);
        Crs crs = Params.crs("crs", Params.str(body, "crs", false, 16));
        Object pv = body.getValue("points");
        if (!(pv instanceof JsonArray points)) {
            throw Problem.badField("points", pv == null ? "is required" : "must be an array of [lon, lat]");
        }
        if (points.size() > maxBatch) {
            throw Problem.badField("points", "has " + points.size() + " points; at most " + maxBatch + " per request");
        }
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            String f = "points[" + i + "]";
            if (!(points.getValue(i) instanceof JsonArray p) || p.size() < 2
                    || !(p.getValue(0) instanceof Number x) || !(p.getValue(1) instanceof Number y)) {
                throw Problem.badField(f, "must be [lon, lat] with two numbers");
            }
            xy[2 * i] = Params.lon(f, x.doubleValue());
            xy[2 * i + 1] = Params.lat(f, y.doubleValue());
        }
        Scope scope = Scopes.of(ctx);
        JsonArray results = new JsonArray();
        int found = 0;
        for (int i = 0; i < points.size(); i++) {
            LonLat wgs = crs.toWgs84(xy[2 * i], xy[2 * i + 1]);
            GridLocation loc = grids.locate(wgs.lon(), wgs.lat()).filter(l -> scope.includes(l.grid().code())).orElse(null);
            if (loc == null) {
                results.addNull();
            } else {
                found++;
                results.add(codes(loc));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("count", points.size()).put("found", found).put("results", results));
    }

    private static JsonObject codes(GridLocation l) {
        return new JsonObject().put("grid", l.grid().code()).put("gridName", l.grid().name())
                .put("village", l.village().code()).put("township", l.township().code())
                .put("county", l.county().code());
    }

}

package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
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
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private final GridIndex grids;
    private final int maxBatch;
    /** Per grid code, the grid's encoded answers; at most one entry per grid. */
    private final Map<String, Encoded> encoded = new ConcurrentHashMap<>();

    /**
     * A grid's parts of the answers, UTF-8 JSON, valid while the grid is this very object.
     *
     * @param open  {@code AreaJson.location} without its closing brace (one point's answer)
     * @param codes the batch's object of codes and grid name
     * @param code  the grid code as a JSON string (the batch's compact shape)
     */
    private record Encoded(AdminArea grid, byte[] open, byte[] codes, byte[] code) {
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
        GridLocation loc = grids.locate(wgs.lon(), wgs.lat()).filter(l -> scope.includes(l.grid().code())).orElse(null);
        if (loc == null) {
            // Sent, not thrown: a point outside the city is a common answer, not a failure to route.
            Problem.notFound("no grid at lon=" + lon + ", lat=" + lat + " (" + crs.id() + "): the point is outside the city"
                    + (scope.isCity() ? "" : " or your scope")).send(ctx);
            return;
        }
        // The grid's part of the answer is encoded once per grid; the point's own part is appended.
        Buffer body = Buffer.buffer(1024).appendBytes(encoded(loc).open())
                .appendString(",\"location\":{\"lon\":").appendString(Double.toString(GeoJson.round(wgs.lon())))
                .appendString(",\"lat\":").appendString(Double.toString(GeoJson.round(wgs.lat())))
                .appendString(",\"crs\":\"wgs84\"}}");
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON).end(body);
    }

    /**
     * Body {@code {"crs":"wgs84","points":[[lon,lat],...],"shape":"objects"|"codes"}} (at most
     * {@code api.max-batch} points). 200 {@code {"count":n,"found":f,"results":[{"grid":..,"gridName":..,
     * "village":..,"township":..,"county":..} | null, ...]}} in input order, null where a point is in
     * no grid of the scope; with {@code "shape":"codes"} the compact {@code "codes":["371602004205001" |
     * null, ...]} instead of {@code results} (a grid code starts with its village's, township's and
     * county's codes: 12, 9 and 6 digits). Each grid's part is encoded once and copied.
     */
    void post(RoutingContext ctx) {
        JsonObject body = Params.bodyObject(ctx);
        Crs crs = Params.crs("crs", Params.str(body, "crs", false, 16));
        String shape = Params.str(body, "shape", false, 16);
        boolean codes = "codes".equals(shape);
        if (shape != null && !codes && !shape.equals("objects")) {
            throw Problem.badField("shape", "must be objects or codes, got '" + shape + "'");
        }
        Object pv = body.getValue("points");
        if (!(pv instanceof JsonArray points)) {
            throw Problem.badField("points", pv == null ? "is required" : "must be an array of [lon, lat]");
        }
        if (points.size() > maxBatch) {
            throw Problem.badField("points", "has " + points.size() + " points; at most " + maxBatch + " per request");
        }
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            if (!(points.getValue(i) instanceof JsonArray p) || p.size() < 2
                    || !(p.getValue(0) instanceof Number x) || !(p.getValue(1) instanceof Number y)) {
                throw Problem.badField("points[" + i + "]", "must be [lon, lat] with two numbers");
            }
            xy[2 * i] = x.doubleValue();
            xy[2 * i + 1] = y.doubleValue();
            if (!(xy[2 * i] >= -180 && xy[2 * i] <= 180 && xy[2 * i + 1] >= -90 && xy[2 * i + 1] <= 90)) {
                String f = "points[" + i + "]"; // named only when refused
                Params.lon(f, xy[2 * i]);
                Params.lat(f, xy[2 * i + 1]);
            }
        }
        Scope scope = Scopes.of(ctx);
        Buffer out = Buffer.buffer(64 + points.size() * (codes ? 18 : 160));
        out.appendString(codes ? ",\"codes\":[" : ",\"results\":[");
        int found = 0;
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                out.appendByte((byte) ',');
            }
            LonLat wgs = crs.toWgs84(xy[2 * i], xy[2 * i + 1]);
            GridLocation loc = grids.locate(wgs.lon(), wgs.lat()).filter(l -> scope.includes(l.grid().code())).orElse(null);
            if (loc == null) {
                out.appendBytes(NULL);
            } else {
                found++;
                Encoded e = encoded(loc);
                out.appendBytes(codes ? e.code() : e.codes());
            }
        }
        Buffer head = Buffer.buffer(64).appendString("{\"count\":" + points.size() + ",\"found\":" + found);
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON)
                .end(head.appendBuffer(out).appendString("]}"));
    }

    /** The grid's encoded parts, made on its first lookup (and again after the areas were imported anew). */
    private Encoded encoded(GridLocation loc) {
        Encoded e = encoded.get(loc.grid().code());
        if (e == null || e.grid() != loc.grid()) {
            Buffer full = AreaJson.location(loc).toBuffer();
            JsonObject codes = new JsonObject().put("grid", loc.grid().code()).put("gridName", loc.grid().name())
                    .put("village", loc.village().code()).put("township", loc.township().code())
                    .put("county", loc.county().code());
            e = new Encoded(loc.grid(), full.getBytes(0, full.length() - 1), codes.toBuffer().getBytes(),
                    Json.encode(loc.grid().code()).getBytes(StandardCharsets.UTF_8));
            encoded.put(loc.grid().code(), e);
        }
        return e;
    }
}

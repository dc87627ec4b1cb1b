package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.codec.TimeFormat;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.casework.CaseworkStats;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.AreaCounts;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentIndex;

/**
 * {@code GET /api/v1/stats/incidents?level=&from=&to=&category=}: incident counts per area of a
 * level, every area of the scope listed (zero counts included), with a per-category breakdown and
 * the mean response time (report → first unit on scene) of the incidents that had one. The
 * numbers come from the index's {@link org.gridwatch.incident.IncidentCounts}, maintained on every
 * write, so a query costs the same for a day or a year of incidents. The scope's areas only: a
 * narrower scope gets no city row (it would be labelled with the city and count only the scope), as
 * in coverage and posts/stats. Thread-safe.
 */
final class StatsRoutes {
    private static final Category[] CATEGORIES = Category.values();
    /** {@code "id":} of each category, by ordinal. */
    private static final byte[][] CATEGORY_KEYS = java.util.Arrays.stream(CATEGORIES)
            .map(c -> (Json.encode(c.id()) + ":").getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private final AreaHierarchy areas;
    private final IncidentIndex index;
    /** Per area code, its encoded head; at most one entry per area. */
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    /** An area's encoded head, valid while the area is this very object (a new import makes new ones). */
    private record Head(AdminArea area, byte[] bytes) {
    }

    StatsRoutes(AreaHierarchy areas, IncidentIndex index) {
        this.areas = areas;
        this.index = index;
    }

    void incidents(RoutingContext ctx) {
        String levelText = Params.string(ctx, "level");
        AdminLevel level = levelText == null ? AdminLevel.COUNTY : AdminLevel.parse(levelText).orElseThrow(() ->
                Problem.badField("level", "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
        Instant[] window = Params.timeWindow(ctx);
        Set<Category> categories = Params.enumSet(ctx, "category", Category.class);
        Scope scope = Scopes.of(ctx);
        AreaCounts counts = index.counts().byArea(window[0], window[1], areas, level, scope, categories);
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON)
                .end(encode(level, window, counts, Times.of(ctx)));
    }

    /**
     * {@code GET /api/v1/stats/casework?level=&from=&to=}: the casework figures per area of a level
     * inside the scope and for the whole scope ({@link CaseworkStats}): open, overdue, supervised
     * and transferred cases, finished per handling level and 就地化解率, 110 calls reached within
     * 1/3/5 minutes and the median times to dispatch and to arrive. A worker route: one pass over
     * the window's incidents.
     */
    void casework(RoutingContext ctx) {
        String levelText = Params.string(ctx, "level");
        AdminLevel level = levelText == null ? AdminLevel.COUNTY : AdminLevel.parse(levelText).orElseThrow(() ->
                Problem.badField("level", "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
        Instant[] window = Params.timeWindow(ctx);
        List<CaseworkStats.Row> rows = CaseworkStats.byArea(index, areas, level, Scopes.of(ctx), window[0], window[1]);
        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
        for (CaseworkStats.Row r : rows.subList(0, rows.size() - 1)) {
            out.add(row(r));
        }
        TimeFormat times = Times.of(ctx);
        Responses.json(ctx, 200, new io.vertx.core.json.JsonObject().put("level", level.id())
                .put("from", window[0] == null ? null : times.format(window[0]))
                .put("to", window[1] == null ? null : times.format(window[1]))
                .put("total", row(rows.get(rows.size() - 1))).put("areas", out));
    }

    private static io.vertx.core.json.JsonObject row(CaseworkStats.Row r) {
        io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject().put("code", r.area().code())
                .put("name", r.area().name());
        r.figures().forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                io.vertx.core.json.JsonObject inner = new io.vertx.core.json.JsonObject();
                m.forEach((ik, iv) -> inner.put((String) ik, iv));
                o.put(k, inner);
            } else {
                o.put(k, v);
            }
        });
        return o;
    }

    /**
     * The answer, written straight into a buffer: {@code {"level","from","to","total","areas":[{"code",
     * "name","count","byCategory":{..},"responded","meanResponseSeconds"}, ...]}}, the JSON a
     * {@code JsonObject} of the same members encodes to (StatsRoutesTest holds the two together).
     * Each area's {@code "code"} and {@code "name"} members are encoded once: a grid-level answer
     * is 10,860 rows, 2.7 MB, which building and encoding JSON objects took 15–20 ms to make.
     */
    Buffer encode(AdminLevel level, Instant[] window, AreaCounts counts) {
        return encode(level, window, counts, TimeFormat.UTC);
    }

    /** {@link #encode(AdminLevel, Instant[], AreaCounts)} with the window's times as {@code t} writes them. */
    Buffer encode(AdminLevel level, Instant[] window, AreaCounts counts, TimeFormat t) {
        List<AdminArea> rows = counts.areas();
        Buffer out = Buffer.buffer(128 + rows.size() * 160);
        out.appendString("{\"level\":").appendString(Json.encode(level.id()))
                .appendString(",\"from\":").appendString(window[0] == null ? "null" : Json.encode(t.format(window[0])))
                .appendString(",\"to\":").appendString(window[1] == null ? "null" : Json.encode(t.format(window[1])))
                .appendString(",\"total\":").appendString(Long.toString(counts.total()))
                .appendString(",\"areas\":[");
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.appendByte((byte) ',');
            }
            out.appendBytes(head(rows.get(r))).appendString(Long.toString(counts.count(r)))
                    .appendString(",\"byCategory\":{");
            boolean first = true;
            for (Category c : CATEGORIES) {
                long k = counts.count(r, c);
                if (k != 0) {
                    if (!first) {
                        out.appendByte((byte) ',');
                    }
                    first = false;
                    out.appendBytes(CATEGORY_KEYS[c.ordinal()]).appendString(Long.toString(k));
                }
            }
            long responded = counts.responded(r);
            out.appendString("},\"responded\":").appendString(Long.toString(responded))
                    .appendString(",\"meanResponseSeconds\":").appendString(responded == 0 ? "null"
                            : Long.toString(Math.round((double) counts.responseSeconds(r) / responded)))
                    .appendByte((byte) '}');
        }
        return out.appendString("]}");
    }

    /** {@code {"code":..,"name":..,"count":} of an area, encoded once per area object. */
    private byte[] head(AdminArea a) {
        Head h = heads.get(a.code());
        if (h == null || h.area() != a) {
            h = new Head(a, ("{\"code\":" + Json.encode(a.code()) + ",\"name\":" + Json.encode(a.name()) + ",\"count\":")
                    .getBytes(StandardCharsets.UTF_8));
            heads.put(a.code(), h);
        }
        return h.bytes();
    }
}

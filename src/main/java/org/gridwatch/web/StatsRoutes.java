package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;

/**
 * {@code GET /api/v1/stats/incidents?level=&from=&to=&category=}: incident counts per area of a
 * level, every area of the scope listed (zero counts included), with a per-category breakdown and
 * the mean response time (report → first unit on scene) of the incidents that had one.
 * Thread-safe.
 */
final class StatsRoutes {
    private final AreaHierarchy areas;
    private final IncidentIndex index;

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
        IncidentQuery q = new IncidentQuery(scope, null, null, null, window[0], window[1], categories, null, null, null, 0);
        int prefixLength = level.codeLength();
        Map<String, Map<Category, long[]>> counts = new HashMap<>();
        long[] total = {0};
        // Per area: number of incidents with a unit on scene, and the sum of their response times (s).
        Map<String, long[]> responses = new HashMap<>();
        index.forEach(q, i -> {
            String key = level == AdminLevel.CITY ? areas.city().code() : i.gridCode().substring(0, prefixLength);
            counts.computeIfAbsent(key, k -> new EnumMap<>(Category.class))
                    .computeIfAbsent(i.category(), c -> new long[1])[0]++;
            i.responseTime().ifPresent(d -> {
                long[] r = responses.computeIfAbsent(key, k -> new long[2]);
                r[0]++;
                r[1] += d.toSeconds();
            });
            total[0]++;
        });
        JsonArray rows = new JsonArray();
        for (AdminArea a : areas.level(level)) {
            // The scope's areas only: a narrower scope gets no city row (it would be labelled with the
            // city and count only the scope), as in coverage and posts/stats.
            if (!scope.includes(a.code())) {
                continue;
            }
            Map<Category, long[]> byCat = counts.getOrDefault(a.code(), Map.of());
            JsonObject cats = new JsonObject();
            long n = 0;
            for (Category c : Category.values()) {
                long[] k = byCat.get(c);
                if (k != null) {
                    cats.put(c.id(), k[0]);
                    n += k[0];
                }
            }
            long[] r = responses.get(a.code());
            rows.add(new JsonObject().put("code", a.code()).put("name", a.name()).put("count", n).put("byCategory", cats)
                    .put("responded", r == null ? 0 : r[0])
                    .put("meanResponseSeconds", r == null ? null : Math.round((double) r[1] / r[0])));
        }
        JsonObject body = new JsonObject().put("level", level.id())
                .put("from", window[0] == null ? null : window[0].toString())
                .put("to", window[1] == null ? null : window[1].toString())
                .put("total", total[0]).put("areas", rows);
        Responses.json(ctx, 200, body);
    }
}

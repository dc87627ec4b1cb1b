package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
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
        AreaCounts counts = index.counts().byArea(window[0], window[1], areas, level, scope, categories);
        JsonArray rows = new JsonArray();
        for (int r = 0; r < counts.areas().size(); r++) {
            AdminArea a = counts.areas().get(r);
            JsonObject cats = new JsonObject();
            for (Category c : Category.values()) {
                long k = counts.count(r, c);
                if (k != 0) {
                    cats.put(c.id(), k);
                }
            }
            long responded = counts.responded(r);
            rows.add(new JsonObject().put("code", a.code()).put("name", a.name()).put("count", counts.count(r))
                    .put("byCategory", cats)
                    .put("responded", responded)
                    .put("meanResponseSeconds", responded == 0 ? null
                            : Math.round((double) counts.responseSeconds(r) / responded)));
        }
        JsonObject body = new JsonObject().put("level", level.id())
                .put("from", window[0] == null ? null : window[0].toString())
                .put("to", window[1] == null ? null : window[1].toString())
                .put("total", counts.total()).put("areas", rows);
        Responses.json(ctx, 200, body);
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;

/**
 * {@code GET /api/v1/coverage?level=&window=}: patrol coverage per area — grids visited by an
 * on-duty unit within the last {@code window} minutes (default 30) out of the area's grids — and
 * its patrol dosage (on-duty unit-minutes in its grids over the last 24 h). Only the areas inside the
 * request's scope are listed: level {@code city} gives a narrower scope no row.
 * Thread-safe.
 */
final class CoverageRoutes {
    /** Longest window, minutes (one day). */
    static final int MAX_WINDOW_MINUTES = 24 * 60;

    private final CoverageIndex coverage;
    private final Clock clock;

    CoverageRoutes(CoverageIndex coverage, Clock clock) {
        this.coverage = coverage;
        this.clock = clock;
    }

    /** What {@code GET /api/v1/coverage} asks: the level (county by default) and the window in minutes (30). */
    private record Selection(AdminLevel level, int minutes) {
        static Selection of(RoutingContext ctx) {
            String levelText = Params.string(ctx, "level");
            AdminLevel level = levelText == null ? AdminLevel.COUNTY : AdminLevel.parse(levelText).orElseThrow(() ->
                    Problem.badField("level", "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
            String w = Params.string(ctx, "window");
            return new Selection(level, w == null ? 30 : Params.integer("window", w, 1, MAX_WINDOW_MINUTES));
        }
    }

    /**
     * The rows of the scope's areas only: the city's row counts every county's grids, so a narrower scope
     * does not get it (as in posts/stats, key-places and the live stats).
     */
    private java.util.List<CoverageIndex.Coverage> rows(Selection q, Scope scope, Instant now) {
        return coverage.coverage(q.level(), now, Duration.ofMinutes(q.minutes())).stream()
                .filter(c -> scope.includes(c.area().code())).toList();
    }

    void get(RoutingContext ctx) {
        Selection q = Selection.of(ctx);
        AdminLevel level = q.level();
        int minutes = q.minutes();
        Scope scope = Scopes.of(ctx);
        Instant now = clock.instant();
        JsonArray rows = new JsonArray();
        for (CoverageIndex.Coverage c : rows(q, scope, now)) {
            rows.add(new JsonObject().put("code", c.area().code()).put("name", c.area().name())
                    .put("visited", c.visited()).put("grids", c.grids())
                    .put("rate", Math.round(c.rate() * 10_000) / 10_000.0)
                    .put("dosageMinutes", Math.round(c.dosageMinutes() * 10) / 10.0));
        }
        Responses.json(ctx, 200, new JsonObject().put("level", level.id()).put("windowMinutes", minutes)
                .put("at", Times.of(ctx).format(now)).put("areas", rows));
    }

    /** The schema of the coverage rows: areas without geometry (CSV and XLSX only). */
    private static final java.util.List<org.gridwatch.feature.Property> ROWS = java.util.List.of(
            org.gridwatch.feature.Property.string("code", "代码"), org.gridwatch.feature.Property.string("name", "名称"),
            org.gridwatch.feature.Property.integer("visited", "已巡网格"), org.gridwatch.feature.Property.integer("grids", "网格数"),
            org.gridwatch.feature.Property.number("rate", "覆盖率"),
            org.gridwatch.feature.Property.number("dosageMinutes", "巡防时长(分钟)"));

    /** The export of {@code GET /api/v1/coverage?format=}: the route's rows (its level, its window), without geometry. */
    ExportRoutes.Source export(RoutingContext ctx) {
        Selection q = Selection.of(ctx);
        Scope scope = Scopes.of(ctx);
        org.gridwatch.export.ExportSchema schema = new org.gridwatch.export.ExportSchema("coverage", "巡防覆盖",
                "近" + q.minutes() + "分钟巡防覆盖（" + q.level().label() + "）", ROWS, null, "name");
        return new ExportRoutes.Source("coverage", schema, sink -> {
            for (CoverageIndex.Coverage c : rows(q, scope, clock.instant())) {
                java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
                p.put("code", c.area().code());
                p.put("name", c.area().name());
                p.put("visited", c.visited());
                p.put("grids", c.grids());
                p.put("rate", Math.round(c.rate() * 10_000) / 10_000.0);
                p.put("dosageMinutes", Math.round(c.dosageMinutes() * 10) / 10.0);
                if (!sink.accept(org.gridwatch.feature.Feature.of(c.area().code(), org.gridwatch.geo.Geo.FACTORY.createPoint(), p))) {
                    return;
                }
            }
        });
    }
}

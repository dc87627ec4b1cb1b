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

    void get(RoutingContext ctx) {
        String levelText = Params.string(ctx, "level");
        AdminLevel level = levelText == null ? AdminLevel.COUNTY : AdminLevel.parse(levelText).orElseThrow(() ->
                Problem.badField("level", "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
        String w = Params.string(ctx, "window");
        int minutes = w == null ? 30 : Params.integer("window", w, 1, MAX_WINDOW_MINUTES);
        Scope scope = Scopes.of(ctx);
        Instant now = clock.instant();
        JsonArray rows = new JsonArray();
        for (CoverageIndex.Coverage c : coverage.coverage(level, now, Duration.ofMinutes(minutes))) {
            // Rows of the scope's areas only: the city's row counts every county's grids, so a narrower scope
            // does not get it (as in posts/stats, key-places and the live stats).
            if (!scope.includes(c.area().code())) {
                continue;
            }
            rows.add(new JsonObject().put("code", c.area().code()).put("name", c.area().name())
                    .put("visited", c.visited()).put("grids", c.grids())
                    .put("rate", Math.round(c.rate() * 10_000) / 10_000.0)
                    .put("dosageMinutes", Math.round(c.dosageMinutes() * 10) / 10.0));
        }
        Responses.json(ctx, 200, new JsonObject().put("level", level.id()).put("windowMinutes", minutes)
                .put("at", Times.of(ctx).format(now)).put("areas", rows));
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gridwatch.casework.RapidResponse;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.PositionService;

/**
 * {@code GET /api/v1/rapid-response?minutes=3|5&geometry=true|false}: the 快速反应圈 layer, one
 * Feature per township inside the scope with the part available units reach in that time (H3
 * cells as a (Multi)Polygon, or no geometry when {@code geometry=false} or nothing is reached) and
 * {@code code, name, minutes, cells, reached, rate, units}; plus the scope's {@code rate}. A
 * worker route ({@link RapidResponse}). Thread-safe.
 */
final class RapidResponseRoutes {
    private final RapidResponse reach;
    private final PositionService positions;
    private final GridWatchConfig.Dispatch dispatch;
    private final Clock clock;

    RapidResponseRoutes(RapidResponse reach, PositionService positions, GridWatchConfig.Dispatch dispatch, Clock clock) {
        this.reach = reach;
        this.positions = positions;
        this.dispatch = dispatch;
        this.clock = clock;
    }

    void get(RoutingContext ctx) {
        String m = Params.string(ctx, "minutes");
        int minutes = m == null ? 3 : switch (m) {
            case "3" -> 3;
            case "5" -> 5;
            default -> throw Problem.badField("minutes", "must be 3 or 5 (1、3、5分钟快速反应), got '" + m + "'");
        };
        String g = Params.string(ctx, "geometry");
        if (g != null && !g.equals("true") && !g.equals("false")) {
            throw Problem.badField("geometry", "must be true or false, got '" + g + "'");
        }
        List<RapidResponse.Reach> rows = reach.reach(positions.units(), Scopes.of(ctx), Duration.ofMinutes(minutes),
                dispatch::etaSpeedMetresPerSecond, clock.instant(), !"false".equals(g));
        JsonArray features = new JsonArray();
        long cells = 0;
        long reached = 0;
        for (RapidResponse.Reach r : rows) {
            cells += r.cells();
            reached += r.reached();
            features.add(GeoJson.feature(r.area().code(), r.geometry(), new JsonObject().put("code", r.area().code())
                    .put("name", r.area().name()).put("minutes", minutes).put("cells", r.cells())
                    .put("reached", r.reached()).put("rate", r.rate()).put("units", r.units())));
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("minutes", minutes)
                .put("rate", cells == 0 ? null : reached / (double) cells).put("features", features));
    }
}

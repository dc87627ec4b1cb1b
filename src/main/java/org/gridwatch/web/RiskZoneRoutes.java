package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;

/** {@code GET /api/v1/risk-zones}: open near-repeat risk zones of the scope, as points with a radius (m). Thread-safe. */
final class RiskZoneRoutes {
    private final NearRepeatMonitor nearRepeat;
    private final GridIndex grids;
    private final Clock clock;

    RiskZoneRoutes(NearRepeatMonitor nearRepeat, GridIndex grids, Clock clock) {
        this.nearRepeat = nearRepeat;
        this.grids = grids;
        this.clock = clock;
    }

    void get(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        JsonArray features = new JsonArray();
        for (NearRepeatMonitor.RiskZone z : nearRepeat.zones(clock.instant())) {
            AdminArea g = grids.locateGrid(z.lon(), z.lat());
            if (g != null && scope.includes(g.code())) {
                features.add(GeoJson.feature(z.incidentId(), Geo.point(z.lon(), z.lat()), new JsonObject()
                        .put("incidentId", z.incidentId()).put("category", z.category()).put("radius", z.radiusMetres())
                        .put("earlier", z.earlier()).put("until", Times.of(ctx).format(z.until()))));
            }
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("numberReturned", features.size())
                .put("features", features));
    }

    /** The export of {@code GET /api/v1/risk-zones?format=}: the risk-zones layer in the caller's scope. */
    static ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        return ExportRoutes.Source.of(layer, Scopes.of(ctx), null, null);
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.incident.Category;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code GET /api/v1/heat?window=&category=&resolution=&bbox=}: incident counts per H3 cell as
 * GeoJSON points at the cell centres (weight {@code count}), ready for a map heatmap layer. A cell
 * belongs to a scope when its centre lies in one of the scope's grids. Thread-safe.
 */
final class HeatRoutes {
    private final HeatIndex heat;
    private final GridIndex grids;

    HeatRoutes(HeatIndex heat, GridIndex grids) {
        this.heat = heat;
        this.grids = grids;
    }

    void get(RoutingContext ctx) {
        String w = Params.string(ctx, "window");
        HeatIndex.Window window = w == null ? HeatIndex.Window.H24 : Params.term("window", HeatIndex.Window.class, w);
        Set<Category> categories = Params.enumSet(ctx, "category", Category.class);
        String res = Params.string(ctx, "resolution");
        int resolution = res == null ? HeatIndex.RESOLUTION : Params.integer("resolution", res, 0, HeatIndex.RESOLUTION);
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        Scope scope = Scopes.of(ctx);
        JsonArray features = new JsonArray();
        long total = 0;
        // Counted per grid: a cell on the jurisdiction's border counts only the incidents inside it.
        for (Map.Entry<Long, Integer> e : heat.cells(window, categories, resolution, scope).entrySet()) {
            double[] c = heat.centre(e.getKey());
            if (bbox != null && !bbox.covers(c[0], c[1])) {
                continue;
            }
            total += e.getValue();
            features.add(GeoJson.feature(Long.toHexString(e.getKey()), Geo.point(c[0], c[1]),
                    new JsonObject().put("cell", Long.toHexString(e.getKey())).put("count", e.getValue())));
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("window", window.id())
                .put("resolution", resolution).put("total", total).put("numberReturned", features.size())
                .put("features", features));
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
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

    /** What {@code GET /api/v1/heat} asks: the window, the categories, the resolution, the box of the cell centres, the scope. */
    private record Selection(HeatIndex.Window window, Set<Category> categories, int resolution, Envelope bbox, Scope scope) {
        static Selection of(RoutingContext ctx) {
            String w = Params.string(ctx, "window");
            HeatIndex.Window window = w == null ? HeatIndex.Window.H24 : Params.term("window", HeatIndex.Window.class, w);
            Set<Category> categories = Params.enumSet(ctx, "category", Category.class);
            String res = Params.string(ctx, "resolution");
            int resolution = res == null ? HeatIndex.RESOLUTION : Params.integer("resolution", res, 0, HeatIndex.RESOLUTION);
            return new Selection(window, categories, resolution, Params.bbox("bbox", Params.string(ctx, "bbox")), Scopes.of(ctx));
        }
    }

    /**
     * The selected cells with their counts: counted per grid, so a cell on the jurisdiction's border counts only the
     * incidents inside it; those whose centre lies outside the box left out.
     */
    private List<Map.Entry<Long, Integer>> cells(Selection q) {
        List<Map.Entry<Long, Integer>> out = new java.util.ArrayList<>();
        for (Map.Entry<Long, Integer> e : heat.cells(q.window(), q.categories(), q.resolution(), q.scope()).entrySet()) {
            double[] c = heat.centre(e.getKey());
            if (q.bbox() == null || q.bbox().covers(c[0], c[1])) {
                out.add(e);
            }
        }
        return out;
    }

    void get(RoutingContext ctx) {
        Selection q = Selection.of(ctx);
        HeatIndex.Window window = q.window();
        int resolution = q.resolution();
        JsonArray features = new JsonArray();
        long total = 0;
        for (Map.Entry<Long, Integer> e : cells(q)) {
            double[] c = heat.centre(e.getKey());
            total += e.getValue();
            features.add(GeoJson.feature(Long.toHexString(e.getKey()), Geo.point(c[0], c[1]),
                    new JsonObject().put("cell", Long.toHexString(e.getKey())).put("count", e.getValue())));
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("window", window.id())
                .put("resolution", resolution).put("total", total).put("numberReturned", features.size())
                .put("features", features));
    }

    /**
     * The export of {@code GET /api/v1/heat?format=}: the route's cells (its {@code window}, {@code category},
     * {@code resolution}, {@code bbox} on the cell centres) as the hexagons of the heat layer's schema.
     */
    ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        Selection q = Selection.of(ctx);
        return new ExportRoutes.Source(layer.id(), org.gridwatch.export.ExportSchema.of(layer), sink -> {
            for (Map.Entry<Long, Integer> e : cells(q)) {
                org.locationtech.jts.geom.Coordinate[] ring = java.util.Arrays.stream(heat.boundary(e.getKey()))
                        .map(xy -> new org.locationtech.jts.geom.Coordinate(xy[0], xy[1]))
                        .toArray(org.locationtech.jts.geom.Coordinate[]::new);
                String id = Long.toHexString(e.getKey());
                if (!sink.accept(org.gridwatch.feature.Feature.of(id, Geo.FACTORY.createPolygon(ring),
                        Map.of("cell", id, "count", e.getValue())))) {
                    return;
                }
            }
        });
    }
}

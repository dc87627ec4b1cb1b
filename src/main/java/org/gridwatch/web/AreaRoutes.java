package org.gridwatch.web;

import org.gridwatch.codec.AreaJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.locationtech.jts.geom.Envelope;

/**
 * {@code GET /api/v1/areas} (a level's areas as a paged GeoJSON FeatureCollection, ordered by
 * code) and {@code GET /api/v1/areas/{code}}. Thread-safe.
 */
final class AreaRoutes {
    private final AreaHierarchy areas;
    private final int defaultPage;
    private final int maxPage;

    AreaRoutes(AreaHierarchy areas, int defaultPage, int maxPage) {
        this.areas = areas;
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
    }

    /**
     * {@code ?level=city|county|township|village|grid[&bbox=][&code=][&limit=][&cursor=]}: {@code code}
     * keeps the areas inside (or equal to) that area; {@code cursor} is the last code of the previous page.
     */
    void list(RoutingContext ctx) {
        String levelText = Params.requiredString(ctx, "level");
        AdminLevel level = AdminLevel.parse(levelText).orElseThrow(() -> Problem.badField("level",
                "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        String within = Params.string(ctx, "code");
        String prefix = null;
        if (within != null) {
            AdminArea a = areas.find(within).orElseThrow(() -> Problem.badField("code", "unknown area code '" + within + "'"));
            prefix = a.level().descendantPrefix(a.code());
        }
        int limit = Params.limit(ctx, defaultPage, maxPage);
        String cursor = Params.string(ctx, "cursor");
        Scope scope = Scopes.of(ctx);
        List<AdminArea> candidates = bbox == null ? areas.level(level) : areas.intersecting(level, bbox);
        JsonArray features = new JsonArray();
        String last = null;
        boolean more = false;
        for (AdminArea a : candidates) {
            if (cursor != null && a.code().compareTo(cursor) <= 0) {
                continue;
            }
            if (!inScope(scope, a) || (prefix != null && !a.code().startsWith(prefix))) {
                continue;
            }
            if (features.size() == limit) {
                more = true;
                break;
            }
            features.add(AreaJson.feature(a));
            last = a.code();
        }
        JsonObject fc = new JsonObject().put("type", "FeatureCollection").put("numberReturned", features.size())
                .put("features", features);
        if (more) {
            Links.next(ctx, fc, last);
        }
        Responses.geojson(ctx, 200, fc);
    }

    /** An area is visible when it lies inside the scope or encloses it (a county screen still sees its city). */
    private static boolean inScope(Scope scope, AdminArea a) {
        return scope.includes(a.code()) || scope.isInside(a);
    }

    /** One area as a Feature with its parent and children counts. */
    void get(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        AdminArea a = areas.find(code).filter(x -> inScope(Scopes.of(ctx), x))
                .orElseThrow(() -> Problem.notFound("no area with code '" + code + "'"));
        JsonObject f = AreaJson.feature(a);
        JsonObject props = f.getJsonObject("properties");
        areas.parent(a).ifPresent(p -> props.put("parent", AreaJson.brief(p)));
        props.put("childCount", areas.children(a.code()).size());
        Responses.geojson(ctx, 200, f);
    }

    /** The layer of each admin level. */
    static String layerId(AdminLevel level) {
        return switch (level) {
            case CITY -> "city";
            case COUNTY -> "counties";
            case TOWNSHIP -> "townships";
            case VILLAGE -> "villages";
            case GRID -> "grids";
        };
    }

    /**
     * The export of {@code GET /api/v1/areas?format=}: the layer of the route's {@code level}, within
     * {@code bbox} and under {@code code}, as the list.
     */
    ExportRoutes.Source export(RoutingContext ctx, ExportRoutes exports) {
        String levelText = Params.requiredString(ctx, "level");
        AdminLevel level = AdminLevel.parse(levelText).orElseThrow(() -> Problem.badField("level",
                "unknown level '" + levelText + "'; one of city, county, township, village, grid"));
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        String within = Params.string(ctx, "code");
        String prefix = within == null ? "" : areas.find(within).map(a -> a.level().descendantPrefix(a.code()))
                .orElseThrow(() -> Problem.badField("code", "unknown area code '" + within + "'"));
        return ExportRoutes.Source.of(exports.layer(layerId(level)), Scopes.of(ctx), bbox,
                f -> f.id().startsWith(prefix));
    }
}

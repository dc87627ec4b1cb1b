package org.gridwatch.codec;

import io.vertx.core.json.JsonObject;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridLocation;
import org.gridwatch.geo.GeoJson;

/** JSON views of areas. Stateless; thread-safe. */
public final class AreaJson {
    private AreaJson() {
    }

    /** Code, name and level only. */
    public static JsonObject brief(AdminArea a) {
        return new JsonObject().put("code", a.code()).put("name", a.name()).put("level", a.level().id());
    }

    /** Every attribute except the geometry. */
    public static JsonObject properties(AdminArea a) {
        JsonObject p = brief(a)
                .put("levelLabel", a.level().label())
                .put("parentCode", a.parentCode())
                .put("population", a.population())
                .put("households", a.households())
                .put("areaSqm", Math.round(a.areaSqm()))
                .put("demo", a.demo());
        if (a.gridWorker() != null) {
            p.put("gridWorker", a.gridWorker());
        }
        return p;
    }

    /** A GeoJSON Feature with the area's geometry. */
    public static JsonObject feature(AdminArea a) {
        return GeoJson.feature(a.code(), a.geometry(), properties(a));
    }

    /** The answer to a point lookup. */
    public static JsonObject location(GridLocation l) {
        JsonObject grid = brief(l.grid()).put("population", l.grid().population())
                .put("households", l.grid().households()).put("areaSqm", Math.round(l.grid().areaSqm()));
        if (l.grid().gridWorker() != null) {
            grid.put("gridWorker", l.grid().gridWorker());
        }
        return new JsonObject()
                .put("grid", grid)
                .put("village", brief(l.village()))
                .put("township", brief(l.township()))
                .put("county", brief(l.county()))
                .put("city", brief(l.city()));
    }
}

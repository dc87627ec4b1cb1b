package org.gridwatch.codec;

import io.vertx.core.json.JsonObject;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitRecord;

/** GeoJSON views of units. Stateless; thread-safe. */
public final class UnitJson {
    private UnitJson() {
    }

    /** A Feature: the last position as a Point (null geometry when the unit never reported), and its attributes. */
    public static JsonObject feature(UnitRecord u) {
        return feature(u, TimeFormat.UTC);
    }

    /** {@link #feature(UnitRecord)} with the time as {@code t} writes it. */
    public static JsonObject feature(UnitRecord u, TimeFormat t) {
        Unit unit = u.unit();
        JsonObject p = new JsonObject()
                .put("id", unit.id())
                .put("callSign", unit.callSign())
                .put("kind", unit.kind().id()).put("kindLabel", unit.kind().label())
                .put("agency", unit.agency())
                .put("homeCountyCode", unit.homeCountyCode())
                .put("homeTownshipCode", unit.homeTownshipCode())
                .put("status", u.status().id()).put("statusLabel", u.status().label());
        Position last = u.lastPosition();
        if (last != null) {
            p.put("time", t.format(last.time()))
                    .put("speed", finite(last.speed()))
                    .put("heading", finite(last.heading()))
                    .put("accuracy", finite(last.accuracy()));
        }
        return GeoJson.feature(unit.id(), last == null ? null : Geo.point(last.lon(), last.lat()), p);
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

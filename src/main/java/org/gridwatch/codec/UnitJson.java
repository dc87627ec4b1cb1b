package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Telemetry;
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
            if (!last.telemetry().isEmpty()) {
                p.put("device", device(last.telemetry()));
            }
        }
        return GeoJson.feature(unit.id(), last == null ? null : Geo.point(last.lon(), last.lat()), p);
    }

    /**
     * What the terminal reported with the last fix, only the fields it reported: {@code battery}
     * (%), {@code charging}, {@code ignition}, {@code altitude} (m), {@code hdop}, {@code satellites},
     * {@code signal}, {@code odometer} (m), {@code fuel} (L), {@code alarms} (ids, with
     * {@code alarmLabels}), {@code moving}, {@code event}.
     */
    public static JsonObject device(Telemetry d) {
        JsonObject o = new JsonObject();
        putFinite(o, "battery", d.battery());
        if (d.charging() != null) {
            o.put("charging", d.charging());
        }
        if (d.ignition() != null) {
            o.put("ignition", d.ignition());
        }
        putFinite(o, "altitude", d.altitude());
        putFinite(o, "hdop", d.hdop());
        if (d.satellites() >= 0) {
            o.put("satellites", d.satellites());
        }
        if (d.signal() >= 0) {
            o.put("signal", d.signal());
        }
        putFinite(o, "odometer", d.odometer());
        putFinite(o, "fuel", d.fuel());
        if (!d.alarms().isEmpty()) {
            JsonArray ids = new JsonArray();
            JsonArray labels = new JsonArray();
            for (DeviceAlarm a : d.alarms()) {
                ids.add(a.id());
                labels.add(a.label());
            }
            o.put("alarms", ids).put("alarmLabels", labels);
        }
        if (d.moving() != null) {
            o.put("moving", d.moving());
        }
        if (d.event() != null) {
            o.put("event", d.event());
        }
        return o;
    }

    private static void putFinite(JsonObject o, String key, double v) {
        if (!Double.isNaN(v)) {
            o.put(key, v);
        }
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

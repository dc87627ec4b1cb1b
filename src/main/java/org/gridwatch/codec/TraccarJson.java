package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.gridwatch.geo.Crs;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Telemetry;
import org.gridwatch.patrol.ValidateStage;

import static org.gridwatch.codec.OsmAndRequest.bad;
import static org.gridwatch.codec.OsmAndRequest.fmt;
import static org.gridwatch.codec.OsmAndRequest.quote;

/**
 * The JSON body Traccar Client 9 (the Flutter app, on Android and iOS) posts to the OsmAnd
 * endpoint: the location record of its background-geolocation library, with the device id beside
 * it,
 * <pre>{@code
 * {"location": {"timestamp": "2025-06-15T13:45:12.862Z",
 *               "coords": {"latitude": 37.42, "longitude": -122.08, "accuracy": 5, "speed": 0,
 *                          "heading": -1, "altitude": 5, ...},
 *               "is_moving": false, "odometer": 0, "event": "motionchange",
 *               "battery": {"level": 0.79, "is_charging": false},
 *               "activity": {"type": "still"}, "extras": {"alarm": "sos"}, ...},
 *  "device_id": "48241179"}
 * }</pre>
 * read as Traccar's {@code OsmAndProtocolDecoder.decodeJson} reads it. One location per request:
 * the app syncs each record on its own (it does not set the library's {@code batchSync}, the only
 * way to get a list), and Traccar does not take a list either, so {@code location} as an array is
 * refused.
 *
 * <p>Members: {@code device_id} the unit id (else the query's {@code id}/{@code deviceid}, else the
 * device key's unit); {@code location.timestamp} ISO-8601 with an offset, as the app sends it (any
 * form {@link OsmAndRequest} takes; absent: the receipt time); {@code location.coords.latitude},
 * {@code .longitude} required; {@code .speed} in <b>metres per second</b> (the library's unit; Traccar
 * converts it to knots), {@code .heading} degrees, {@code .accuracy} metres, each negative for
 * unknown (the library writes −1); {@code .altitude} metres; into the {@link Telemetry}:
 * {@code location.battery.level} a fraction in [0, 1] (−1 unknown) kept as percent,
 * {@code .is_charging}, {@code location.is_moving}, {@code .event} (empty for none),
 * {@code .odometer} metres, and the alarm names of {@code location.alarm} and
 * {@code location.extras.alarm} (where the app's SOS action puts {@code "sos"}; see
 * {@link OsmAndRequest#alarms}). Other members ({@code uuid}, {@code age}, {@code mock},
 * {@code activity}, {@code extras.heartbeat}, {@code coords.speed_accuracy}, {@code coords.floor},
 * {@code _}, …) are read and ignored. The body is read as strictly as {@link StrictJson} reads any.
 *
 * <p>Stateless; thread-safe.
 */
final class TraccarJson {
    /** Telemetry field (as its constructor names it) → member path. */
    private static final Map<String, String> MEMBER_OF = Map.of("altitude", "location.coords.altitude",
            "odometer", "location.odometer", "event", "location.event");

    private TraccarJson() {
    }

    /**
     * Reads one body.
     *
     * @param queryUnit  the unit the query string names, or null
     * @param receivedAt the fix time when the body gives none
     * @param keyUnit    the unit of the request's device key, or null
     */
    static OsmAndRequest.Fix read(String body, String queryUnit, Instant receivedAt, String keyUnit) {
        StrictJson.Document d;
        try {
            d = StrictJson.read(body);
        } catch (StrictJson.MalformedJsonException e) {
            throw bad("body", e.getMessage());
        }
        if (!d.faults().isEmpty()) {
            StrictJson.Fault f = d.faults().get(0);
            throw bad(f.path().isEmpty() ? "body" : f.path(), f.reason());
        }
        if (!(d.value() instanceof JsonObject root)) {
            throw bad("body", "must be a JSON object {\"location\":{…},\"device_id\":…}");
        }
        String unit = deviceId(root, queryUnit, keyUnit);
        Object l = root.getValue("location");
        if (l instanceof JsonArray) {
            throw bad("location", "must be one location object; a list of locations is not taken (Traccar Client "
                    + "sends one location per request)");
        }
        if (!(l instanceof JsonObject location)) {
            throw bad("location", l == null ? "is required" : "must be an object");
        }
        Instant time = time(location.getValue("timestamp"), receivedAt);
        if (!(location.getValue("coords") instanceof JsonObject coords)) {
            throw bad("location.coords", location.getValue("coords") == null
                    ? "is required: a location without coordinates cannot move its unit" : "must be an object");
        }
        double lat = coordinate(coords, "latitude", 90);
        double lon = coordinate(coords, "longitude", 180);
        double speed = unknownIfNegative(coords, "speed");
        if (speed >= ValidateStage.MAX_SPEED) {
            throw bad("location.coords.speed", "must be metres per second below " + fmt(ValidateStage.MAX_SPEED)
                    + " (negative for unknown), got " + speed);
        }
        double heading = unknownIfNegative(coords, "heading");
        if (heading > ValidateStage.MAX_HEADING) {
            throw bad("location.coords.heading", "must be degrees in [0, " + fmt(ValidateStage.MAX_HEADING)
                    + "] (negative for unknown), got " + heading);
        }
        double accuracy = unknownIfNegative(coords, "accuracy");
        if (accuracy >= ValidateStage.MAX_ACCURACY) {
            throw bad("location.coords.accuracy", "must be metres below " + fmt(ValidateStage.MAX_ACCURACY)
                    + " (negative for unknown), got " + accuracy);
        }
        double altitude = number(coords, "altitude", "location.coords.altitude");
        double battery = Double.NaN;
        Boolean charging = null;
        Object b = location.getValue("battery");
        if (b instanceof JsonObject battery0) {
            double level = number(battery0, "level", "location.battery.level");
            if (level > 1) {
                throw bad("location.battery.level", "must be a fraction in [0, 1] (negative for unknown), got " + level);
            }
            battery = level >= 0 ? Math.round(level * 1000) / 10.0 : Double.NaN;
            charging = bool(battery0, "is_charging", "location.battery.is_charging");
        } else if (b != null) {
            throw bad("location.battery", "must be an object {\"level\":…,\"is_charging\":…}");
        }
        Boolean moving = bool(location, "is_moving", "location.is_moving");
        String event = text(location, "event", "location.event");
        double odometer = number(location, "odometer", "location.odometer");
        Set<DeviceAlarm> alarms = alarms(location);
        final double level = battery;
        final Boolean charge = charging;
        Telemetry telemetry = OsmAndRequest.telemetry(() -> new Telemetry(level, charge, null, altitude, Double.NaN, -1,
                -1, odometer, Double.NaN, alarms, moving, event == null || event.isBlank() ? null : event), MEMBER_OF);
        return new OsmAndRequest.Fix(new PositionReport(unit, lon, lat, Crs.WGS84, time, speed, heading, accuracy,
                telemetry), false);
    }

    private static String deviceId(JsonObject root, String queryUnit, String keyUnit) {
        String id = text(root, "device_id", "device_id");
        if (id != null && id.isEmpty()) {
            id = null;
        }
        if (id != null && queryUnit != null && !id.equals(queryUnit)) {
            throw bad("device_id", "names unit '" + quote(id) + "' but the query's id names '" + quote(queryUnit)
                    + "'; give one");
        }
        String unit = id != null ? id : queryUnit != null ? queryUnit : keyUnit;
        if (unit == null) {
            throw bad("device_id", "is required: the unit's id, unless the URL carries the unit's device key (/osmand/KEY)");
        }
        return unit;
    }

    private static Instant time(Object t, Instant receivedAt) {
        if (t == null) {
            return receivedAt;
        }
        if (t instanceof String s) {
            return OsmAndRequest.time("location.timestamp", s);
        }
        if (t instanceof Number n) {
            try {
                return OsmAndRequest.epoch(n.doubleValue());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw bad("location.timestamp", "cannot read " + n);
            }
        }
        throw bad("location.timestamp", "must be a string (ISO-8601 with an offset) or Unix seconds or milliseconds");
    }

    /** The union of the alarms {@code location.alarm} and {@code location.extras.alarm} name. */
    private static Set<DeviceAlarm> alarms(JsonObject location) {
        Set<DeviceAlarm> out = EnumSet.noneOf(DeviceAlarm.class);
        String own = text(location, "alarm", "location.alarm");
        if (own != null) {
            out.addAll(OsmAndRequest.alarms(own));
        }
        Object extras = location.getValue("extras");
        if (extras instanceof JsonObject x) {
            String alarm = text(x, "alarm", "location.extras.alarm");
            if (alarm != null) {
                out.addAll(OsmAndRequest.alarms(alarm));
            }
        } else if (extras != null) {
            throw bad("location.extras", "must be an object");
        }
        return out;
    }

    private static double coordinate(JsonObject coords, String name, double max) {
        String path = "location.coords." + name;
        Object v = coords.getValue(name);
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(d >= -max && d <= max)) {
            throw bad(path, v == null ? "is required" : "must be a number in [-" + fmt(max) + ", " + fmt(max) + "], got "
                    + (v instanceof String s ? "'" + quote(s) + "'" : String.valueOf(v)));
        }
        return d;
    }

    /** A number of {@code o}, NaN when absent, null or negative (the library's "unknown"). */
    private static double unknownIfNegative(JsonObject o, String name) {
        double v = number(o, name, "location.coords." + name);
        return v < 0 ? Double.NaN : v;
    }

    /** A finite number, or NaN when absent or null. */
    private static double number(JsonObject o, String name, String path) {
        Object v = o.getValue(name);
        if (v == null) {
            return Double.NaN;
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!Double.isFinite(d)) {
            throw bad(path, "must be a number, got " + (v instanceof String s ? "'" + quote(s) + "'" : String.valueOf(v)));
        }
        return d;
    }

    private static Boolean bool(JsonObject o, String name, String path) {
        Object v = o.getValue(name);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw bad(path, "must be true or false");
    }

    private static String text(JsonObject o, String name, String path) {
        Object v = o.getValue(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw bad(path, "must be a string");
    }
}

package org.gridwatch.codec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.GridWatchException;
import org.gridwatch.geo.Crs;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Telemetry;
import org.gridwatch.patrol.ValidateStage;

/**
 * A position report of the OsmAnd protocol, in every form Traccar Client (Android and iOS, old and
 * new) and the OsmAnd app send it to {@code /osmand}, read into a {@link PositionReport} with its
 * {@link Telemetry}. Two forms:
 * <ul>
 *   <li><b>parameters</b> in the query string, in a form body ({@code application/x-www-form-urlencoded},
 *       or any body that is not JSON, as Traccar reads it) or in both (merged): what the OsmAnd app
 *       (GET), Traccar Client for Android (POST, parameters in the query) and for iOS (POST, the
 *       same) send. Read here;</li>
 *   <li>the <b>JSON body</b> Traccar Client 9 posts ({@code Content-Type: application/json}, or a
 *       body starting with <code>{</code>): read by {@link TraccarJson}.</li>
 * </ul>
 *
 * <p>The parameters, as Traccar's {@code OsmAndProtocolDecoder} reads them (an empty value counts
 * as absent; a parameter given twice must carry the same value both times):
 * <ul>
 *   <li>{@code id} or {@code deviceid}: the unit's roster id; may be left out when the URL carries
 *       the unit's device key ({@code /osmand/KEY});</li>
 *   <li>{@code lat}, {@code lon} (WGS84 degrees), or {@code location=lat,lon}: required;</li>
 *   <li>{@code timestamp}: Unix seconds (an integer below 2<sup>31</sup> − 1, Traccar's rule) or
 *       milliseconds (from there on), ISO-8601 with an offset or zone ({@code 2016-01-27T18:55:47Z};
 *       Traccar refuses one without, and so does this), or {@code yyyy-MM-dd HH:mm:ss} read as UTC
 *       (Traccar reads it in its JVM's zone, which its servers run at UTC; GridWatch does not
 *       depend on its host's zone). Absent: the time the server received the request;</li>
 *   <li>{@code speed}: knots, in [0, {@link ValidateStage#MAX_SPEED} m/s); {@code bearing} or
 *       {@code heading}: degrees in [0, 360]; {@code accuracy}: metres in [0, 100 000);</li>
 *   <li>into the {@link Telemetry}: {@code altitude} (metres), {@code hdop}, {@code batt} (battery,
 *       percent), {@code charge} (charging), {@code ignition}, {@code motion} (booleans: {@code true},
 *       {@code false}, {@code 1}, {@code 0}), {@code sat} (satellites), {@code odometer} (metres),
 *       {@code fuel} (litres) — the attribute names Traccar stores them under — and {@code alarm}
 *       (see {@link #alarms});</li>
 *   <li>{@code valid}: {@code false} or {@code 0} when the device marks the fix not valid
 *       ({@link Fix#markedInvalid});</li>
 *   <li>anything else ({@code cell}, {@code wifi}, {@code mock}, {@code driverUniqueId},
 *       {@code notificationToken}, {@code vacc}, {@code hacc}, {@code rpm}, {@code key}, …) is read
 *       and ignored, as Traccar keeps it as a free attribute.</li>
 * </ul>
 * A request that is not a fix is a {@link GridWatchException} ({@link FailureKind#INVALID}) whose
 * {@link GridWatchException#field() field} is the parameter (or, in the JSON body, the member path)
 * and whose message starts with it and says why, e.g. {@code lat: must be a number in [-90, 90], got '95'}.
 *
 * <p>Stateless; thread-safe.
 */
public final class OsmAndRequest {
    /** Knots to metres per second (the OsmAnd protocol reports speed in knots). */
    public static final double KNOT = 1852.0 / 3600.0;

    /**
     * A fix as the device reported it.
     *
     * @param report        the report, its unit named (by the request or the device key)
     * @param markedInvalid true when the device marked the fix not valid ({@code valid=false}):
     *                      its coordinates may be a stale last-known position
     */
    public record Fix(PositionReport report, boolean markedInvalid) {
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,4})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    /** {@code yyyy-MM-dd HH:mm:ss}, seconds and a fraction optional; strict (no 13th month). */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT).withChronology(IsoChronology.INSTANCE);
    private static final String TIME_FORMS = "give Unix seconds or milliseconds, ISO-8601 with an offset (e.g. "
            + "2026-05-01T08:30:00+08:00) or yyyy-MM-dd HH:mm:ss (UTC)";
    /**
     * Traccar's alarm names (its {@code Position.ALARM_*}, lower-cased) that have a
     * {@link DeviceAlarm}; see {@link #alarms}.
     */
    private static final Map<String, DeviceAlarm> TRACCAR_ALARMS = Map.ofEntries(
            Map.entry("sos", DeviceAlarm.SOS),
            Map.entry("overspeed", DeviceAlarm.OVERSPEED),
            Map.entry("fatiguedriving", DeviceAlarm.FATIGUE),
            Map.entry("gpsantennacut", DeviceAlarm.GNSS_FAULT),
            Map.entry("lowpower", DeviceAlarm.POWER_LOW),
            Map.entry("lowbattery", DeviceAlarm.POWER_LOW),
            Map.entry("powercut", DeviceAlarm.POWER_CUT),
            Map.entry("tampering", DeviceAlarm.TAMPER),
            Map.entry("removing", DeviceAlarm.TAMPER),
            Map.entry("tow", DeviceAlarm.TAMPER),
            Map.entry("movement", DeviceAlarm.TAMPER),
            Map.entry("accident", DeviceAlarm.COLLISION),
            Map.entry("falldown", DeviceAlarm.FALL_DOWN));
    /** Telemetry field (as its constructor names it) → request parameter. */
    private static final Map<String, String> PARAMETER_OF = Map.of("battery", "batt", "satellites", "sat");

    private OsmAndRequest() {
    }

    /**
     * Reads one request.
     *
     * @param rawQuery    the query string as sent (still percent-encoded), or null
     * @param body        the body as text, or null
     * @param contentType the {@code Content-Type} header, or null
     * @param receivedAt  when the server received the request: the fix time when none is given
     * @param keyUnit     the unit the request's device key names, or null: the unit when the
     *                    request names none
     * @throws GridWatchException (invalid) naming the parameter or member at fault
     */
    public static Fix read(String rawQuery, String body, String contentType, Instant receivedAt, String keyUnit) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        decode(rawQuery, "query", query);
        if (isJson(contentType, body)) {
            return TraccarJson.read(body, unit(new Params(query), null), receivedAt, keyUnit);
        }
        decode(body, "body", query);
        return fromParameters(new Params(query), receivedAt, keyUnit);
    }

    /**
     * A body that is JSON by its media type ({@code application/json}, parameters allowed) or
     * starts with <code>{</code>; an empty body is none, whatever its type.
     */
    private static boolean isJson(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        String base = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || body.stripLeading().startsWith("{");
    }

    private static Fix fromParameters(Params p, Instant receivedAt, String keyUnit) {
        String unit = unit(p, keyUnit);
        if (unit == null) {
            throw bad("id", "is required: the unit's id (id or deviceid), unless the URL carries the unit's device key"
                    + " (/osmand/KEY)");
        }
        double lat;
        double lon;
        String location = p.one("location");
        if (location != null) {
            if (p.one("lat") != null || p.one("lon") != null) {
                throw bad("location", "give either location=lat,lon or lat and lon, not both");
            }
            String[] parts = location.split(",", -1);
            if (parts.length != 2) {
                throw bad("location", "must be 'lat,lon' (two numbers, latitude first), got '" + quote(location) + "'");
            }
            lat = inRange("location", "the latitude", parts[0], -90, 90);
            lon = inRange("location", "the longitude", parts[1], -180, 180);
        } else {
            lat = inRange("lat", null, required(p, "lat"), -90, 90);
            lon = inRange("lon", null, required(p, "lon"), -180, 180);
        }
        String ts = p.one("timestamp");
        Instant time = ts == null ? receivedAt : time("timestamp", ts);
        double speed = Double.NaN;
        String knots = p.one("speed");
        if (knots != null) {
            double kn = number("speed", knots);
            if (!(kn >= 0 && kn * KNOT < ValidateStage.MAX_SPEED)) {
                throw bad("speed", "must be knots in [0, " + fmt(ValidateStage.MAX_SPEED / KNOT) + "), got '"
                        + quote(knots) + "'");
            }
            speed = kn * KNOT;
        }
        String bearing = p.one("bearing");
        String heading = p.one("heading");
        if (bearing != null && heading != null && !bearing.equals(heading)) {
            throw bad("heading", "gives '" + quote(heading) + "' but bearing gives '" + quote(bearing) + "'; give one");
        }
        double course = bearing != null ? degrees("bearing", bearing) : heading != null ? degrees("heading", heading)
                : Double.NaN;
        double accuracy = Double.NaN;
        String acc = p.one("accuracy");
        if (acc != null) {
            accuracy = number("accuracy", acc);
            if (!(accuracy >= 0 && accuracy < ValidateStage.MAX_ACCURACY)) {
                throw bad("accuracy", "must be metres in [0, " + fmt(ValidateStage.MAX_ACCURACY) + "), got '"
                        + quote(acc) + "'");
            }
        }
        String alarm = p.one("alarm");
        Set<DeviceAlarm> alarms = alarm == null ? Set.of() : alarms(alarm);
        Telemetry telemetry = telemetry(() -> new Telemetry(optional(p, "batt"), bool(p, "charge"), bool(p, "ignition"),
                optional(p, "altitude"), optional(p, "hdop"), count(p, "sat"), -1, optional(p, "odometer"),
                optional(p, "fuel"), alarms, bool(p, "motion"), null), PARAMETER_OF);
        Boolean valid = bool(p, "valid");
        return new Fix(new PositionReport(unit, lon, lat, Crs.WGS84, time, speed, course, accuracy, telemetry),
                Boolean.FALSE.equals(valid));
    }

    /** The unit the parameters name ({@code id} or {@code deviceid}), else {@code fallback}. */
    private static String unit(Params p, String fallback) {
        String id = p.one("id");
        String deviceId = p.one("deviceid");
        if (id != null && deviceId != null && !id.equals(deviceId)) {
            throw bad("deviceid", "names unit '" + quote(deviceId) + "' but id names '" + quote(id) + "'; give one");
        }
        return id != null ? id : deviceId != null ? deviceId : fallback;
    }

    /**
     * The alarms an {@code alarm} value names: one Traccar alarm name or several, comma-separated
     * (as Traccar joins them), matched without regard to case; a {@link DeviceAlarm} id is taken
     * too. Mapped: {@code sos} → sos; {@code overspeed} → overspeed; {@code fatigueDriving} →
     * fatigue; {@code gpsAntennaCut} → gnss_fault; {@code lowPower}, {@code lowBattery} →
     * power_low; {@code powerCut} → power_cut; {@code tampering}, {@code removing}, {@code tow},
     * {@code movement} → tamper; {@code accident} → collision; {@code fallDown} → fall_down. The
     * other names (e.g. {@code vibration}, {@code shock}, {@code general}, {@code fault},
     * {@code powerOff}, {@code geofenceEnter}, {@code hardBraking}, {@code door}, {@code parking})
     * and free text (the old Android client's tests send {@code alert message}) are accepted and
     * ignored: GridWatch raises no alert for them.
     */
    public static Set<DeviceAlarm> alarms(String value) {
        Set<DeviceAlarm> out = EnumSet.noneOf(DeviceAlarm.class);
        for (String name : value.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            DeviceAlarm a = TRACCAR_ALARMS.get(n);
            if (a == null) {
                a = DeviceAlarm.parse(n).orElse(null);
            }
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * A {@code timestamp} as Traccar reads it (see the class comment); a decimal number of seconds
     * or milliseconds is taken too.
     *
     * @param field the parameter or member, for the message
     */
    static Instant time(String field, String raw) {
        String s = raw.strip();
        try {
            if (INTEGER.matcher(s).matches()) {
                long v = Long.parseLong(s);
                return v < Integer.MAX_VALUE ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
            }
            if (DECIMAL.matcher(s).matches()) {
                return epoch(Double.parseDouble(s));
            }
            if (s.indexOf('T') >= 0 || s.indexOf('t') >= 0) {
                return iso(field, s);
            }
            return LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            throw bad(field, "cannot read '" + quote(s) + "'; " + TIME_FORMS);
        }
    }

    /** Seconds below 2<sup>31</sup> − 1, milliseconds from there on (Traccar's rule). */
    static Instant epoch(double t) {
        if (!Double.isFinite(t)) {
            throw new ArithmeticException("not finite");
        }
        return Instant.ofEpochMilli(Math.round(t < Integer.MAX_VALUE ? t * 1000 : t));
    }

    private static Instant iso(String field, String s) {
        try {
            return Instant.from(DateTimeFormatter.ISO_ZONED_DATE_TIME.parse(s));
        } catch (DateTimeParseException e) {
            boolean local;
            try {
                LocalDateTime.parse(s);
                local = true;
            } catch (DateTimeParseException notLocal) {
                local = false;
            }
            if (local) {
                throw bad(field, "'" + quote(s) + "' has no UTC offset; add one (Z for UTC, +08:00 for China)");
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- values

    /** A telemetry built by {@code make}; a value it refuses is the problem of the parameter {@code names} maps its field to. */
    static Telemetry telemetry(Supplier<Telemetry> make, Map<String, String> names) {
        try {
            Telemetry t = make.get();
            return t.isEmpty() ? Telemetry.NONE : t;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(':');
            String field = colon > 0 ? m.substring(0, colon) : "";
            throw bad(names.getOrDefault(field, field), colon > 0 ? m.substring(colon + 1).strip() : m);
        }
    }

    private static String required(Params p, String name) {
        String v = p.one(name);
        if (v == null) {
            throw bad(name, "is required (lat and lon, or location=lat,lon)");
        }
        return v;
    }

    private static double inRange(String field, String what, String raw, double min, double max) {
        double v = DECIMAL.matcher(raw.strip()).matches() ? Double.parseDouble(raw.strip()) : Double.NaN;
        if (!(v >= min && v <= max)) {
            throw bad(field, (what == null ? "" : what + " ") + "must be a number in [" + fmt(min) + ", " + fmt(max)
                    + "], got '" + quote(raw) + "'");
        }
        return v;
    }

    private static double degrees(String field, String raw) {
        double v = number(field, raw);
        if (!(v >= 0 && v <= ValidateStage.MAX_HEADING)) {
            throw bad(field, "must be degrees in [0, " + fmt(ValidateStage.MAX_HEADING) + "], got '" + quote(raw) + "'");
        }
        return v;
    }

    /** A finite decimal number (no NaN, Infinity, hex or type suffixes, which Java's parser would take). */
    private static double number(String field, String raw) {
        String s = raw.strip();
        double v = DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
        if (!Double.isFinite(v)) {
            throw bad(field, "must be a number, got '" + quote(raw) + "'");
        }
        return v;
    }

    private static double optional(Params p, String name) {
        String v = p.one(name);
        return v == null ? Double.NaN : number(name, v);
    }

    private static int count(Params p, String name) {
        String v = p.one(name);
        if (v == null) {
            return -1;
        }
        double n = number(name, v);
        if (n != Math.rint(n) || n < 0 || n > Integer.MAX_VALUE) {
            throw bad(name, "must be a whole number ≥ 0, got '" + quote(v) + "'");
        }
        return (int) n;
    }

    private static Boolean bool(Params p, String name) {
        String v = p.one(name);
        if (v == null) {
            return null;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw bad(name, "must be true or false (or 1 or 0), got '" + quote(v) + "'");
        };
    }

    // ---------------------------------------------------------------- parameters

    /** The parameters of a request, by name, every value as given (decoded). Not thread-safe. */
    private record Params(Map<String, List<String>> values) {
        /**
         * The value of {@code name}, or null when absent or empty; a parameter given several times
         * with different values is refused.
         */
        String one(String name) {
            List<String> all = values.get(name);
            String out = null;
            if (all != null) {
                for (String v : all) {
                    if (v.isEmpty()) {
                        continue;
                    }
                    if (out != null && !out.equals(v)) {
                        throw bad(name, "is given twice, as '" + quote(out) + "' and '" + quote(v) + "'; give it once");
                    }
                    out = v;
                }
            }
            return out;
        }
    }

    /** Adds the {@code name=value} pairs of {@code text} (form encoding: {@code +} is a space). */
    private static void decode(String text, String source, Map<String, List<String>> into) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw bad(source, "cannot be decoded: a malformed %-escape in '" + quote(pair) + "'");
            }
            into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
    }

    // ---------------------------------------------------------------- messages

    /** A request that is not a fix: {@code field: reason}. */
    static GridWatchException bad(String field, String reason) {
        return new GridWatchException(FailureKind.INVALID, field, field + ": " + reason);
    }

    /** At most 40 characters of a client's text, control characters and quotes replaced, for a message. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(text.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) || c == '\'' ? '?' : c);
        }
        return text.length() > n ? b.append('…').toString() : b.toString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}

package org.gridwatch.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridwatch.geo.Crs;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.Telemetry;
import org.gridwatch.patrol.PositionReport;

/**
 * Position batches as clients send them to {@code POST /api/v1/positions}, read in one streaming
 * pass into {@link PositionReport}s, without a JSON tree per item. Three bodies:
 * <ul>
 *   <li>{@link #array}: a JSON array of {@code {unit, lon, lat, time, speed?, heading?, accuracy?,
 *       crs?}} objects;</li>
 *   <li>{@link #ndjson}: the same objects, one per line;</li>
 *   <li>{@link #columnar} ({@value #COLUMNAR}): one object of parallel arrays,
 *       {@code {"unit":[..],"lon":[..],"lat":[..],"time":[..],"speed":[..]?,"heading":[..]?,
 *       "accuracy":[..]?,"crs":".."?}}.</li>
 * </ul>
 * The reading is as strict as {@link StrictJson}'s: an item that cannot be read — an NDJSON line
 * that is not JSON, an item that is not an object, a key given twice, an unpaired surrogate in a
 * string or a member name (however deep), nesting beyond {@link StrictJson#MAX_DEPTH} — becomes
 * {@link #INVALID}, which the ingest pipeline rejects as {@code invalid}, and the other items still
 * land. A body that is not well-formed JSON as a whole (an array or a columnar object) is a
 * {@link StrictJson.MalformedJsonException} whose message is the server's own (line and column).
 * Values: {@code unit} a string; {@code lon}, {@code lat} numbers; {@code time} ISO-8601 with an
 * offset, or epoch seconds (below 1e11) or milliseconds, as a number or a string; {@code speed},
 * {@code heading}, {@code accuracy} numbers or null (absent); {@code crs} a CRS name (absent: WGS84);
 * in the array and NDJSON forms also what the device reported beside the fix: {@code battery}
 * (percent, a number or null) and {@code alarms} (an array of {@link DeviceAlarm} ids, e.g.
 * {@code ["sos"]}; an unknown id makes the item invalid).
 * A value of the wrong type makes the item invalid (through the pipeline's checks). Other keys of
 * an item are read (strictly) and ignored.
 *
 * <p>Stateless; thread-safe.
 */
public final class PositionJson {
    /** The media type of the columnar body. */
    public static final String COLUMNAR = "application/vnd.gridwatch.positions+json";
    /** An item that could not be read: the pipeline rejects it as invalid. */
    public static final PositionReport INVALID = new PositionReport(null, Double.NaN, Double.NaN, Crs.WGS84, null,
            Double.NaN, Double.NaN, Double.NaN);

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Fields of an item, by bit. */
    private static final int UNIT = 1;
    private static final int LON = 2;
    private static final int LAT = 4;
    private static final int TIME = 8;
    private static final int SPEED = 16;
    private static final int HEADING = 32;
    private static final int ACCURACY = 64;
    private static final int CRS = 128;
    private static final int BATTERY = 256;
    private static final int ALARMS = 512;

    private PositionJson() {
    }

    /**
     * Reads a JSON array of position objects.
     *
     * @throws StrictJson.MalformedJsonException when the body is not a well-formed JSON array
     */
    public static List<PositionReport> array(String body) {
        List<PositionReport> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new StrictJson.MalformedJsonException("is not a JSON array of positions");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new StrictJson.MalformedJsonException("is not well-formed JSON (unexpected end)");
                }
                out.add(t == JsonToken.START_OBJECT ? item(p, 2) : skipInvalid(p, 2));
            }
            if (p.nextToken() != null) {
                throw new StrictJson.MalformedJsonException("is not well-formed JSON (more content after the value, at "
                        + where(p) + ")");
            }
            return out;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Reads NDJSON, one position object a line; blank lines are skipped, an unreadable line is {@link #INVALID}. */
    public static List<PositionReport> ndjson(String body) {
        List<PositionReport> out = new ArrayList<>();
        char[] chars = body.toCharArray();
        int start = 0;
        int n = body.length();
        while (start < n) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            if (!body.substring(start, end).isBlank()) {
                out.add(line(chars, start, end - start));
            }
            start = end + 1;
        }
        return out;
    }

    private static PositionReport line(char[] body, int start, int length) {
        try (JsonParser p = FACTORY.createParser(body, start, length)) {
            JsonToken t = p.nextToken();
            PositionReport r = t == JsonToken.START_OBJECT ? item(p, 1) : skipInvalid(p, 1);
            return p.nextToken() == null ? r : INVALID;
        } catch (IOException | StrictJson.MalformedJsonException e) {
            return INVALID;
        }
    }

    /**
     * The parser is on an item's START_OBJECT, at nesting {@code depth} (the root value is at 0);
     * leaves it on its END_OBJECT.
     */
    private static PositionReport item(JsonParser p, int depth) throws IOException {
        int seen = 0;
        boolean bad = false;
        Set<String> others = null;
        String unit = null;
        double lon = Double.NaN;
        double lat = Double.NaN;
        Instant time = null;
        double speed = Double.NaN;
        double heading = Double.NaN;
        double accuracy = Double.NaN;
        Crs crs = Crs.WGS84;
        double battery = Double.NaN;
        Set<DeviceAlarm> alarms = Set.of();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int bit = bit(key);
            if (bit == 0) {
                if (others == null) {
                    others = new HashSet<>();
                }
                boolean wellFormed = strictValue(p, depth + 1); // read first: it moves the parser on
                bad |= !wellFormed || !others.add(key) || StrictJson.unpairedSurrogate(key) >= 0;
                continue;
            }
            if ((seen & bit) != 0) {
                bad = true; // a key given twice: which one to take is a guess the server does not make
            }
            seen |= bit;
            switch (bit) {
                case UNIT -> {
                    unit = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    bad |= unit != null && StrictJson.unpairedSurrogate(unit) >= 0;
                }
                case LON -> lon = number(p, t);
                case LAT -> lat = number(p, t);
                case TIME -> {
                    time = time(p, t);
                }
                case SPEED -> speed = optional(p, t);
                case HEADING -> heading = optional(p, t);
                case ACCURACY -> accuracy = optional(p, t);
                case BATTERY -> battery = optional(p, t);
                case ALARMS -> {
                    alarms = alarms(p, t);
                    bad |= alarms == null;
                    continue;   // the array was read to its end
                }
                default -> {
                    if (t == JsonToken.VALUE_STRING) {
                        String c = p.getText();
                        crs = Crs.parse(c).orElse(null);
                    } else {
                        crs = Crs.WGS84;
                    }
                }
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                bad |= !strictValue(p, depth + 1);
            } else if (t == JsonToken.VALUE_STRING && bit != UNIT) {
                bad |= StrictJson.unpairedSurrogate(p.getText()) >= 0;
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new StrictJson.MalformedJsonException("is not well-formed JSON (syntax error at " + where(p) + ")");
        }
        if (bad) {
            return INVALID;
        }
        Telemetry telemetry = Telemetry.NONE;
        if (!Double.isNaN(battery) || !alarms.isEmpty()) {
            try {
                telemetry = new Telemetry(battery, null, null, Double.NaN, Double.NaN, -1, -1, Double.NaN, Double.NaN,
                        alarms, null, null);
            } catch (IllegalArgumentException e) {
                return INVALID;
            }
        }
        return new PositionReport(unit, lon, lat, crs, time, speed, heading, accuracy, telemetry);
    }

    /**
     * An {@code alarms} value: null or an array of alarm ids; null (the item invalid) for anything
     * else or an unknown id. Leaves the parser on the array's end.
     */
    private static Set<DeviceAlarm> alarms(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Set.of();
        }
        if (t != JsonToken.START_ARRAY) {
            strictValue(p, 1);
            return null;
        }
        Set<DeviceAlarm> out = java.util.EnumSet.noneOf(DeviceAlarm.class);
        boolean ok = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == null) {
                throw new StrictJson.MalformedJsonException("is not well-formed JSON (unexpected end)");
            }
            if (e == JsonToken.VALUE_STRING) {
                DeviceAlarm a = DeviceAlarm.parse(p.getText()).orElse(null);
                ok &= a != null;
                if (a != null) {
                    out.add(a);
                }
            } else {
                ok = false;
                strictValue(p, 2);
            }
        }
        return ok ? out : null;
    }

    private static int bit(String key) {
        return switch (key) {
            case "unit" -> UNIT;
            case "lon" -> LON;
            case "lat" -> LAT;
            case "time" -> TIME;
            case "speed" -> SPEED;
            case "heading" -> HEADING;
            case "accuracy" -> ACCURACY;
            case "crs" -> CRS;
            case "battery" -> BATTERY;
            case "alarms" -> ALARMS;
            default -> 0;
        };
    }

    /** A value that is not an object: read it (strictly) and make the item invalid. */
    private static PositionReport skipInvalid(JsonParser p, int depth) throws IOException {
        strictValue(p, depth);
        return INVALID;
    }

    /**
     * Reads the value the parser is on, at nesting {@code depth}, to its end, checking
     * what {@link StrictJson} checks; false when it breaks a rule (a duplicate key, an unpaired
     * surrogate). Too deep a nesting is a {@link StrictJson.MalformedJsonException}, as there.
     */
    private static boolean strictValue(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return StrictJson.unpairedSurrogate(p.getText()) < 0;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return true;
        }
        if (depth > StrictJson.MAX_DEPTH) {
            throw new StrictJson.MalformedJsonException("nests deeper than " + StrictJson.MAX_DEPTH + " levels (at "
                    + where(p) + ")");
        }
        boolean ok = true;
        if (t == JsonToken.START_ARRAY) {
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e == null) {
                    throw new StrictJson.MalformedJsonException("is not well-formed JSON (unexpected end)");
                }
                ok &= strictValue(p, depth + 1);
            }
            return ok;
        }
        Set<String> keys = new HashSet<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            ok &= keys.add(key) & StrictJson.unpairedSurrogate(key) < 0;
            p.nextToken();
            ok &= strictValue(p, depth + 1);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new StrictJson.MalformedJsonException("is not well-formed JSON (syntax error at " + where(p) + ")");
        }
        return ok;
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue() : Double.NaN;
    }

    /** Optional measurement: null → NaN (absent); present but not a number → −1 (rejected as invalid). */
    private static double optional(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL ? Double.NaN : t == JsonToken.VALUE_NUMBER_INT
                || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue() : -1;
    }

    private static Instant time(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return time(p.getText());
        }
        return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? epoch(p.getDoubleValue()) : null;
    }

    /** ISO-8601 with an offset, or epoch seconds/milliseconds as text; null if unreadable. */
    public static Instant time(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return epoch(Double.parseDouble(s));
            } catch (NumberFormatException n) {
                return null;
            }
        }
    }

    /** Epoch seconds (below 1e11) or milliseconds; null when not a positive finite number. */
    public static Instant epoch(double t) {
        if (!Double.isFinite(t) || t <= 0) {
            return null;
        }
        return t < 1e11 ? Instant.ofEpochMilli(Math.round(t * 1000)) : Instant.ofEpochMilli(Math.round(t));
    }

    // ---------------------------------------------------------------- columnar

    /**
     * Reads the columnar body: one object of equal-length arrays {@code unit}, {@code lon},
     * {@code lat}, {@code time} (required), {@code speed}, {@code heading}, {@code accuracy}
     * (optional; null entries for unknown values) and {@code crs} (optional, one CRS name for the
     * whole body). Item {@code i} is the {@code i}-th entry of every array; an entry of the wrong
     * type, or a string with an unpaired surrogate, makes only that item invalid.
     *
     * @throws StrictJson.MalformedJsonException when the body is not well-formed JSON, or not such an
     *                                           object: a column missing, given twice, unknown, not an
     *                                           array or of another length than {@code unit}, or an
     *                                           unknown {@code crs} (the message names the column)
     */
    public static List<PositionReport> columnar(String body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StrictJson.MalformedJsonException("is not a columnar positions object ({\"unit\":[..],"
                        + "\"lon\":[..],\"lat\":[..],\"time\":[..]})");
            }
            Columns c = new Columns();
            int seen = 0;
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                int bit = bit(key);
                if (bit == 0) {
                    throw new StrictJson.MalformedJsonException("has an unknown column '" + printable(key)
                            + "'; the columns are unit, lon, lat, time, speed, heading, accuracy and crs");
                }
                if ((seen & bit) != 0) {
                    throw new StrictJson.MalformedJsonException("names the column " + key + " twice; give each once");
                }
                seen |= bit;
                JsonToken t = p.nextToken();
                if (bit == CRS) {
                    String name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    c.crs = name == null ? null : Crs.parse(name).orElse(null);
                    if (c.crs == null) {
                        throw new StrictJson.MalformedJsonException("crs: must name a known CRS (e.g. wgs84, gcj02, bd09)");
                    }
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new StrictJson.MalformedJsonException(key + ": must be an array (one entry per position)");
                }
                c.read(p, bit);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new StrictJson.MalformedJsonException("is not well-formed JSON (syntax error at " + where(p) + ")");
            }
            return c.reports(seen);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The columns of a columnar body as read. Not thread-safe. */
    private static final class Columns {
        List<String> unit = List.of();
        List<Instant> time = List.of();
        double[] lon = new double[0];
        double[] lat = new double[0];
        double[] speed;
        double[] heading;
        double[] accuracy;
        /** Items found invalid while reading. */
        final Set<Integer> bad = new HashSet<>();
        Crs crs = Crs.WGS84;
        final int[] lengths = new int[8];

        void read(JsonParser p, int bit) throws IOException {
            List<String> strings = bit == UNIT ? new ArrayList<>() : null;
            List<Instant> times = bit == TIME ? new ArrayList<>() : null;
            double[] numbers = bit == UNIT || bit == TIME ? null : new double[64];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new StrictJson.MalformedJsonException("is not well-formed JSON (unexpected end)");
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    strictValue(p, 3);
                    bad.add(n);
                } else if (t == JsonToken.VALUE_STRING && StrictJson.unpairedSurrogate(p.getText()) >= 0) {
                    bad.add(n);
                }
                if (strings != null) {
                    strings.add(t == JsonToken.VALUE_STRING ? p.getText() : null);
                } else if (times != null) {
                    times.add(t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? null : time(p, t));
                } else {
                    if (n == numbers.length) {
                        numbers = java.util.Arrays.copyOf(numbers, n * 2);
                    }
                    numbers[n] = bit == LON || bit == LAT ? number(p, t)
                            : t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? -1 : optional(p, t);
                }
                n++;
            }
            lengths[Integer.numberOfTrailingZeros(bit)] = n;
            switch (bit) {
                case UNIT -> unit = strings;
                case TIME -> time = times;
                case LON -> lon = numbers;
                case LAT -> lat = numbers;
                case SPEED -> speed = numbers;
                case HEADING -> heading = numbers;
                default -> accuracy = numbers;
            }
        }

        List<PositionReport> reports(int seen) {
            for (String required : List.of("unit", "lon", "lat", "time")) {
                if ((seen & bit(required)) == 0) {
                    throw new StrictJson.MalformedJsonException("has no column " + required
                            + "; unit, lon, lat and time are required");
                }
            }
            int n = lengths[0];
            String[] names = {"unit", "lon", "lat", "time", "speed", "heading", "accuracy"};
            for (int b = 1; b < names.length; b++) {
                if ((seen & (1 << b)) != 0 && lengths[b] != n) {
                    throw new StrictJson.MalformedJsonException(names[b] + ": has " + lengths[b]
                            + " entries; unit has " + n + ", and every column needs one entry per position");
                }
            }
            List<PositionReport> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(bad.contains(i) ? INVALID : new PositionReport(unit.get(i), lon[i], lat[i], crs, time.get(i),
                        speed == null ? Double.NaN : speed[i], heading == null ? Double.NaN : heading[i],
                        accuracy == null ? Double.NaN : accuracy[i]));
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- errors

    private static StrictJson.MalformedJsonException malformed(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return new StrictJson.MalformedJsonException("is too large to read (a string, number or nesting beyond the"
                    + " reader's limits)");
        }
        if (e instanceof JsonParseException pe) {
            return new StrictJson.MalformedJsonException("is not well-formed JSON (syntax error at "
                    + (pe.getLocation() == null ? "an unknown place" : "line " + pe.getLocation().getLineNr()
                    + ", column " + pe.getLocation().getColumnNr()) + ")");
        }
        return new StrictJson.MalformedJsonException("is not well-formed JSON");
    }

    private static String where(JsonParser p) {
        return p.currentTokenLocation() == null ? "an unknown place"
                : "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static String printable(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(key.length(), 64); i++) {
            char c = key.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) || c == '\'' ? '?' : c);
        }
        return b.toString();
    }
}

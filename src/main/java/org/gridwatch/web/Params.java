package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import org.gridwatch.codec.StrictJson;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.vocab.Term;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.gridwatch.geo.Geo;

/**
 * Parsing of query parameters and JSON bodies. Every failure is a {@link Problem} (400) whose
 * detail names the field and the reason. Stateless; thread-safe.
 *
 * <p>The rules every route shares (README, "Input rules"; openapi.json):
 * <ul>
 *   <li>Bodies are I-JSON ({@link StrictJson}): well-formed UTF-8, no duplicate keys, no unpaired
 *       surrogates. Text fields hold no control characters (free-text fields may hold line breaks
 *       and tabs).</li>
 *   <li>A date-time is RFC 3339 with an offset and a four-digit year (0000–9999), so that no time
 *       of a query overflows; the times of reports and fixes must moreover lie in
 *       {@link #EARLIEST_EVENT} … now + 5 min.</li>
 *   <li>A time or day parameter given empty ({@code ?from=}) is refused, not read as absent.</li>
 *   <li>Polygons are planar in lon/lat; an edge spanning more than 180° of longitude is refused: a
 *       polygon across the antimeridian must be cut in two at ±180° (RFC 7946 §3.1.9).</li>
 * </ul>
 */
final class Params {
    /**
     * The earliest time a report or a fix may carry (2000-01-01T00:00:00Z; earlier ones come from
     * unset device clocks): one range for incident reports and position fixes.
     */
    static final Instant EARLIEST_EVENT = org.gridwatch.patrol.PositionPipeline.EARLIEST_FIX;
    /** Largest year of a date-time or day: RFC 3339 has four-digit years. */
    private static final int MAX_YEAR = 9999;

    private Params() {
    }

    static String string(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static String requiredString(RoutingContext ctx, String name) {
        String v = string(ctx, name);
        if (v == null) {
            throw Problem.badField(name, "is required");
        }
        return v;
    }

    static double number(String field, String text) {
        try {
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d)) {
                throw Problem.badField(field, "must be a finite number, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw Problem.badField(field, "must be a number, got '" + text + "'");
        }
    }

    /** A longitude in degrees, −180…180. */
    static double lon(String field, double v) {
        if (!Double.isFinite(v) || v < -180 || v > 180) {
            throw Problem.badField(field, "longitude must be a number between -180 and 180, got " + v);
        }
        return v;
    }

    /** A latitude in degrees, −90…90. */
    static double lat(String field, double v) {
        if (!Double.isFinite(v) || v < -90 || v > 90) {
            throw Problem.badField(field, "latitude must be a number between -90 and 90, got " + v);
        }
        return v;
    }

    static Crs crs(String field, String text) {
        if (text == null) {
            return Crs.WGS84;
        }
        return Crs.parse(text).orElseThrow(() -> Problem.badField(field,
                "unknown CRS '" + text + "'; use wgs84, cgcs2000, gcj02 or bd09"));
    }

    /**
     * A query parameter that, when given, must have a value: null when absent, the trimmed value
     * otherwise; {@code ?name=} (empty or blank) is refused rather than read as absent.
     */
    static String nonEmpty(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return null;
        }
        if (v.isBlank()) {
            throw Problem.badField(name, "is empty; give a value or leave the parameter out");
        }
        return v.trim();
    }

    /** Key of the city's time zone in the routing context's data (put there by {@link HttpVerticle}). */
    static final String ZONE_KEY = "gridwatch.zone";

    /**
     * The city's time zone ({@code city.time-zone}, {@link Services#zone()}), for times given
     * without an offset and local days: the one {@link HttpVerticle} put into the request's context.
     */
    static java.time.ZoneId zone(RoutingContext ctx) {
        java.time.ZoneId z = ctx.get(ZONE_KEY);
        if (z == null) {
            throw new IllegalStateException("no city time zone in the routing context (route not installed by HttpVerticle)");
        }
        return z;
    }

    /**
     * A time: an RFC 3339 date-time with offset ({@code 2026-11-27T10:00:00+08:00}), a date-time
     * without one, in the city's time zone ({@code 2026-11-27T10:00}), or a date, the start of that
     * local day ({@code 2026-11-27}); a four-digit year (0000–9999); null when {@code text} is null.
     * Expanded years such as {@code +999999999-12-31T23:59:59Z} are refused: they mean nothing here
     * and overflow the millisecond and microsecond times of indexes and stores.
     */
    static Instant instant(String field, String text, java.time.ZoneId local) {
        if (text == null) {
            return null;
        }
        java.time.ZonedDateTime t;
        try {
            if (isDate(text)) {
                t = java.time.LocalDate.parse(text).atStartOfDay(local);
            } else if (hasOffset(text)) {
                t = OffsetDateTime.parse(text).toZonedDateTime();
            } else {
                t = java.time.LocalDateTime.parse(text).atZone(local);
            }
        } catch (DateTimeParseException e) {
            throw Problem.badField(field, "must be an ISO-8601 date-time, e.g. 2026-11-27T10:00:00+08:00, a local one"
                    + " (2026-11-27T10:00, " + local + ") or a date (2026-11-27, that local day), got '" + clip(text) + "'");
        }
        if (t.getYear() < 0 || t.getYear() > MAX_YEAR) {
            throw Problem.badField(field, "must have a four-digit year (0000-01-01T00:00:00Z … 9999-12-31T23:59:59Z),"
                    + " got '" + clip(text) + "'");
        }
        return t.toInstant();
    }

    /** True when an ISO date-time names its offset: Z, or a sign after the time part begins. */
    private static boolean hasOffset(String text) {
        int t = Math.max(text.indexOf('T'), text.indexOf('t'));
        char last = text.charAt(text.length() - 1);
        return last == 'Z' || last == 'z' || text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0;
    }

    /** True when {@code text} is a date alone ({@code 2026-11-27}): as {@code to}, it means through that day. */
    private static boolean isDate(String text) {
        return text != null && text.indexOf('T') < 0 && text.indexOf('t') < 0;
    }

    /**
     * The time of a report or fix ({@link #instant}) within {@link #EARLIEST_EVENT} …
     * {@code now + maxFutureSkew}.
     */
    static Instant eventTime(String field, String text, Instant now, java.time.Duration maxFutureSkew,
                             java.time.ZoneId local) {
        Instant t = instant(field, text, local);
        if (t == null) {
            return null;
        }
        if (t.isBefore(EARLIEST_EVENT)) {
            throw Problem.badField(field, "lies before " + EARLIEST_EVENT + ", the earliest time accepted (" + t
                    + "; is the device clock set?)");
        }
        if (t.isAfter(now.plus(maxFutureSkew))) {
            throw Problem.badField(field, "lies in the future (" + t + "; at most " + maxFutureSkew.toMinutes()
                    + " min ahead of the server clock are accepted)");
        }
        return t;
    }

    /** A time query parameter ({@link #instant}): null when absent, refused when empty. */
    static Instant queryTime(RoutingContext ctx, String name) {
        return instant(name, nonEmpty(ctx, name), zone(ctx));
    }

    /** A calendar day {@code YYYY-MM-DD} (year 0000–9999), or {@code orElse} when absent; refused when empty. */
    static java.time.LocalDate day(RoutingContext ctx, String field, java.time.LocalDate orElse) {
        String text = nonEmpty(ctx, field);
        if (text == null) {
            return orElse;
        }
        java.time.LocalDate d;
        try {
            d = java.time.LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badField(field, "must be a date YYYY-MM-DD, got '" + clip(text) + "'");
        }
        if (d.getYear() < 0 || d.getYear() > MAX_YEAR) {
            throw Problem.badField(field, "must have a four-digit year (YYYY-MM-DD), got '" + clip(text) + "'");
        }
        return d;
    }

    /**
     * {@code from}/{@code to} query parameters ({@link #queryTime}); {@code to} must be after
     * {@code from}.
     */
    static Instant[] timeWindow(RoutingContext ctx) {
        Instant from = queryTime(ctx, "from");
        String toText = nonEmpty(ctx, "to");
        java.time.ZoneId local = zone(ctx);
        // to=2026-12-01 is through that local day: from=to=one date is that day.
        Instant to = through("to", toText, local);
        if (from != null && to != null && !to.isAfter(from)) {
            throw Problem.badField("to", "the time window is reversed or empty: to (" + to + ") must be after from ("
                    + from + ")");
        }
        return new Instant[] {from, to};
    }

    /**
     * The end of a time ({@link #instant}): a date alone means through that local day (the start of
     * the next); null when {@code text} is null.
     */
    static Instant through(String field, String text, java.time.ZoneId local) {
        Instant t = instant(field, text, local);
        return t != null && isDate(text) ? t.atZone(local).toLocalDate().plusDays(1).atStartOfDay(local).toInstant() : t;
    }

    /** A positive long integer (an id), or a 400 naming {@code field}. */
    static long positiveLong(String field, String text) {
        try {
            long v = Long.parseLong(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw Problem.badField(field, "must be a positive integer, got '" + text + "'");
    }

    static int integer(String field, String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw Problem.badField(field, "must be an integer, got '" + text + "'");
        }
        if (n < min || n > max) {
            throw Problem.badField(field, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    static int limit(RoutingContext ctx, int defaultLimit, int max) {
        String v = string(ctx, "limit");
        return v == null ? defaultLimit : integer("limit", v, 1, max);
    }

    /** {@code minLon,minLat,maxLon,maxLat}. */
    static Envelope bbox(String field, String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw Problem.badField(field, "must be minLon,minLat,maxLon,maxLat");
        }
        double minLon = lon(field, number(field, parts[0].trim()));
        double minLat = lat(field, number(field, parts[1].trim()));
        double maxLon = lon(field, number(field, parts[2].trim()));
        double maxLat = lat(field, number(field, parts[3].trim()));
        if (minLon > maxLon) {
            throw Problem.badField(field, "minLon must not exceed maxLon (minLon,minLat,maxLon,maxLat); a box across the"
                    + " antimeridian is not supported: query each side of ±180° on its own");
        }
        if (minLat > maxLat) {
            throw Problem.badField(field, "minLat must not exceed maxLat (minLon,minLat,maxLon,maxLat)");
        }
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }

    /**
     * A Polygon or MultiPolygon as GeoJSON or WKT, valid, with at most {@code maxVertices} vertices,
     * none of its edges spanning more than 180° of longitude. Coordinates are planar lon/lat, so an
     * edge from 170° to −170° would run the long way round (340°): such a polygon, meant to cross
     * the antimeridian, must be sent cut in two at ±180° as a MultiPolygon (RFC 7946 §3.1.9).
     */
    static Polygonal polygon(String field, String text, int maxVertices) {
        if (text == null) {
            return null;
        }
        Geometry g;
        if (text.startsWith("{")) {
            Object json = strict(field, text).value();
            if (!(json instanceof JsonObject o)) {
                throw Problem.badField(field, "must be a GeoJSON geometry object");
            }
            try {
                g = GeoJson.read(o);
            } catch (IllegalArgumentException e) {
                throw Problem.badField(field, e.getMessage());
            }
        } else {
            try {
                g = new WKTReader(Geo.FACTORY).read(text);
            } catch (ParseException | IllegalArgumentException e) {
                throw Problem.badField(field, "is neither GeoJSON nor valid WKT: " + e.getMessage());
            }
        }
        if (!(g instanceof Polygonal p)) {
            throw Problem.badField(field, "must be a Polygon or MultiPolygon, got " + g.getGeometryType());
        }
        if (g.getNumPoints() > maxVertices) {
            throw Problem.badField(field, "has " + g.getNumPoints() + " vertices; at most " + maxVertices + " are allowed");
        }
        if (g.isEmpty()) {
            throw Problem.badField(field, "is empty");
        }
        for (org.locationtech.jts.geom.Coordinate c : g.getCoordinates()) {
            lon(field, c.x);
            lat(field, c.y);
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            org.locationtech.jts.geom.Polygon part = (org.locationtech.jts.geom.Polygon) g.getGeometryN(i);
            narrowEdges(field, part.getExteriorRing());
            for (int r = 0; r < part.getNumInteriorRing(); r++) {
                narrowEdges(field, part.getInteriorRingN(r));
            }
        }
        if (!g.isValid()) {
            org.locationtech.jts.operation.valid.TopologyValidationError err =
                    new org.locationtech.jts.operation.valid.IsValidOp(g).getValidationError();
            throw Problem.badField(field, "is not a valid polygon: " + err.getMessage() + " at "
                    + err.getCoordinate().x + " " + err.getCoordinate().y);
        }
        return p;
    }

    /** Refuses a ring with an edge spanning more than 180° of longitude (see {@link #polygon}). */
    private static void narrowEdges(String field, org.locationtech.jts.geom.LineString ring) {
        for (int k = 1; k < ring.getNumPoints(); k++) {
            org.locationtech.jts.geom.Coordinate a = ring.getCoordinateN(k - 1);
            org.locationtech.jts.geom.Coordinate b = ring.getCoordinateN(k);
            if (Math.abs(b.x - a.x) > 180) {
                throw Problem.badField(field, "the edge from (" + a.x + " " + a.y + ") to (" + b.x + " " + b.y + ") spans "
                        + Math.abs(b.x - a.x) + "° of longitude; edges are straight lines in lon/lat, so it would run the"
                        + " long way round the globe. A polygon across the antimeridian must be cut in two at ±180°"
                        + " (a MultiPolygon, RFC 7946 §3.1.9)");
            }
        }
    }

    /** A comma-separated list of vocabulary ids; empty set when absent. */
    /**
     * A set of vocabulary ids: comma-separated, and the parameter may be repeated
     * ({@code ?category=fraud&category=dispute}: both); empty when absent.
     */
    static <E extends Enum<E> & Term> Set<E> enumSet(RoutingContext ctx, String field, Class<E> type) {
        Set<E> out = EnumSet.noneOf(type);
        for (String v : ctx.request().params().getAll(field)) {
            if (v == null || v.isBlank()) {
                continue;
            }
            for (String part : v.split(",")) {
                out.add(term(field, type, part.trim()));
            }
        }
        return out;
    }

    /** One vocabulary id. */
    static <E extends Enum<E> & Term> E term(String field, Class<E> type, String id) {
        return Term.parse(type, id).orElseThrow(() -> Problem.badField(field, "unknown value '" + id + "'; one of "
                + Term.ids(type)));
    }

    /** The request body as a JSON object. */
    static JsonObject bodyObject(RoutingContext ctx) {
        Object v = bodyValue(ctx);
        if (v instanceof JsonObject o) {
            return o;
        }
        throw Problem.badField("body", "must be a JSON object");
    }

    /**
     * The request body as any JSON value, read strictly ({@link StrictJson}): a body that is not
     * well-formed UTF-8 or JSON is refused as {@code body}; one with a duplicate key or an unpaired
     * surrogate names the first place at fault as the field (e.g. {@code category}).
     */
    static Object bodyValue(RoutingContext ctx) {
        String text = bodyText(ctx);
        if (text == null || text.isBlank()) {
            throw Problem.badField("body", "is empty; a JSON document is required");
        }
        Object v = strictBody(text).value();
        if (v instanceof JsonObject || v instanceof JsonArray) {
            return v;
        }
        throw Problem.badField("body", "must be a JSON object or array");
    }

    /** The body as text, decoded as strict UTF-8 (malformed bytes refused, not replaced); null when there is none. */
    static String bodyText(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null) {
            return null;
        }
        try {
            return StrictJson.utf8(ctx.body().buffer().getBytes());
        } catch (StrictJson.MalformedJsonException e) {
            throw Problem.badField("body", e.getMessage());
        }
    }

    /** A whole body read strictly; its first fault is the problem, named by its path. */
    static StrictJson.Document strictBody(String text) {
        StrictJson.Document d;
        try {
            d = StrictJson.read(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw Problem.badField("body", e.getMessage());
        }
        if (!d.faults().isEmpty()) {
            StrictJson.Fault f = d.faults().get(0);
            throw f.path().isEmpty() ? Problem.badField("body", f.reason()) : Problem.badField(f.path(), f.reason());
        }
        return d;
    }

    /** A JSON parameter ({@code field}) read strictly; any fault is the problem of {@code field}. */
    private static StrictJson.Document strict(String field, String text) {
        StrictJson.Document d;
        try {
            d = StrictJson.read(text);
        } catch (StrictJson.MalformedJsonException e) {
            throw Problem.badField(field, e.getMessage());
        }
        if (!d.faults().isEmpty()) {
            throw Problem.badField(field, d.faults().get(0).describe());
        }
        return d;
    }

    /** At most 100 characters of a client's text, for quoting it in a problem. */
    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    // ------------------------------------------------------------ JSON body fields

    /**
     * A one-line text field: a string of at most {@code maxLength} UTF-16 units without control
     * characters (U+0000–U+001F, U+007F–U+009F) or unpaired surrogates; null when absent and not required.
     */
    static String str(JsonObject o, String field, boolean required, int maxLength) {
        return text(o, field, required, maxLength, false);
    }

    /** A free-text field: as {@link #str}, but line breaks (CR, LF) and tabs are allowed. */
    static String freeText(JsonObject o, String field, boolean required, int maxLength) {
        return text(o, field, required, maxLength, true);
    }

    private static String text(JsonObject o, String field, boolean required, int maxLength, boolean multiline) {
        Object v = o.getValue(field);
        if (v == null) {
            if (required) {
                throw Problem.badField(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw Problem.badField(field, "must be a string");
        }
        if (required && s.isBlank()) {
            throw Problem.badField(field, "must not be blank");
        }
        if (s.length() > maxLength) {
            throw Problem.badField(field, "is longer than " + maxLength + " characters");
        }
        checkText(field, s, multiline);
        return s;
    }

    /** Refuses control characters (but CR, LF and tab when {@code multiline}) and unpaired surrogates. */
    static void checkText(String field, String s, boolean multiline) {
        int bad = StrictJson.unpairedSurrogate(s);
        if (bad >= 0) {
            throw Problem.badField(field, String.format("is not well-formed Unicode: an unpaired surrogate U+%04X at"
                    + " character %d", (int) s.charAt(bad), bad));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                throw Problem.badField(field, String.format("holds the control character U+%04X at character %d; %s",
                        (int) c, i, multiline ? "only line breaks and tabs are allowed in this text"
                                : "this text is one line without control characters"));
            }
        }
    }

    static double num(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            throw Problem.badField(field, "is required");
        }
        if (!(v instanceof Number n)) {
            throw Problem.badField(field, "must be a number");
        }
        return n.doubleValue();
    }

    static Integer optInt(JsonObject o, String field, int min, int max) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw Problem.badField(field, "must be an integer");
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw Problem.badField(field, "must be between " + min + " and " + max + ", got " + l);
        }
        return (int) l;
    }
}

package org.gridwatch.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
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
 */
final class Params {
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

    static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badField(field, "must be an ISO-8601 date-time with offset, e.g. 2026-11-27T10:00:00+08:00, got '"
                    + text + "'");
        }
    }

    /** A calendar day {@code YYYY-MM-DD}, or {@code orElse} when absent. */
    static java.time.LocalDate day(RoutingContext ctx, String field, java.time.LocalDate orElse) {
        String text = string(ctx, field);
        if (text == null) {
            return orElse;
        }
        try {
            return java.time.LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badField(field, "must be a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    /** {@code from}/{@code to} query parameters; {@code to} must be after {@code from}. */
    static Instant[] timeWindow(RoutingContext ctx) {
        Instant from = instant("from", string(ctx, "from"));
        Instant to = instant("to", string(ctx, "to"));
        if (from != null && to != null && !to.isAfter(from)) {
            throw Problem.badField("to", "the time window is reversed or empty: to (" + to + ") must be after from ("
                    + from + ")");
        }
        return new Instant[] {from, to};
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
        if (minLon > maxLon || minLat > maxLat) {
            throw Problem.badField(field, "min must not exceed max (minLon,minLat,maxLon,maxLat)");
        }
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }

    /** A Polygon or MultiPolygon as GeoJSON or WKT, valid, with at most {@code maxVertices} vertices. */
    static Polygonal polygon(String field, String text, int maxVertices) {
        if (text == null) {
            return null;
        }
        Geometry g;
        if (text.startsWith("{")) {
            try {
                g = GeoJson.read(new JsonObject(text));
            } catch (DecodeException e) {
                throw Problem.badField(field, "is not valid JSON");
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
        if (!g.isValid()) {
            org.locationtech.jts.operation.valid.TopologyValidationError err =
                    new org.locationtech.jts.operation.valid.IsValidOp(g).getValidationError();
            throw Problem.badField(field, "is not a valid polygon: " + err.getMessage() + " at "
                    + err.getCoordinate().x + " " + err.getCoordinate().y);
        }
        return p;
    }

    /** A comma-separated list of vocabulary ids; empty set when absent. */
    static <E extends Enum<E> & Term> Set<E> enumSet(RoutingContext ctx, String field, Class<E> type) {
        String v = string(ctx, field);
        Set<E> out = EnumSet.noneOf(type);
        if (v == null) {
            return out;
        }
        for (String part : v.split(",")) {
            out.add(term(field, type, part.trim()));
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

    /** The request body as any JSON value. */
    static Object bodyValue(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw Problem.badField("body", "is empty; a JSON document is required");
        }
        try {
            Object v = io.vertx.core.json.Json.decodeValue(text);
            if (v instanceof JsonObject || v instanceof JsonArray) {
                return v;
            }
            throw Problem.badField("body", "must be a JSON object or array");
        } catch (DecodeException e) {
            throw Problem.badField("body", "is not well-formed JSON: " + org.gridwatch.codec.JsonSyntax.describe(e));
        }
    }

    // ------------------------------------------------------------ JSON body fields

    static String str(JsonObject o, String field, boolean required, int maxLength) {
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
        return s;
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

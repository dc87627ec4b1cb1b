package org.gridwatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * GeoJSON (RFC 7946) geometry codec between Vert.x {@link JsonObject} and JTS, WGS84 lon/lat
 * (x = longitude), and from JTS straight into JSON text ({@link #append}, for answers of many
 * features). Output coordinates are rounded to {@code 1e-7}° (about 1 cm).
 *
 * <p>Reading throws {@link IllegalArgumentException} with a message naming what is wrong;
 * it checks structure (types, nesting, finite numbers, closed rings of ≥ 4 positions), not
 * topological validity, which the caller checks with {@link Geometry#isValid()} where it matters.
 *
 * <p>Thread-safe: stateless.
 */
public final class GeoJson {
    private static final double ROUND = 1e7;

    private GeoJson() {
    }

    // ---------------------------------------------------------------- writing

    /** Encodes a geometry as a GeoJSON geometry object. */
    public static JsonObject write(Geometry g) {
        // A LinearRing is a LineString to GeoJSON; "LinearRing" is not an RFC 7946 type.
        String type = g instanceof LinearRing ? "LineString" : g.getGeometryType();
        JsonObject o = new JsonObject().put("type", type);
        if (g instanceof GeometryCollection gc && !(g instanceof MultiPoint || g instanceof MultiLineString
                || g instanceof MultiPolygon)) {
            JsonArray parts = new JsonArray();
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                parts.add(write(gc.getGeometryN(i)));
            }
            return o.put("geometries", parts);
        }
        return o.put("coordinates", coordinates(g));
    }

    private static Object coordinates(Geometry g) {
        if (g instanceof Point p) {
            return p.isEmpty() ? new JsonArray() : position(p.getCoordinate());
        }
        if (g instanceof LineString l) {
            return positions(l.getCoordinates());
        }
        if (g instanceof Polygon p) {
            JsonArray rings = new JsonArray();
            if (!p.isEmpty()) {
                rings.add(positions(p.getExteriorRing().getCoordinates()));
                for (int i = 0; i < p.getNumInteriorRing(); i++) {
                    rings.add(positions(p.getInteriorRingN(i).getCoordinates()));
                }
            }
            return rings;
        }
        JsonArray parts = new JsonArray();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            parts.add(coordinates(g.getGeometryN(i)));
        }
        return parts;
    }

    private static JsonArray positions(Coordinate[] cs) {
        JsonArray a = new JsonArray();
        for (Coordinate c : cs) {
            a.add(position(c));
        }
        return a;
    }

    private static JsonArray position(Coordinate c) {
        return new JsonArray().add(round(c.x)).add(round(c.y));
    }

    /**
     * Appends {@code g} as GeoJSON geometry text: the same JSON as {@code write(g).encode()}
     * (numbers may be spelled differently, e.g. {@code 1.3E7} as {@code 13000000.0}, but parse to
     * the same doubles), written straight into {@code out} without an object tree.
     *
     * @return out
     */
    public static JsonText append(JsonText out, Geometry g) {
        String type = g instanceof LinearRing ? "LineString" : g.getGeometryType();
        out.raw("{\"type\":\"").raw(type).raw('"');
        if (g instanceof GeometryCollection gc && !(g instanceof MultiPoint || g instanceof MultiLineString
                || g instanceof MultiPolygon)) {
            out.raw(",\"geometries\":[");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                append(out, gc.getGeometryN(i));
            }
            return out.raw("]}");
        }
        out.raw(",\"coordinates\":");
        appendCoordinates(out, g);
        return out.raw('}');
    }

    private static void appendCoordinates(JsonText out, Geometry g) {
        if (g instanceof Point p) {
            if (p.isEmpty()) {
                out.raw("[]");
            } else {
                out.raw('[').coordinate(p.getX()).raw(',').coordinate(p.getY()).raw(']');
            }
            return;
        }
        if (g instanceof LineString l) {
            appendPositions(out, l.getCoordinateSequence());
            return;
        }
        out.raw('[');
        if (g instanceof Polygon p) {
            if (!p.isEmpty()) {
                appendPositions(out, p.getExteriorRing().getCoordinateSequence());
                for (int i = 0; i < p.getNumInteriorRing(); i++) {
                    out.raw(',');
                    appendPositions(out, p.getInteriorRingN(i).getCoordinateSequence());
                }
            }
        } else {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                appendCoordinates(out, g.getGeometryN(i));
            }
        }
        out.raw(']');
    }

    private static void appendPositions(JsonText out, CoordinateSequence cs) {
        out.raw('[');
        for (int i = 0, n = cs.size(); i < n; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.raw('[').coordinate(cs.getX(i)).raw(',').coordinate(cs.getY(i)).raw(']');
        }
        out.raw(']');
    }

    /** Rounds a degree value to 1e-7° for output. */
    public static double round(double degrees) {
        return Math.round(degrees * ROUND) / ROUND;
    }

    /** A GeoJSON Feature with the given id (may be null), geometry and properties. */
    public static JsonObject feature(Object id, Geometry geometry, JsonObject properties) {
        JsonObject f = new JsonObject().put("type", "Feature");
        if (id != null) {
            f.put("id", id);
        }
        return f.put("geometry", geometry == null ? null : write(geometry)).put("properties", properties);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Decodes a GeoJSON geometry object.
     *
     * @throws IllegalArgumentException if the object is not a well-formed GeoJSON geometry
     */
    public static Geometry read(JsonObject o) {
        return read(o, "");
    }

    /** {@code prefix} is the path of {@code o} inside an enclosing GeometryCollection, "" at the top. */
    private static Geometry read(JsonObject o, String prefix) {
        String where = prefix.isEmpty() ? "geometry" : prefix;
        if (o == null) {
            throw new IllegalArgumentException(where + " is missing");
        }
        Object typeValue = o.getValue("type");
        if (!(typeValue instanceof String type)) {
            throw new IllegalArgumentException(where + " has no \"type\"");
        }
        String base = prefix.isEmpty() ? "" : prefix + ".";
        if (type.equals("GeometryCollection")) {
            JsonArray parts = array(o.getValue("geometries"), base + "geometries");
            Geometry[] gs = new Geometry[parts.size()];
            for (int i = 0; i < gs.length; i++) {
                String p = base + "geometries[" + i + "]";
                gs[i] = read(object(parts.getValue(i), p), p);
            }
            return Geo.FACTORY.createGeometryCollection(gs);
        }
        // Check the type before the coordinates, so an unknown type is reported as such.
        switch (type) {
            case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon" -> { }
            default -> throw new IllegalArgumentException(where + ": unsupported geometry type \"" + type + "\"");
        }
        String cp = base + "coordinates";
        JsonArray c = array(o.getValue("coordinates"), cp);
        return switch (type) {
            case "Point" -> Geo.FACTORY.createPoint(coordinate(c, cp));
            case "MultiPoint" -> Geo.FACTORY.createMultiPointFromCoords(coordinateArray(c, cp, 0));
            case "LineString" -> Geo.FACTORY.createLineString(coordinateArray(c, cp, 2));
            case "MultiLineString" -> {
                LineString[] ls = new LineString[c.size()];
                for (int i = 0; i < ls.length; i++) {
                    String path = cp + "[" + i + "]";
                    ls[i] = Geo.FACTORY.createLineString(coordinateArray(array(c.getValue(i), path), path, 2));
                }
                yield Geo.FACTORY.createMultiLineString(ls);
            }
            case "Polygon" -> polygon(c, cp);
            case "MultiPolygon" -> {
                Polygon[] ps = new Polygon[c.size()];
                for (int i = 0; i < ps.length; i++) {
                    String path = cp + "[" + i + "]";
                    ps[i] = polygon(array(c.getValue(i), path), path);
                }
                yield Geo.FACTORY.createMultiPolygon(ps);
            }
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    private static Polygon polygon(JsonArray rings, String path) {
        if (rings.isEmpty()) {
            return Geo.FACTORY.createPolygon();
        }
        LinearRing shell = ring(array(rings.getValue(0), path + "[0]"), path + "[0]");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            String p = path + "[" + i + "]";
            holes[i - 1] = ring(array(rings.getValue(i), p), p);
        }
        return Geo.FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonArray a, String path) {
        Coordinate[] cs = coordinateArray(a, path, 4);
        if (!cs[0].equals2D(cs[cs.length - 1])) {
            throw new IllegalArgumentException(path + ": ring is not closed (first and last positions differ)");
        }
        return Geo.FACTORY.createLinearRing(cs);
    }

    private static Coordinate[] coordinateArray(JsonArray a, String path, int min) {
        if (a.size() < min) {
            throw new IllegalArgumentException(path + ": needs at least " + min + " positions, has " + a.size());
        }
        Coordinate[] cs = new Coordinate[a.size()];
        for (int i = 0; i < cs.length; i++) {
            String p = path + "[" + i + "]";
            cs[i] = coordinate(array(a.getValue(i), p), p);
        }
        return cs;
    }

    private static Coordinate coordinate(JsonArray a, String path) {
        if (a.size() < 2) {
            throw new IllegalArgumentException(path + ": a position needs [lon, lat]");
        }
        double x = number(a.getValue(0), path + "[0]");
        double y = number(a.getValue(1), path + "[1]");
        if (!Geo.isValidLonLat(x, y)) {
            throw new IllegalArgumentException(path + ": lon/lat out of range: [" + x + ", " + y + "]");
        }
        return new Coordinate(x, y);
    }

    private static double number(Object v, String path) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException(path + ": not a finite number");
    }

    private static JsonArray array(Object v, String path) {
        if (v instanceof JsonArray a) {
            return a;
        }
        if (v instanceof java.util.List<?> l) {
            return new JsonArray(new java.util.ArrayList<>(l));
        }
        throw new IllegalArgumentException(path + ": expected an array");
    }

    private static JsonObject object(Object v, String path) {
        if (v instanceof JsonObject o) {
            return o;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> map = (java.util.Map<String, Object>) m;
            return new JsonObject(map);
        }
        throw new IllegalArgumentException(path + ": expected an object");
    }
}

package org.gridwatch.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Geometry literals: WKT (through JTS), BBOX and GeoJSON, built with one factory (SRID 0: the
 * literal is in the filter's CRS until the caller maps it).
 */
final class Geometries {
    static final GeometryFactory FACTORY = new GeometryFactory();

    private Geometries() {
    }

    /** The WKT literal {@code text[start, end)}. */
    static Geometry wkt(String text, int start, int end) {
        String wkt = text.substring(start, end);
        try {
            return new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new Cql2Exception(start, null, "invalid WKT geometry: " + e.getMessage());
        } catch (RuntimeException e) {
            // JTS rejects some structures (an unclosed ring, too few points) with IllegalArgumentException.
            throw new Cql2Exception(start, null, "invalid WKT geometry: " + e.getMessage());
        }
    }

    /** {@code [minx, miny, maxx, maxy]} or {@code [minx, miny, minz, maxx, maxy, maxz]} as a polygon. */
    static Geometry bbox(double[] v, int position) {
        if (v.length != 4 && v.length != 6) {
            throw new Cql2Exception(position, null, "a BBOX has 4 or 6 numbers, not " + v.length);
        }
        int half = v.length / 2;
        double minX = v[0];
        double minY = v[1];
        double maxX = v[half];
        double maxY = v[half + 1];
        if (minX > maxX || minY > maxY) {
            throw new Cql2Exception(position, null, "a BBOX needs minx <= maxx and miny <= maxy"
                    + " (boxes across the antimeridian are not supported)");
        }
        return FACTORY.toGeometry(new Envelope(minX, maxX, minY, maxY));
    }

    /** A GeoJSON geometry object. */
    static Geometry geoJson(Json.Obj o, int depth) {
        if (depth > Cql2.MAX_DEPTH) {
            throw new Cql2Exception(o.pos(), null, "the geometry nests deeper than " + Cql2.MAX_DEPTH + " levels");
        }
        Map<String, Json.Value> m = o.members();
        if (!(m.get("type") instanceof Json.Str type)) {
            throw new Cql2Exception(o.pos(), null, "a GeoJSON geometry needs a \"type\" string");
        }
        try {
            if (type.value().equals("GeometryCollection")) {
                List<Geometry> parts = new ArrayList<>();
                for (Json.Value g : array(m.get("geometries"), o, "geometries").items()) {
                    if (!(g instanceof Json.Obj go)) {
                        throw new Cql2Exception(g.pos(), null, "a GeometryCollection holds geometry objects");
                    }
                    parts.add(geoJson(go, depth + 1));
                }
                return FACTORY.createGeometryCollection(parts.toArray(new Geometry[0]));
            }
            Json.Arr c = array(m.get("coordinates"), o, "coordinates");
            return switch (type.value()) {
                case "Point" -> FACTORY.createPoint(coordinate(c));
                case "LineString" -> FACTORY.createLineString(coordinates(c));
                case "Polygon" -> polygon(c);
                case "MultiPoint" -> FACTORY.createMultiPoint(each(c).stream().map(p -> FACTORY.createPoint(coordinate(p)))
                        .toArray(Point[]::new));
                case "MultiLineString" -> FACTORY.createMultiLineString(each(c).stream()
                        .map(l -> FACTORY.createLineString(coordinates(l))).toArray(LineString[]::new));
                case "MultiPolygon" -> FACTORY.createMultiPolygon(each(c).stream().map(Geometries::polygon)
                        .toArray(Polygon[]::new));
                default -> throw new Cql2Exception(type.pos(), null, "unknown GeoJSON geometry type '" + type.value() + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new Cql2Exception(o.pos(), null, "invalid GeoJSON " + type.value() + ": " + e.getMessage());
        }
    }

    private static Polygon polygon(Json.Arr rings) {
        List<Json.Arr> r = each(rings);
        if (r.isEmpty()) {
            return FACTORY.createPolygon();
        }
        LinearRing shell = FACTORY.createLinearRing(coordinates(r.get(0)));
        LinearRing[] holes = new LinearRing[r.size() - 1];
        for (int i = 1; i < r.size(); i++) {
            holes[i - 1] = FACTORY.createLinearRing(coordinates(r.get(i)));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static Coordinate[] coordinates(Json.Arr points) {
        return each(points).stream().map(Geometries::coordinate).toArray(Coordinate[]::new);
    }

    private static Coordinate coordinate(Json.Arr p) {
        List<Json.Value> v = p.items();
        if (v.size() < 2 || v.size() > 3) {
            throw new Cql2Exception(p.pos(), null, "a GeoJSON position has 2 or 3 numbers");
        }
        double[] d = new double[v.size()];
        for (int i = 0; i < d.length; i++) {
            if (!(v.get(i) instanceof Json.Num n)) {
                throw new Cql2Exception(v.get(i).pos(), null, "a GeoJSON position holds numbers, not " + v.get(i).describe());
            }
            d[i] = n.value();
        }
        return d.length == 3 ? new Coordinate(d[0], d[1], d[2]) : new Coordinate(d[0], d[1]);
    }

    private static List<Json.Arr> each(Json.Arr a) {
        List<Json.Arr> out = new ArrayList<>(a.items().size());
        for (Json.Value v : a.items()) {
            if (!(v instanceof Json.Arr inner)) {
                throw new Cql2Exception(v.pos(), null, "expected an array of coordinates, found " + v.describe());
            }
            out.add(inner);
        }
        return out;
    }

    private static Json.Arr array(Json.Value v, Json.Obj owner, String member) {
        if (v instanceof Json.Arr a) {
            return a;
        }
        throw new Cql2Exception(v == null ? owner.pos() : v.pos(), null, "a GeoJSON geometry needs a \"" + member + "\" array");
    }
}

package org.gridwatch.web;

import java.util.List;
import java.util.Locale;
import org.gridwatch.geo.EpsgTransform;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The coordinate reference systems of OGC API – Features Part 2 that {@code /ogcapi} answers in and
 * accepts: CRS84 (the default, lon/lat), EPSG:4326 and EPSG:4490 (CGCS2000) in their registered
 * lat/lon axis order, EPSG:3857, and the CGCS2000 3° Gauss–Krüger zone of the city, EPSG:4527
 * (zone 39, zone number in the false easting) and EPSG:4548 (CM 117°E), in their registered
 * northing/easting order. Axis order follows the EPSG registry as Part 2 requires; inside GridWatch
 * x is always the longitude / easting.
 *
 * @param uri     the OGC CRS URI, e.g. {@code http://www.opengis.net/def/crs/EPSG/0/4490}
 * @param epsg    the EPSG code (4326 for CRS84)
 * @param swapped whether the registered axis order puts y (latitude / northing) first
 */
record OgcCrs(String uri, int epsg, boolean swapped) {
    static final OgcCrs CRS84 = new OgcCrs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false);
    /** Every CRS answered, CRS84 first. */
    static final List<OgcCrs> SUPPORTED = List.of(CRS84, epsg(4326, true), epsg(4490, true), epsg(3857, false),
            epsg(4527, true), epsg(4548, true));

    private static OgcCrs epsg(int code, boolean swapped) {
        return new OgcCrs("http://www.opengis.net/def/crs/EPSG/0/" + code, code, swapped);
    }

    /**
     * The CRS a parameter names: its URI, its safe CURIE {@code [EPSG:4490]} or {@code EPSG:4490}.
     *
     * @throws Problem 400 naming {@code field} for a CRS not supported
     */
    static OgcCrs parse(String field, String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        for (OgcCrs c : SUPPORTED) {
            if (c.uri.equals(t) || (c != CRS84 && t.toUpperCase(Locale.ROOT).equals("EPSG:" + c.epsg))
                    || (c == CRS84 && t.equalsIgnoreCase("OGC:CRS84"))) {
                return c;
            }
        }
        throw Problem.badField(field, "unsupported CRS '" + clip(t) + "'; one of " + uris());
    }

    /** The URIs, for messages and the collections' {@code crs} lists. */
    static List<String> uris() {
        return SUPPORTED.stream().map(OgcCrs::uri).toList();
    }

    /** {@code g} (WGS84 lon/lat) in this CRS and its axis order. Use per call: proj4j transforms are not thread-safe. */
    Geometry fromWgs84(Geometry g) {
        Geometry out = epsg == 4326 || epsg == 4490 ? g.copy() : EpsgTransform.toEpsg(epsg).apply(g);
        if (swapped) {
            swap(out);
        }
        return out;
    }

    /** {@code g} given in this CRS and its axis order, in WGS84 lon/lat. */
    Geometry toWgs84(Geometry g) {
        Geometry in = g.copy();
        if (swapped) {
            swap(in);
        }
        return epsg == 4326 || epsg == 4490 ? in : EpsgTransform.fromEpsg(epsg).apply(in);
    }

    /** A box given in this CRS and its axis order ({minA, minB, maxA, maxB}), as a WGS84 lon/lat envelope. */
    Envelope boxToWgs84(double a1, double b1, double a2, double b2) {
        Envelope e = swapped ? new Envelope(b1, b2, a1, a2) : new Envelope(a1, a2, b1, b2);
        if (epsg == 4326 || epsg == 4490) {
            return e;
        }
        // A projected box's edges are curves in lon/lat: its envelope needs more than the four corners.
        Geometry box = org.gridwatch.geo.Geo.FACTORY.toGeometry(e);
        double step = Math.max(e.getWidth(), e.getHeight()) / 16;
        Geometry dense = step > 0 ? org.locationtech.jts.densify.Densifier.densify(box, step) : box;
        return EpsgTransform.fromEpsg(epsg).apply(dense).getEnvelopeInternal();
    }

    /** Swaps x and y in place (the default coordinate sequences hold the coordinates themselves). */
    private static void swap(Geometry g) {
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            double x = c.x;
            c.x = c.y;
            c.y = x;
        });
        g.geometryChanged();
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

package org.gridwatch.geo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The one geometry factory of GridWatch: WGS84 lon/lat, SRID 4326, x = longitude, y = latitude,
 * floating precision. CGCS2000 (EPSG:4490) is treated as WGS84 at metre level.
 *
 * <p>Thread-safe: {@link GeometryFactory} is immutable.
 */
public final class Geo {
    /** SRID of every geometry GridWatch stores and computes with. */
    public static final int SRID = 4326;

    /** Factory for WGS84 lon/lat geometries. */
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), SRID);

    private Geo() {
    }

    /** A WGS84 point; {@code lon} is x, {@code lat} is y, both in degrees. */
    public static Point point(double lon, double lat) {
        return FACTORY.createPoint(new Coordinate(lon, lat));
    }

    /** True when {@code lon} and {@code lat} are finite and within [-180, 180] and [-90, 90]. */
    public static boolean isValidLonLat(double lon, double lat) {
        return Double.isFinite(lon) && Double.isFinite(lat)
                && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
    }
}

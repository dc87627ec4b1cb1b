package org.gridwatch.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Envelope;

/**
 * Geodesic distances on the WGS84 ellipsoid (Karney's algorithm, accurate to nanometres), in metres.
 *
 * <p>Thread-safe: stateless.
 */
public final class Geodesy {
    /** Metres per degree of latitude, rounded down (the meridian degree is 110.57–111.69 km). */
    private static final double MIN_METRES_PER_DEGREE_LAT = 110_500.0;

    private Geodesy() {
    }

    /** Geodesic distance in metres between two WGS84 lon/lat points. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * A lon/lat envelope that contains every point within {@code radiusMetres} (geodesic) of the
     * centre; a conservative first-phase filter for radius queries, exact test to follow.
     * Valid away from the poles and the antimeridian (true for any Chinese city).
     */
    public static Envelope envelopeAround(double lon, double lat, double radiusMetres) {
        double dLat = radiusMetres / MIN_METRES_PER_DEGREE_LAT;
        double maxAbsLat = Math.min(89.0, Math.abs(lat) + dLat);
        double dLon = dLat / Math.cos(Math.toRadians(maxAbsLat));
        return new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
    }
}

package org.gridwatch.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import net.sf.geographiclib.PolygonArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Geodesic distances on the WGS84 ellipsoid (Karney's algorithm, accurate to nanometres), in metres.
 *
 * <p>Thread-safe: stateless.
 */
public final class Geodesy {
    /** Metres per degree of latitude, rounded down (the meridian degree is 110.57–111.69 km). */
    private static final double MIN_METRES_PER_DEGREE_LAT = 110_500.0;
    /** WGS84 semi-major axis, metres. */
    private static final double A = 6_378_137.0;
    /** WGS84 first eccentricity squared. */
    private static final double E2 = 6.69437999014e-3;
    /** Relative margin within which {@link #withinDistance} falls back to the exact geodesic. */
    private static final double APPROX_MARGIN = 0.01;

    private Geodesy() {
    }

    /** Geodesic distance in metres between two WGS84 lon/lat points. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /** WGS84 flattening. */
    private static final double F = 1 / 298.257223563;
    /** WGS84 semi-minor axis, metres. */
    private static final double B = A * (1 - F);

    /**
     * Geodesic distance in metres between two WGS84 lon/lat points less than 1,000 km apart, by
     * Vincenty's inverse formula: the same figure as {@link #distance} to well under a millimetre at
     * these distances (GeodesyTest holds the two together), for a fraction of its cost (two or three
     * iterations of plain trigonometry, where Karney's series call {@code Math.hypot}, slow on this
     * JDK, dozens of times). Falls back to {@link #distance} if the iteration does not settle (near
     * antipodal points, which the range excludes anyway).
     */
    public static double shortDistance(double lon1, double lat1, double lon2, double lat2) {
        double tanU1 = (1 - F) * Math.tan(Math.toRadians(lat1));
        double tanU2 = (1 - F) * Math.tan(Math.toRadians(lat2));
        double cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
        double sinU1 = tanU1 * cosU1;
        double cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
        double sinU2 = tanU2 * cosU2;
        double l = Math.toRadians(lon2 - lon1);
        double lambda = l;
        for (int i = 0; i < 20; i++) {
            double sinLambda = Math.sin(lambda);
            double cosLambda = Math.cos(lambda);
            double x = cosU2 * sinLambda;
            double y = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
            double sinSigma = Math.sqrt(x * x + y * y);
            if (sinSigma == 0) {
                return 0; // the same point
            }
            double cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            double sigma = Math.atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            double cos2Alpha = 1 - sinAlpha * sinAlpha;
            double cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
            double c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
            double next = l + (1 - c) * F * sinAlpha
                    * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.abs(next - lambda) < 1e-12) {
                double u2 = cos2Alpha * (A * A - B * B) / (B * B);
                double a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
                double b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
                double deltaSigma = b * sinSigma * (cos2SigmaM + b / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                        - b / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return B * a * (sigma - deltaSigma);
            }
            lambda = next;
        }
        return distance(lon1, lat1, lon2, lat2);
    }

    /**
     * Approximate distance in metres by the local flat-earth (equirectangular) projection with the
     * WGS84 meridional and prime-vertical radii at the mean latitude. Within 0.5 % of the geodesic
     * distance up to 200 km away from the poles; a cheap pre-test, never the final answer for
     * points near a threshold ({@link #withinDistance}).
     */
    public static double approxDistance(double lon1, double lat1, double lon2, double lat2) {
        double phi = Math.toRadians((lat1 + lat2) / 2);
        double s = Math.sin(phi);
        double w = Math.sqrt(1 - E2 * s * s);
        double meridional = A * (1 - E2) / (w * w * w);
        double primeVertical = A / w;
        double dy = Math.toRadians(lat2 - lat1) * meridional;
        double dx = Math.toRadians(lon2 - lon1) * primeVertical * Math.cos(phi);
        return Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * {@link #approxDistance} from one point to many: the radii and the cosine of the point's
     * latitude are computed once, the cosine at each pair's mean latitude follows by a second-order
     * Taylor step (no trigonometry per point). Within 0.02 % of {@link #approxDistance} up to
     * 200 km (a latitude difference of 1.8°: the step's error is below 10⁻⁶, the radii's about
     * 10⁻⁴), so within 0.52 % of the geodesic there. Immutable; thread-safe.
     */
    public static final class From {
        private final double lon;
        private final double lat;
        private final double cos;
        private final double sin;
        /** Metres per radian of latitude and of longitude (before the cosine) at the point. */
        private final double meridional;
        private final double primeVertical;

        /** From (lon, lat), WGS84 degrees. */
        public From(double lon, double lat) {
            this.lon = lon;
            this.lat = lat;
            double phi = Math.toRadians(lat);
            this.cos = Math.cos(phi);
            this.sin = Math.sin(phi);
            double w = Math.sqrt(1 - E2 * sin * sin);
            this.meridional = A * (1 - E2) / (w * w * w);
            this.primeVertical = A / w;
        }

        /** The approximate distance to (lon2, lat2), metres (see the class comment). */
        public double approxDistanceTo(double lon2, double lat2) {
            double dPhi = Math.toRadians(lat2 - lat);
            double h = dPhi / 2; // from the point's latitude to the pair's mean
            double cosMean = cos - sin * h - cos * h * h / 2;
            double dy = dPhi * meridional;
            double dx = Math.toRadians(lon2 - lon) * primeVertical * cosMean;
            return Math.sqrt(dx * dx + dy * dy);
        }
    }

    /**
     * True when the geodesic distance between the points is at most {@code metres}. Decides from
     * {@link #approxDistance} when it is clearly inside or outside (a 1 % margin), and computes the
     * exact geodesic only near the threshold.
     */
    public static boolean withinDistance(double lon1, double lat1, double lon2, double lat2, double metres) {
        double approx = approxDistance(lon1, lat1, lon2, lat2);
        if (approx <= metres * (1 - APPROX_MARGIN)) {
            return true;
        }
        if (approx > metres * (1 + APPROX_MARGIN)) {
            return false;
        }
        return distance(lon1, lat1, lon2, lat2) <= metres;
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

    /**
     * Geodesic area in square metres of the polygons in {@code g} (WGS84 lon/lat): shells minus
     * holes; other geometry types have no area (0).
     */
    public static double areaSqm(Geometry g) {
        double total = 0;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
                total += ringArea(p.getExteriorRing());
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    total -= ringArea(p.getInteriorRingN(h));
                }
            }
        }
        return total;
    }

    private static double ringArea(LineString ring) {
        PolygonArea pa = new PolygonArea(Geodesic.WGS84, false);
        Coordinate[] cs = ring.getCoordinates();
        for (int i = 0; i + 1 < cs.length; i++) {
            pa.AddPoint(cs[i].y, cs[i].x);
        }
        return Math.abs(pa.Compute(false, true).area);
    }
}

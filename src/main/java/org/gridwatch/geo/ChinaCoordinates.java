package org.gridwatch.geo;

/**
 * Conversion between WGS84 and the Chinese consumer-map datums GCJ-02 and BD-09.
 *
 * <p>The WGS84 → GCJ-02 transform is the widely published approximation of the national
 * obfuscation (Krasovsky ellipsoid constants); GCJ-02 → WGS84 inverts it by fixed-point
 * iteration to under a millimetre. BD-09 ↔ GCJ-02 is Baidu's published closed form (its inverse
 * is approximate, about 1 m, and refined here by iteration). Outside China (the usual rough
 * bounding box) GCJ-02 equals WGS84.
 *
 * <p>All methods take and return degrees, x = longitude. Thread-safe: stateless.
 */
public final class ChinaCoordinates {
    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;
    private static final double X_PI = Math.PI * 3000.0 / 180.0;
    private static final int MAX_ITERATIONS = 30;
    private static final double TOLERANCE_DEGREES = 1e-10;

    private ChinaCoordinates() {
    }

    /** True when the point lies outside the rough China box where no obfuscation applies. */
    public static boolean outOfChina(double lon, double lat) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    /** WGS84 → GCJ-02. */
    public static LonLat wgs84ToGcj02(double lon, double lat) {
        if (outOfChina(lon, lat)) {
            return new LonLat(lon, lat);
        }
        double dLat = transformLat(lon - 105.0, lat - 35.0);
        double dLon = transformLon(lon - 105.0, lat - 35.0);
        double radLat = Math.toRadians(lat);
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new LonLat(lon + dLon, lat + dLat);
    }

    /** GCJ-02 → WGS84, by iterating the forward transform until it reproduces the input. */
    public static LonLat gcj02ToWgs84(double lon, double lat) {
        if (outOfChina(lon, lat)) {
            return new LonLat(lon, lat);
        }
        double wLon = lon;
        double wLat = lat;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            LonLat g = wgs84ToGcj02(wLon, wLat);
            double eLon = g.lon() - lon;
            double eLat = g.lat() - lat;
            wLon -= eLon;
            wLat -= eLat;
            if (Math.abs(eLon) < TOLERANCE_DEGREES && Math.abs(eLat) < TOLERANCE_DEGREES) {
                break;
            }
        }
        return new LonLat(wLon, wLat);
    }

    /** GCJ-02 → BD-09 (Baidu's closed form). */
    public static LonLat gcj02ToBd09(double lon, double lat) {
        double z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
        double theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
        return new LonLat(z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006);
    }

    /** BD-09 → GCJ-02: Baidu's approximate inverse, refined by iteration against {@link #gcj02ToBd09}. */
    public static LonLat bd09ToGcj02(double lon, double lat) {
        double x = lon - 0.0065;
        double y = lat - 0.006;
        double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
        double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
        double gLon = z * Math.cos(theta);
        double gLat = z * Math.sin(theta);
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            LonLat b = gcj02ToBd09(gLon, gLat);
            double eLon = b.lon() - lon;
            double eLat = b.lat() - lat;
            gLon -= eLon;
            gLat -= eLat;
            if (Math.abs(eLon) < TOLERANCE_DEGREES && Math.abs(eLat) < TOLERANCE_DEGREES) {
                break;
            }
        }
        return new LonLat(gLon, gLat);
    }

    /** WGS84 → BD-09. */
    public static LonLat wgs84ToBd09(double lon, double lat) {
        LonLat g = wgs84ToGcj02(lon, lat);
        return gcj02ToBd09(g.lon(), g.lat());
    }

    /** BD-09 → WGS84. */
    public static LonLat bd09ToWgs84(double lon, double lat) {
        LonLat g = bd09ToGcj02(lon, lat);
        return gcj02ToWgs84(g.lon(), g.lat());
    }

    private static double transformLat(double x, double y) {
        double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double transformLon(double x, double y) {
        double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}

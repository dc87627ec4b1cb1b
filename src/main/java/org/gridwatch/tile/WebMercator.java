package org.gridwatch.tile;

/**
 * The spherical Web Mercator projection (EPSG:3857) as WebMercatorQuad uses it, expressed in
 * fractional tile numbers: at zoom z, x runs 0 → 2^z from −180° eastward and y runs 0 → 2^z from
 * +{@link #MAX_LAT}° southward. Latitudes beyond ±{@link #MAX_LAT} are clamped. Stateless.
 */
public final class WebMercator {
    /** The latitude of the WebMercatorQuad square's edges, degrees (atan(sinh π)). */
    public static final double MAX_LAT = Math.toDegrees(Math.atan(Math.sinh(Math.PI)));

    private WebMercator() {
    }

    /** Fractional tile column of a longitude (degrees) at zoom z. */
    public static double x(double lon, int z) {
        return (lon + 180.0) / 360.0 * (1 << z);
    }

    /** Fractional tile row of a latitude (degrees) at zoom z; clamped to the square. */
    public static double y(double lat, int z) {
        double l = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
        double s = Math.sin(Math.toRadians(l));
        return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * (1 << z);
    }

    /** The longitude (degrees) of fractional tile column x at zoom z. */
    public static double lon(double x, int z) {
        return x / (1 << z) * 360.0 - 180.0;
    }

    /** The latitude (degrees) of fractional tile row y at zoom z. */
    public static double lat(double y, int z) {
        double n = Math.PI * (1 - 2 * y / (1 << z));
        return Math.toDegrees(Math.atan(Math.sinh(n)));
    }
}

package org.gridwatch.geo;

import java.util.Locale;
import java.util.Optional;

/**
 * Coordinate reference systems GridWatch accepts for lon/lat input. Everything is converted to
 * WGS84 on input; CGCS2000 (EPSG:4490) equals WGS84 at metre level and is taken unchanged.
 *
 * <p>GCJ-02 is the obfuscated datum mandated for consumer maps in China (Gaode/AMap, Tencent,
 * WeChat mini-programs such as 平安码); BD-09 is Baidu's further offset of GCJ-02.
 */
public enum Crs {
    /** WGS84 lon/lat (EPSG:4326), the internal CRS. */
    WGS84("wgs84"),
    /** CGCS2000 geographic (EPSG:4490), treated as WGS84. */
    CGCS2000("cgcs2000"),
    /** GCJ-02 ("Mars coordinates"). */
    GCJ02("gcj02"),
    /** BD-09 (Baidu). */
    BD09("bd09");

    private final String id;

    Crs(String id) {
        this.id = id;
    }

    /** The identifier used in the API ({@code "wgs84"}, {@code "gcj02"}, ...). */
    public String id() {
        return id;
    }

    /**
     * Parses an API identifier, case-insensitively and ignoring surrounding blanks. Accepted: the
     * {@link #id()}s, {@code "epsg:4326"}/{@code "4326"}, {@code "epsg:4490"}/{@code "4490"},
     * {@code "gcj-02"}, {@code "bd-09"} and {@code "bd09ll"}. Anything else (notably the metre-based
     * {@code "bd09mc"} and {@code "epsg:3857"}) is empty.
     */
    public static Optional<Crs> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "wgs84", "epsg:4326", "4326":
                return Optional.of(WGS84);
            case "cgcs2000", "epsg:4490", "4490":
                return Optional.of(CGCS2000);
            case "gcj02", "gcj-02":
                return Optional.of(GCJ02);
            case "bd09", "bd-09", "bd09ll":
                return Optional.of(BD09);
            default:
                return Optional.empty();
        }
    }

    /** Converts a lon/lat in this CRS to WGS84. */
    public LonLat toWgs84(double lon, double lat) {
        return switch (this) {
            case WGS84, CGCS2000 -> new LonLat(lon, lat);
            case GCJ02 -> ChinaCoordinates.gcj02ToWgs84(lon, lat);
            case BD09 -> ChinaCoordinates.bd09ToWgs84(lon, lat);
        };
    }

    /** Converts a WGS84 lon/lat to this CRS. */
    public LonLat fromWgs84(double lon, double lat) {
        return switch (this) {
            case WGS84, CGCS2000 -> new LonLat(lon, lat);
            case GCJ02 -> ChinaCoordinates.wgs84ToGcj02(lon, lat);
            case BD09 -> ChinaCoordinates.wgs84ToBd09(lon, lat);
        };
    }
}

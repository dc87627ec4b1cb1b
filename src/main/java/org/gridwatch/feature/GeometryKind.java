package org.gridwatch.feature;

/**
 * The geometry type of a layer's features, named as OGC Simple Features name it (GeoPackage
 * {@code geometry_type_name}, OGC API queryables' {@code format: geometry-…}).
 */
public enum GeometryKind {
    POINT("Point"),
    LINESTRING("LineString"),
    POLYGON("Polygon"),
    MULTIPOLYGON("MultiPolygon"),
    /** Polygon or MultiPolygon (admin areas: an island makes a county two parts). */
    POLYGONAL("MultiPolygon");

    private final String ogcName;

    GeometryKind(String ogcName) {
        this.ogcName = ogcName;
    }

    /** The OGC Simple Features name, e.g. {@code MultiPolygon}; POLYGONAL answers the wider type. */
    public String ogcName() {
        return ogcName;
    }

    /** Whether this kind is a point (MVT/KML encode points without simplification). */
    public boolean isPoint() {
        return this == POINT;
    }
}

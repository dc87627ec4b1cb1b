package org.gridwatch.tile;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Encodes one tile as a Mapbox Vector Tile 2.1 (extent {@value #EXTENT}, geometry clipped to a
 * buffer of {@value #BUFFER} units around the tile, simplified per zoom: see {@link TileGeometry}
 * and {@link PolygonShapes}). The protobuf and the geometry commands are written directly
 * ({@link MvtWriter}); this class decides what goes in.
 *
 * <p>Attributes: strings, booleans, integers (as MVT {@code sint}), decimals (as {@code double});
 * instants as ISO-8601 strings in UTC ({@code 2026-12-01T08:00:00Z}) and dates as ISO-8601
 * dates, as the GeoJSON of the API gives them (MVT has no time type, and a string is what QGIS,
 * GDAL and MapLibre filters read alike); null values are left out (MVT has no null). A feature id
 * of decimal digits that fits a long becomes the MVT feature id (grid and area codes); any other id
 * goes in an {@code id} attribute, unless the feature has one.
 *
 * <p>One instance per tile, used by one thread. Not thread-safe (the polygons it keeps across tiles,
 * {@link ShapeCache}, are shared safely).
 */
public final class TileEncoder {
    /** Units across a tile. */
    public static final int EXTENT = 4096;
    /** Units of geometry kept beyond each edge, so that lines and fills join across tiles. */
    public static final int BUFFER = 64;

    private final TileGeometry geometry;
    private final MvtWriter writer = new MvtWriter(EXTENT);

    /** An encoder of tile {@code tile}. */
    public TileEncoder(TileId tile) {
        this.geometry = new TileGeometry(tile, EXTENT, BUFFER);
    }

    /** The tile encoded. */
    public TileId tile() {
        return geometry.tile();
    }

    /**
     * Adds a feature to layer {@code layer} (created on first use, layers in order of first use), its
     * geometry computed afresh: as {@link #add(String, Geometry, String, Map, boolean)} with {@code still} false.
     */
    public boolean add(String layer, Geometry lonLat, String id, Map<String, ?> attributes) {
        return add(layer, lonLat, id, attributes, false);
    }

    /**
     * Adds a feature to layer {@code layer} (created on first use, layers in order of first use).
     *
     * @param lonLat     WGS84 lon/lat geometry
     * @param id         the feature id (see the class comment), or null
     * @param attributes name → value, in the order they should appear
     * @param still      true when {@code lonLat} is a geometry that never changes (admin areas,
     *                   grids): its projection and per-zoom simplification are kept across tiles,
     *                   keyed by the object's identity, so it must not be mutated afterwards
     * @return false when nothing of the feature is left in the tile (outside the buffer, or
     *         simplified away)
     */
    public boolean add(String layer, Geometry lonLat, String id, Map<String, ?> attributes, boolean still) {
        PolygonShapes.Placed p = geometry.place(lonLat, still);
        if (p == null) {
            return false;
        }
        Long numeric = numericId(id);
        writer.beginTags();
        if (numeric == null && id != null && !attributes.containsKey("id")) {
            writer.tag(layer, "id", id);
        }
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            Object v = value(e.getValue());
            if (v != null) {
                writer.tag(layer, e.getKey(), v);
            }
        }
        writer.feature(layer, numeric == null ? -1 : numeric, p.shape(), p.dx(), p.dy());
        return true;
    }

    /** Features added so far (all layers). */
    public int features() {
        return writer.features();
    }

    /** The encoded tile: empty (zero bytes) when no feature was added. */
    public byte[] encode() {
        return writer.toByteArray();
    }

    /** A feature id as an MVT id: decimal digits that fit a long, else null. */
    static Long numericId(String id) {
        if (id == null || id.isEmpty() || id.length() > 18) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Long.parseLong(id);
    }

    /** An attribute value as MVT holds it, or null to leave it out. */
    static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        // Instants (ISO-8601 UTC), dates (ISO-8601) and anything else: their text.
        return v.toString();
    }
}

package org.gridwatch.tile;

import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.IUserDataConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerProps;
import io.github.sebasbaumh.mapbox.vectortile.util.MvtUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Encodes one tile as a Mapbox Vector Tile 2.1 (extent {@value #EXTENT}, geometry clipped to a
 * buffer of {@value #BUFFER} units around the tile, simplified per zoom: see {@link TileGeometry}).
 * The protobuf and the geometry commands are the library's (mapbox-vector-tile-java's
 * {@link JtsAdapter} and {@link MvtUtil}); this class decides what goes in.
 *
 * <p>Attributes: strings, booleans, integers (as MVT {@code int}), decimals (as {@code double});
 * instants as ISO-8601 strings in UTC ({@code 2026-12-01T08:00:00Z}) and dates as ISO-8601
 * dates, as the GeoJSON of the API gives them (MVT has no time type, and a string is what QGIS,
 * GDAL and MapLibre filters read alike); null values are left out (MVT has no null). A feature id
 * of decimal digits that fits a long becomes the MVT feature id (grid and area codes); any other id
 * goes in an {@code id} attribute, unless the feature has one.
 *
 * <p>One instance per tile, used by one thread. Not thread-safe.
 */
public final class TileEncoder {
    /** Units across a tile. */
    public static final int EXTENT = 4096;
    /** Units of geometry kept beyond each edge, so that lines and fills join across tiles. */
    public static final int BUFFER = 64;

    private static final MvtLayerParams PARAMS = new MvtLayerParams(EXTENT);
    private static final IUserDataConverter TAGS = TileEncoder::addTags;

    private final TileGeometry geometry;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private int features;

    /** An encoder of tile {@code tile}. */
    public TileEncoder(TileId tile) {
        this.geometry = new TileGeometry(tile, EXTENT, BUFFER);
    }

    /** The tile encoded. */
    public TileId tile() {
        return geometry.tile();
    }

    /**
     * Adds a feature to layer {@code layer} (created on first use, layers in order of first use).
     *
     * @param lonLat     WGS84 lon/lat geometry
     * @param id         the feature id (see the class comment), or null
     * @param attributes name → value, in the order they should appear
     * @return false when nothing of the feature is left in the tile (outside the buffer, or
     *         simplified away)
     */
    public boolean add(String layer, Geometry lonLat, String id, Map<String, ?> attributes) {
        Geometry g = geometry.toTile(lonLat);
        if (g == null) {
            return false;
        }
        Long numeric = numericId(id);
        Map<String, Object> tags = new LinkedHashMap<>();
        if (numeric == null && id != null && !attributes.containsKey("id")) {
            tags.put("id", id);
        }
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            Object v = value(e.getValue());
            if (v != null) {
                tags.put(e.getKey(), v);
            }
        }
        g.setUserData(new Tagged(numeric, tags));
        Layer l = layers.computeIfAbsent(layer, Layer::new);
        int before = l.builder.getFeaturesCount();
        JtsAdapter.addFeatures(l.builder, g, l.props, TAGS);
        int added = l.builder.getFeaturesCount() - before;
        features += added;
        return added > 0;
    }

    /** Features added so far (all layers). */
    public int features() {
        return features;
    }

    /** The encoded tile: empty (zero bytes) when no feature was added. */
    public byte[] encode() {
        if (features == 0) {
            return new byte[0];
        }
        VectorTile.Tile.Builder tile = VectorTile.Tile.newBuilder();
        for (Layer l : layers.values()) {
            if (l.builder.getFeaturesCount() > 0) {
                MvtUtil.writeProps(l.builder, l.props);
                tile.addLayers(l.builder.build());
            }
        }
        return tile.build().toByteArray();
    }

    /** A feature id as an MVT id: decimal digits that fit a long, else null. */
    static Long numericId(String id) {
        if (id == null || id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
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

    private record Tagged(Long id, Map<String, Object> tags) {
    }

    private static void addTags(Object userData, MvtLayerProps props, VectorTile.Tile.Feature.Builder feature) {
        Tagged t = (Tagged) userData;
        if (t.id() != null) {
            feature.setId(t.id());
        }
        for (Map.Entry<String, Object> e : t.tags().entrySet()) {
            feature.addTags(props.addKey(e.getKey()));
            feature.addTags(props.addValue(e.getValue()));
        }
    }

    private static final class Layer {
        final VectorTile.Tile.Layer.Builder builder;
        final MvtLayerProps props = new MvtLayerProps();

        Layer(String name) {
            this.builder = MvtUtil.newLayerBuilder(name, PARAMS);
        }
    }
}

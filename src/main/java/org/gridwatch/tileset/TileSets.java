package org.gridwatch.tileset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridwatch.feature.FeatureLayers;
import org.gridwatch.tileset.TileSet.Kind;
import org.gridwatch.tileset.TileSet.Source;

/**
 * The tilesets of a running server, from its feature layers. A tileset whose feature layers the
 * server does not have is left out, so a layer added to {@code FeatureLayers} appears here by its
 * one line below. Immutable, thread-safe.
 *
 * <table>
 * <caption>Tilesets</caption>
 * <tr><th>tileset</th><th>feature layers (from zoom)</th><th>zooms</th></tr>
 * <tr><td>{@code areas}</td><td>city, counties (0), townships (6), villages (10); attribute {@code level}</td><td>0–14</td></tr>
 * <tr><td>{@code grids}</td><td>grids, with live coverage and dosage (6)</td><td>6–14</td></tr>
 * <tr><td>{@code incidents}, {@code units}, {@code posts}, {@code key-places}</td><td>the layer of that name (0)</td><td>0–14</td></tr>
 * <tr><td>{@code heat}</td><td>heat cells as polygons with counts (0)</td><td>0–14</td></tr>
 * </table>
 *
 * Zoom 14 (a tile about 2 km across over Binzhou) is every tileset's {@code maxzoom}: deeper,
 * clients overzoom (MVT positions at z14 are finer than half a metre), and so every tile a client
 * holds is at most at the zoom of the change log ({@link org.gridwatch.tile.TileVersions#LOG_ZOOM}).
 */
public final class TileSets {
    /** The deepest zoom clients are told to ask for. */
    public static final int MAX_ZOOM = 14;

    private final Map<String, TileSet> byId = new LinkedHashMap<>();

    private TileSets(Collection<TileSet> sets) {
        for (TileSet s : sets) {
            byId.put(s.id(), s);
        }
    }

    /** The tilesets the server's layers can fill. */
    public static TileSets of(FeatureLayers layers) {
        List<TileSet> sets = new ArrayList<>();
        Builder b = new Builder(layers, sets);
        b.add("areas", "行政区划", Kind.REFERENCE, 0, false, "city", 0, "counties", 0, "townships", 6, "villages", 10);
        b.add("grids", "网格", Kind.REFERENCE, 6, true, "grids", 6);
        b.add("incidents", "警情事件", Kind.OPERATIONAL, 0, false, "incidents", 0);
        b.add("units", "巡防力量", Kind.OPERATIONAL, 0, false, "units", 0);
        b.add("posts", "护学岗", Kind.OPERATIONAL, 0, true, "posts", 0);
        b.add("key-places", "重点部位", Kind.OPERATIONAL, 0, true, "key-places", 0);
        b.add("heat", "热力", Kind.OPERATIONAL, 0, true, "heat", 0);
        return new TileSets(sets);
    }

    /** Every tileset, in listing order. */
    public Collection<TileSet> all() {
        return byId.values();
    }

    public Optional<TileSet> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private record Builder(FeatureLayers layers, List<TileSet> sets) {
        /** A tileset of the layers named in {@code layerZooms} (name, from-zoom pairs) that exist; none if none does. */
        void add(String id, String title, Kind kind, int minZoom, boolean agesByTime, Object... layerZooms) {
            List<Source> sources = new ArrayList<>();
            for (int i = 0; i < layerZooms.length; i += 2) {
                int from = (Integer) layerZooms[i + 1];
                layers.find((String) layerZooms[i]).filter(l -> !l.blocking()).ifPresent(l -> sources.add(new Source(l, from)));
            }
            if (!sources.isEmpty()) {
                sets.add(new TileSet(id, title, kind, sources, minZoom, MAX_ZOOM, agesByTime));
            }
        }
    }
}

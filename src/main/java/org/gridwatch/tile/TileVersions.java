package org.gridwatch.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.locationtech.jts.geom.Envelope;

/**
 * The change log of the tiles of live layers: which tiles a change touched, so that a tile whose
 * version did not move need not be encoded again, and clients can be told which tiles to fetch.
 *
 * <p>Each layer has a version counter; a change of a feature (its place before and after) takes
 * the next version and stamps it on every tile, at every zoom from 0 to {@link #LOG_ZOOM}, whose
 * buffered square (the buffer of {@link TileEncoder#BUFFER} units) meets the change's envelope. A
 * tile's version ({@link #version}) is the highest stamp on it; a tile deeper than
 * {@link #LOG_ZOOM} takes its ancestor's at {@link #LOG_ZOOM} (whose buffer is wider, so it was
 * stamped whenever the deeper tile's content could have changed). Versions only grow.
 *
 * <p>Bounded: a zoom of a layer holds at most {@code maxTiles} stamps; when a change would exceed
 * that (or touch more tiles than that at once), the zoom's stamps are dropped and its floor (the
 * version every tile of it has at least) is raised to the change's version, so every tile of that
 * zoom looks changed once: never a change missed, at worst a tile encoded again for nothing.
 *
 * <p>Thread-safe: {@link #record} is called by one writer (the state lane), {@link #version} by
 * any thread, lock-free; a reader sees a stamp no later than the writer returns.
 */
public final class TileVersions {
    /** The zoom of the change log (the {@code tiles} channel of {@code /live} names tiles at this zoom). */
    public static final int LOG_ZOOM = 14;

    private final int maxTiles;
    private final Map<String, Layer> layers = new ConcurrentHashMap<>();

    /** @param maxTiles most stamps kept per layer and zoom */
    public TileVersions(int maxTiles) {
        if (maxTiles < 1) {
            throw new IllegalArgumentException("maxTiles must be positive, not " + maxTiles);
        }
        this.maxTiles = maxTiles;
    }

    /** A stamp: a tile at {@link #LOG_ZOOM} and the version a change gave it. */
    public record Stamp(TileId tile, long version) {
    }

    /**
     * Records a change of layer {@code layer} over {@code envelope} (WGS84 lon/lat: the union of
     * the feature's place before and after). Single writer.
     *
     * @return the tiles at {@link #LOG_ZOOM} it touched, with the new version
     */
    public List<Stamp> record(String layer, Envelope envelope) {
        Layer l = layers.computeIfAbsent(layer, k -> new Layer());
        long v = l.counter.incrementAndGet();
        double margin = (double) TileEncoder.BUFFER / TileEncoder.EXTENT;
        List<Stamp> stamps = new ArrayList<>();
        for (int z = 0; z <= LOG_ZOOM; z++) {
            int n = 1 << z;
            int x0 = clamp((int) Math.floor(WebMercator.x(envelope.getMinX(), z) - margin), n);
            int x1 = clamp((int) Math.floor(WebMercator.x(envelope.getMaxX(), z) + margin), n);
            int y0 = clamp((int) Math.floor(WebMercator.y(envelope.getMaxY(), z) - margin), n);
            int y1 = clamp((int) Math.floor(WebMercator.y(envelope.getMinY(), z) + margin), n);
            Map<Long, Long> stampsAtZ = l.stamps.get(z);
            long count = (long) (x1 - x0 + 1) * (y1 - y0 + 1);
            if (count + stampsAtZ.size() > maxTiles) {
                l.floors.set(z, v);
                stampsAtZ.clear();
                if (z == LOG_ZOOM) {
                    // Too many to name: the whole layer changed (a client refetches what it holds).
                    return List.of();
                }
                continue;
            }
            for (int x = x0; x <= x1; x++) {
                for (int y = y0; y <= y1; y++) {
                    TileId t = new TileId(z, x, y);
                    stampsAtZ.put(t.packed(), v);
                    if (z == LOG_ZOOM) {
                        stamps.add(new Stamp(t, v));
                    }
                }
            }
        }
        return stamps;
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    /** The version of a tile of {@code layer}: 0 until a change touched it (or its zoom's floor). */
    public long version(String layer, TileId tile) {
        Layer l = layers.get(layer);
        if (l == null) {
            return 0;
        }
        TileId t = tile.z() > LOG_ZOOM ? tile.ancestor(LOG_ZOOM) : tile;
        long floor = l.floors.get(t.z());
        Long v = l.stamps.get(t.z()).get(t.packed());
        return v == null ? floor : Math.max(floor, v);
    }

    /** The latest version of {@code layer} (0 before any change). */
    public long head(String layer) {
        Layer l = layers.get(layer);
        return l == null ? 0 : l.counter.get();
    }

    private static final class Layer {
        final AtomicLong counter = new AtomicLong();
        final List<Map<Long, Long>> stamps = new ArrayList<>();
        final AtomicLongArray floors = new AtomicLongArray(LOG_ZOOM + 1);

        Layer() {
            for (int z = 0; z <= LOG_ZOOM; z++) {
                stamps.add(new ConcurrentHashMap<>());
            }
        }
    }
}

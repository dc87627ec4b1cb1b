package org.gridwatch.tileset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.tile.TileCache;
import org.gridwatch.tile.TileEncoder;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.TileVersions;
import org.locationtech.jts.geom.Envelope;

/**
 * A tile of a tileset as one caller's jurisdiction sees it: its MVT bytes and an entity tag that is
 * a hash of them, so the tag changes exactly when the content does (whatever caused it).
 *
 * <p>Encoding reads every feature of the tile's buffered square, O(features): callers run it on a
 * worker, never an event loop. Tiles are cached ({@link TileCache}, key: tileset, scope, tile);
 * a cached tile is answered again while its version ({@link TileVersions}) has not moved, and, for
 * a tileset whose attributes age with time ({@link TileSet#agesByTime()}), while it is younger than
 * {@code recheck}; otherwise it is encoded again, and if the bytes come out the same so does the
 * tag (a client's {@code If-None-Match} still matches). Thread-safe.
 */
public final class TileService {
    private final TileVersions versions;
    private final TileCache<Key> cache;
    private final Duration recheck;
    private final Clock clock;

    /** A cached tile's key: tileset, the scope's canonical key, the tile. */
    private record Key(String tileset, String scope, TileId tile) {
        @Override
        public String toString() {
            return tileset + "|" + scope + "|" + tile;
        }
    }

    /**
     * A tile as answered.
     *
     * @param bytes the MVT; empty when no feature of the tile is visible to the caller
     * @param gzip  the MVT gzip-compressed (empty when {@code bytes} is)
     * @param etag  a weak entity tag, {@code W/"…"}
     */
    public record Tile(byte[] bytes, byte[] gzip, String etag) {
        public boolean empty() {
            return bytes.length == 0;
        }
    }

    /**
     * @param cacheBytes the cache's budget ({@code tiles.cache-bytes})
     * @param recheck    how long a tile whose attributes age by time is answered from the cache ({@code tiles.recheck-seconds})
     */
    public TileService(TileVersions versions, long cacheBytes, Duration recheck, Clock clock) {
        this.versions = versions;
        this.cache = new TileCache<>(cacheBytes);
        this.recheck = recheck;
        this.clock = clock;
    }

    /** The tile {@code id} of {@code set} inside {@code scope}. Worker thread. */
    public Tile tile(TileSet set, TileId id, Scope scope) {
        Key key = new Key(set.id(), scope.key(), id);
        // The version is read before the features: a change landing meanwhile leaves a newer version, so the next request encodes again.
        long version = versions.version(set.id(), id);
        long now = clock.millis();
        TileCache.Entry held = cache.get(key).orElse(null);
        if (held != null && held.version() == version
                && (!set.agesByTime() || now - held.encodedAt() < recheck.toMillis())) {
            return new Tile(held.bytes(), held.gzip(), held.etag());
        }
        byte[] bytes = encode(set, id, scope);
        boolean same = held != null && Arrays.equals(held.bytes(), bytes);
        String etag = same ? held.etag() : etag(bytes);
        byte[] gzip = same ? held.gzip() : gzip(bytes);
        cache.put(key, new TileCache.Entry(bytes, gzip, etag, version, now));
        return new Tile(bytes, gzip, etag);
    }

    /** The MVT of a tile: one layer named as the tileset, the sources whose zoom has come. */
    static byte[] encode(TileSet set, TileId id, Scope scope) {
        TileEncoder e = new TileEncoder(id);
        if (id.z() < set.minZoom()) {
            return e.encode();
        }
        Envelope box = id.buffered((double) TileEncoder.BUFFER / TileEncoder.EXTENT);
        FeatureQuery q = FeatureQuery.all(scope).within(box);
        // Reference layers' geometry never moves: its projection and simplification are kept across tiles.
        boolean still = set.kind() == TileSet.Kind.REFERENCE;
        for (TileSet.Source s : set.sources()) {
            if (id.z() >= s.fromZoom()) {
                s.layer().scan(q, f -> {
                    e.add(set.id(), f.geometry(), f.id(), f.properties(), still);
                    return true;
                });
            }
        }
        return e.encode();
    }

    /** The bytes gzip-compressed: once per encoding, not once per answer (a z10 grid tile is 200 kB). */
    static byte[] gzip(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 2);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("gzip in memory", e);
        }
        return out.toByteArray();
    }

    /** A weak entity tag of the bytes: the first 96 bits of their SHA-256, base64url. */
    static String etag(byte[] bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 12)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Tiles held in the cache, and their bytes (metrics, tests). */
    public long cachedBytes() {
        return cache.bytes();
    }
}

package org.gridwatch.tile;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Encoded tiles, least recently used first out, bounded by the bytes they hold
 * ({@code tiles.cache-bytes}): an entry costs its tile's bytes, its key and a fixed overhead. A
 * tile larger than the whole budget is not kept. Thread-safe (one lock; every operation is O(1)
 * but eviction, which is O(evicted)).
 *
 * @param <K> the key: a tile of a layer as one caller's jurisdiction sees it
 */
public final class TileCache<K> {
    /** Bytes counted per entry beyond its tile and key: the map node, the entry, the ETag. */
    static final int OVERHEAD = 160;

    /**
     * One encoded tile.
     *
     * @param bytes      the MVT (empty: no feature)
     * @param gzip       the MVT gzip-compressed (compressed once, sent to every client that accepts gzip)
     * @param etag       its entity tag (a hash of {@code bytes})
     * @param version    the tile's {@link TileVersions#version} when it was encoded
     * @param encodedAt  when it was encoded, epoch milliseconds
     */
    public record Entry(byte[] bytes, byte[] gzip, String etag, long version, long encodedAt) {
    }

    private final long maxBytes;
    private final LinkedHashMap<K, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    /** @param maxBytes the budget; 0 keeps nothing */
    public TileCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The entry of {@code key}, now the most recently used, if held. */
    public synchronized Optional<Entry> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Holds {@code e} under {@code key} (replacing what was there), evicting the least recently used beyond the budget. */
    public synchronized void put(K key, Entry e) {
        Entry old = entries.remove(key);
        if (old != null) {
            bytes -= cost(key, old);
        }
        long c = cost(key, e);
        if (c > maxBytes) {
            return;
        }
        entries.put(key, e);
        bytes += c;
        Iterator<Map.Entry<K, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<K, Entry> eldest = it.next();
            bytes -= cost(eldest.getKey(), eldest.getValue());
            it.remove();
        }
    }

    /** Bytes held (as counted). */
    public synchronized long bytes() {
        return bytes;
    }

    /** Entries held. */
    public synchronized int size() {
        return entries.size();
    }

    private static long cost(Object key, Entry e) {
        return e.bytes().length + e.gzip().length + 2L * key.toString().length() + OVERHEAD;
    }
}

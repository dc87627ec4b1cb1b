package org.gridwatch.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * API and device keys as last read from the store, by key hash: a valid key is trusted for
 * {@link #TTL_MILLIS}, an unknown or revoked one refused for {@link #NEGATIVE_TTL_MILLIS}, then
 * read again (so a key revoked on the command line stops working within a minute; one revoked
 * through the API at once, {@link #forget}). Bounded: past {@code maxEntries} the cache starts
 * afresh. Thread-safe.
 */
public final class KeyCache {
    /** How long a valid key is trusted without reading the store, ms. */
    public static final long TTL_MILLIS = 60_000;
    /** How long an unknown or revoked key is refused without reading the store, ms. */
    public static final long NEGATIVE_TTL_MILLIS = 5_000;

    private record Entry(Principal principal, long until) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    public KeyCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * What the cache knows of {@code hash} now: empty when it must be read from the store; else
     * the principal, or an empty principal for a refused key.
     */
    public Optional<Optional<Principal>> cached(String hash, long nowMillis) {
        Entry e = entries.get(hash);
        if (e == null || nowMillis >= e.until) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(e.principal));
    }

    /** Reads {@code hash} with {@code load} (blocking: a worker) and remembers the answer. */
    public Optional<Principal> load(String hash, long nowMillis, Function<String, Optional<Principal>> load) {
        Optional<Principal> p = load.apply(hash);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(hash, new Entry(p.orElse(null), nowMillis + (p.isPresent() ? TTL_MILLIS : NEGATIVE_TTL_MILLIS)));
        return p;
    }

    /** Forgets every key of credential id {@code id} (a key or device just revoked). */
    public void forget(String id) {
        entries.values().removeIf(e -> e.principal != null && id.equals(e.principal.credential()));
    }
}

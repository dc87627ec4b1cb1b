package org.gridwatch.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a client address, a principal): {@link #take} spends one token or says how
 * long until there is one. Bounded: at most {@link #MAX_KEYS} keys; full buckets are forgotten
 * first when the map is full. Thread-safe.
 */
final class RateLimits {
    static final int MAX_KEYS = 100_000;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes a token from bucket {@code key}, which refills at {@code perSecond} up to {@code burst}.
     *
     * @return 0 when taken, else the seconds to wait (at least 1)
     */
    long take(String key, double perSecond, double burst, long nowNanos) {
        if (buckets.size() >= MAX_KEYS) {
            buckets.entrySet().removeIf(e -> refill(e.getValue(), perSecond, burst, nowNanos) >= burst);
            if (buckets.size() >= MAX_KEYS) {
                buckets.clear();
            }
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            double t = refill(b, perSecond, burst, nowNanos);
            if (t >= 1) {
                b.tokens = t - 1;
                return 0;
            }
            b.tokens = t;
            return Math.max(1, (long) Math.ceil((1 - t) / perSecond));
        }
    }

    private static double refill(Bucket b, double perSecond, double burst, long nowNanos) {
        double t = Math.min(burst, b.tokens + (nowNanos - b.at) / 1e9 * perSecond);
        b.at = nowNanos;
        b.tokens = t;
        return t;
    }
}

package org.gridwatch.sim;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram of 1 ms buckets up to {@value #MAX_MILLIS} ms (longer ones land in the last
 * bucket), for the simulated terminals' acknowledgement times and the load harnesses. Thread-safe:
 * {@link #record} from any thread, lock-free; a percentile read while others record sees some of
 * the recordings in progress.
 */
public final class Latencies {
    /** The largest latency told apart, milliseconds. */
    public static final int MAX_MILLIS = 60_000;

    private final AtomicLongArray buckets = new AtomicLongArray(MAX_MILLIS + 1);

    /** Records one latency of {@code nanos} nanoseconds (negative ones count as 0). */
    public void record(long nanos) {
        buckets.incrementAndGet((int) Math.max(0, Math.min(MAX_MILLIS, nanos / 1_000_000)));
    }

    /** Latencies recorded. */
    public long count() {
        long n = 0;
        for (int i = 0; i <= MAX_MILLIS; i++) {
            n += buckets.get(i);
        }
        return n;
    }

    /**
     * The {@code p}-quantile in whole milliseconds (the bucket holding the rank {@code ceil(p × count)}),
     * or -1 when nothing was recorded.
     *
     * @param p 0 &lt; p ≤ 1
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1]: " + p);
        }
        long rank = (long) Math.ceil(p * count());
        long seen = 0;
        for (int i = 0; i <= MAX_MILLIS && rank > 0; i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return -1;
    }

    /** The largest latency recorded in whole milliseconds, -1 when nothing was recorded. */
    public long max() {
        for (int i = MAX_MILLIS; i >= 0; i--) {
            if (buckets.get(i) > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets every recording (one made meanwhile may be kept or not). */
    public void reset() {
        for (int i = 0; i <= MAX_MILLIS; i++) {
            buckets.set(i, 0);
        }
    }
}

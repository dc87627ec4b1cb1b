package org.gridwatch.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The accelerated clock of the demo: simulated time runs {@code speed} times as fast as real
 * (monotonic) time from a starting instant. The whole server runs on it, so that positions the
 * simulator reports at simulated times are never "in the future" of the server.
 *
 * <p>{@link #jumpTo(Instant)} moves the clock forward once before the simulation starts (a demo
 * store written by an earlier, faster run holds times ahead of the wall clock). Never moves
 * backwards. Thread-safe.
 */
public final class SimClock extends Clock {
    private final double speed;
    private final LongSupplier nanoTime;
    /** The simulated instant (epoch nanoseconds) at a reading of the real-time source: one immutable pair. */
    private volatile Origin origin;

    private record Origin(long epochNanos, long nanos) {
    }

    /**
     * @param start    the simulated instant now
     * @param speed    simulated seconds per real second, &gt; 0 (1 = real time)
     * @param nanoTime a monotonic real-time source in nanoseconds ({@code System::nanoTime})
     */
    public SimClock(Instant start, double speed, LongSupplier nanoTime) {
        if (!(speed > 0) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("clock speed must be a positive number, not " + speed);
        }
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.origin = new Origin(epochNanos(start), nanoTime.getAsLong());
    }

    /** A clock starting at the wall-clock now, {@code speed} times as fast as real time. */
    public static SimClock startingNow(double speed) {
        return new SimClock(Instant.now(), speed, System::nanoTime);
    }

    /** Simulated seconds per real second. */
    public double speed() {
        return speed;
    }

    /** Moves the clock forward to {@code t} if it is ahead of now; it then runs on from there. */
    public synchronized void jumpTo(Instant t) {
        if (t.isAfter(instant())) {
            origin = new Origin(epochNanos(t), nanoTime.getAsLong());
        }
    }

    @Override
    public Instant instant() {
        Origin o = origin;
        long elapsed = (long) ((nanoTime.getAsLong() - o.nanos()) * speed);
        long nanos = o.epochNanos() + elapsed;
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock is always UTC; asking for another zone is not supported. */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulation clock is UTC");
    }

    private static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Real time that {@code simulated} takes at this clock's speed. */
    public Duration realTime(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }
}

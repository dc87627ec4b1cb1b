package org.gridwatch.cql2;

import java.time.Instant;

/**
 * A closed range of time, {@code [start, end]}, either end open ({@code null}). Used for the
 * interval hint of a filter ({@link Cql2.Expression#intervalHint()}).
 *
 * @param start the first instant, or {@code null} for no lower bound
 * @param end the last instant, or {@code null} for no upper bound
 */
public record TimeRange(Instant start, Instant end) {

    /** True when no instant lies in the range (its start is after its end): no feature can match. */
    public boolean isEmpty() {
        return start != null && end != null && start.isAfter(end);
    }

    /** True when the instant lies in the range. */
    public boolean contains(Instant t) {
        return (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
    }

    /** True when the range shares an instant with {@code [from, to]} ({@code null} = open). */
    public boolean intersects(Instant from, Instant to) {
        return (start == null || to == null || !to.isBefore(start)) && (end == null || from == null || !from.isAfter(end));
    }
}

package org.gridwatch.post;

import java.time.Instant;

/**
 * What a key place (重点部位) looks like now, for 见警率: whether one of its key periods is running,
 * when an on-duty unit was last near it, and whether the next visit is overdue.
 *
 * <p>Immutable and thread-safe.
 *
 * @param placeId         the place's id
 * @param name            its name (Chinese)
 * @param kind            its kind
 * @param countyCode      6-digit county code
 * @param gridCode        15-digit grid code
 * @param lon             longitude, WGS84 degrees
 * @param lat             latitude, WGS84 degrees
 * @param intervalMinutes required patrol interval during key periods, minutes
 * @param inPeriod        a key period is running
 * @param periodStart     start of the running key period, or null
 * @param periodEnd       end of the running key period (exclusive), or null
 * @param lastVisit       fix time of the latest on-duty visit since monitoring began, or null
 * @param dueBy           in a key period: the next visit is due by then (latest of last visit, period
 *                        start and monitoring start, plus the interval); else null
 * @param overdue         in a key period and past {@code dueBy}
 */
public record KeyPlaceStatus(String placeId, String name, KeyPlaceKind kind, String countyCode, String gridCode,
                             double lon, double lat, int intervalMinutes, boolean inPeriod, Instant periodStart,
                             Instant periodEnd, Instant lastVisit, Instant dueBy, boolean overdue) {
}

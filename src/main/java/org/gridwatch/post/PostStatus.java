package org.gridwatch.post;

import java.time.Instant;

/**
 * What a school-guard post (护学岗) looks like now: the state of its current window, or else of
 * today's last ended window, or else of today's next window (then {@link DutyState#PENDING}); with
 * no window today the state is {@link DutyState#NONE} and the window times are null.
 *
 * <p>Immutable and thread-safe.
 *
 * @param postId      the post's id
 * @param name        school name (Chinese)
 * @param countyCode  6-digit county code
 * @param gridCode    15-digit grid code of the gate
 * @param lon         gate longitude, WGS84 degrees
 * @param lat         gate latitude, WGS84 degrees
 * @param state       the window's state
 * @param present     on-duty units within the post's radius with a fresh fix, as last evaluated
 * @param required    staff required
 * @param windowStart start of the window shown, or null
 * @param windowEnd   end of the window shown (exclusive), or null
 * @param late        the required staff first arrived after start + grace
 * @param alerted     a {@code post_unstaffed} alert was raised for the window
 */
public record PostStatus(String postId, String name, String countyCode, String gridCode, double lon, double lat,
                         DutyState state, int present, int required, Instant windowStart, Instant windowEnd,
                         boolean late, boolean alerted) {
}

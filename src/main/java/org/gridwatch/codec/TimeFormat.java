package org.gridwatch.codec;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * How an answer writes its instants: in UTC ({@code 2026-12-01T00:30:00Z}, the default, as
 * {@link Instant#toString()}) or at the city's offset ({@code 2026-12-01T08:30:00+08:00}, asked for
 * with {@code tz=local}). Either is RFC 3339 and names the same instant; seconds are always
 * written, fractions only when not zero. The encoders of this package take one; the HTTP layer
 * chooses it per request. Immutable and thread-safe.
 */
public final class TimeFormat {
    /** UTC, {@code Z}. */
    public static final TimeFormat UTC = new TimeFormat(null);

    private final ZoneId zone;

    private TimeFormat(ZoneId zone) {
        this.zone = zone;
    }

    /** Instants at their offset in {@code zone} (the city's time zone). */
    public static TimeFormat local(ZoneId zone) {
        return new TimeFormat(Objects.requireNonNull(zone, "zone"));
    }

    /** True for {@link #UTC}. */
    public boolean utc() {
        return zone == null;
    }

    /** {@code t} as RFC 3339 text; null stays null. */
    public String format(Instant t) {
        if (t == null) {
            return null;
        }
        return zone == null ? t.toString() : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone));
    }

    @Override
    public String toString() {
        return zone == null ? "UTC" : zone.getId();
    }
}

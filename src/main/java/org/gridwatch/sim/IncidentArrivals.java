package org.gridwatch.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.IncidentReport;

/**
 * The live stream of new incidents: a Poisson process whose rate follows the demo's
 * time-of-day profile ({@link DemoIncidents#hourlyFactor}, Beijing time) around the city's
 * {@link #PER_HOUR} mean, times a multiplier; locations, categories and sources as in
 * {@link DemoIncidents}.
 *
 * <p>Drawn by thinning (candidates at the peak rate, each kept with the ratio of the rate at its
 * time to the peak), so that the arrivals depend only on the seed, never on how the caller
 * slices time. Not thread-safe: one simulation thread.
 */
final class IncidentArrivals {
    /** The city's mean rate: 130,000 reports a year, per hour. */
    static final double PER_HOUR = 130_000.0 / (365 * 24);

    private final Random random;
    private final GridIndex grids;
    private final List<AdminArea> counties;
    private final double peakPerMilli;
    private final String actor;
    private final ZoneId zone;
    /** Time of the next candidate, epoch milliseconds; {@code Long.MAX_VALUE} when the rate is 0. */
    private long next;

    /**
     * @param multiplier factor on the city's rate, ≥ 0
     * @param start      arrivals come strictly after this instant
     * @param actor      who the reports name as reporter
     * @param zone       the city's time zone (the rate follows its hours)
     */
    IncidentArrivals(long seed, GridIndex grids, double multiplier, Instant start, String actor, ZoneId zone) {
        this.zone = zone;
        this.random = new Random(seed);
        this.grids = grids;
        this.counties = grids.hierarchy().level(AdminLevel.COUNTY);
        this.peakPerMilli = PER_HOUR * multiplier * DemoIncidents.maxHourlyFactor() / 3_600_000.0;
        this.actor = actor;
        this.next = peakPerMilli > 0 && !counties.isEmpty() ? start.toEpochMilli() + gap() : Long.MAX_VALUE;
    }

    /** Expected number of reports per hour at {@code t}. */
    static double ratePerHour(Instant t, double multiplier, ZoneId zone) {
        return PER_HOUR * multiplier * DemoIncidents.hourlyFactor(t.atZone(zone).getHour());
    }

    /** The reports whose time lies after the previous call's {@code to} (or the start) and not after {@code to}, oldest first. */
    List<IncidentReport> until(Instant to) {
        long end = to.toEpochMilli();
        List<IncidentReport> out = new ArrayList<>();
        while (next <= end) {
            Instant t = Instant.ofEpochMilli(next);
            double keep = DemoIncidents.hourlyFactor(t.atZone(zone).getHour()) / DemoIncidents.maxHourlyFactor();
            if (random.nextDouble() < keep) {
                LonLat at;
                do {
                    at = DemoIncidents.location(random, grids, counties);
                } while (at == null);
                out.add(DemoIncidents.report(random, at, t, actor));
            }
            next += gap();
        }
        return out;
    }

    /** An exponential gap at the peak rate, at least 1 ms. */
    private long gap() {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) / peakPerMilli));
    }
}

package org.gridwatch.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridwatch.incident.Transition;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Incident;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Source;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * Deterministic demo incidents: clustered around each county's centre (where people live), with a
 * time-of-day profile peaking in the evening, category and source mixes resembling the design's
 * description. The history seeded into an empty demo store and the live stream of
 * {@link IncidentArrivals} share these mixes. Stateless; thread-safe.
 */
public final class DemoIncidents {
    /** Relative weight of each category, in {@link Category} order. */
    private static final int[] CATEGORY_WEIGHTS = {30, 6, 12, 20, 14, 8, 5, 2, 1, 2};
    /** Relative weight of each source, in {@link Source} order. */
    private static final int[] SOURCE_WEIGHTS = {40, 20, 25, 5, 10};
    /** Relative incident rate per hour of day (0–23, Beijing time). */
    private static final int[] HOURLY = {3, 2, 1, 1, 1, 2, 4, 6, 8, 8, 8, 9, 9, 8, 8, 8, 9, 10, 12, 13, 12, 10, 7, 5};
    /** Sum of {@link #HOURLY}. */
    private static final int HOURLY_TOTAL = 168;

    private DemoIncidents() {
    }

    /**
     * {@code count} reports spread over the {@code days} before {@code now}, every location inside
     * a grid of the city (WGS84).
     */
    public static List<IncidentReport> generate(GridIndex grids, long seed, int count, int days, Instant now) {
        Random r = new Random(seed);
        List<AdminArea> counties = grids.hierarchy().level(AdminLevel.COUNTY);
        List<IncidentReport> out = new ArrayList<>(count);
        while (out.size() < count) {
            LonLat at = location(r, grids, counties);
            if (at == null) {
                continue;
            }
            int day = r.nextInt(days);
            int hour = pick(r, HOURLY, HOURLY_TOTAL);
            Instant t = now.minus(Duration.ofDays(day)).truncatedTo(ChronoUnit.DAYS)
                    .plus(Duration.ofHours(hour - 8L)).plusSeconds(r.nextInt(3600)); // hour in Beijing time
            if (t.isAfter(now)) {
                t = now.minusSeconds(r.nextInt(3600));
            }
            out.add(report(r, at, t, "demo"));
        }
        return out;
    }

    /**
     * The relative incident rate in a Beijing-time hour of day, normalised so that the mean over
     * the 24 hours is 1 (the evening peak is about 1.9, the small hours about 0.14).
     */
    static double hourlyFactor(int hourOfDay) {
        return HOURLY[hourOfDay] * 24.0 / HOURLY_TOTAL;
    }

    /** The largest {@link #hourlyFactor}. */
    static double maxHourlyFactor() {
        int max = 0;
        for (int h : HOURLY) {
            max = Math.max(max, h);
        }
        return max * 24.0 / HOURLY_TOTAL;
    }

    /**
     * One draw of an incident location: a county at random, then a Gaussian around its centre
     * (mostly tight, a quarter of the time spread over the county). Null when the draw falls
     * outside every grid (the caller draws again).
     */
    /**
     * A past demo case as the city worked it: a report older than {@link #SETTLED_AFTER} was
     * accepted within 1–4 minutes, handled within 20–120 minutes, verified and closed the same
     * day (never after {@code now}); one in twenty was rejected instead. Newer ones stay as
     * reported, for the duty officer to take on. The steps are the system's (actor 历史数据);
     * the pseudo-random choices follow the incident id, so a seeded city is the same each time.
     */
    public static Incident settled(Incident i, Instant now) {
        if (i.reportedAt().isAfter(now.minus(SETTLED_AFTER))) {
            return i;
        }
        Random r = new Random(i.id() * 7919L);
        Instant at = i.reportedAt().plusSeconds(60 + r.nextInt(180));
        if (r.nextInt(20) == 0) {
            return step(i, Status.REJECTED, at, "重复或无效报警");
        }
        Incident c = step(i, Status.ACCEPTED, at, "受理");
        at = at.plusSeconds(1_200 + r.nextInt(6_000));
        c = step(c, Status.HANDLED, at, "已处置");
        at = at.plusSeconds(600 + r.nextInt(3_600));
        c = step(c, Status.VERIFIED, at, "核查属实");
        Instant closed = at.plusSeconds(600 + r.nextInt(3_600));
        return step(c, Status.CLOSED, closed.isAfter(now) ? now : closed, "结案");
    }

    /** Reports older than this are seeded as settled cases ({@link #settled}). */
    static final java.time.Duration SETTLED_AFTER = java.time.Duration.ofHours(6);

    private static Incident step(Incident i, Status to, Instant at, String note) {
        return i.apply(new Transition(i.status(), to, "历史数据", at, note), null);
    }

    static LonLat location(Random r, GridIndex grids, List<AdminArea> counties) {
        AdminArea county = counties.get(r.nextInt(counties.size()));
        Point c = county.geometry().getInteriorPoint();
        Envelope e = county.geometry().getEnvelopeInternal();
        double spread = Math.min(e.getWidth(), e.getHeight()) * (r.nextInt(4) == 0 ? 0.35 : 0.08);
        double lon = c.getX() + r.nextGaussian() * spread;
        double lat = c.getY() + r.nextGaussian() * spread;
        return grids.locateGrid(lon, lat) == null ? null : new LonLat(lon, lat);
    }

    /** A report at {@code at} (WGS84) with category, source and severity drawn from the demo mixes. */
    static IncidentReport report(Random r, LonLat at, Instant reportedAt, String actor) {
        Category cat = Category.values()[pick(r, CATEGORY_WEIGHTS, 100)];
        Source src = Source.values()[pick(r, SOURCE_WEIGHTS, 100)];
        // Mostly Ⅳ级 一般; one in ten graver (Ⅲ, Ⅱ or Ⅰ).
        int severity = Severity.DEFAULT.level() - (r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 0);
        return new IncidentReport(src, null, cat, severity, at.lon(), at.lat(), Crs.WGS84, reportedAt,
                cat.label() + "事件（演示）", "演示数据", actor);
    }

    private static int pick(Random r, int[] weights, int total) {
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}

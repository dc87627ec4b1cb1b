package org.gridwatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * The benchmarks' synthetic incidents on the demo city: {@value #SEAT_SHARE_PERCENT}% scattered
 * around the county seats (normal, σ ≈ 2.2 km; a county's share follows its population), the rest
 * uniformly over the city's grids' envelope; every point lies in a grid (found with
 * {@link GridIndex}), which gives its {@code gridCode}. {@code reportedAt} is uniform over the
 * span before the end; category and source uniformly random; ids ascend with time, as the
 * service assigns them. Optionally a share of them were accepted, dispatched and reached on
 * scene (a response time uniform in 1–30 minutes).
 */
final class BenchIncidents {
    static final int SEAT_SHARE_PERCENT = 60;
    /** σ of the scatter around a county seat, degrees (≈ 2.2 km north–south). */
    private static final double SEAT_SIGMA_DEGREES = 0.02;

    private BenchIncidents() {
    }

    /**
     * Draws {@code n} incidents from {@code random} and gives each to {@code sink}, oldest first.
     * With {@code onScenePercent} 0 the draws are those the incident benchmarks always made.
     *
     * @param end            every {@code reportedAt} lies in {@code [end − span, end)}
     * @param onScenePercent share of incidents with a unit on scene, percent
     * @return the county seats used, as (lon, lat) pairs
     */
    static double[][] generate(AreaHierarchy hierarchy, GridIndex grids, SplittableRandom random, int n, Instant end,
                               Duration span, int onScenePercent, Consumer<Incident> sink) {
        List<AdminArea> counties = hierarchy.level(AdminLevel.COUNTY);
        double[][] seats = new double[counties.size()][];
        double[] cumulative = new double[counties.size()];
        double total = 0;
        for (int i = 0; i < counties.size(); i++) {
            seats[i] = seat(hierarchy, counties.get(i));
            total += Math.max(1, counties.get(i).population());
            cumulative[i] = total;
        }
        Envelope extent = new Envelope();
        hierarchy.level(AdminLevel.GRID).forEach(g -> extent.expandToInclude(g.geometry().getEnvelopeInternal()));

        long spanSeconds = span.toSeconds();
        long[] reported = new long[n];
        for (int i = 0; i < n; i++) {
            reported[i] = end.getEpochSecond() - 1 - random.nextLong(spanSeconds);
        }
        Arrays.sort(reported);
        Category[] categories = Category.values();
        Source[] sources = Source.values();
        for (int i = 0; i < n; i++) {
            double lon;
            double lat;
            AdminArea grid;
            do {
                if (random.nextInt(100) < SEAT_SHARE_PERCENT) {
                    int c = Arrays.binarySearch(cumulative, random.nextDouble() * total);
                    double[] seat = seats[c < 0 ? -c - 1 : c];
                    lon = seat[0] + gaussian(random) * SEAT_SIGMA_DEGREES / Math.cos(Math.toRadians(seat[1]));
                    lat = seat[1] + gaussian(random) * SEAT_SIGMA_DEGREES;
                } else {
                    lon = extent.getMinX() + random.nextDouble() * extent.getWidth();
                    lat = extent.getMinY() + random.nextDouble() * extent.getHeight();
                }
                grid = grids.locateGrid(lon, lat);
            } while (grid == null);
            Instant at = Instant.ofEpochSecond(reported[i]);
            Category category = categories[random.nextInt(categories.length)];
            List<Transition> history = new ArrayList<>(4);
            history.add(new Transition(null, Status.REPORTED, "bench", at, null));
            if (onScenePercent > 0 && random.nextInt(100) < onScenePercent) {
                history.add(new Transition(Status.REPORTED, Status.ACCEPTED, "bench", at, null));
                history.add(new Transition(Status.ACCEPTED, Status.DISPATCHED, "bench", at, "U000001"));
                history.add(new Transition(Status.DISPATCHED, Status.ON_SCENE, "bench",
                        at.plusSeconds(60 + random.nextInt(29 * 60)), "U000001"));
            }
            sink.accept(new Incident(i + 1L, sources[random.nextInt(sources.length)], null, category,
                    1 + random.nextInt(Incident.MAX_SEVERITY), lon, lat, Crs.WGS84, lon, lat, grid.code(),
                    category.label(), "", at, at, history.get(history.size() - 1).to(), null, history));
        }
        return seats;
    }

    /**
     * Stand-in for a county seat (county-level data carry no seat): an interior point of the
     * county's most densely populated township, which in the demo data is its urban street.
     */
    private static double[] seat(AreaHierarchy hierarchy, AdminArea county) {
        AdminArea densest = county;
        double best = -1;
        for (AdminArea t : hierarchy.children(county.code())) {
            double density = t.areaSqm() > 0 ? t.population() / t.areaSqm() : 0;
            if (density > best) {
                best = density;
                densest = t;
            }
        }
        Point p = densest.geometry().getInteriorPoint();
        return new double[] {p.getX(), p.getY()};
    }

    /** Standard normal deviate (Box–Muller; SplittableRandom has none on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}

package org.gridwatch.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;

/**
 * A seeded random patrol stream for the analytics tests: units jumping near given spots (inside
 * and just outside their radius) or anywhere in a box, changing duty status, reporting fixes a
 * little late. Every step and the units after it are kept, so that an oracle can replay the
 * stream by brute force ({@link #stateAt}).
 */
public final class PatrolStream {
    /**
     * One step: a tick or a batch of change records, processed at {@code at}.
     *
     * @param after every unit after the step
     */
    public record Step(Instant at, boolean tick, List<UnitChange> changes, Map<String, UnitRecord> after) {
    }

    /** A spot units like to visit: centre and radius in metres. */
    public record Spot(double lon, double lat, double radiusMetres) {
    }

    private final Random random;
    private final List<Spot> spots;
    private final double[] box;
    private final Map<String, UnitRecord> units = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Instant> times = new ArrayList<>();

    /**
     * @param box minLon, minLat, maxLon, maxLat of the random elsewhere
     */
    public PatrolStream(Random random, int unitCount, List<Spot> spots, double[] box) {
        this.random = random;
        this.spots = List.copyOf(spots);
        this.box = box.clone();
        for (int i = 0; i < unitCount; i++) {
            Unit u = new Unit("U" + i, "巡" + i, UnitKind.FOOT_PATROL, "局", "371602", "371602001", true);
            units.put(u.id(), new UnitRecord(u, UnitStatus.AVAILABLE, null));
        }
    }

    /** The point {@code metres} from (lon, lat) towards {@code azimuth} degrees, geodesic. */
    public static double[] offset(double lon, double lat, double metres, double azimuth) {
        GeodesicData d = Geodesic.WGS84.Direct(lat, lon, azimuth, metres);
        return new double[] {d.lon2, d.lat2};
    }

    /** A tick step at {@code at}. */
    public Step tick(Instant at) {
        return record(at, true, List.of());
    }

    /**
     * A batch of 1 to {@code maxBatch} changes at {@code at}: a status change (one in ten) or a new
     * fix taken up to {@code maxLag} before {@code at}, near a spot (half of them) or anywhere.
     */
    public Step changes(Instant at, int maxBatch, Duration maxLag) {
        List<UnitChange> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>(units.keySet());
        Collections.sort(ids);
        for (int k = 1 + random.nextInt(maxBatch); k > 0; k--) {
            UnitRecord before = units.get(ids.get(random.nextInt(ids.size())));
            UnitRecord after;
            if (random.nextInt(10) == 0) {
                after = before.withStatus(UnitStatus.values()[random.nextInt(UnitStatus.values().length)]);
            } else {
                double[] p;
                if (random.nextBoolean() && !spots.isEmpty()) {
                    Spot s = spots.get(random.nextInt(spots.size()));
                    p = offset(s.lon(), s.lat(), s.radiusMetres() * 1.4 * random.nextDouble(), random.nextDouble() * 360);
                } else {
                    p = new double[] {box[0] + random.nextDouble() * (box[2] - box[0]),
                            box[1] + random.nextDouble() * (box[3] - box[1])};
                }
                Instant fix = at.minusMillis((long) (random.nextDouble() * maxLag.toMillis()));
                Position last = before.lastPosition();
                if (last != null && !fix.isAfter(last.time())) {
                    fix = last.time().plusMillis(1); // fixes of a unit come in time order
                }
                after = before.withLastPosition(Position.of(before.id(), p[0], p[1], fix));
            }
            units.put(after.id(), after);
            batch.add(new UnitChange(before, after));
        }
        return record(at, false, batch);
    }

    private Step record(Instant at, boolean tick, List<UnitChange> changes) {
        if (!times.isEmpty() && !at.isAfter(times.get(times.size() - 1))) {
            throw new IllegalArgumentException("steps must move forward in time: " + at);
        }
        Step s = new Step(at, tick, changes, Map.copyOf(units));
        steps.add(s);
        times.add(at);
        return s;
    }

    /** Every step so far. */
    public List<Step> steps() {
        return steps;
    }

    /** The units as they were at {@code t}: after the last step at or before it (none positioned before the first). */
    public Map<String, UnitRecord> stateAt(Instant t) {
        int i = Collections.binarySearch(times, t);
        int last = i >= 0 ? i : -i - 2;
        if (last < 0) {
            Map<String, UnitRecord> initial = new HashMap<>();
            units.values().forEach(u -> initial.put(u.id(), new UnitRecord(u.unit(), UnitStatus.AVAILABLE, null)));
            return initial;
        }
        return steps.get(last).after();
    }

    /** Times of the steps in the half-open range (from, to). */
    public List<Instant> timesBetween(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t : times) {
            if (t.isAfter(from) && t.isBefore(to)) {
                out.add(t);
            }
        }
        return out;
    }
}

package org.gridwatch.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.geo.LonLat;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * One simulated unit: where it is going and how fast. Movement is a chain of straight legs, each
 * from where the unit is to a target at a constant speed, followed by a dwell; the true position
 * at any instant is a function of the current leg, so reports at fixed instants do not depend on
 * how the simulation slices time.
 *
 * <p>Patrol targets are random waypoints around the unit (or, for dedicated school guards, around
 * their guard room), chosen so that the straight leg stays inside the home township; a unit
 * outside it (after a call, or starting outside) heads back in.
 *
 * <p>Mutable; confined to the simulation thread.
 */
final class SimUnit {
    /** What the unit is doing. */
    enum Mode {
        /** Random waypoints in the home township. */
        PATROL,
        /** Driving to an incident, then handling it on scene. */
        RESPOND,
        /** Going to its school post's gate and standing there until the window ends. */
        POST
    }

    /** Patrol beat: how far one patrol leg goes at most, metres, per kind. */
    private static final Map<UnitKind, Double> BEAT_METRES = Map.of(UnitKind.POLICE_CAR, 3_000.0,
            UnitKind.FOOT_PATROL, 600.0, UnitKind.SECURITY_GUARD, 1_000.0, UnitKind.GRID_WORKER, 1_000.0,
            UnitKind.POLICE_ASSISTANT, 1_500.0);
    /** Longest dwell at a waypoint, minutes, per kind (grid workers visit households). */
    private static final Map<UnitKind, Integer> DWELL_MINUTES = Map.of(UnitKind.POLICE_CAR, 3,
            UnitKind.FOOT_PATROL, 5, UnitKind.SECURITY_GUARD, 5, UnitKind.GRID_WORKER, 20,
            UnitKind.POLICE_ASSISTANT, 10);
    /** A dedicated school guard's beat around its guard room, metres. */
    private static final double GUARD_BEAT_METRES = 100;
    /** Standard deviation of the simulated GPS error, metres; the error is cut at 3 σ. */
    static final double GPS_SIGMA_METRES = 3;
    /** Largest simulated GPS error, metres. */
    static final double GPS_MAX_METRES = 3 * GPS_SIGMA_METRES;

    final Unit unit;
    final PreparedGeometry home;
    final Random random;
    /** Cruising speed, m/s. */
    final double cruise;
    /** First report time modulo the report interval, milliseconds: spreads the units' reports. */
    final long phaseMillis;
    /** The post the unit staffs, or null. */
    final SchoolPost post;
    /** True for a dedicated school guard: no calls, beat around the guard room. */
    final boolean schoolGuard;
    /** Where the unit stands at its post's gate (within 30 % of the radius), or null. */
    final LonLat stand;
    /** A dedicated guard's guard room, beyond the gate's radius; null for others. */
    final LonLat guardRoom;

    Mode mode = Mode.PATROL;
    /** Off duty: the unit stays where it is and reports nothing until its shift starts. */
    boolean offDuty;
    private double fromLon;
    private double fromLat;
    private double toLon;
    private double toLat;
    private long startMs;
    private long arriveMs;
    private long endMs;
    private double speed;
    private double heading = 0;
    /** Case of a call in progress ({@link Mode#RESPOND}); negative for a call the simulator does not own. */
    long caseRef = -1;
    /** Rating the case gets when closed. */
    int rating;
    /** The duty window last decided on (epoch day × 8 + window index), so that each window is decided once; -1 for none. */
    long lastDuty = -1;
    /** Next report time, epoch milliseconds. */
    long nextReportMs;
    /** The day {@link #windowStarts} and {@link #windowEnds} are for. */
    private LocalDate windowDay;
    private long[] windowStarts;
    private long[] windowEnds;

    SimUnit(Unit unit, PreparedGeometry home, long seed, double cruise, long intervalMs, SchoolPost post,
            boolean schoolGuard, LonLat start, long startMs) {
        this.unit = unit;
        this.home = home;
        this.random = new Random(seed ^ 0x9E3779B97F4A7C15L * unit.id().hashCode());
        this.cruise = cruise;
        this.phaseMillis = Math.floorMod(random.nextLong(), intervalMs);
        this.post = post;
        this.schoolGuard = schoolGuard;
        if (post != null) {
            double r = post.radiusMetres() * 0.3 * random.nextDouble();
            this.stand = offset(post.gate().getX(), post.gate().getY(), random.nextDouble() * 360, r);
        } else {
            this.stand = null;
        }
        this.guardRoom = schoolGuard ? pickGuardRoom() : null;
        LonLat p = start != null ? start : guardRoom != null ? guardRoom : randomPointInHome();
        this.fromLon = p.lon();
        this.fromLat = p.lat();
        this.toLon = p.lon();
        this.toLat = p.lat();
        this.startMs = startMs;
        this.arriveMs = startMs;
        this.endMs = startMs;
        long k = Math.floorDiv(startMs - phaseMillis, intervalMs) + 1;
        this.nextReportMs = phaseMillis + k * intervalMs;
    }

    /** Start of each duty window of the unit's post on {@code day}, epoch milliseconds (cached per day). */
    long[] windowStarts(LocalDate day, ZoneId zone) {
        windows(day, zone);
        return windowStarts;
    }

    /** End of each duty window of the unit's post on {@code day}, epoch milliseconds (cached per day). */
    long[] windowEnds(LocalDate day, ZoneId zone) {
        windows(day, zone);
        return windowEnds;
    }

    private void windows(LocalDate day, ZoneId zone) {
        if (day.equals(windowDay)) {
            return;
        }
        int n = post.dutyWindows().size();
        windowStarts = new long[n];
        windowEnds = new long[n];
        for (int w = 0; w < n; w++) {
            windowStarts[w] = day.atTime(post.dutyWindows().get(w).start()).atZone(zone).toInstant().toEpochMilli();
            windowEnds[w] = day.atTime(post.dutyWindows().get(w).end()).atZone(zone).toInstant().toEpochMilli();
        }
        windowDay = day;
    }

    String id() {
        return unit.id();
    }

    UnitKind kind() {
        return unit.kind();
    }

    /** End of the current leg including its dwell, epoch milliseconds. */
    long legEnd() {
        return endMs;
    }

    /** The true position at {@code t} (not before the current leg's start). */
    LonLat at(long t) {
        if (t >= arriveMs || arriveMs == startMs) {
            return new LonLat(toLon, toLat);
        }
        double f = Math.max(0, (double) (t - startMs) / (arriveMs - startMs));
        return new LonLat(fromLon + (toLon - fromLon) * f, fromLat + (toLat - fromLat) * f);
    }

    /** True while the unit is moving along its leg at {@code t}. */
    boolean moving(long t) {
        return t >= startMs && t < arriveMs;
    }

    /**
     * Starts a leg at {@code t} from where the unit is to (lon, lat) at {@code metresPerSecond},
     * staying there until {@code endAtLeast} or for {@code dwellMs} after arrival, whichever is later.
     *
     * @return the arrival time, epoch milliseconds
     */
    long go(long t, double lon, double lat, double metresPerSecond, long dwellMs, long endAtLeast) {
        LonLat p = at(t);
        double metres = Geodesy.distance(p.lon(), p.lat(), lon, lat);
        fromLon = p.lon();
        fromLat = p.lat();
        toLon = lon;
        toLat = lat;
        startMs = t;
        arriveMs = t + (long) Math.ceil(metres / metresPerSecond * 1000);
        endMs = Math.max(arriveMs + dwellMs, endAtLeast);
        speed = metresPerSecond;
        if (metres > 0.5) {
            heading = bearing(p.lon(), p.lat(), lon, lat);
        }
        return arriveMs;
    }

    /** Starts a patrol leg at {@code t}: a random waypoint reachable in a straight line inside the home township. */
    void patrol(long t) {
        mode = Mode.PATROL;
        LonLat here = at(t);
        LonLat target = null;
        if (contains(here)) {
            LonLat centre = guardRoom != null ? guardRoom : here;
            double beat = guardRoom != null ? GUARD_BEAT_METRES : BEAT_METRES.get(kind());
            double d = beat * (0.3 + 0.7 * random.nextDouble());
            for (int i = 0; i < 24 && target == null; i++, d *= 0.6) {
                LonLat c = offset(centre.lon(), centre.lat(), random.nextDouble() * 360, d);
                if (straightInside(here, c)) {
                    target = c;
                }
            }
        } else {
            // Outside the home area: back in, to the nearest of a few random points of it.
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                LonLat c = randomPointInHome();
                double d = Geodesy.approxDistance(here.lon(), here.lat(), c.lon(), c.lat());
                if (d < best) {
                    best = d;
                    target = c;
                }
            }
        }
        if (target == null) {
            target = here;
        }
        double v = cruise * (0.7 + 0.3 * random.nextDouble());
        long dwell = (long) (random.nextDouble() * DWELL_MINUTES.get(kind()) * 60_000);
        go(t, target.lon(), target.lat(), v, dwell, 0);
    }

    /** The report of the unit's position at {@code t}, with simulated GPS error, speed and heading. */
    PositionReport report(long t) {
        LonLat p = at(t);
        double err = Math.min(GPS_MAX_METRES, Math.abs(random.nextGaussian() * GPS_SIGMA_METRES));
        LonLat noisy = offset(p.lon(), p.lat(), random.nextDouble() * 360, err);
        double v = moving(t) ? speed : 0;
        double accuracy = kind() == UnitKind.POLICE_CAR ? 5 : 8;
        return new PositionReport(id(), noisy.lon(), noisy.lat(), Crs.WGS84, Instant.ofEpochMilli(t),
                Math.round(v * 100) / 100.0, Math.round(heading * 10) / 10.0 % 360, accuracy);
    }

    boolean contains(LonLat p) {
        return home.contains(Geo.point(p.lon(), p.lat()));
    }

    private boolean straightInside(LonLat a, LonLat b) {
        return home.covers(Geo.FACTORY.createLineString(new Coordinate[] {
            new Coordinate(a.lon(), a.lat()), new Coordinate(b.lon(), b.lat())}));
    }

    private LonLat randomPointInHome() {
        Envelope e = home.getGeometry().getEnvelopeInternal();
        for (int i = 0; i < 200; i++) {
            LonLat c = new LonLat(e.getMinX() + random.nextDouble() * e.getWidth(),
                    e.getMinY() + random.nextDouble() * e.getHeight());
            if (contains(c)) {
                return c;
            }
        }
        var p = home.getGeometry().getInteriorPoint();
        return new LonLat(p.getX(), p.getY());
    }

    /** A guard room 150–300 m beyond the gate's radius, reachable straight from the gate inside the township. */
    private LonLat pickGuardRoom() {
        LonLat gate = new LonLat(post.gate().getX(), post.gate().getY());
        for (int i = 0; i < 24; i++) {
            LonLat c = offset(gate.lon(), gate.lat(), random.nextDouble() * 360,
                    post.radiusMetres() + 150 + random.nextDouble() * 150);
            if (contains(c)) {
                return c;
            }
        }
        return stand;
    }

    /** The point {@code metres} from (lon, lat) at {@code bearing} degrees (local flat earth; fine up to a few km). */
    static LonLat offset(double lon, double lat, double bearing, double metres) {
        double phi = Math.toRadians(lat);
        double mPerDegLat = 111_132.954 - 559.822 * Math.cos(2 * phi);
        double mPerDegLon = 111_412.84 * Math.cos(phi);
        double b = Math.toRadians(bearing);
        return new LonLat(lon + metres * Math.sin(b) / mPerDegLon, lat + metres * Math.cos(b) / mPerDegLat);
    }

    /** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
    static double bearing(double lon1, double lat1, double lon2, double lat2) {
        double phi = Math.toRadians((lat1 + lat2) / 2);
        double dx = (lon2 - lon1) * Math.cos(phi);
        double dy = lat2 - lat1;
        double deg = Math.toDegrees(Math.atan2(dx, dy));
        return deg < 0 ? deg + 360 : deg;
    }
}

package org.gridwatch.sim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.gridwatch.patrol.UnitKind;

/**
 * What the city simulator does, validated.
 *
 * @param seed             random seed: the same seed and the same step instants give the same output
 * @param reportInterval   simulated time between two position reports of one unit
 * @param incidentRate     multiplier of the city's incident rate (1 = about 130,000 a year, 15 an
 *                         hour on average); ≥ 0
 * @param dispatchShare    share (0–1) of new incidents the simulator dispatches a unit to; the rest
 *                         waits for a person at the dispatcher console
 * @param absentShare      share (0–1) of school-post duties a staff member misses
 * @param lateShare        share (0–1) of school-post duties a staff member arrives late to (after
 *                         the window start plus the 5-minute grace)
 * @param patrolSpeedKmh   cruising speed per unit kind, km/h (&gt; 0); responding units go 1.2× as fast
 */
public record SimSettings(long seed, Duration reportInterval, double incidentRate, double dispatchShare,
                          double absentShare, double lateShare, Map<UnitKind, Double> patrolSpeedKmh) {
    /** Default seed: the demo city's. */
    public static final long DEFAULT_SEED = 371_600;
    /** Default report interval, seconds. */
    public static final int DEFAULT_REPORT_SECONDS = 10;
    /** Factor on the cruising speed of a unit responding to an incident. */
    public static final double RESPONSE_FACTOR = 1.2;

    public SimSettings {
        if (reportInterval == null || reportInterval.toMillis() < 1_000) {
            throw new IllegalArgumentException("report interval must be at least 1 s, not " + reportInterval);
        }
        if (!(incidentRate >= 0) || !Double.isFinite(incidentRate)) {
            throw new IllegalArgumentException("incident rate multiplier must be ≥ 0, not " + incidentRate);
        }
        share("dispatch share", dispatchShare);
        share("absent share", absentShare);
        share("late share", lateShare);
        share("absent + late share", absentShare + lateShare);
        patrolSpeedKmh = Map.copyOf(patrolSpeedKmh);
        for (UnitKind k : UnitKind.values()) {
            Double v = patrolSpeedKmh.get(k);
            if (v == null || !(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("patrol speed of " + k.id() + " must be a positive km/h, not " + v);
            }
        }
    }

    private static void share(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], not " + v);
        }
    }

    /**
     * Defaults: seed {@value #DEFAULT_SEED}, a fix every {@value #DEFAULT_REPORT_SECONDS} s, the city's
     * incident rate, 80 % of incidents dispatched, 3 % of post duties missed and 5 % late, and the
     * cruising speeds police car 30, foot patrol 5, the others (bicycles and e-bikes) 15 km/h.
     */
    public static SimSettings defaults() {
        Map<UnitKind, Double> speeds = new EnumMap<>(UnitKind.class);
        speeds.put(UnitKind.POLICE_CAR, 30.0);
        speeds.put(UnitKind.FOOT_PATROL, 5.0);
        speeds.put(UnitKind.SECURITY_GUARD, 15.0);
        speeds.put(UnitKind.GRID_WORKER, 15.0);
        speeds.put(UnitKind.POLICE_ASSISTANT, 15.0);
        return new SimSettings(DEFAULT_SEED, Duration.ofSeconds(DEFAULT_REPORT_SECONDS), 1.0, 0.8, 0.03, 0.05, speeds);
    }

    /** These settings with another seed. */
    public SimSettings withSeed(long s) {
        return new SimSettings(s, reportInterval, incidentRate, dispatchShare, absentShare, lateShare, patrolSpeedKmh);
    }

    /** These settings with another report interval. */
    public SimSettings withReportInterval(Duration d) {
        return new SimSettings(seed, d, incidentRate, dispatchShare, absentShare, lateShare, patrolSpeedKmh);
    }

    /** These settings with another incident rate multiplier. */
    public SimSettings withIncidentRate(double r) {
        return new SimSettings(seed, reportInterval, r, dispatchShare, absentShare, lateShare, patrolSpeedKmh);
    }

    /** These settings with another dispatch share. */
    public SimSettings withDispatchShare(double s) {
        return new SimSettings(seed, reportInterval, incidentRate, s, absentShare, lateShare, patrolSpeedKmh);
    }

    /** These settings with other speeds (e.g. the configured dispatch ETA speeds). */
    public SimSettings withPatrolSpeeds(Map<UnitKind, Double> kmh) {
        return new SimSettings(seed, reportInterval, incidentRate, dispatchShare, absentShare, lateShare, kmh);
    }

    /** Cruising speed of a kind, m/s. */
    public double cruise(UnitKind kind) {
        return patrolSpeedKmh.get(kind) / 3.6;
    }
}

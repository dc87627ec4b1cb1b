package org.gridwatch.sim;

import java.util.Random;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * A simulated terminal's way through its area: it goes at a steady speed, its heading drifting a
 * little each second, and turns back at the area's edge, so consecutive fixes are as far apart
 * as the time between them allows and never leave the area (a plausible path for the jump
 * filter). WGS84 lon/lat, metres, seconds, heading in degrees clockwise from north.
 *
 * <p>Mutable; confined to the thread of its terminal.
 */
final class PatrolPath {
    /** Metres per degree of latitude (mean). */
    private static final double METRES_PER_DEGREE = 111_320;
    /** Standard deviation of the heading's drift per step, degrees. */
    private static final double DRIFT_DEGREES = 15;

    private final PreparedGeometry area;
    private final double metresPerSecond;
    private double lon;
    private double lat;
    private double heading;

    /**
     * @param area            where the path stays (a polygon, WGS84); a start outside it heads
     *                        for nowhere in particular and moves only where it stays inside
     * @param lon             start, degrees
     * @param lat             start, degrees
     * @param heading         first heading, degrees
     * @param metresPerSecond the speed, m/s, at least 0
     */
    PatrolPath(PreparedGeometry area, double lon, double lat, double heading, double metresPerSecond) {
        this.area = area;
        this.lon = lon;
        this.lat = lat;
        this.heading = normal(heading);
        this.metresPerSecond = metresPerSecond;
    }

    /** Moves on by {@code seconds} of travel (at least 0); a step that would leave the area turns back instead. */
    void advance(double seconds, Random random) {
        heading = normal(heading + random.nextGaussian() * DRIFT_DEGREES);
        double metres = metresPerSecond * Math.max(0, seconds);
        for (int attempt = 0; attempt < 8 && metres > 0; attempt++) {
            double rad = Math.toRadians(heading);
            double nextLat = lat + metres * Math.cos(rad) / METRES_PER_DEGREE;
            double nextLon = lon + metres * Math.sin(rad) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
            if (area.covers(Geo.point(nextLon, nextLat))) {
                lon = nextLon;
                lat = nextLat;
                return;
            }
            heading = normal(heading + 180 + random.nextGaussian() * 45);
            metres /= 2;
        }
    }

    double lon() {
        return lon;
    }

    double lat() {
        return lat;
    }

    /** Degrees 0 (inclusive) to 360 (exclusive). */
    double heading() {
        return heading;
    }

    double metresPerSecond() {
        return metresPerSecond;
    }

    private static double normal(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }
}

package org.gridwatch.patrol;

import java.time.Instant;
import java.util.Objects;

/**
 * One reported position of a patrol unit (定位点): WGS84 longitude/latitude (x = longitude),
 * already converted from the device's CRS. Optional measurements are {@link Double#NaN} when the
 * device did not report them.
 *
 * <p>Immutable and thread-safe. Equality is the record's: two positions with NaN in the same
 * optional field are equal ({@link Double#compare} semantics).
 *
 * @param unitId   roster id of the unit ({@link Unit#id()})
 * @param lon      longitude, degrees, WGS84, in [-180, 180]
 * @param lat      latitude, degrees, WGS84, in [-90, 90]
 * @param time     when the device took the fix (device time, not receipt time)
 * @param speed    ground speed, m/s, ≥ 0; NaN if unknown
 * @param heading  course over ground, degrees clockwise from true north, in [0, 360]; NaN if unknown
 * @param accuracy  horizontal accuracy (radius), metres, ≥ 0; NaN if unknown
 * @param telemetry what the device reported beside the fix ({@link Telemetry#NONE} if nothing); kept
 *                  in memory with the unit's last position, not in the stored track
 */
public record Position(String unitId, double lon, double lat, Instant time, double speed, double heading,
                       double accuracy, Telemetry telemetry) {
    /** A position with nothing reported beside the fix. */
    public Position(String unitId, double lon, double lat, Instant time, double speed, double heading, double accuracy) {
        this(unitId, lon, lat, time, speed, heading, accuracy, Telemetry.NONE);
    }

    public Position {
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(time, "time");
        if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("position of unit " + unitId + " at " + time
                    + ": lon/lat out of range: " + lon + ", " + lat);
        }
        if (!Double.isNaN(speed) && !(speed >= 0 && speed < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("position of unit " + unitId + " at " + time
                    + ": speed must be ≥ 0 m/s or NaN: " + speed);
        }
        if (!Double.isNaN(heading) && !(heading >= 0 && heading <= 360)) {
            throw new IllegalArgumentException("position of unit " + unitId + " at " + time
                    + ": heading must be in [0, 360] degrees or NaN: " + heading);
        }
        if (!Double.isNaN(accuracy) && !(accuracy >= 0 && accuracy < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("position of unit " + unitId + " at " + time
                    + ": accuracy must be ≥ 0 m or NaN: " + accuracy);
        }
    }

    /** A position with only the coordinates and the time known (speed, heading, accuracy NaN). */
    public static Position of(String unitId, double lon, double lat, Instant time) {
        return new Position(unitId, lon, lat, time, Double.NaN, Double.NaN, Double.NaN);
    }
}

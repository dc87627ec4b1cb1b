package org.gridwatch.patrol;

import java.time.Instant;
import org.gridwatch.geo.Crs;

/**
 * A position as a device reported it, before the pipeline has checked or converted anything.
 *
 * @param unit     roster id of the reporting unit; may be null (rejected as invalid)
 * @param lon      longitude in {@code crs}, degrees
 * @param lat      latitude in {@code crs}, degrees
 * @param crs      CRS of lon/lat
 * @param time     fix time; may be null (rejected as invalid)
 * @param speed    m/s, NaN if not reported
 * @param heading  degrees clockwise from north, NaN if not reported
 * @param accuracy  metres, NaN if not reported
 * @param telemetry what the device reported beside the fix ({@link Telemetry#NONE} if nothing)
 */
public record PositionReport(String unit, double lon, double lat, Crs crs, Instant time, double speed, double heading,
                             double accuracy, Telemetry telemetry) {
    public PositionReport {
        java.util.Objects.requireNonNull(telemetry, "telemetry");
    }

    /** A report with nothing beside the fix. */
    public PositionReport(String unit, double lon, double lat, Crs crs, Instant time, double speed, double heading,
                          double accuracy) {
        this(unit, lon, lat, crs, time, speed, heading, accuracy, Telemetry.NONE);
    }
}

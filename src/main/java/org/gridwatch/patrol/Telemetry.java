package org.gridwatch.patrol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a unit's terminal reports beside the fix itself: battery, ignition, altitude, satellites,
 * signal, odometer, fuel, its safety alarms and, from Traccar Client, its motion and event. Kept
 * with the unit's last position and shown with the unit; the alarms raise alerts. Every field is
 * optional: NaN, -1 or null when not reported.
 *
 * <p>Immutable and thread-safe; the constructor checks ranges and names the field it refuses.
 *
 * @param battery    battery level, percent, in [0, 100]; NaN if unknown
 * @param charging   true while charging; null if unknown
 * @param ignition   vehicle ignition (ACC) on; null if unknown
 * @param altitude   metres above sea level, in [-1000, 20000]; NaN if unknown
 * @param hdop       horizontal dilution of precision, ≥ 0; NaN if unknown
 * @param satellites satellites in use, in [0, 255]; -1 if unknown
 * @param signal     mobile signal strength as the terminal reports it (JT/T 808 item 0x30), in
 *                   [0, 255]; -1 if unknown
 * @param odometer   the vehicle's odometer, metres, ≥ 0; NaN if unknown
 * @param fuel       fuel, litres, ≥ 0; NaN if unknown
 * @param alarms     the safety alarms set in this report (never null; empty when none)
 * @param moving     Traccar Client's {@code is_moving}; null if unknown
 * @param event      Traccar Client's event name (e.g. {@code motionchange}, {@code heartbeat}), at
 *                   most 32 characters; null if none
 */
public record Telemetry(double battery, Boolean charging, Boolean ignition, double altitude, double hdop,
                        int satellites, int signal, double odometer, double fuel, Set<DeviceAlarm> alarms,
                        Boolean moving, String event) {
    /** A report with nothing beside the fix. */
    public static final Telemetry NONE = new Telemetry(Double.NaN, null, null, Double.NaN, Double.NaN, -1, -1,
            Double.NaN, Double.NaN, Set.of(), null, null);

    public Telemetry {
        check("battery", battery, 0, 100);
        check("altitude", altitude, -1_000, 20_000);
        check("hdop", hdop, 0, 1_000);
        check("odometer", odometer, 0, 1e10);
        check("fuel", fuel, 0, 1e6);
        if (satellites < -1 || satellites > 255) {
            throw new IllegalArgumentException("satellites: must be in 0..255, not " + satellites);
        }
        if (signal < -1 || signal > 255) {
            throw new IllegalArgumentException("signal: must be in 0..255, not " + signal);
        }
        Objects.requireNonNull(alarms, "alarms");
        alarms = alarms.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(alarms));   // in enum order
        if (event != null && (event.isBlank() || event.length() > 32)) {
            throw new IllegalArgumentException("event: must be 1 to 32 characters");
        }
    }

    private static void check(String field, double v, double min, double max) {
        if (!Double.isNaN(v) && !(v >= min && v <= max)) {
            throw new IllegalArgumentException(field + ": must be in [" + fmt(min) + ", " + fmt(max) + "], not " + v);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** True when nothing beside the fix was reported. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** This report with {@code set} as its alarms. */
    public Telemetry withAlarms(Set<DeviceAlarm> set) {
        return new Telemetry(battery, charging, ignition, altitude, hdop, satellites, signal, odometer, fuel, set,
                moving, event);
    }
}

package org.gridwatch.device;

import java.util.EnumSet;
import java.util.Set;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.jt808.Alarm;
import org.gridwatch.jt808.Location;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Telemetry;

/**
 * JT/T 808 location reports as the positions of the unit a terminal is bound to. Stateless.
 *
 * <p>Units: the report's speed in km/h becomes m/s, its direction (degrees clockwise from north) the
 * heading, its mileage (km) the odometer in metres; the coordinates are in the terminal's coordinate
 * system ({@link DeviceKey#crs()}, WGS84 per the standard), converted by the pipeline. Of the
 * terminal's alarm flags those that mean a person or a vehicle may be in danger become
 * {@link DeviceAlarm}s (emergency → {@code sos}; overspeed; fatigue; danger warning; GNSS faults;
 * power low / cut; theft, illegal ignition and movement → {@code tamper}; collision and rollover);
 * warnings of the driving-assistance kind (overspeed/fatigue warning, areas, routes, parking) are
 * not safety alarms here and are ignored.
 */
final class Jt808Positions {
    private Jt808Positions() {
    }

    /** The position {@code l} reports for the terminal's unit. */
    static PositionReport report(Location l, DeviceKey terminal) {
        Telemetry t = new Telemetry(Double.NaN, null, l.accOn(), plausibleAltitude(l.altitudeSigned()), Double.NaN,
                l.satellites(), l.signal(), Double.isNaN(l.mileageKm()) ? Double.NaN : l.mileageKm() * 1000,
                l.fuelLitres(), alarms(l.alarms()), null, null);
        double heading = l.direction() >= 0 && l.direction() <= 360 ? l.direction() : Double.NaN;
        return new PositionReport(terminal.unitId(), l.longitude(), l.latitude(), terminal.crs(), l.time(),
                l.speedKmh() / 3.6, heading, Double.NaN, t);
    }

    /** Metres, or NaN when outside what {@link Telemetry} takes (a terminal's garbage is not a reason to drop its fix). */
    private static double plausibleAltitude(int metres) {
        return metres >= -1_000 && metres <= 20_000 ? metres : Double.NaN;
    }

    /** The safety alarms among a terminal's alarm flags (see the class comment). */
    static Set<DeviceAlarm> alarms(Set<Alarm> flags) {
        if (flags.isEmpty()) {
            return Set.of();
        }
        Set<DeviceAlarm> out = EnumSet.noneOf(DeviceAlarm.class);
        for (Alarm a : flags) {
            DeviceAlarm d = switch (a) {
                case EMERGENCY -> DeviceAlarm.SOS;
                case OVERSPEED -> DeviceAlarm.OVERSPEED;
                case FATIGUE -> DeviceAlarm.FATIGUE;
                case DANGER_WARNING -> DeviceAlarm.DANGER;
                case GNSS_FAULT, GNSS_ANTENNA_CUT, GNSS_ANTENNA_SHORT -> DeviceAlarm.GNSS_FAULT;
                case POWER_LOW -> DeviceAlarm.POWER_LOW;
                case POWER_CUT -> DeviceAlarm.POWER_CUT;
                case THEFT, ILLEGAL_IGNITION, ILLEGAL_MOVEMENT -> DeviceAlarm.TAMPER;
                case COLLISION, ROLLOVER -> DeviceAlarm.COLLISION;
                default -> null;
            };
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }
}

package org.gridwatch.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.geo.Crs;
import org.gridwatch.jt808.Alarm;
import org.gridwatch.jt808.Location;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.PositionReport;
import org.junit.jupiter.api.Test;

class Jt808PositionsTest {
    static final Instant T = Instant.parse("2026-12-02T01:02:03Z");

    @Test
    void aLocationIsThePositionOfTheBoundUnitInTheTerminalsCoordinateSystemAndUnits() {
        DeviceKey gcj = new DeviceKey("dev-00000001", "CAR7", "13800000007", "a".repeat(64), T, null, Crs.GCJ02);
        Location l = Location.builder(37.41, 118.01, T).statusFlags(Location.STATUS_POSITIONED).speedKmh(54)
                .direction(270).altitude(15).mileageKm(10.5).fuelLitres(31.2).satellites(12).signal(20).build();
        PositionReport r = Jt808Positions.report(l, gcj);
        assertThat(r.unit()).isEqualTo("CAR7");
        assertThat(r.crs()).isEqualTo(Crs.GCJ02);
        assertThat(r.lon()).isEqualTo(118.01);
        assertThat(r.lat()).isEqualTo(37.41);
        assertThat(r.time()).isEqualTo(T);
        assertThat(r.speed()).as("54 km/h in m/s").isEqualTo(15.0);
        assertThat(r.heading()).isEqualTo(270.0);
        assertThat(r.accuracy()).isNaN();
        assertThat(r.telemetry().ignition()).as("ACC off").isFalse();
        assertThat(r.telemetry().altitude()).isEqualTo(15.0);
        assertThat(r.telemetry().odometer()).as("metres").isEqualTo(10_500.0);
        assertThat(r.telemetry().fuel()).isEqualTo(31.2);
        assertThat(r.telemetry().satellites()).isEqualTo(12);
        assertThat(r.telemetry().signal()).isEqualTo(20);
        assertThat(r.telemetry().alarms()).isEmpty();
    }

    @Test
    void safetyAlarmsBecomeDeviceAlarmsAndDrivingAssistanceWarningsDoNot() {
        assertThat(Jt808Positions.alarms(EnumSet.of(Alarm.EMERGENCY, Alarm.POWER_CUT, Alarm.ROLLOVER, Alarm.COLLISION,
                Alarm.ILLEGAL_MOVEMENT, Alarm.GNSS_ANTENNA_CUT))).containsExactly(DeviceAlarm.SOS, DeviceAlarm.GNSS_FAULT,
                DeviceAlarm.POWER_CUT, DeviceAlarm.TAMPER, DeviceAlarm.COLLISION);
        assertThat(Jt808Positions.alarms(EnumSet.of(Alarm.OVERSPEED_WARNING, Alarm.FATIGUE_WARNING, Alarm.AREA,
                Alarm.PARKING_TIMEOUT))).isEmpty();
        assertThat(Jt808Positions.alarms(Set.of())).isEmpty();
    }
}

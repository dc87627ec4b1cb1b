package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    static Telemetry battery(double percent) {
        return new Telemetry(percent, null, null, Double.NaN, Double.NaN, -1, -1, Double.NaN, Double.NaN, Set.of(),
                null, null);
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsField() {
        assertThat(battery(0).battery()).isZero();
        assertThat(battery(100).battery()).isEqualTo(100);
        assertThatThrownBy(() -> battery(100.5)).hasMessage("battery: must be in [0, 100], not 100.5");
        assertThatThrownBy(() -> battery(-1)).hasMessageStartingWith("battery:");
        assertThatThrownBy(() -> new Telemetry(Double.NaN, null, null, Double.NaN, Double.NaN, 256, -1, Double.NaN,
                Double.NaN, Set.of(), null, null)).hasMessageStartingWith("satellites:");
        assertThatThrownBy(() -> new Telemetry(Double.NaN, null, null, 30_000, Double.NaN, -1, -1, Double.NaN,
                Double.NaN, Set.of(), null, null)).hasMessageStartingWith("altitude:");
        assertThatThrownBy(() -> new Telemetry(Double.NaN, null, null, Double.NaN, Double.NaN, -1, -1, Double.NaN,
                Double.NaN, Set.of(), null, "x".repeat(33))).hasMessageStartingWith("event:");
    }

    @Test
    void nothingReportedIsEmptyAndAlarmsKeepTheirDeclaredOrder() {
        assertThat(battery(Double.NaN).isEmpty()).isTrue();
        assertThat(battery(50).isEmpty()).isFalse();
        Telemetry t = Telemetry.NONE.withAlarms(Set.of(DeviceAlarm.FALL_DOWN, DeviceAlarm.OVERSPEED, DeviceAlarm.SOS));
        assertThat(t.alarms()).containsExactly(DeviceAlarm.SOS, DeviceAlarm.OVERSPEED, DeviceAlarm.FALL_DOWN);
        assertThat(t.isEmpty()).isFalse();
        assertThat(t.withAlarms(Set.of())).isEqualTo(Telemetry.NONE);
    }
}

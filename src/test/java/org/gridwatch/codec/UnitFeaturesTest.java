package org.gridwatch.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Telemetry;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.junit.jupiter.api.Test;

/** {@link UnitFeatures} appends exactly what encoding {@link UnitJson#feature} would, version after version. */
class UnitFeaturesTest {
    private final UnitFeatures features = new UnitFeatures();

    private static final Unit CAR = new Unit("U1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局 \"一中队\"", "371602",
            "371602004", false);

    private String appended(UnitRecord u, String extra) {
        Buffer b = Buffer.buffer();
        features.append(b, u, extra);
        return b.toString();
    }

    private static String encoded(UnitRecord u, JsonObject extra) {
        JsonObject f = UnitJson.feature(u);
        extra.forEach(e -> f.getJsonObject("properties").put(e.getKey(), e.getValue()));
        return f.encode();
    }

    @Test
    void theBytesAreThoseOfTheFeatureWithTheExtraPropertiesLast() {
        UnitRecord never = new UnitRecord(CAR, UnitStatus.AVAILABLE, null);
        assertThat(appended(never, "")).isEqualTo(UnitJson.feature(never).encode());
        UnitRecord moved = new UnitRecord(CAR, UnitStatus.AVAILABLE,
                new Position("U1", 117.9012345, 37.4, Instant.parse("2026-12-02T04:33:26.241Z"), 3.74, Double.NaN, 8));
        assertThat(appended(moved, ",\"distance\":204.1,\"etaSeconds\":49"))
                .isEqualTo(encoded(moved, new JsonObject().put("distance", 204.1).put("etaSeconds", 49L)));
        // A new version of the unit (a status, a position) is encoded anew, not served from the cache.
        UnitRecord busy = new UnitRecord(CAR, UnitStatus.BUSY, moved.lastPosition());
        assertThat(appended(busy, "")).isEqualTo(UnitJson.feature(busy).encode()).contains("\"status\":\"busy\"");
        UnitRecord further = new UnitRecord(CAR, UnitStatus.BUSY,
                new Position("U1", 118.0, 37.5, Instant.parse("2026-12-02T04:33:31Z"), 4, 90, 5));
        assertThat(appended(further, ",\"distance\":1.0E7")).isEqualTo(encoded(further,
                new JsonObject().put("distance", 1.0e7)));
    }

    @Test
    void whatTheTerminalReportedBesideTheFixIsTheDeviceObjectWithOnlyTheReportedFields() {
        Telemetry t = new Telemetry(76, false, true, 12.5, Double.NaN, 9, -1, 123_400, Double.NaN,
                java.util.Set.of(DeviceAlarm.POWER_LOW, DeviceAlarm.SOS), null, null);
        UnitRecord u = new UnitRecord(CAR, UnitStatus.BUSY, new Position("U1", 118.0, 37.5,
                Instant.parse("2026-12-02T04:33:31Z"), 4, 90, 5, t));
        JsonObject device = UnitJson.feature(u).getJsonObject("properties").getJsonObject("device");
        assertThat(device.encode()).isEqualTo("{\"battery\":76.0,\"charging\":false,\"ignition\":true,\"altitude\":12.5,"
                + "\"satellites\":9,\"odometer\":123400.0,\"alarms\":[\"sos\",\"power_low\"],"
                + "\"alarmLabels\":[\"紧急报警\",\"电源欠压\"]}");
        assertThat(appended(u, "")).isEqualTo(UnitJson.feature(u).encode());
        UnitRecord plain = new UnitRecord(CAR, UnitStatus.BUSY, new Position("U1", 118.0, 37.5,
                Instant.parse("2026-12-02T04:33:31Z"), 4, 90, 5));
        assertThat(UnitJson.feature(plain).getJsonObject("properties").containsKey("device")).isFalse();
    }
}

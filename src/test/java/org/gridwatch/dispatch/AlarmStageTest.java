package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.MovingPointIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Telemetry;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage alarms alone: change records by hand, the alerts it raises recorded. */
class AlarmStageTest {
    static final Instant T0 = Instant.parse("2026-12-02T02:00:00Z");   // 10:00 in Binzhou
    record Raised(String kind, String severity, String title, String detail, String area, Double lon, Double lat) {
    }

    final List<Raised> raised = new ArrayList<>();
    final MovingPointIndex<UnitRecord> index = new MovingPointIndex<>();
    AlarmStage stage;
    UnitRecord foot;

    static UnitRecord unit(String id, String callSign, UnitKind kind, UnitStatus status) {
        return new UnitRecord(new Unit(id, callSign, kind, "甲区分局", "371602", "371602001", false), status, null);
    }

    /** Puts {@code u} at fixture (x, y) in the index; returns it positioned there. */
    UnitRecord at(UnitRecord u, double x, double y, Set<DeviceAlarm> alarms, int second) {
        Telemetry t = alarms.isEmpty() ? Telemetry.NONE : Telemetry.NONE.withAlarms(alarms);
        UnitRecord moved = u.withLastPosition(new Position(u.id(), WktCity.lon(x), WktCity.lat(y), T0.plusSeconds(second),
                Double.NaN, Double.NaN, Double.NaN, t));
        index.put(u.id(), moved.lastPosition().lon(), moved.lastPosition().lat(), moved);
        return moved;
    }

    @BeforeEach
    void setUp() {
        // 10 m/s for every kind: an ETA in minutes is metres / 600.
        stage = new AlarmStage((kind, severity, title, detail, area, lon, lat) -> raised.add(
                new Raised(kind, severity, title, detail, area, lon, lat)), index, GridIndex.build(WktCity.hierarchy()),
                kind -> 10.0, id -> id.equals("GUARD"), ZoneId.of("Asia/Shanghai"));
        foot = unit("FOOT1", "甲区步巡1组", UnitKind.FOOT_PATROL, UnitStatus.BUSY);
    }

    @Test
    void anSosRaisesOneCriticalAlertAtTheFixNamingTheNearestAvailableHelp() {
        at(unit("CAR1", "甲区巡逻1号", UnitKind.POLICE_CAR, UnitStatus.AVAILABLE), 0.52, 0.75, Set.of(), 0);
        at(unit("CAR2", "甲区巡逻2号", UnitKind.POLICE_CAR, UnitStatus.BUSY), 0.501, 0.75, Set.of(), 0);
        at(unit("GUARD", "护学岗保安", UnitKind.SECURITY_GUARD, UnitStatus.AVAILABLE), 0.5005, 0.75, Set.of(), 0);
        UnitRecord before = at(foot, 0.5, 0.75, Set.of(), 0);
        UnitRecord sos = at(before, 0.5, 0.75, Set.of(DeviceAlarm.SOS), 5);

        stage.apply(List.of(new UnitChange(before, sos)));

        assertThat(raised).hasSize(1);
        Raised r = raised.get(0);
        assertThat(r.kind()).isEqualTo("sos");
        assertThat(r.severity()).isEqualTo("critical");
        assertThat(r.title()).isEqualTo("甲区步巡1组 紧急求助");
        assertThat(r.area()).as("the grid of the fix").isEqualTo("371602001001001");
        assertThat(r.lon()).isEqualTo(WktCity.lon(0.5));
        assertThat(r.lat()).isEqualTo(WktCity.lat(0.75));
        assertThat(r.detail()).contains("定位时间 10:00:05", "甲社区第1网格", "最近可用：甲区巡逻1号 ")
                .as("busy units, units on post duty and the unit itself are no help")
                .doesNotContain("甲区巡逻2号", "护学岗保安", "：甲区步巡1组");
        // 0.02° of longitude at 37.75° N ≈ 1,760 m: about 3 minutes at 10 m/s.
        assertThat(r.detail()).containsPattern("甲区巡逻1号 17\\d\\d 米，约 3 分钟");
    }

    @Test
    void anAlarmRaisesAtItsOnsetOnlyAndAgainAfterAFixWithoutIt() {
        UnitRecord a = at(foot, 0.5, 0.75, Set.of(DeviceAlarm.SOS), 0);
        UnitRecord b = at(a, 0.5, 0.75, Set.of(DeviceAlarm.SOS), 5);
        UnitRecord c = at(b, 0.5, 0.75, Set.of(DeviceAlarm.SOS, DeviceAlarm.POWER_LOW), 10);
        UnitRecord d = at(c, 0.5, 0.75, Set.of(), 15);
        UnitRecord e = at(d, 0.5, 0.75, Set.of(DeviceAlarm.SOS), 20);

        stage.apply(List.of(new UnitChange(null, a), new UnitChange(a, b), new UnitChange(b, c)));
        assertThat(raised).extracting(Raised::kind).containsExactly("sos", "device_alarm");
        assertThat(raised.get(1).severity()).as("power low is not urgent").isEqualTo("warning");
        assertThat(raised.get(1).title()).isEqualTo("甲区步巡1组 电源欠压");

        stage.apply(List.of(new UnitChange(c, d), new UnitChange(d, e)));
        assertThat(raised).extracting(Raised::kind).containsExactly("sos", "device_alarm", "sos");
    }

    @Test
    void aStatusChangeIsNotANewFixAndAFixOutsideEveryGridFallsToTheHomeTownship() {
        UnitRecord a = at(foot, 0.5, 0.75, Set.of(DeviceAlarm.COLLISION), 0);
        stage.apply(List.of(new UnitChange(null, a)));
        stage.apply(List.of(new UnitChange(a, a.withStatus(UnitStatus.AVAILABLE))));
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).severity()).as("a collision is urgent").isEqualTo("critical");

        UnitRecord away = at(unit("CAR9", "乙区巡逻9号", UnitKind.POLICE_CAR, UnitStatus.AVAILABLE), 5, 5,
                Set.of(DeviceAlarm.SOS), 0);
        stage.apply(List.of(new UnitChange(null, away)));
        assertThat(raised.get(1).area()).isEqualTo("371602001");
        assertThat(raised.get(1).detail()).contains("附近 20 公里内无可用警力");
    }
}

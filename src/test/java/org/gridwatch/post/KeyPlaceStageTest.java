package org.gridwatch.post;

import org.gridwatch.testsupport.LocalTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.post.PostDutyMonitorTest.AREAS;
import static org.gridwatch.post.PostDutyMonitorTest.FRIDAY;
import static org.gridwatch.post.PostDutyMonitorTest.at;

import java.time.LocalTime;
import java.util.List;
import org.gridwatch.geo.Geo;
import org.gridwatch.sim.SimClock;
import org.gridwatch.testsupport.TestUnits;
import org.junit.jupiter.api.Test;

/** Stage key places: a fix near a place during its key period is a visit, seen at the server's time. */
class KeyPlaceStageTest {
    @Test
    void aFixNearThePlaceIsAVisitAtTheClocksTime() {
        KeyPlace market = new KeyPlace("KP1", "夜市", KeyPlaceKind.NIGHT_MARKET, Geo.point(118.5, 37.5),
                List.of(new KeyPeriod(LocalTime.of(19, 0), LocalTime.of(23, 0))), 60, "371602001001001", "371602", true);
        KeyPlaceMonitor monitor = new KeyPlaceMonitor(List.of(market), AREAS, 100, at(FRIDAY, "18:00"), LocalTimes.ZONE);
        SimClock clock = new SimClock(at(FRIDAY, "19:30"), 1, () -> 0L);
        KeyPlaceStage stage = new KeyPlaceStage(monitor, clock);
        TestUnits units = new TestUnits(118.5, 37.5);
        stage.apply(units.report("A", 500, at(FRIDAY, "19:29")));  // too far: no visit
        assertThat(monitor.statuses().get(0).lastVisit()).isNull();
        stage.apply(units.report("A", 50, at(FRIDAY, "19:30")));
        KeyPlaceStatus s = monitor.statuses().get(0);
        assertThat(s.lastVisit()).isEqualTo(at(FRIDAY, "19:30"));
        assertThat(s.inPeriod()).isTrue();
        assertThat(s.overdue()).isFalse();
        assertThat(stage.name()).isEqualTo("key places");
    }
}

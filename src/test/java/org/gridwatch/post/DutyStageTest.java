package org.gridwatch.post;

import org.gridwatch.testsupport.LocalTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.post.PostDutyMonitorTest.AREAS;
import static org.gridwatch.post.PostDutyMonitorTest.FRIDAY;
import static org.gridwatch.post.PostDutyMonitorTest.GRACE;
import static org.gridwatch.post.PostDutyMonitorTest.POST;
import static org.gridwatch.post.PostDutyMonitorTest.at;

import java.time.Duration;
import java.util.List;
import org.gridwatch.sim.SimClock;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.TestUnits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage duty: unit changes reach the monitor at the server's time, and what changed goes down the posts stream. */
class DutyStageTest {
    final TestLanes lanes = new TestLanes();
    final TestLanes.Recorder<PostChange> posts = TestLanes.recorder();
    final PostDutyMonitorTest.Alerts alerts = new PostDutyMonitorTest.Alerts();
    final SimClock clock = new SimClock(at(FRIDAY, "06:00"), 1, () -> 0L);
    final PostDutyMonitor monitor = new PostDutyMonitor(List.of(POST), AREAS, alerts, GRACE, Duration.ofMinutes(5),
            at(FRIDAY, "06:00"), LocalTimes.ZONE, LocalTimes.WEEKDAYS);
    final DutyStage stage = new DutyStage(monitor, clock, lanes.pipeline("posts", posts));
    final TestUnits units = new TestUnits(118.5, 37.5);

    @AfterEach
    void close() throws Exception {
        lanes.close();
    }

    @Test
    void changesAreAppliedAtTheClocksTimeAndPublishedAsPostChanges() throws Exception {
        monitor.takeChanges();
        clock.jumpTo(at(FRIDAY, "07:11"));
        lanes.asStage(() -> stage.apply(units.report("A", 5, at(FRIDAY, "07:11"))));
        assertThat(posts.seen).singleElement().satisfies(c -> {
            assertThat(c.before().present()).isZero();
            assertThat(c.after().present()).isEqualTo(1);
            assertThat(c.after().state()).isEqualTo(DutyState.PENDING);
        });
        lanes.asStage(() -> stage.apply(units.report("B", 8, at(FRIDAY, "07:12"))));   // second of two required
        assertThat(posts.seen).hasSize(2);
        assertThat(posts.seen.get(1).after().state()).isEqualTo(DutyState.STAFFED);
        lanes.asStage(() -> stage.apply(List.of()));
        assertThat(posts.seen).as("nothing changed, nothing published").hasSize(2);
    }

    @Test
    void theTickPublishesWhatTimeChanged() throws Exception {
        monitor.takeChanges();
        clock.jumpTo(at(FRIDAY, "07:16"));               // past start + grace with nobody: missed
        lanes.asStage(stage::tick);
        assertThat(posts.seen).singleElement().satisfies(c -> assertThat(c.after().state()).isEqualTo(DutyState.MISSED));
        assertThat(alerts.raised).hasSize(1);
        assertThat(stage.name()).isEqualTo("duty");
    }
}

package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.junit.jupiter.api.Test;

/** When a step is met: reached, gone past (handled without anyone sent meets the arrival), or ended. */
class CaseStepTest {
    static final Instant T0 = TimeLimitsTest.T0;

    static Incident step(Incident i, Status to, int seconds) {
        return i.apply(new Transition(i.status(), to, "调度员", T0.plusSeconds(seconds), null), null);
    }

    @Test
    void stepsAreMetWhenReachedOrPassedOrEnded() {
        Incident reported = TimeLimitsTest.incident(1, Source.GRID_REPORT, Category.DISPUTE, 4);
        assertThat(CaseStep.ACCEPT.metAt(reported)).isEmpty();
        Incident accepted = step(reported, Status.ACCEPTED, 60);
        assertThat(CaseStep.ACCEPT.metAt(accepted)).contains(T0.plusSeconds(60));
        assertThat(CaseStep.ARRIVE.metAt(accepted)).isEmpty();
        Incident handled = step(accepted, Status.HANDLED, 600);     // settled by phone, nobody sent
        assertThat(CaseStep.ARRIVE.metAt(handled)).contains(T0.plusSeconds(600));
        assertThat(CaseStep.HANDLE.metAt(handled)).contains(T0.plusSeconds(600));
        assertThat(CaseStep.SUPERVISION.metAt(handled)).isPresent();
        assertThat(CaseStep.CLOSE.metAt(handled)).isEmpty();
        Incident rejected = step(reported, Status.REJECTED, 30);
        for (CaseStep s : CaseStep.values()) {
            assertThat(s.metAt(rejected)).as(s.id()).contains(T0.plusSeconds(30));
        }
    }

    @Test
    void anOverdueStepIsRecognisedByItsTarget() {
        Incident reported = TimeLimitsTest.incident(1, Source.POLICE_CALL, Category.CRIMINAL, 3);
        Incident late = reported.apply(new Transition(Status.REPORTED, Status.REPORTED, "system", T0.plusSeconds(200),
                "受理超时", null, null, CaseAction.OVERDUE, "accept", null), null);
        assertThat(CaseStep.ACCEPT.recordedOverdue(late)).isTrue();
        assertThat(CaseStep.ARRIVE.recordedOverdue(late)).isFalse();
    }
}

package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimClockTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void runsSpeedTimesRealTime() {
        AtomicLong nanos = new AtomicLong(5_000);
        SimClock c = new SimClock(T0, 10, nanos::get);
        assertThat(c.instant()).isEqualTo(T0);
        nanos.addAndGet(1_500_000_000L); // 1.5 s real
        assertThat(c.instant()).isEqualTo(T0.plusSeconds(15));
    }

    @Test
    void jumpsForwardOnlyAndRunsOnFromThere() {
        AtomicLong nanos = new AtomicLong();
        SimClock c = new SimClock(T0, 2, nanos::get);
        c.jumpTo(T0.minusSeconds(100));
        assertThat(c.instant()).isEqualTo(T0);
        c.jumpTo(T0.plusSeconds(3600));
        assertThat(c.instant()).isEqualTo(T0.plusSeconds(3600));
        nanos.addAndGet(1_000_000_000L);
        assertThat(c.instant()).isEqualTo(T0.plusSeconds(3602));
    }

    @Test
    void refusesANonPositiveSpeed() {
        assertThatThrownBy(() -> new SimClock(T0, 0, System::nanoTime)).hasMessageContaining("speed");
        assertThatThrownBy(() -> new SimClock(T0, Double.NaN, System::nanoTime)).hasMessageContaining("speed");
    }
}

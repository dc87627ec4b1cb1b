package org.gridwatch.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CoverageStateTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(30);

    @Test
    void freshInTheFirstThirdCoveredInTheWindowUncoveredBeforeNeverWithoutAVisit() {
        assertThat(CoverageState.of(null, NOW, WINDOW)).isEqualTo(CoverageState.NEVER);
        assertThat(CoverageState.of(NOW, NOW, WINDOW)).isEqualTo(CoverageState.FRESH);
        assertThat(CoverageState.of(NOW.minus(Duration.ofMinutes(10)).plusMillis(1), NOW, WINDOW)).isEqualTo(CoverageState.FRESH);
        assertThat(CoverageState.of(NOW.minus(Duration.ofMinutes(10)), NOW, WINDOW)).isEqualTo(CoverageState.COVERED);
        assertThat(CoverageState.of(NOW.minus(WINDOW).plusMillis(1), NOW, WINDOW)).isEqualTo(CoverageState.COVERED);
        assertThat(CoverageState.of(NOW.minus(WINDOW), NOW, WINDOW)).isEqualTo(CoverageState.UNCOVERED);
        assertThat(CoverageState.parse("fresh")).contains(CoverageState.FRESH);
    }
}

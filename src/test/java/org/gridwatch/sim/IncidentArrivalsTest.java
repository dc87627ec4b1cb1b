package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.incident.IncidentReport;
import org.junit.jupiter.api.Test;

/** The live incident stream: the city's rate, the time-of-day profile, independence of the step size. */
class IncidentArrivalsTest {
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private static List<IncidentReport> run(long seed, double multiplier, Duration step, Duration total) {
        IncidentArrivals a = new IncidentArrivals(seed, SimCity.grids(), multiplier, START, "test", ZoneId.of("Asia/Shanghai"));
        List<IncidentReport> out = new ArrayList<>();
        for (Instant t = START.plus(step); !t.isAfter(START.plus(total)); t = t.plus(step)) {
            out.addAll(a.until(t));
        }
        return out;
    }

    @Test
    void followsTheCityRateAndTheTimeOfDayProfile() {
        int days = 28;
        List<IncidentReport> got = run(42, 1, Duration.ofHours(1), Duration.ofDays(days));
        double expected = IncidentArrivals.PER_HOUR * 24 * days; // ≈ 9,973: about 130,000 a year
        assertThat((double) got.size()).isBetween(expected * 0.95, expected * 1.05);
        int[] byHour = new int[24];
        for (IncidentReport r : got) {
            byHour[r.reportedAt().atZone(ZoneId.of("Asia/Shanghai")).getHour()]++;
            assertThat(SimCity.grids().locateGrid(r.lon(), r.lat())).isNotNull();
        }
        for (int h = 0; h < 24; h++) {
            double e = IncidentArrivals.PER_HOUR * days * DemoIncidents.hourlyFactor(h);
            // Poisson: five standard deviations either side (a flat profile misses the night hours by 20).
            assertThat((double) byHour[h]).as("hour %d", h).isBetween(e - 5 * Math.sqrt(e) - 1, e + 5 * Math.sqrt(e) + 1);
        }
        assertThat(byHour[19]).isGreaterThan(5 * byHour[3]);
    }

    @Test
    void multiplierScalesTheRate() {
        int plain = run(7, 1, Duration.ofHours(1), Duration.ofDays(2)).size();
        int lively = run(7, 10, Duration.ofHours(1), Duration.ofDays(2)).size();
        assertThat((double) lively / plain).isBetween(8.0, 12.0);
        assertThat(run(7, 0, Duration.ofHours(1), Duration.ofDays(2))).isEmpty();
    }

    @Test
    void arrivalsDoNotDependOnTheStepSize() {
        assertThat(run(3, 2, Duration.ofSeconds(7), Duration.ofHours(12)))
                .isEqualTo(run(3, 2, Duration.ofMinutes(30), Duration.ofHours(12)))
                .isNotEqualTo(run(4, 2, Duration.ofMinutes(30), Duration.ofHours(12)));
    }
}

package org.gridwatch.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uber.h3core.H3Core;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.junit.jupiter.api.Test;

/** {@link HeatIndex} against a brute-force recount, with a controllable clock moving forward. */
class HeatIndexTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    static Incident incident(long id, double lon, double lat, Instant at, Category c) {
        return new Incident(id, Source.VIDEO, null, c, 1, lon, lat, Crs.WGS84, lon, lat, "371602001001001", "t", "", at, at,
                Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "test", at, null)));
    }

    @Test
    void incrementalCountsMatchARecountAsTimePasses() throws Exception {
        H3Core h3 = H3Core.newInstance();
        Random r = new Random(3);
        Instant now = T0;
        HeatIndex heat = new HeatIndex(now);
        List<Incident> added = new ArrayList<>();
        List<Instant> addedAt = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            now = now.plus(Duration.ofMinutes(r.nextInt(180)));
            heat.advance(now);
            for (int k = r.nextInt(30); k > 0; k--) {
                // Mostly fresh reports, some late ones (reported hours or days before they arrive).
                Instant at = now.minus(Duration.ofMinutes(r.nextInt(10) == 0 ? r.nextInt(60 * 24 * 40) : r.nextInt(30)));
                Incident i = incident(added.size() + 1, 118.0 + r.nextGaussian() * 0.02, 37.4 + r.nextGaussian() * 0.02, at,
                        Category.values()[r.nextInt(3)]);
                heat.add(i);
                added.add(i);
                addedAt.add(now);
            }
            if (step % 20 == 0) {
                for (HeatIndex.Window w : HeatIndex.Window.values()) {
                    for (Set<Category> cats : List.of(Set.<Category>of(), EnumSet.of(Category.CRIMINAL))) {
                        for (int res : new int[] {9, 7}) {
                            Map<Long, Integer> expected = new HashMap<>();
                            long edge = now.toEpochMilli() - w.length().toMillis();
                            for (Incident i : added) {
                                if (i.reportedAt().toEpochMilli() > edge && (cats.isEmpty() || cats.contains(i.category()))) {
                                    long cell = h3.cellToParent(h3.latLngToCell(i.lat(), i.lon(), 9), res);
                                    expected.merge(cell, 1, Integer::sum);
                                }
                            }
                            assertThat(heat.cells(w, cats, res)).as("%s %s res %d at %s", w, cats, res, now).isEqualTo(expected);
                        }
                    }
                }
            }
        }
        assertThat(added).hasSizeGreaterThan(3_000);
    }

    @Test
    void clockNeverRunsBackwardsAndResolutionIsChecked() {
        HeatIndex heat = new HeatIndex(T0);
        heat.add(incident(1, 118, 37.4, T0.minusSeconds(60), Category.FRAUD));
        heat.advance(T0.minusSeconds(3600));
        assertThat(heat.now()).isEqualTo(T0);
        assertThat(heat.cells(HeatIndex.Window.H1, Set.of(), 9).values()).containsExactly(1);
        heat.advance(T0.plusSeconds(3540));
        assertThat(heat.cells(HeatIndex.Window.H1, Set.of(), 9)).isEmpty();
        assertThat(heat.cells(HeatIndex.Window.H24, Set.of(), 9).values()).containsExactly(1);
        assertThat(heat.cells(HeatIndex.Window.H24, EnumSet.of(Category.TRAFFIC), 9)).isEmpty();
        assertThatThrownBy(() -> heat.cells(HeatIndex.Window.H1, Set.of(), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HeatIndex.Window.parse("7d")).contains(HeatIndex.Window.D7);
        double[] c = heat.centre(heat.cell(118, 37.4));
        assertThat(c[0]).isCloseTo(118, org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void asTheHeatStageItCountsEachReportOnceAndNoTransition() {
        HeatIndex heat = new HeatIndex(T0);
        Incident a = incident(1, 118.0, 37.4, T0.minusSeconds(60), Category.FRAUD);
        Incident accepted = a.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "x", T0, null), null);
        heat.apply(List.of(org.gridwatch.incident.IncidentChange.reported(a)));
        heat.apply(List.of(new org.gridwatch.incident.IncidentChange(a, accepted)));
        assertThat(heat.cells(HeatIndex.Window.H1, Set.of(), HeatIndex.RESOLUTION).values()).containsExactly(1);
        assertThat(heat.name()).isEqualTo("heat");
    }
}

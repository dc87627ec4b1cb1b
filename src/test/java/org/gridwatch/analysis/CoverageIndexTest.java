package org.gridwatch.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** {@link CoverageIndex} against a recount from every visit, on the WKT fixture city. */
class CoverageIndexTest {
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void coverageMatchesARecountOfAllVisits() {
        GridIndex grids = GridIndex.build(WktCity.hierarchy());
        CoverageIndex coverage = new CoverageIndex(grids);
        Random r = new Random(17);
        Map<String, UnitRecord> units = new HashMap<>();
        for (int u = 0; u < 6; u++) {
            Unit unit = new Unit("U" + u, "U" + u, UnitKind.FOOT_PATROL, "a", "371602", "371602001", true);
            units.put(unit.id(), new UnitRecord(unit, UnitStatus.AVAILABLE, null));
        }
        Map<String, List<Instant>> visits = new HashMap<>(); // grid → on-duty visit times
        Instant now = T0;
        for (int step = 0; step < 2_000; step++) {
            now = now.plusSeconds(5 + r.nextInt(60));
            List<UnitChange> batch = new ArrayList<>();
            for (UnitRecord before : units.values()) {
                UnitRecord after;
                if (r.nextInt(20) == 0) {
                    after = before.withStatus(UnitStatus.values()[r.nextInt(3)]); // no new fix
                } else {
                    double lon = WktCity.lon(-0.1 + r.nextDouble() * 3.2);
                    double lat = WktCity.lat(-0.05 + r.nextDouble() * 1.1);
                    after = before.withLastPosition(Position.of(before.id(), lon, lat, now.minusSeconds(r.nextInt(5))));
                    AdminArea g = grids.locateGrid(lon, lat);
                    if (g != null && after.status() != UnitStatus.OFF_DUTY) {
                        visits.computeIfAbsent(g.code(), k -> new ArrayList<>()).add(after.lastPosition().time());
                    }
                }
                batch.add(new UnitChange(before, after));
            }
            batch.forEach(c -> units.put(c.after().id(), c.after()));
            coverage.apply(batch);
            if (step % 50 == 0) {
                Duration window = Duration.ofMinutes(1 + r.nextInt(30));
                for (AdminLevel level : AdminLevel.values()) {
                    for (CoverageIndex.Coverage c : coverage.coverage(level, now, window)) {
                        String prefix = level.descendantPrefix(c.area().code());
                        int total = 0;
                        int visited = 0;
                        for (AdminArea g : grids.hierarchy().level(AdminLevel.GRID)) {
                            if (!g.code().startsWith(prefix)) {
                                continue;
                            }
                            total++;
                            Instant from = now.minus(window);
                            Instant end = now;
                            if (visits.getOrDefault(g.code(), List.of()).stream().anyMatch(t -> t.isAfter(from) && !t.isAfter(end))) {
                                visited++;
                            }
                        }
                        assertThat(c.grids()).isEqualTo(total);
                        assertThat(c.visited()).as("%s at step %d, window %s", c.area().code(), step, window).isEqualTo(visited);
                    }
                }
            }
        }
        assertThat(coverage.lastVisit("371602001001001")).isNotNull();
        assertThat(coverage.lastVisit("999")).isNull();
    }
}

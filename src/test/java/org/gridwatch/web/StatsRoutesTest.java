package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.AreaCounts;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** The stats answer written straight into a buffer is the JSON its members would encode to. */
class StatsRoutesTest {
    private static final AreaHierarchy AREAS = WktCity.hierarchy();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** The answer as the route built it before issue 12: JSON objects, encoded by Vert.x. */
    private static JsonObject expected(AdminLevel level, Instant[] window, AreaCounts counts) {
        JsonArray rows = new JsonArray();
        for (int r = 0; r < counts.areas().size(); r++) {
            AdminArea a = counts.areas().get(r);
            JsonObject cats = new JsonObject();
            for (Category c : Category.values()) {
                if (counts.count(r, c) != 0) {
                    cats.put(c.id(), counts.count(r, c));
                }
            }
            long responded = counts.responded(r);
            rows.add(new JsonObject().put("code", a.code()).put("name", a.name()).put("count", counts.count(r))
                    .put("byCategory", cats).put("responded", responded)
                    .put("meanResponseSeconds", responded == 0 ? null : Math.round((double) counts.responseSeconds(r) / responded)));
        }
        return new JsonObject().put("level", level.id()).put("from", window[0] == null ? null : window[0].toString())
                .put("to", window[1] == null ? null : window[1].toString()).put("total", counts.total()).put("areas", rows);
    }

    @Test
    void everyLevelAndWindowEncodesAsTheObjectsWould() {
        IncidentIndex index = new IncidentIndex();
        List<AdminArea> grids = AREAS.level(AdminLevel.GRID);
        Random r = new Random(12);
        for (long id = 1; id <= 3_000; id++) {
            Instant at = T0.plusSeconds(r.nextInt(30 * 86_400));
            String grid = grids.get(r.nextInt(grids.size())).code();
            Category c = Category.values()[r.nextInt(Category.values().length)];
            Incident i = new Incident(id, Source.HOTLINE, null, c, 1, 118.5, 37.5, Crs.WGS84, 118.5, 37.5, grid, "t", "", at, at,
                    Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "test", at, null)));
            if (r.nextBoolean()) {
                i = i.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "t", at, null), null)
                        .apply(new Transition(Status.ACCEPTED, Status.DISPATCHED, "t", at, "U1"), null)
                        .apply(new Transition(Status.DISPATCHED, Status.ON_SCENE, "t", at.plusSeconds(r.nextInt(3_600)), "U1"), null);
            }
            index.add(i);
        }
        StatsRoutes routes = new StatsRoutes(AREAS, index);
        Scope city = new Scope(AREAS.city());
        Instant[][] windows = {{null, null}, {T0.plusSeconds(86_400 * 3 + 1234), null}, {null, T0.plusSeconds(86_400 * 20)},
            {T0.plusSeconds(3_600), T0.plusSeconds(86_400 * 9 + 17)}};
        for (AdminLevel level : AdminLevel.values()) {
            for (Instant[] w : windows) {
                for (Set<Category> cats : List.of(Set.<Category>of(), Set.of(Category.FRAUD, Category.TRAFFIC))) {
                    AreaCounts counts = index.counts().byArea(w[0], w[1], AREAS, level, city, cats);
                    String body = routes.encode(level, w, counts).toString();
                    // Same members, same order, same numbers; and, encoded again, the very same text.
                    JsonObject got = new JsonObject(body);
                    assertThat(got).as("%s %s..%s %s", level, w[0], w[1], cats).isEqualTo(expected(level, w, counts));
                    assertThat(body).isEqualTo(expected(level, w, counts).encode());
                    assertThat(routes.encode(level, w, counts).toString()).as("from the cached heads").isEqualTo(body);
                }
            }
        }
    }
}

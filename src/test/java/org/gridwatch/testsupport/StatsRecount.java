package org.gridwatch.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.AreaCounts;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;

/**
 * The numbers of {@code GET /api/v1/stats/incidents} as the route computed them until issue 12: a
 * recount of every incident of the window from {@link IncidentIndex#forEach}, grouped by code
 * prefix. The oracle of the maintained {@link AreaCounts} (tests) and their baseline (benchmarks).
 * Both give the same text rows: {@code total N}, then per listed area
 * {@code code count cat=n,… responded responseSeconds}.
 */
public final class StatsRecount {
    private StatsRecount() {
    }

    /** The recount's rows. */
    public static List<String> recount(IncidentIndex index, AreaHierarchy areas, AdminLevel level, Instant from,
                                       Instant to, Set<Category> categories, Scope scope) {
        IncidentQuery q = new IncidentQuery(scope, null, null, null, from, to, categories, null, null, null, 0);
        Map<String, Map<Category, long[]>> counts = new HashMap<>();
        Map<String, long[]> responses = new HashMap<>();
        long[] total = {0};
        index.forEach(q, i -> {
            String key = level == AdminLevel.CITY ? areas.city().code() : i.gridCode().substring(0, level.codeLength());
            counts.computeIfAbsent(key, k -> new EnumMap<>(Category.class))
                    .computeIfAbsent(i.category(), c -> new long[1])[0]++;
            i.responseTime().ifPresent(d -> {
                long[] sum = responses.computeIfAbsent(key, k -> new long[2]);
                sum[0]++;
                sum[1] += d.toSeconds();
            });
            total[0]++;
        });
        List<String> out = new ArrayList<>();
        out.add("total " + total[0]);
        for (AdminArea a : areas.level(level)) {
            if (!scope.includes(a.code())) {
                continue;
            }
            Map<Category, long[]> byCat = counts.getOrDefault(a.code(), Map.of());
            StringBuilder b = new StringBuilder();
            long n = 0;
            for (Category c : Category.values()) {
                long[] k = byCat.get(c);
                if (k != null) {
                    b.append(c.id()).append('=').append(k[0]).append(',');
                    n += k[0];
                }
            }
            long[] sum = responses.getOrDefault(a.code(), new long[2]);
            out.add(a.code() + " " + n + " " + b + " " + sum[0] + " " + sum[1]);
        }
        return out;
    }

    /** The maintained counts as the same rows. */
    public static List<String> rows(AreaCounts c) {
        List<String> out = new ArrayList<>();
        out.add("total " + c.total());
        for (int k = 0; k < c.areas().size(); k++) {
            StringBuilder b = new StringBuilder();
            for (Category cat : Category.values()) {
                if (c.count(k, cat) != 0) {
                    b.append(cat.id()).append('=').append(c.count(k, cat)).append(',');
                }
            }
            out.add(c.areas().get(k).code() + " " + c.count(k) + " " + b + " " + c.responded(k) + " "
                    + c.responseSeconds(k));
        }
        return out;
    }
}

package org.gridwatch.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;

/**
 * Channel {@code stats}: the headline figures of the big screen for the connection's scope,
 * recomputed every {@value #PERIOD_MILLIS} ms: today's incidents by category (the day in
 * the city's time zone), a 24-hour trend by hour, coverage per county (per township in a narrower scope)
 * over the default coverage window, units by kind and status, open alerts, today's 护学岗 on-post
 * rate and the live 见警率 per county and city. One object, conflated;
 * subscriptions of one scope share one computation.
 */
final class StatsFeed extends PolledFeed {
    /** Recompute period, ms. */
    static final long PERIOD_MILLIS = 5_000;

    private final IncidentIndex incidents;
    /** The city's time zone (today's figures are of its local day). */
    private final ZoneId local;
    private final CoverageIndex coverage;
    private final PositionService positions;
    private final AlertService alerts;
    private final PostDutyMonitor posts;
    private final KeyPlaceMonitor keyPlaces;

    StatsFeed(LiveHub hub, LiveSources services) {
        super(hub, PERIOD_MILLIS);
        this.incidents = services.incidents().index();
        this.coverage = services.coverage();
        this.positions = services.positions();
        this.alerts = services.alerts();
        this.posts = services.posts();
        this.local = services.posts().zone();
        this.keyPlaces = services.keyPlaces();
    }

    @Override
    public Channel channel() {
        return Channel.STATS;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of());
        return new Spec(scope.key(), Map.of(), scope);
    }

    /** Rows of the scope's area and the areas inside it (the city row only for the whole city). */
    private static boolean visible(Scope scope, AdminArea area) {
        return scope.isCity() || area.level() != AdminLevel.CITY && scope.includes(area.code());
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        Scope scope = (Scope) settings;
        JsonObject o = new JsonObject().put("time", now.toString());
        Instant today = now.atZone(local).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant trendFrom = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        Map<Category, int[]> byCategory = new EnumMap<>(Category.class);
        int[] hours = new int[24];
        int[] total = {0};
        Instant from = today.isBefore(trendFrom) ? today : trendFrom;
        incidents.forEach(new IncidentQuery(scope, null, null, null, from, null, null, null, null, null, 0), i -> {
            if (!i.reportedAt().isBefore(today)) {
                byCategory.computeIfAbsent(i.category(), c -> new int[1])[0]++;
                total[0]++;
            }
            long h = Duration.between(trendFrom, i.reportedAt()).toHours();
            if (!i.reportedAt().isBefore(trendFrom) && h < 24) {
                hours[(int) h]++;
            }
        });
        JsonObject cats = new JsonObject();
        for (Category c : Category.values()) {
            cats.put(c.id(), byCategory.containsKey(c) ? byCategory.get(c)[0] : 0);
        }
        o.put("incidentsToday", new JsonObject().put("total", total[0]).put("byCategory", cats));
        JsonArray trend = new JsonArray();
        for (int h = 0; h < 24; h++) {
            trend.add(new JsonObject().put("hour", trendFrom.plus(Duration.ofHours(h)).toString()).put("count", hours[h]));
        }
        o.put("trend24h", trend);
        AdminLevel level = scope.isCity() ? AdminLevel.COUNTY : AdminLevel.TOWNSHIP;
        JsonArray cov = new JsonArray();
        for (CoverageIndex.Coverage c : coverage.coverage(level, now, Duration.ofMinutes(CoverageFeed.DEFAULT_WINDOW))) {
            if (scope.includes(c.area().code())) {
                cov.add(new JsonObject().put("code", c.area().code()).put("name", c.area().name())
                        .put("rate", c.rate()).put("visited", c.visited()).put("grids", c.grids()));
            }
        }
        o.put("coverage", cov);
        Map<UnitKind, Map<UnitStatus, int[]>> units = new EnumMap<>(UnitKind.class);
        for (UnitRecord u : positions.units()) {
            if (!scope.includes(u.unit().homeTownshipCode())) {
                continue;
            }
            units.computeIfAbsent(u.unit().kind(), k -> new EnumMap<>(UnitStatus.class))
                    .computeIfAbsent(u.status(), k -> new int[1])[0]++;
        }
        JsonObject byKind = new JsonObject();
        for (UnitKind k : UnitKind.values()) {
            JsonObject st = new JsonObject();
            for (UnitStatus s : UnitStatus.values()) {
                int[] n = units.getOrDefault(k, Map.of()).get(s);
                st.put(s.id(), n == null ? 0 : n[0]);
            }
            byKind.put(k.id(), st);
        }
        o.put("units", new JsonObject().put("byKind", byKind));
        o.put("alerts", new JsonObject().put("open", alerts.list(scope, true, null, Integer.MAX_VALUE).size()));
        JsonArray postRates = new JsonArray();
        for (PostDutyMonitor.PostRate r : posts.onPostRate(now.atZone(local).toLocalDate())) {
            if (visible(scope, r.area())) {
                postRates.add(new JsonObject().put("code", r.area().code()).put("name", r.area().name())
                        .put("windows", r.windows()).put("decided", r.decided()).put("onTime", r.onTime())
                        .put("late", r.late()).put("understaffed", r.understaffed()).put("missed", r.missed())
                        .put("rate", r.decided() == 0 ? null : r.rate()));
            }
        }
        o.put("posts", postRates);
        JsonArray visibility = new JsonArray();
        for (KeyPlaceMonitor.CurrentVisibility v : keyPlaces.currentVisibility()) {
            if (visible(scope, v.area())) {
                visibility.add(new JsonObject().put("code", v.area().code()).put("name", v.area().name())
                        .put("inPeriod", v.inPeriod()).put("inTime", v.inTime())
                        .put("rate", v.inPeriod() == 0 ? null : v.rate()));
            }
        }
        o.put("visibility", visibility);
        Map<String, Item> out = items();
        out.put("stats", new Item("stats", o.encode(), null, null, Map.of()));
        return out;
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.analysis.DailyFigures;
import org.gridwatch.analysis.DailyHistory;
import org.gridwatch.analysis.HistoryStore;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.AuthException;

/**
 * {@code GET /api/v1/history/daily?from=&to=&area=}: the daily duty history of one area (the city,
 * a county or a township inside the caller's jurisdiction) for a range of local days: per day the
 * 护学岗 on-post figures (到岗率), 见警率 and patrol coverage. Days still being measured (today,
 * and yesterday until its key periods have ended) come from the live monitors, the others from the
 * store. Store-read pool. Thread-safe.
 */
final class HistoryRoutes {
    /** Most days one answer covers. */
    static final int MAX_DAYS = 366;
    /** Days answered, ending with {@code to} (default today), when {@code from} is not given. */
    static final int DEFAULT_DAYS = 7;

    /** The levels the history is kept for. */
    private static final List<AdminLevel> KEPT = List.of(AdminLevel.CITY, AdminLevel.COUNTY, AdminLevel.TOWNSHIP);

    private final DailyHistory history;
    private final HistoryStore store;
    private final AreaHierarchy areas;
    private final Clock clock;

    HistoryRoutes(DailyHistory history, HistoryStore store, AreaHierarchy areas, Clock clock) {
        this.history = history;
        this.store = store;
        this.areas = areas;
        this.clock = clock;
    }

    void daily(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        ZoneId zone = Params.zone(ctx);
        Instant now = clock.instant();
        LocalDate[] range = CalendarRoutes.range(ctx, LocalDate.ofInstant(now, zone), false, DEFAULT_DAYS, MAX_DAYS);
        AdminArea area = area(ctx, scope);
        Map<LocalDate, DailyFigures> byDay = new HashMap<>();
        for (DailyFigures f : store.dailyFigures(area.code(), range[0], range[1])) {
            byDay.put(f.day(), f);
        }
        for (LocalDate d : history.openDays(now)) {
            if (!d.isBefore(range[0]) && !d.isAfter(range[1])) {
                history.measure(d, now, false).stream().filter(f -> f.areaCode().equals(area.code())).findFirst()
                        .ifPresent(f -> byDay.put(d, f));
            }
        }
        JsonArray days = new JsonArray();
        for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
            days.add(json(d, byDay.get(d)));
        }
        Responses.json(ctx, 200, new JsonObject().put("area", new JsonObject().put("code", area.code())
                        .put("name", area.name()).put("level", area.level().id())).put("from", range[0].toString())
                .put("to", range[1].toString()).put("timeZone", zone.getId()).put("at", now.toString()).put("days", days));
    }

    /**
     * The {@code area} asked for: a city, county or township code inside the scope; absent, the
     * scope's one area (the city for the whole city).
     */
    private AdminArea area(RoutingContext ctx, Scope scope) {
        String code = Params.nonEmpty(ctx, "area");
        if (code == null) {
            if (scope.areas().stream().noneMatch(a -> KEPT.contains(a.level()))) {
                throw AuthException.forbidden("area", "area: the daily history is kept for the city, counties and"
                        + " townships, and your jurisdiction (" + scope.names() + ") holds none of them whole");
            }
            return scope.single().orElseThrow(() -> Problem.badField("area", "your jurisdiction has several areas ("
                    + scope.names() + "): name one of them"));
        }
        AdminArea a = areas.find(code).orElseThrow(() -> Problem.badField("area", "unknown area code '" + code + "'"));
        if (!KEPT.contains(a.level())) {
            throw Problem.badField("area", "area " + code + " is a " + a.level().id()
                    + "; the daily history is kept for the city, counties and townships");
        }
        if (!scope.includes(a.code())) {
            throw AuthException.forbidden("area", "area: " + code + " (" + a.name() + ") lies outside your jurisdiction ("
                    + scope.names() + ")");
        }
        return a;
    }

    private static JsonObject json(LocalDate d, DailyFigures f) {
        JsonObject o = new JsonObject().put("date", d.toString()).put("recorded", f != null);
        if (f == null) {
            return o.putNull("complete").putNull("onPost").putNull("visibility").putNull("coverage");
        }
        return o.put("complete", f.complete()).put("updatedAt", f.updatedAt().toString())
                .put("onPost", new JsonObject().put("decided", f.windowsDecided()).put("onTime", f.windowsOnTime())
                        .put("late", f.windowsLate()).put("understaffed", f.windowsUnderstaffed())
                        .put("missed", f.windowsMissed()).put("rate", rate(f.onPostRate())))
                .put("visibility", new JsonObject().put("slots", f.slots()).put("seen", f.slotsSeen())
                        .put("rate", rate(f.visibilityRate())))
                .put("coverage", new JsonObject().put("grids", f.grids()).put("visited", f.gridsVisited())
                        .put("rate", rate(f.coverageRate())));
    }

    private static Double rate(Double r) {
        return r == null ? null : PostRoutes.round(r);
    }
}

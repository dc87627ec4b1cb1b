package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolKind;

/**
 * {@code GET /api/v1/calendar?from=&to=}: the school calendar in force (校历), read-only: per local
 * day whether it is a school day for each school kind, and why (上课, 周末, 调休上班, a holiday's
 * name, 寒假, 暑假). Thread-safe.
 */
final class CalendarRoutes {
    /** Most days one answer covers. */
    static final int MAX_DAYS = 366;
    /** Days answered from {@code from} when {@code to} is not given. */
    static final int DEFAULT_DAYS = 7;

    private final SchoolCalendar calendar;
    private final Clock clock;

    CalendarRoutes(SchoolCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    void get(RoutingContext ctx) {
        ZoneId zone = Params.zone(ctx);
        LocalDate[] range = range(ctx, LocalDate.ofInstant(clock.instant(), zone), true, DEFAULT_DAYS, MAX_DAYS);
        JsonArray days = new JsonArray();
        for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
            JsonObject school = new JsonObject();
            JsonObject reason = new JsonObject();
            for (Map.Entry<SchoolKind, SchoolCalendar.Verdict> e : calendar.verdicts(d).entrySet()) {
                school.put(e.getKey().id(), e.getValue().schoolDay());
                reason.put(e.getKey().id(), e.getValue().reason());
            }
            days.add(new JsonObject().put("date", d.toString())
                    .put("weekday", d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA))
                    .put("covered", calendar.covers(d)).put("schoolDay", school).put("reason", reason));
        }
        Responses.json(ctx, 200, new JsonObject().put("name", calendar.name()).put("validFrom", calendar.from().toString())
                .put("validTo", calendar.to().toString()).put("timeZone", zone.getId()).put("days", days));
    }

    /**
     * The {@code from}/{@code to} local days (inclusive) of a request. Given one, the other is
     * {@code defaultDays} days away from it; given neither, the range starts ({@code forward}) or
     * ends at {@code today}. Refused (400) when {@code to} is before {@code from} or the range spans
     * more than {@code maxDays} days.
     */
    static LocalDate[] range(RoutingContext ctx, LocalDate today, boolean forward, int defaultDays, int maxDays) {
        LocalDate from = Params.day(ctx, "from", null);
        LocalDate to = Params.day(ctx, "to", null);
        if (from == null && to == null) {
            from = forward ? today : today.minusDays(defaultDays - 1L);
        }
        if (from == null) {
            from = to.minusDays(defaultDays - 1L);
        } else if (to == null) {
            to = from.plusDays(defaultDays - 1L);
        }
        if (to.isBefore(from)) {
            throw Problem.badField("to", "the range is reversed: to (" + to + ") is before from (" + from + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > maxDays) {
            throw Problem.badField("to", "the range " + from + "–" + to + " spans " + days + " days; at most " + maxDays);
        }
        return new LocalDate[] {from, to};
    }
}

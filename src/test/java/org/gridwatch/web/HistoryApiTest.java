package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.auth.Role;
import org.gridwatch.imports.CalendarImport;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The school calendar and the daily duty history on a real server over the demo city: no 护学岗
 * alert on a holiday, the calendar answered read-only, the day's figures kept across a restart over
 * the same GeoPackage (and a calendar imported in between taking effect), jurisdiction and bad
 * ranges refused.
 */
class HistoryApiTest {
    @TempDir
    Path dir;

    /** The server's 护学岗 figures of its day after the morning's windows: a fix at 09:00 moves the duty monitor on. */
    static JsonObject morning(TestServer s, MutableClock clock) throws Exception {
        String guard = json(s.get("/api/v1/units?kind=security_guard")).getJsonArray("features").getJsonObject(0)
                .getString("id");
        clock.advance(Duration.ofHours(2)); // 07:00 → 09:00
        LiveAnalyticsApiTest.report(s, guard, LiveAnalyticsApiTest.GATE_LON, LiveAnalyticsApiTest.GATE_LAT, clock.instant());
        s.quiesce();
        JsonArray rows = json(s.get("/api/v1/posts/stats")).getJsonArray("areas");
        return rows.getJsonObject(rows.size() - 1);
    }

    static long postAlerts(TestServer s) throws Exception {
        return json(s.get("/api/v1/alerts?limit=5000")).getJsonArray("alerts").stream()
                .filter(a -> ((JsonObject) a).getString("kind").equals("post_unstaffed")).count();
    }

    @Test
    void aHolidayRaisesNo护学岗AlertAndASchoolDayDoesAndTheCalendarSaysWhy() throws Exception {
        MutableClock clock = new MutableClock(LocalTimes.at(LocalDate.parse("2026-10-01"), "07:00"));
        try (TestServer s = TestServer.start(dir.resolve("holiday"), Map.of(), clock)) {
            JsonObject city = morning(s, clock);
            assertThat(city.getInteger("windows")).as("国庆节: no duty window").isZero();
            assertThat(postAlerts(s)).isZero();
            JsonObject day = json(s.get("/api/v1/calendar?from=2026-10-01&to=2026-10-01")).getJsonArray("days")
                    .getJsonObject(0);
            assertThat(day.getJsonObject("reason").getString("primary")).isEqualTo("国庆节");
            calendarAnswers(s);
        }
        clock = new MutableClock(LocalTimes.at(LocalDate.parse("2026-10-10"), "07:00")); // Saturday, 调休上班
        try (TestServer s = TestServer.start(dir.resolve("workday"), Map.of(), clock)) {
            JsonObject city = morning(s, clock);
            assertThat(city.getInteger("decided")).isPositive();
            assertThat(postAlerts(s)).isPositive();
        }
    }

    /** The calendar's answers per day and kind (asked on 2026-10-01), and its refusals. */
    static void calendarAnswers(TestServer s) throws Exception {
        JsonObject c = json(s.get("/api/v1/calendar?to=2026-10-11"));
        assertThat(c.getString("timeZone")).isEqualTo("Asia/Shanghai");
        JsonArray days = c.getJsonArray("days");
        assertThat(days).hasSize(7); // to given alone: the week ending with it
        assertThat(days.getJsonObject(0).getString("date")).isEqualTo("2026-10-05");
        days = json(s.get("/api/v1/calendar")).getJsonArray("days"); // from today, a week
        assertThat(days.getJsonObject(0).getString("date")).isEqualTo("2026-10-01");
        days = json(s.get("/api/v1/calendar?from=2026-09-28")).getJsonArray("days");
        JsonObject third = days.stream().map(JsonObject.class::cast).filter(d -> d.getString("date").equals("2026-10-03"))
                .findFirst().orElseThrow();
        assertThat(third.getString("weekday")).isEqualTo("周六");
        assertThat(third.getJsonObject("schoolDay").getBoolean("middle")).isFalse();
        JsonObject make = json(s.get("/api/v1/calendar?from=2026-10-10&to=2026-10-10")).getJsonArray("days")
                .getJsonObject(0);
        assertThat(make.getJsonObject("schoolDay").getMap()).containsOnly(Map.entry("kindergarten", true),
                Map.entry("primary", true), Map.entry("middle", true));
        assertThat(make.getJsonObject("reason").getString("kindergarten")).isEqualTo("调休上班");
        ApiTest.assertProblem(s.get("/api/v1/calendar?from=2026-10-10&to=2026-10-01"), 400, "to");
        ApiTest.assertProblem(s.get("/api/v1/calendar?from=2026-01-01&to=2027-12-31"), 400, "to");
        ApiTest.assertProblem(s.get("/api/v1/calendar?from=2026-10-32"), 400, "from");
    }

    /** The figures of one day of an answer, without when they were measured. */
    static JsonObject figures(JsonObject day) {
        JsonObject f = day.copy();
        f.remove("updatedAt");
        f.remove("complete");
        return f;
    }

    @Test
    void theDayIsKeptAcrossARestartAndAnswersStayInTheJurisdiction() throws Exception {
        LocalDate friday = LocalTimes.FRIDAY;
        MutableClock clock = new MutableClock(LocalTimes.at(friday, "07:00"));
        JsonObject before;
        try (TestServer s = TestServer.start(dir, Map.of(), clock)) {
            JsonObject city = morning(s, clock);
            assertThat(city.getInteger("decided")).isPositive();
            JsonObject answer = json(s.get("/api/v1/history/daily?from=" + friday + "&to=" + friday));
            assertThat(answer.getJsonObject("area").getString("code")).isEqualTo("371600");
            before = answer.getJsonArray("days").getJsonObject(0);
            assertThat(before.getBoolean("recorded")).isTrue();
            assertThat(before.getJsonObject("onPost").getInteger("decided")).isEqualTo(city.getInteger("decided"));
            assertThat(before.getJsonObject("onPost").getInteger("onTime")).isEqualTo(city.getInteger("onTime"));
            assertThat(before.getJsonObject("coverage").getInteger("grids")).isGreaterThan(10_000);
            assertThat(before.getJsonObject("coverage").getInteger("visited")).isPositive();

            // The caller's jurisdiction: a county's key sees its county and townships, not the city or another county.
            String county = TestServer.key(s.server(), "county", Set.of(Role.ANALYST), "371602");
            TestServer.Client c = s.as(county);
            JsonObject own = json(c.get("/api/v1/history/daily?from=" + friday + "&to=" + friday));
            assertThat(own.getJsonObject("area").getString("code")).isEqualTo("371602");
            assertThat(own.getJsonArray("days").getJsonObject(0).getJsonObject("coverage").getInteger("grids"))
                    .isLessThan(before.getJsonObject("coverage").getInteger("grids"));
            ApiTest.assertProblem(c.get("/api/v1/history/daily?area=371600"), 403, "area");
            ApiTest.assertProblem(c.get("/api/v1/history/daily?area=371603"), 403, "area");
            String township = s.server().grids().hierarchy().children("371602").get(0).code();
            assertThat(c.get("/api/v1/history/daily?area=" + township).statusCode()).isEqualTo(200);
            ApiTest.assertProblem(s.get("/api/v1/history/daily?area=999999"), 400, "area");
            ApiTest.assertProblem(s.get("/api/v1/history/daily?area="
                    + s.server().grids().hierarchy().children(township).get(0).code()), 400, "area");
            ApiTest.assertProblem(s.get("/api/v1/history/daily?from=2026-11-30&to=2026-11-01"), 400, "to");
            ApiTest.assertProblem(s.get("/api/v1/history/daily?from=2025-01-01&to=2026-11-30"), 400, "to");
            ApiTest.assertProblem(s.get("/api/v1/history/daily?from=2026-11-31"), 400, "from");
            ApiTest.assertProblem(s.get("/api/v1/history/daily?to="), 400, "to");
        }

        // Stopped (which stores the day so far); a calendar is imported meanwhile; started again two days later.
        Path file = dir.resolve("calendar.json");
        SchoolCalendar own = new SchoolCalendar("滨州市2026-2027学年校历（导入）", LocalDate.parse("2026-11-01"),
                LocalDate.parse("2027-06-30"), List.of(new SchoolCalendar.Holiday("元旦", LocalDate.parse("2027-01-01"),
                LocalDate.parse("2027-01-03"))), List.of(), List.of(), "");
        Files.writeString(file, own.toJson().encodePrettily());
        try (Store store = GeoPackageStore.open(dir.resolve("gridwatch.gpkg"), false)) {
            assertThat(CalendarImport.run(store, file).written()).isTrue();
        }
        clock.advance(Duration.ofDays(2));
        try (TestServer s = TestServer.start(dir, Map.of(), clock)) {
            JsonArray days = json(s.get("/api/v1/history/daily?from=" + friday + "&to=" + friday.plusDays(2)))
                    .getJsonArray("days");
            assertThat(days).hasSize(3);
            assertThat(figures(days.getJsonObject(0))).isEqualTo(figures(before));
            assertThat(days.getJsonObject(1).getBoolean("recorded")).as("the server did not run on Saturday").isFalse();
            assertThat(days.getJsonObject(1).getValue("onPost")).isNull();
            assertThat(days.getJsonObject(2).getBoolean("recorded")).isTrue();
            assertThat(json(s.get("/api/v1/calendar")).getString("name")).isEqualTo(own.name());
        }
    }
}

package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The morning run on a server whose clock passes 07:00, and the reports after a restart. */
class DailyReportsTest {
    @TempDir
    Path dir;

    private static void report(TestServer s, String category, String localTime) throws Exception {
        var r = s.post("/api/v1/incidents", "{\"category\":\"" + category + "\",\"source\":\"police_call\",\"lon\":118.0,"
                + "\"lat\":37.4,\"reportedAt\":\"" + localTime + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void theMorningRunReportsTheDayBeforeForTheCityAndEachCountyAndTheReportsOutliveARestart() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T22:59:00Z")); // 06:59 on 1 December, local
        DailyReport city;
        try (TestServer s = TestServer.start(dir, Map.of(), clock)) {
            report(s, "fraud", "2026-11-30T09:00:00");
            report(s, "fraud", "2026-11-30T23:59:00"); // still 30 November, local (15:59 UTC)
            report(s, "dispute", "2026-11-29T10:00:00");
            report(s, "dispute", "2026-12-01T00:10:00"); // 1 December: not in the report of the 30th
            DailyReports reports = s.server().reports();
            assertThat(reports.check()).as("06:59: nothing due").isNull();
            clock.advance(Duration.ofMinutes(1));
            CompletableFuture<List<DailyReport>> run = reports.check();
            List<DailyReport> made = (run != null ? run : reports.latestRun()).get(60, TimeUnit.SECONDS);
            assertThat(made).extracting(DailyReport::areaCode).containsExactlyElementsOf(
                    reports.areas().stream().map(AdminArea::code).toList());
            assertThat(made).allSatisfy(r -> {
                assertThat(r.date()).isEqualTo(LocalDate.parse("2026-11-30"));
                assertThat(r.generatedBy()).isEqualTo(DailyReports.SYSTEM);
                assertThat(r.generatedAt()).isEqualTo(clock.instant());
            });
            city = made.get(0);
            assertThat(city.areaName()).isEqualTo("滨州市");
            Section.Row total = city.section("incidents").orElseThrow().tables().get(0).rows().get(10);
            assertThat(total.values()).extracting(Value::text).containsExactly("2", "1", "+100.0%", "0", "新增");
            assertThat(reports.check()).as("once a morning").isNull();
            clock.advance(Duration.ofHours(23));
            assertThat(reports.check()).as("06:00 the next morning: not yet").isNull();
        }
        try (TestServer s = TestServer.start(dir, Map.of(), clock)) {
            JsonObject list = json(s.get("/api/v1/reports/daily?from=2026-11-30&to=2026-11-30"));
            assertThat(list.getJsonArray("reports")).hasSize(s.server().reports().areas().size());
            JsonObject back = json(s.get("/api/v1/reports/daily/2026-11-30?area=371600&format=json"));
            assertThat(DailyReport.fromJson(back)).isEqualTo(city);
        }
    }
}

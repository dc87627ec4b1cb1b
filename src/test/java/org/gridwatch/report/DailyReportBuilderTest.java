package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.gridwatch.report.Section.Row;
import org.gridwatch.report.Section.Table;
import org.junit.jupiter.api.Test;

/** The figures of {@link DailyReportBuilder} from the known ones of {@link ReportFixture}. */
class DailyReportBuilderTest {

    private static Table table(DailyReport r, String section) {
        return r.section(section).orElseThrow().tables().get(0);
    }

    private static List<String> row(Table t, String label) {
        Row row = t.rows().stream().filter(x -> x.label().equals(label)).findFirst().orElseThrow();
        return row.values().stream().map(Value::text).toList();
    }

    private static String figure(DailyReport r, String section, String label) {
        return r.section(section).orElseThrow().figures().stream().filter(f -> f.label().equals(label)).findFirst()
                .orElseThrow().value().text();
    }

    @Test
    void incidentsByCategoryWithDayOnDayAndWeekOnWeekChange() {
        DailyReport r = ReportFixture.report("371602");
        Table t = table(r, "incidents");
        assertThat(t.columns()).containsExactly("类别", "当日", "前日", "环比", "上周同日", "同比");
        // 当日, 前日, 环比, 上周同日, 同比
        assertThat(row(t, "诈骗")).containsExactly("4", "2", "+100.0%", "4", "0.0%");
        assertThat(row(t, "矛盾纠纷")).as("from zero: 新增").containsExactly("3", "0", "新增", "0", "新增");
        assertThat(row(t, "刑事")).containsExactly("1", "0", "新增", "4", "-75.0%");
        assertThat(row(t, "交通")).as("zero on both days: no base").containsExactly("0", "0", "—", "0", "—");
        // 8 against 2 the day before (+300%) and 8 the week before (0%).
        assertThat(row(t, "合计")).containsExactly("8", "2", "+300.0%", "8", "0.0%");
        assertThat(t.rows()).hasSize(11); // ten categories and the total
        assertThat(figure(r, "summary", "接报事件")).isEqualTo("8");
        assertThat(figure(r, "summary", "环比（较前日）")).isEqualTo("+300.0%");
    }

    @Test
    void aCountyWithNothingTodayFallsByAHundredPercent() {
        DailyReport r = ReportFixture.report("371603");
        assertThat(row(table(r, "incidents"), "合计")).containsExactly("0", "2", "-100.0%", "0", "—");
        assertThat(figure(r, "response", "派警事件")).isEqualTo("0");
        assertThat(figure(r, "response", "到场时间中位数")).isEqualTo("—");
        assertThat(figure(r, "response", "3分钟到场率")).as("no dispatch: no share").isEqualTo("—");
        assertThat(r.section("counties")).as("a county's report has no county rows").isEmpty();
    }

    @Test
    void responseFiguresAndTheOneThreeFiveShares() {
        DailyReport r = ReportFixture.report("371602");
        // Dispatch after 30, 60, 90, 120 s: the median by nearest rank is the 2nd, 60 s.
        assertThat(figure(r, "response", "派警事件")).isEqualTo("4");
        assertThat(figure(r, "response", "派警时间中位数")).isEqualTo("1分00秒");
        // Arrivals after 120, 200, 400 s (one never arrived): median 200 s, 90th percentile 400 s.
        assertThat(figure(r, "response", "到场事件")).isEqualTo("3");
        assertThat(figure(r, "response", "到场时间中位数")).isEqualTo("3分20秒");
        assertThat(figure(r, "response", "到场时间90%分位")).isEqualTo("6分40秒");
        // Within 3 min: 120 s only, of 4 dispatched; within 5 min: 120 and 200 s.
        assertThat(figure(r, "response", "3分钟到场率")).isEqualTo("25.0%");
        assertThat(figure(r, "response", "5分钟到场率")).isEqualTo("50.0%");
        Section.Chart chart = r.section("response").orElseThrow().charts().get(0);
        assertThat(chart.labels()).containsExactly("0–1分钟", "1–3分钟", "3–5分钟", "5–10分钟", "10–20分钟", "20分钟以上", "未到场");
        assertThat(chart.series().get(0).values()).containsExactly(0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0);
    }

    @Test
    void percentilesByNearestRank() {
        List<Duration> d = List.of(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
        assertThat(DailyReportBuilder.percentile(d, 0.5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(DailyReportBuilder.percentile(d, 0.9)).isEqualTo(Duration.ofSeconds(5));
        assertThat(DailyReportBuilder.percentile(d, 0.2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DailyReportBuilder.percentile(List.of(Duration.ofSeconds(7)), 0.9)).isEqualTo(Duration.ofSeconds(7));
        assertThat(DailyReportBuilder.percentile(List.of(), 0.5)).isNull();
    }

    @Test
    void figuresNotAvailableShowADashWithTheirReason() {
        DailyReport r = ReportFixture.report("371602");
        assertThat(figure(r, "overdue", "超时事件")).isEqualTo("—");
        assertThat(r.section("overdue").orElseThrow().notes()).anyMatch(n -> n.contains("无overdue"));
        assertThat(figure(r, "patrol", "巡逻覆盖率")).isEqualTo("75.0%");
        assertThat(figure(r, "patrol", "护学岗到岗率")).as("nothing decided: no share").isEqualTo("—");
        assertThat(figure(r, "patrol", "见警率")).isEqualTo("—");
        assertThat(r.section("patrol").orElseThrow().notes()).anyMatch(n -> n.contains("见警率") && n.contains("无visibility"));
    }

    @Test
    void alertsByKindWithTheShareAcknowledged() {
        Table t = table(ReportFixture.report("371602"), "alerts");
        assertThat(row(t, "护学岗未到岗")).containsExactly("5", "2", "3", "40.0%");
        assertThat(row(t, "近重复风险")).containsExactly("1", "1", "0", "100.0%");
        assertThat(row(t, "合计")).containsExactly("6", "3", "3", "50.0%");
    }

    @Test
    void theCityReportComparesItsCounties() {
        DailyReport r = ReportFixture.report("371600");
        assertThat(r.title()).isEqualTo("城社会治安日报");
        assertThat(r.dateText()).isEqualTo("2026年11月30日（星期一）");
        assertThat(r.sections()).extracting(Section::key)
                .containsExactly("summary", "incidents", "response", "overdue", "patrol", "counties", "alerts");
        Table t = table(r, "counties");
        assertThat(t.rows()).extracting(Row::label).containsExactly("甲区", "乙区");
        assertThat(row(t, "甲区").subList(0, 6)).containsExactly("8", "+300.0%", "0.0%", "3分20秒", "25.0%", "50.0%");
        assertThat(row(t, "乙区").subList(0, 3)).containsExactly("0", "-100.0%", "—");
        assertThat(row(table(r, "incidents"), "合计")).containsExactly("8", "4", "+100.0%", "8", "0.0%");
    }

    @Test
    void aReportOfTodayIsMarkedAsSoFar() {
        DailyReport r = new DailyReportBuilder(new ReportFixture(), ReportFixture.AREAS, ReportFixture.ZONE)
                .build(ReportFixture.area("371602"), ReportFixture.DAY, ReportFixture.AT.minus(Duration.ofHours(10)), "调度员");
        assertThat(r.sections().get(0).notes().get(0)).contains("截至生成时刻");
        assertThat(ReportFixture.report("371602").sections().get(0).notes()).noneMatch(n -> n.contains("截至生成时刻"));
    }

    @Test
    void onlyTheCityAndCountiesHaveReports() {
        assertThatThrownBy(() -> new DailyReportBuilder(new ReportFixture(), ReportFixture.AREAS, ReportFixture.ZONE)
                .build(ReportFixture.area("371602001"), ReportFixture.DAY, ReportFixture.AT, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("371602001");
        assertThat(DailyReportBuilder.reportAreas(ReportFixture.AREAS)).extracting(a -> a.code())
                .containsExactly("371600", "371602", "371603");
    }

    @Test
    void theJsonDocumentRoundTrips() {
        DailyReport r = ReportFixture.report("371600");
        DailyReport back = DailyReport.fromJson(new io.vertx.core.json.JsonObject(r.toJson().encode()));
        assertThat(back).isEqualTo(r);
        assertThatThrownBy(() -> DailyReport.fromJson(r.toJson().put("format", 99))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changesAndSharesByTheirArithmetic() {
        assertThat(new Value.Change(3, 2).text()).isEqualTo("+50.0%");
        assertThat(new Value.Change(1, 3).text()).isEqualTo("-66.7%");
        assertThat(new Value.Change(5, 5).text()).isEqualTo("0.0%");
        assertThat(new Value.Change(5, 0).text()).isEqualTo("新增");
        assertThat(new Value.Change(5, 0).number()).isNull();
        assertThat(new Value.Change(0, 0).text()).isEqualTo("—");
        assertThat(new Value.Ratio(1, 3).text()).isEqualTo("33.3%");
        assertThat(new Value.Ratio(0, 0).text()).isEqualTo("—");
        assertThat(new Value.Seconds(59.4).text()).isEqualTo("59秒");
        assertThat(new Value.Seconds(185).text()).isEqualTo("3分05秒");
        assertThatThrownBy(() -> new Value.Ratio(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}

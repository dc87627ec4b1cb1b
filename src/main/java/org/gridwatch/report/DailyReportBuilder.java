package org.gridwatch.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.incident.Category;
import org.gridwatch.report.ReportSource.AlertTally;
import org.gridwatch.report.ReportSource.Rate;
import org.gridwatch.report.ReportSource.Response;
import org.gridwatch.report.Section.Chart;
import org.gridwatch.report.Section.Figure;
import org.gridwatch.report.Section.Row;
import org.gridwatch.report.Section.Series;
import org.gridwatch.report.Section.Table;

/**
 * Computes a {@link DailyReport} from a {@link ReportSource}: the figures of the day, the changes
 * against the day before (环比) and the same weekday a week before (同比), the response
 * percentiles and the 1-3-5 shares, and, in the city's report, one row per county.
 *
 * <p>Definitions (also written in the report's notes): percentiles by nearest rank (the
 * ⌈p·n⌉-th smallest); the 3- and 5-minute shares are of the incidents dispatched that day, an
 * incident counting when its first arrival on scene came at most 3 (5) minutes after its report;
 * a figure the source cannot give is "—" with the reason.
 *
 * <p>Stateless and thread-safe; runs on a worker (it reads the source, which may scan the day's
 * incidents).
 */
public final class DailyReportBuilder {
    /** The rapid-response thresholds (1-3-5), minutes. */
    static final int[] RAPID_MINUTES = {3, 5};
    /** Upper bounds of the arrival-time chart's bars, minutes (the last bar is everything longer). */
    private static final int[] ARRIVAL_BARS = {1, 3, 5, 10, 20};

    private final ReportSource source;
    private final AreaHierarchy areas;
    private final ZoneId zone;

    /** @param zone the city's time zone, in which days run */
    public DailyReportBuilder(ReportSource source, AreaHierarchy areas, ZoneId zone) {
        this.source = source;
        this.areas = areas;
        this.zone = zone;
    }

    /** The areas that have daily reports: the city, then its counties in code order. */
    public static List<AdminArea> reportAreas(AreaHierarchy areas) {
        List<AdminArea> out = new ArrayList<>();
        out.add(areas.city());
        out.addAll(areas.level(AdminLevel.COUNTY));
        return out;
    }

    /**
     * The report of {@code area} (the city or a county) for {@code day}.
     *
     * @param at when the figures are read (the report's {@code generatedAt})
     * @param by who asks
     * @throws IllegalArgumentException if {@code area} is neither the city nor a county
     */
    public DailyReport build(AdminArea area, LocalDate day, Instant at, String by) {
        if (area.level() != AdminLevel.CITY && area.level() != AdminLevel.COUNTY) {
            throw new IllegalArgumentException("daily reports are per city or county, not " + area.level() + " " + area.code());
        }
        Figures today = figures(area, day);
        List<Section> sections = new ArrayList<>();
        sections.add(summary(today));
        sections.add(incidents(area, day, today));
        sections.add(response(today));
        sections.add(overdue(today));
        sections.add(patrol(today));
        if (area.level() == AdminLevel.CITY) {
            List<Figures> counties = new ArrayList<>();
            for (AdminArea county : areas.level(AdminLevel.COUNTY)) {
                counties.add(figures(county, day));
            }
            sections.add(counties(counties));
        }
        sections.add(alerts(today));
        List<String> partial = new ArrayList<>();
        if (!at.isAfter(day.plusDays(1).atStartOfDay(zone).toInstant())) {
            partial.add("本日报生成于当日结束前，数据截至生成时刻。");
        }
        if (!partial.isEmpty()) {
            Section s = sections.get(0);
            List<String> notes = new ArrayList<>(partial);
            notes.addAll(s.notes());
            sections.set(0, new Section(s.key(), s.title(), s.figures(), s.tables(), s.charts(), notes));
        }
        return new DailyReport(day, area.code(), area.name(), zone, at, by, sections);
    }

    /** Everything the report says of one area and day. */
    private record Figures(AdminArea area, Map<Category, Long> day, Map<Category, Long> dayBefore,
                           Map<Category, Long> weekBefore, Response response, Value overdue, Value coverage,
                           Value onPost, Value visibility, List<AlertTally> alerts) {
        long total(Map<Category, Long> m) {
            return m.values().stream().mapToLong(Long::longValue).sum();
        }

        Value.Change dayOnDay() {
            return new Value.Change(total(day), total(dayBefore));
        }

        Value.Change weekOnWeek() {
            return new Value.Change(total(day), total(weekBefore));
        }
    }

    private Figures figures(AdminArea area, LocalDate day) {
        OptionalLong overdue = source.overdue(area, day);
        return new Figures(area, source.incidentsByCategory(area, day), source.incidentsByCategory(area, day.minusDays(1)),
                source.incidentsByCategory(area, day.minusDays(7)), source.response(area, day),
                overdue.isPresent() ? new Value.Count(overdue.getAsLong())
                        : new Value.Missing(source.unavailable("overdue", area, day)),
                rate(source.coverage(area, day), "coverage", area, day), rate(source.onPost(area, day), "onPost", area, day),
                rate(source.visibility(area, day), "visibility", area, day), source.alerts(area, day));
    }

    private Value rate(Optional<Rate> r, String figure, AdminArea area, LocalDate day) {
        return r.<Value>map(x -> new Value.Ratio(x.part(), x.whole()))
                .orElseGet(() -> new Value.Missing(source.unavailable(figure, area, day)));
    }

    // ------------------------------------------------------------ arithmetic

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 1) of {@code values} by nearest rank: the
     * ⌈p·n⌉-th smallest; null when there are none.
     */
    static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static Value seconds(Duration d, String none) {
        return d == null ? new Value.Missing(none) : new Value.Seconds(d.toMillis() / 1000.0);
    }

    /** Dispatched incidents whose first arrival came within {@code minutes} of the report, of all dispatched. */
    static Value.Ratio within(Response r, int minutes) {
        Duration limit = Duration.ofMinutes(minutes);
        int n = (int) r.toArrival().stream().filter(d -> d != null && d.compareTo(limit) <= 0).count();
        return new Value.Ratio(n, r.toDispatch().size());
    }

    private static List<Duration> arrivals(Response r) {
        return r.toArrival().stream().filter(d -> d != null).toList();
    }

    // ------------------------------------------------------------ sections

    private static Section summary(Figures f) {
        List<Figure> figures = List.of(
                new Figure("接报事件", new Value.Count(f.total(f.day()))),
                new Figure("环比（较前日）", f.dayOnDay()),
                new Figure("同比（较上周同日）", f.weekOnWeek()),
                new Figure("到场时间中位数", seconds(percentile(arrivals(f.response()), 0.5), "当日无到场记录")),
                new Figure("3分钟到场率", within(f.response(), 3)),
                new Figure("超时事件", f.overdue()),
                new Figure("巡逻覆盖率", f.coverage()),
                new Figure("护学岗到岗率", f.onPost()),
                new Figure("见警率", f.visibility()),
                new Figure("告警", new Value.Count(f.alerts().stream().mapToInt(AlertTally::raised).sum())));
        return new Section("summary", "概况", figures, List.of(), List.of(), missingNotes(figures));
    }

    /** One note per figure not available: its label and the reason. */
    private static List<String> missingNotes(List<Figure> figures) {
        Set<String> notes = new LinkedHashSet<>();
        for (Figure f : figures) {
            if (f.value() instanceof Value.Missing m) {
                notes.add("“" + f.label() + "”为“—”：" + m.reason());
            }
        }
        return List.copyOf(notes);
    }

    private static Section incidents(AdminArea area, LocalDate day, Figures f) {
        List<Row> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> today = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> week = new ArrayList<>();
        for (Category c : Category.values()) {
            long n = f.day().getOrDefault(c, 0L);
            long d = f.dayBefore().getOrDefault(c, 0L);
            long w = f.weekBefore().getOrDefault(c, 0L);
            rows.add(new Row(c.label(), List.of(new Value.Count(n), new Value.Count(d), new Value.Change(n, d),
                    new Value.Count(w), new Value.Change(n, w))));
            labels.add(c.label());
            today.add((double) n);
            before.add((double) d);
            week.add((double) w);
        }
        long n = f.total(f.day());
        long d = f.total(f.dayBefore());
        long w = f.total(f.weekBefore());
        rows.add(new Row("合计", List.of(new Value.Count(n), new Value.Count(d), f.dayOnDay(), new Value.Count(w),
                f.weekOnWeek())));
        Table t = new Table("事件分类统计", List.of("类别", "当日", "前日", "环比", "上周同日", "同比"), rows);
        Chart chart = new Chart("各类事件数量", "件", labels, List.of(new Series("当日", today), new Series("前日", before),
                new Series("上周同日", week)));
        return new Section("incidents", "事件分类统计", List.of(), List.of(t), List.of(chart), List.of(
                "环比：较前一日（" + day.minusDays(1) + "）；同比：较上周同日（" + day.minusDays(7) + "）。"
                        + "前期为0而本期不为0记为“新增”，两期均为0记为“—”。",
                "统计范围：" + area.name() + "辖区内当日接报（按上报时间）的全部事件。"));
    }

    private static Section response(Figures f) {
        Response r = f.response();
        List<Duration> arrived = arrivals(r);
        List<Figure> figures = List.of(
                new Figure("派警事件", new Value.Count(r.toDispatch().size())),
                new Figure("派警时间中位数", seconds(percentile(r.toDispatch(), 0.5), "当日无派警记录")),
                new Figure("到场事件", new Value.Count(arrived.size())),
                new Figure("到场时间中位数", seconds(percentile(arrived, 0.5), "当日无到场记录")),
                new Figure("到场时间90%分位", seconds(percentile(arrived, 0.9), "当日无到场记录")),
                new Figure("3分钟到场率", within(r, RAPID_MINUTES[0])),
                new Figure("5分钟到场率", within(r, RAPID_MINUTES[1])));
        List<String> labels = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        int lower = 0;
        for (int upper : ARRIVAL_BARS) {
            int lo = lower;
            labels.add(lo + "–" + upper + "分钟");
            counts.add((double) arrived.stream().filter(d -> d.compareTo(Duration.ofMinutes(lo)) > 0 || lo == 0)
                    .filter(d -> d.compareTo(Duration.ofMinutes(upper)) <= 0).count());
            lower = upper;
        }
        int last = lower;
        labels.add(last + "分钟以上");
        counts.add((double) arrived.stream().filter(d -> d.compareTo(Duration.ofMinutes(last)) > 0).count());
        labels.add("未到场");
        counts.add((double) (r.toDispatch().size() - arrived.size()));
        Chart chart = new Chart("派警事件到场时间分布", "件", labels, List.of(new Series("事件数", counts)));
        List<String> notes = new ArrayList<>(List.of(
                "派警时间：上报至首次派遣；到场时间：上报至首支力量到场（处置）。百分位按最近秩法计算。",
                "1-3-5快速反应：3分钟（5分钟）到场率 = 上报后3（5）分钟内到场的派警事件 / 当日派警事件。"));
        notes.addAll(missingNotes(figures));
        return new Section("response", "接处警与快速反应（1-3-5）", figures, List.of(), List.of(chart), notes);
    }

    private static Section overdue(Figures f) {
        List<Figure> figures = List.of(new Figure("超时事件", f.overdue()));
        List<String> notes = new ArrayList<>(List.of("超时事件：当日产生超时告警（overdue）的事件环节数。"));
        notes.addAll(missingNotes(figures));
        return new Section("overdue", "超时督办", figures, List.of(), List.of(), notes);
    }

    private static Section patrol(Figures f) {
        List<Figure> figures = List.of(new Figure("巡逻覆盖率", f.coverage()), new Figure("护学岗到岗率", f.onPost()),
                new Figure("见警率", f.visibility()));
        List<String> notes = new ArrayList<>(List.of(
                "巡逻覆盖率：当日有在岗力量到达的网格 / 网格总数；护学岗到岗率：按时到岗的值守时段 / 已判定的值守时段；"
                        + "见警率：重点时段内按巡查间隔到达的巡查次数 / 应巡查次数。"));
        notes.addAll(missingNotes(figures));
        return new Section("patrol", "巡防与护学岗", figures, List.of(), List.of(), notes);
    }

    private static Section counties(List<Figures> counties) {
        List<Row> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (Figures f : counties) {
            rows.add(new Row(f.area().name(), List.of(new Value.Count(f.total(f.day())), f.dayOnDay(), f.weekOnWeek(),
                    seconds(percentile(arrivals(f.response()), 0.5), "当日无到场记录"), within(f.response(), 3),
                    within(f.response(), 5), f.overdue(), f.coverage(), f.onPost(), f.visibility())));
            labels.add(f.area().name());
            counts.add((double) f.total(f.day()));
        }
        Table t = new Table("各区县对比", List.of("区县", "接报事件", "环比", "同比", "到场中位数", "3分钟到场率",
                "5分钟到场率", "超时事件", "巡逻覆盖率", "护学岗到岗率", "见警率"), rows);
        Chart chart = new Chart("各区县接报事件", "件", labels, List.of(new Series("当日", counts)));
        return new Section("counties", "各区县对比", List.of(), List.of(t), List.of(chart), List.of());
    }

    private static Section alerts(Figures f) {
        List<Row> rows = new ArrayList<>();
        int raised = 0;
        int acked = 0;
        for (AlertTally a : f.alerts()) {
            rows.add(new Row(a.label(), List.of(new Value.Count(a.raised()), new Value.Count(a.acknowledged()),
                    new Value.Count(a.raised() - a.acknowledged()), new Value.Ratio(a.acknowledged(), a.raised()))));
            raised += a.raised();
            acked += a.acknowledged();
        }
        rows.add(new Row("合计", List.of(new Value.Count(raised), new Value.Count(acked), new Value.Count(raised - acked),
                new Value.Ratio(acked, raised))));
        Table t = new Table("告警统计", List.of("告警类型", "产生", "已确认", "未确认", "确认率"), rows);
        return new Section("alerts", "告警", List.of(), List.of(t), List.of(), List.of(
                "当日产生的告警，按类型；“已确认”截至日报生成时刻。"));
    }
}

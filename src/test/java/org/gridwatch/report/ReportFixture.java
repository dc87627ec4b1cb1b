package org.gridwatch.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.incident.Category;
import org.gridwatch.testsupport.WktCity;

/**
 * A {@link ReportSource} of known figures for the fixture city (城, counties 甲区 371602 and 乙区
 * 371603), and the report built from it: the day {@link #DAY} (a Monday), the day before and the
 * same weekday a week before.
 */
final class ReportFixture implements ReportSource {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.parse("2026-11-30");
    static final Instant AT = Instant.parse("2026-11-30T23:00:00Z"); // 07:00 local, the morning after
    static final AreaHierarchy AREAS = WktCity.hierarchy();

    /** (area code, day) → counts. */
    final Map<String, Map<Category, Long>> counts = new HashMap<>();

    ReportFixture() {
        // 甲区: fraud 4 (day before 2), dispute 3 (day before 0: 新增), criminal 1 (week before 4), traffic 0/0/0.
        put("371602", DAY, Map.of(Category.FRAUD, 4L, Category.DISPUTE, 3L, Category.CRIMINAL, 1L));
        put("371602", DAY.minusDays(1), Map.of(Category.FRAUD, 2L));
        put("371602", DAY.minusDays(7), Map.of(Category.CRIMINAL, 4L, Category.FRAUD, 4L));
        // 乙区: nothing today, 2 the day before.
        put("371603", DAY.minusDays(1), Map.of(Category.OTHER, 2L));
    }

    private void put(String area, LocalDate day, Map<Category, Long> m) {
        counts.put(area + "/" + day, new EnumMap<>(m));
    }

    @Override
    public Map<Category, Long> incidentsByCategory(AdminArea area, LocalDate day) {
        if (area.code().equals("371600")) { // the city: the sum of its counties
            Map<Category, Long> sum = new EnumMap<>(Category.class);
            for (String county : List.of("371602", "371603")) {
                counts.getOrDefault(county + "/" + day, Map.of()).forEach((c, n) -> sum.merge(c, n, Long::sum));
            }
            return sum;
        }
        return counts.getOrDefault(area.code() + "/" + day, Map.of());
    }

    @Override
    public Response response(AdminArea area, LocalDate day) {
        if (area.code().equals("371603") || !day.equals(DAY)) {
            return new Response(0, List.of(), List.of());
        }
        // Four dispatched: arrivals after 2:00, 3:20, 6:40 and none.
        return new Response(8, List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(90),
                Duration.ofSeconds(120)), java.util.Arrays.asList(Duration.ofSeconds(120), Duration.ofSeconds(200),
                Duration.ofSeconds(400), null));
    }

    @Override
    public OptionalLong overdue(AdminArea area, LocalDate day) {
        return OptionalLong.empty();
    }

    @Override
    public Optional<Rate> coverage(AdminArea area, LocalDate day) {
        return Optional.of(new Rate(3, 4));
    }

    @Override
    public Optional<Rate> onPost(AdminArea area, LocalDate day) {
        return Optional.of(new Rate(0, 0)); // a day without decided windows (a Sunday, a holiday)
    }

    @Override
    public Optional<Rate> visibility(AdminArea area, LocalDate day) {
        return Optional.empty();
    }

    @Override
    public List<AlertTally> alerts(AdminArea area, LocalDate day) {
        return List.of(new AlertTally("post_unstaffed", "护学岗未到岗", 5, 2), new AlertTally("near_repeat", "近重复风险", 1, 1));
    }

    @Override
    public String unavailable(String figure, AdminArea area, LocalDate day) {
        return "无" + figure;
    }

    static AdminArea area(String code) {
        return AREAS.find(code).orElseThrow();
    }

    /** The report of {@code code} for {@link #DAY}, read at {@link #AT}. */
    static DailyReport report(String code) {
        return new DailyReportBuilder(new ReportFixture(), AREAS, ZONE).build(area(code), DAY, AT, "system");
    }
}

package org.gridwatch.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily report (日报) of one area (the city or a county) for one local day: its sections in
 * order. Computed once ({@link DailyReportBuilder}), kept as JSON ({@link #toJson()}), rendered
 * on demand as HTML, PDF and XLSX. Immutable.
 *
 * @param date        the local day covered
 * @param areaCode    the area's code
 * @param areaName    the area's name
 * @param zone        the city's time zone, in which the day runs
 * @param generatedAt when the figures were read
 * @param generatedBy who asked: {@code system} for the morning run, else the principal
 * @param sections    the sections, in order
 */
public record DailyReport(LocalDate date, String areaCode, String areaName, ZoneId zone, Instant generatedAt,
                          String generatedBy, List<Section> sections) {
    /** Version of the JSON document; a document of another version is refused. */
    public static final int FORMAT = 1;
    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public DailyReport {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(areaCode, "areaCode");
        Objects.requireNonNull(areaName, "areaName");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(generatedBy, "generatedBy");
        sections = List.copyOf(sections);
    }

    /** The title: {@code 滨州市社会治安日报}. */
    public String title() {
        return areaName + "社会治安日报";
    }

    /** The day in Chinese with its weekday: {@code 2026年11月30日（星期一）}. */
    public String dateText() {
        String[] week = {"一", "二", "三", "四", "五", "六", "日"};
        return date.format(CHINESE_DATE) + "（星期" + week[date.getDayOfWeek().getValue() - 1] + "）";
    }

    /** When generated, in local time: {@code 2026-12-01 07:00}. */
    public String generatedText() {
        return generatedAt.atZone(zone).format(LOCAL_TIME);
    }

    /** The file name of the report in a format, without characters a file system refuses: {@code 滨州市社会治安日报_2026-11-30.pdf}. */
    public String fileName(String extension) {
        return (title() + "_" + date).replaceAll("[\\\\/:*?\"<>|]", "_") + "." + extension;
    }

    /** The section with this key. */
    public Optional<Section> section(String key) {
        return sections.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The report as JSON (the stored document, and the {@code format=json} answer). */
    public JsonObject toJson() {
        JsonArray ss = new JsonArray();
        sections.forEach(s -> ss.add(s.toJson()));
        return new JsonObject().put("format", FORMAT).put("title", title()).put("date", date.toString())
                .put("area", new JsonObject().put("code", areaCode).put("name", areaName)).put("zone", zone.getId())
                .put("generatedAt", generatedAt.toString()).put("generatedBy", generatedBy).put("sections", ss);
    }

    /**
     * The report of {@link #toJson()}.
     *
     * @throws IllegalArgumentException if the document is not one (another format version, a field missing)
     */
    public static DailyReport fromJson(JsonObject o) {
        if (!Objects.equals(o.getInteger("format"), FORMAT)) {
            throw new IllegalArgumentException("not a daily report of format " + FORMAT + ": " + o.getValue("format"));
        }
        try {
            List<Section> ss = new ArrayList<>();
            for (Object s : o.getJsonArray("sections")) {
                ss.add(Section.fromJson((JsonObject) s));
            }
            JsonObject area = o.getJsonObject("area");
            return new DailyReport(LocalDate.parse(o.getString("date")), area.getString("code"), area.getString("name"),
                    ZoneId.of(o.getString("zone")), Instant.parse(o.getString("generatedAt")), o.getString("generatedBy"),
                    ss);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed daily report: " + e.getMessage(), e);
        }
    }
}

package org.gridwatch.analysis;

import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSeverity;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.post.KeyPlaceMonitor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.locationtech.jts.geom.Point;

/**
 * Grid-uncovered alerts (网格重点时段长时间无巡逻): a {@value #ALERT_KIND} alert when a grid stays
 * without an on-duty unit ({@link CoverageIndex#lastVisit}) for {@code limit} during its key
 * periods.
 *
 * <p><b>Rules.</b>
 * <ul>
 * <li>A grid's key periods are the union of the key periods of the key places inside it (local
 *     times in the city's time zone), overlapping or touching occurrences merged into one key interval
 *     (merging looks at occurrences starting the day before and the day itself). Grids without key
 *     places never raise this alert: outside key periods patrol gaps are normal, and the coverage
 *     rate already shows them.</li>
 * <li>Within a key interval the grid counts as uncovered since the latest of its last visit, the
 *     interval start and the monitoring start; when that reaches {@code limit} (checked at each
 *     {@link #tick}) one alert is raised. The next alert needs a new visit, or a new key interval,
 *     followed by another {@code limit} without a visit.</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> {@link #tick} is called by the single writer only (it reads the
 * coverage index lock-free). Not for other threads.
 */
public final class UncoveredGridMonitor {
    /** Kind of the alerts raised. */
    public static final String ALERT_KIND = AlertKind.GRID_UNCOVERED.id();

    /** A grid with key places, and the key periods they bring. */
    private record KeyGrid(AdminArea grid, List<KeyPeriod> periods, String placeNames, Point where) {
    }

    private final CoverageIndex coverage;
    private final AlertSink alerts;
    private final Duration limit;
    private final Instant since;
    private final java.time.ZoneId zone;
    private final List<KeyGrid> keyGrids = new ArrayList<>();
    /** Per key grid: the uncovered-since instant an alert was raised for, or null. */
    private final Instant[] alerted;

    /**
     * @param coverage the coverage index giving each grid's last visit
     * @param areas    the area hierarchy (grid names and geometry)
     * @param places   the key places; their grid codes select the grids watched
     * @param alerts   where alerts go
     * @param limit    longest tolerated gap in patrol during key periods (&gt; 0)
     * @param since    when monitoring begins (no visit is known before)
     * @param zone     the city's time zone (key periods are its wall-clock times)
     */
    public UncoveredGridMonitor(CoverageIndex coverage, AreaHierarchy areas, List<KeyPlace> places, AlertSink alerts,
                                Duration limit, Instant since, java.time.ZoneId zone) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.coverage = coverage;
        this.alerts = alerts;
        this.limit = limit;
        this.since = since;
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
        Map<String, List<KeyPlace>> byGrid = new LinkedHashMap<>();
        places.stream().sorted(Comparator.comparing(KeyPlace::gridCode).thenComparing(KeyPlace::id))
                .forEach(p -> byGrid.computeIfAbsent(p.gridCode(), k -> new ArrayList<>()).add(p));
        byGrid.forEach((code, ps) -> areas.find(code).ifPresent(g -> keyGrids.add(new KeyGrid(g,
                ps.stream().flatMap(p -> p.keyPeriods().stream()).toList(),
                ps.stream().map(KeyPlace::name).collect(Collectors.joining("、")), g.geometry().getInteriorPoint()))));
        this.alerted = new Instant[keyGrids.size()];
    }

    /** Number of grids watched (those with key places). */
    public int watched() {
        return keyGrids.size();
    }

    /** Raises the alerts due at {@code now}. Writer only. */
    public void tick(Instant now) {
        for (int i = 0; i < keyGrids.size(); i++) {
            KeyGrid k = keyGrids.get(i);
            Instant[] interval = keyInterval(k.periods(), now, zone);
            if (interval == null) {
                continue;
            }
            Instant last = coverage.lastVisit(k.grid().code());
            Instant anchor = interval[0].isAfter(since) ? interval[0] : since;
            if (last != null && last.isAfter(anchor)) {
                anchor = last;
            }
            if (now.compareTo(anchor.plus(limit)) >= 0 && !anchor.equals(alerted[i])) {
                alerted[i] = anchor;
                alerts.raise(ALERT_KIND, AlertSeverity.WARNING.id(), k.grid().name() + "重点时段" + span(limit) + "无巡逻",
                        "重点部位：" + k.placeNames() + "；最后巡逻："
                                + (last == null ? "启动以来无" : LocalTime.ofInstant(last, zone).withNano(0)),
                        k.grid().code(), k.where().getX(), k.where().getY());
            }
        }
    }

    private static String span(Duration d) {
        long m = d.toMinutes();
        return m % 60 == 0 ? "超过 " + m / 60 + " 小时" : "超过 " + m + " 分钟";
    }

    /**
     * The key interval [start, end) containing {@code now}: the occurrences of {@code periods}
     * starting the day before or the day of {@code now} (local), merged where they overlap or touch;
     * null when {@code now} lies in none.
     */
    static Instant[] keyInterval(List<KeyPeriod> periods, Instant now, java.time.ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<Instant[]> occurrences = new ArrayList<>();
        for (LocalDate d : new LocalDate[] {today.minusDays(1), today}) {
            for (KeyPeriod p : periods) {
                occurrences.add(new Instant[] {KeyPlaceMonitor.start(d, p, zone), KeyPlaceMonitor.end(d, p, zone)});
            }
        }
        occurrences.sort(Comparator.comparing((Instant[] o) -> o[0]));
        Instant[] merged = null;
        for (Instant[] o : occurrences) {
            if (merged != null && !o[0].isAfter(merged[1])) {
                if (o[1].isAfter(merged[1])) {
                    merged[1] = o[1];
                }
                continue;
            }
            if (merged != null && !now.isBefore(merged[0]) && now.isBefore(merged[1])) {
                return merged;
            }
            merged = new Instant[] {o[0], o[1]};
        }
        return merged != null && !now.isBefore(merged[0]) && now.isBefore(merged[1]) ? merged : null;
    }
}

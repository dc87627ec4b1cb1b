package org.gridwatch.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;

/**
 * The figures of the daily report read from the live services: incidents and their workflow from
 * the incident index (everything the store holds is loaded into it), alerts of the last
 * {@link AlertService#RECENT} from the alert service, coverage from the coverage index's visits
 * per hour, the 护学岗 on-post rate and 见警率 from the duty monitors' days in memory (the last
 * {@value PostDutyMonitor#RETAIN_DAYS} days since start-up). Overdue cases are the alerts of kind
 * {@code overdue} once that kind exists; until then the figure is not available.
 *
 * <p>Thread-safe: every reader it uses is lock-free, so it runs on a worker, never on the state
 * lane.
 */
public final class LiveReportSource implements ReportSource {
    /** The alert kind of cases over a time limit, when the time limits raise it. */
    static final String OVERDUE_KIND = "overdue";
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final IncidentIndex incidents;
    private final AlertService alerts;
    private final CoverageIndex coverage;
    private final PostDutyMonitor posts;
    private final KeyPlaceMonitor keyPlaces;
    private final ZoneId zone;
    private final Clock clock;
    private final Instant startedAt;

    /**
     * @param zone      the city's time zone, in which days run
     * @param clock     the server's clock (today's figures are read up to now)
     * @param startedAt when monitoring began (coverage and duty before it are not known)
     */
    public LiveReportSource(IncidentIndex incidents, AlertService alerts, CoverageIndex coverage, PostDutyMonitor posts,
                            KeyPlaceMonitor keyPlaces, ZoneId zone, Clock clock, Instant startedAt) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.coverage = coverage;
        this.posts = posts;
        this.keyPlaces = keyPlaces;
        this.zone = zone;
        this.clock = clock;
        this.startedAt = startedAt;
    }

    private Instant start(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private List<Incident> reported(AdminArea area, LocalDate day) {
        List<Incident> out = new ArrayList<>();
        incidents.forEach(new IncidentQuery(new Scope(area), null, null, null, start(day), end(day), null, null, null, null, 0),
                out::add);
        return out;
    }

    @Override
    public Map<Category, Long> incidentsByCategory(AdminArea area, LocalDate day) {
        Map<Category, Long> out = new EnumMap<>(Category.class);
        for (Incident i : reported(area, day)) {
            out.merge(i.category(), 1L, Long::sum);
        }
        return out;
    }

    @Override
    public Response response(AdminArea area, LocalDate day) {
        List<Incident> all = reported(area, day);
        List<Duration> toDispatch = new ArrayList<>();
        List<Duration> toArrival = new ArrayList<>();
        for (Incident i : all) {
            Optional<Transition> dispatched = i.history().stream().filter(t -> t.to() == Status.DISPATCHED).findFirst();
            if (dispatched.isPresent()) {
                toDispatch.add(nonNegative(Duration.between(i.reportedAt(), dispatched.get().at())));
                toArrival.add(i.responseTime().map(LiveReportSource::nonNegative).orElse(null));
            }
        }
        return new Response(all.size(), toDispatch, toArrival);
    }

    /** A report stamped by its source after GridWatch's own transition (clock skew) counts as immediate. */
    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private List<Alert> raised(AdminArea area, LocalDate day) {
        Instant to = end(day);
        return alerts.list(new Scope(area), false, start(day), Integer.MAX_VALUE).stream()
                // An alert without an area concerns the whole city: counted in the city's report only.
                .filter(a -> a.raisedAt().isBefore(to) && (a.areaCode() != null || area.level() == AdminLevel.CITY))
                .toList();
    }

    @Override
    public OptionalLong overdue(AdminArea area, LocalDate day) {
        if (AlertKind.parse(OVERDUE_KIND).isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(raised(area, day).stream().filter(a -> a.kind().equals(OVERDUE_KIND)).count());
    }

    @Override
    public Optional<Rate> coverage(AdminArea area, LocalDate day) {
        if (startedAt.isAfter(start(day)) || !start(day).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return coverage.visited(area.level(), start(day), end(day)).stream().filter(c -> c.area().code().equals(area.code()))
                .findFirst().map(c -> new Rate(c.visited(), c.grids()));
    }

    @Override
    public Optional<Rate> onPost(AdminArea area, LocalDate day) {
        return posts.onPostRate(day).stream().filter(r -> r.area().code().equals(area.code())).findFirst()
                .map(r -> new Rate(r.onTime(), r.decided()));
    }

    @Override
    public Optional<Rate> visibility(AdminArea area, LocalDate day) {
        return keyPlaces.visibilityRate(day, clock.instant()).stream().filter(r -> r.area().code().equals(area.code()))
                .findFirst().map(r -> new Rate(r.seen(), r.slots()));
    }

    @Override
    public List<AlertTally> alerts(AdminArea area, LocalDate day) {
        Map<String, int[]> byKind = new LinkedHashMap<>();
        for (Alert a : raised(area, day)) {
            int[] c = byKind.computeIfAbsent(a.kind(), k -> new int[2]);
            c[0]++;
            if (a.acknowledged()) {
                c[1]++;
            }
        }
        List<AlertTally> out = new ArrayList<>();
        for (AlertKind k : AlertKind.values()) {
            int[] c = byKind.remove(k.id());
            if (c != null) {
                out.add(new AlertTally(k.id(), k.label(), c[0], c[1]));
            }
        }
        byKind.forEach((kind, c) -> out.add(new AlertTally(kind, kind, c[0], c[1])));
        return out;
    }

    @Override
    public String unavailable(String figure, AdminArea area, LocalDate day) {
        return switch (figure) {
            case "overdue" -> "时限监测尚未启用（无超时告警类型）";
            case "coverage" -> startedAt.isAfter(start(day))
                    ? "服务于 " + startedAt.atZone(zone).format(STARTED) + " 启动，当日巡逻记录不完整"
                    : "当日尚未开始";
            case "onPost" -> "当日无护学岗值守记录（服务启动前、超出保留期或尚未开始）";
            case "visibility" -> "当日无重点部位巡查记录（服务启动前、超出保留期或尚未开始）";
            default -> "暂无数据";
        };
    }
}

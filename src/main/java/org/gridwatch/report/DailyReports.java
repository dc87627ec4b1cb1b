package org.gridwatch.report;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.store.ReportArchive;
import org.gridwatch.store.StoredReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reports (日报): generated on demand ({@link #generate}) and every morning
 * ({@link DailySchedule}) for the city and each county, stored so that they outlive a restart.
 *
 * <p><b>Threads.</b> The figures are read and the report built on a Vert.x worker (the sources
 * read the live indexes lock-free; nothing runs on the event loop or the state lane); the report
 * is stored on the store lane, after the writes queued before it. The morning check is a Vert.x
 * timer that only compares instants and hands the work on. Thread-safe.
 *
 * <p><b>The morning run.</b> Every {@value #CHECK_MILLIS} ms of wall time the check asks the
 * schedule for the latest run at or before the server clock's now; a run later than the last one
 * handled generates the reports of the day before it. Runs before start-up are not made up: a
 * morning missed while the server was down is generated on demand ({@code POST
 * /api/v1/reports/daily}). Runs one at a time; an accelerated demo clock that passes several
 * mornings between two checks gets the latest.
 */
public final class DailyReports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DailyReports.class);
    /** How often the morning check looks at the clock, wall milliseconds. */
    static final long CHECK_MILLIS = 30_000;
    /** Who generates the morning run's reports. */
    public static final String SYSTEM = "system";

    private final Vertx vertx;
    private final ReportArchive store;
    private final Lane storeLane;
    private final DailyReportBuilder builder;
    private final AreaHierarchy areas;
    private final Clock clock;
    private final DailySchedule schedule;
    private final AtomicReference<Instant> lastRun = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;
    /** The latest morning run (for tests, which wait for it). */
    private volatile CompletableFuture<List<DailyReport>> latest = CompletableFuture.completedFuture(List.of());

    /**
     * @param store     where reports are kept (blocking: called on the store lane and by readers on workers)
     * @param storeLane the store lane
     * @param builder   computes the reports
     * @param clock     the server's clock
     * @param schedule  the morning run
     */
    public DailyReports(Vertx vertx, ReportArchive store, Lane storeLane, DailyReportBuilder builder, AreaHierarchy areas,
                        Clock clock, DailySchedule schedule) {
        this.vertx = vertx;
        this.store = store;
        this.storeLane = storeLane;
        this.builder = builder;
        this.areas = areas;
        this.clock = clock;
        this.schedule = schedule;
    }

    /** The schedule of the morning run. */
    public DailySchedule schedule() {
        return schedule;
    }

    /** The areas that have reports: the city, then the counties in code order. */
    public List<AdminArea> areas() {
        return DailyReportBuilder.reportAreas(areas);
    }

    /** Starts the morning check; runs at or before now are not made. Any thread, once. */
    public void start() {
        lastRun.set(schedule.lastRun(clock.instant()));
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> check());
        LOG.info("daily reports: generated every day at {} ({}), next at {}", schedule.at(), schedule.zone(),
                schedule.nextRun(clock.instant()));
    }

    /**
     * One look at the clock: generates the reports of a run that came due. Any thread.
     *
     * @return the run's reports once stored, or null when no run came due (or one is in progress)
     */
    CompletableFuture<List<DailyReport>> check() {
        Instant due = schedule.lastRun(clock.instant());
        Instant last = lastRun.get();
        if (last != null && !due.isAfter(last) || !running.compareAndSet(false, true)) {
            return null;
        }
        lastRun.set(due);
        LocalDate day = schedule.dayReportedAt(due);
        return latest = generateAll(day, SYSTEM).whenComplete((reports, e) -> {
            running.set(false);
            if (e != null) {
                LOG.warn("daily reports of {}: {}", day, e.getMessage());
            } else {
                LOG.info("daily reports of {} generated for {} areas", day, reports.size());
            }
        });
    }

    /** The latest morning run: its reports once stored (an empty list before the first). */
    CompletableFuture<List<DailyReport>> latestRun() {
        return latest;
    }

    /**
     * Generates and stores the report of {@code area} (the city or a county) for {@code day},
     * replacing a stored one. Completes once stored, on the store lane; fails with the store's
     * failure, or {@link IllegalArgumentException} for an area that has no reports. Any thread.
     */
    public CompletableFuture<DailyReport> generate(AdminArea area, LocalDate day, String by) {
        CompletableFuture<DailyReport> built = vertx.executeBlocking(() -> builder.build(area, day, clock.instant(), by), false)
                .toCompletionStage().toCompletableFuture();
        return built.thenCompose(r -> storeLane.submit(() -> {
            store.saveReport(new StoredReport(r.date(), r.areaCode(), r.generatedAt(), r.generatedBy(), r.toJson().encode()));
            return r;
        }));
    }

    /** Generates the reports of every area ({@link #areas()}) for {@code day}, one after another. Any thread. */
    public CompletableFuture<List<DailyReport>> generateAll(LocalDate day, String by) {
        CompletableFuture<List<DailyReport>> all = CompletableFuture.completedFuture(new ArrayList<>());
        for (AdminArea a : areas()) {
            all = all.thenCompose(list -> generate(a, day, by).thenApply(r -> {
                list.add(r);
                return list;
            }));
        }
        return all;
    }

    /** The report of a stored row. @throws IllegalArgumentException if its document is not a report */
    public static DailyReport decode(StoredReport stored) {
        return DailyReport.fromJson(new JsonObject(stored.body()));
    }

    /** Stops the morning check (a run in progress finishes). */
    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}

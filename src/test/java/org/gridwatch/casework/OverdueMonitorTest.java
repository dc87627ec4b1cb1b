package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentIndexStage;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.IncidentService.Step;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overdue steps end to end (issue 13 §2): a step past its limit is recorded in the case once, its
 * change raises one alert, a met step and a moved 督办 deadline raise none, and a restarted
 * monitor does not record a step again.
 */
class OverdueMonitorTest {
    static final Instant T0 = TimeLimitsTest.T0;
    static final Actor DISPATCHER = new Actor("u-li", "调度员李");

    /** One alert as raised. */
    record Raised(String kind, String severity, String title, String detail, String areaCode) {
    }

    @TempDir
    Path dir;
    GeoPackageStore store;
    TestLanes lanes;
    IncidentIndex index;
    IncidentService incidents;
    OverdueMonitor monitor;
    Scope city;
    final List<Raised> alerts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("o.gpkg"), false);
        lanes = new TestLanes();
        index = new IncidentIndex();
        city = new Scope(WktCity.hierarchy().city());
        Pipeline<IncidentChange> stream = new Pipeline<>("incidents", lanes.state, lanes.registry);
        incidents = new IncidentService(store, index, GridIndex.build(WktCity.hierarchy()),
                Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC), lanes.writes, stream);
        AlertSink sink = (kind, severity, title, detail, area, lon, lat) ->
                alerts.add(new Raised(kind, severity, title, detail, area));
        monitor = new OverdueMonitor(lanes.state, TimeLimits.defaults(LimitTest.CITY), WorkingDays.WEEKDAYS, incidents,
                sink, city);
        stream.declare(new IncidentIndexStage(index), monitor);
    }

    @AfterEach
    void close() throws Exception {
        lanes.close();
        store.close();
    }

    long call(int severity) throws Exception {
        return incidents.report(new IncidentReport(Source.POLICE_CALL, null, Category.CRIMINAL, severity,
                WktCity.lon(0.5), WktCity.lat(0.75), Crs.WGS84, T0, "持械斗殴", "", "接警员")).get(30, TimeUnit.SECONDS)
                .incident().id();
    }

    void tick(int seconds) throws Exception {
        lanes.run(() -> monitor.tick(T0.plusSeconds(seconds)));
        lanes.quiesce();
    }

    List<String> overdue(long id) {
        return index.get(id).orElseThrow().history().stream().filter(t -> t.action() == CaseAction.OVERDUE)
                .map(Transition::target).toList();
    }

    @Test
    void eachStepPastItsLimitIsRecordedOnceAndRaisesOneAlert() throws Exception {
        long id = call(3);                                 // 110, Ⅲ级: accept 3 min, arrive 15 min
        tick(170);
        assertThat(overdue(id)).isEmpty();
        tick(181);
        assertThat(overdue(id)).containsExactly("accept");
        Transition t = index.get(id).orElseThrow().history().get(1);
        assertThat(t.from()).isEqualTo(Status.REPORTED).isEqualTo(t.to());
        assertThat(t.actor()).isEqualTo("system");
        assertThat(t.note()).isEqualTo("受理超时（时限 3分钟，截止 12月4日 09:03）");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("overdue");
            assertThat(a.severity()).isEqualTo("warning");
            assertThat(a.title()).isEqualTo("#" + id + " 受理超时：持械斗殴");
            assertThat(a.areaCode()).isEqualTo(index.get(id).orElseThrow().gridCode());
        });
        tick(240);
        assertThat(overdue(id)).as("once per step").containsExactly("accept");
        assertThat(alerts).hasSize(1);

        incidents.record(city, id, Step.status(Status.ACCEPTED, null, null, null), DISPATCHER).get(30, TimeUnit.SECONDS);
        tick(901);
        assertThat(overdue(id)).containsExactly("accept", "arrive");
        assertThat(store.incident(id).orElseThrow().history()).isEqualTo(index.get(id).orElseThrow().history());

        // After a restart: the recorded steps are not recorded again; the unmet ones still wait.
        OverdueMonitor again = new OverdueMonitor(lanes.state, TimeLimits.defaults(LimitTest.CITY), WorkingDays.WEEKDAYS,
                incidents, (k, s, ti, d, a, lo, la) -> alerts.add(null), city);
        again.load();
        assertThat(lanes.onState(again::waiting)).as("handle and close").isEqualTo(2);
        lanes.run(() -> again.tick(T0.plusSeconds(1_000)));
        lanes.quiesce();
        assertThat(overdue(id)).containsExactly("accept", "arrive");
    }

    @Test
    void aStepMetInTimeOrACaseEndedRaisesNothing() throws Exception {
        long met = call(2);                               // Ⅱ级: accept 1 min
        incidents.record(city, met, Step.status(Status.ACCEPTED, null, null, null), DISPATCHER).get(30, TimeUnit.SECONDS);
        long ended = call(2);
        incidents.record(city, ended, Step.status(Status.REJECTED, "重复报警", null, null), DISPATCHER)
                .get(30, TimeUnit.SECONDS);
        tick(120);
        assertThat(overdue(met)).isEmpty();
        assertThat(overdue(ended)).isEmpty();
        assertThat(alerts).isEmpty();
    }

    @Test
    void aSupervisionPastItsLatestDeadlineIsOverdueAndCritical() throws Exception {
        long id = call(4);
        incidents.record(city, id, Step.status(Status.ACCEPTED, null, null, null), DISPATCHER).get(30, TimeUnit.SECONDS);
        incidents.record(city, id, new Step(null, CaseAction.SUPERVISE, "今日办结", null, null, null,
                T0.plusSeconds(3_600)), DISPATCHER).get(30, TimeUnit.SECONDS);
        incidents.record(city, id, new Step(null, CaseAction.SUPERVISE, "延期至中午", null, null, null,
                T0.plusSeconds(3 * 3_600)), DISPATCHER).get(30, TimeUnit.SECONDS);
        tick(2 * 3_600);
        assertThat(overdue(id)).as("the first deadline was moved").doesNotContain("supervision");
        tick(3 * 3_600 + 1);
        assertThat(overdue(id)).contains("supervision");
        assertThat(alerts).filteredOn(a -> a.title().contains("督办超时")).singleElement()
                .extracting(Raised::severity).isEqualTo("critical");
        Incident i = index.get(id).orElseThrow();
        assertThat(i.status()).isEqualTo(Status.ACCEPTED);
    }
}

package org.gridwatch.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridwatch.Streams;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentIndexStage;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.Roster;
import org.gridwatch.patrol.RosterStage;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.WktCity;

/**
 * Incidents, units and dispatch over a GeoPackage store and the server's lanes, with the two
 * streams reduced to what dispatch needs: positions = index → arrival → recorder, incidents =
 * index → dispatch → recorder. The city is the WKT fixture; the incident lies in grid 1.
 */
final class DispatchFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    /** Where incidents are reported, WGS84: inside the fixture's grid 1. */
    static final double LON = WktCity.lon(0.5);
    static final double LAT = WktCity.lat(0.75);
    /** Degrees of longitude per metre at {@link #LAT}. */
    static final double DEG_PER_M = 1 / 88_000.0;

    final GeoPackageStore store;
    final TestLanes lanes = new TestLanes();
    final Scope city = new Scope(WktCity.hierarchy().city());
    final IncidentIndex index = new IncidentIndex();
    final Roster roster = new Roster();
    final Pipeline<UnitChange> positionStream = new Pipeline<>("positions", lanes.state, lanes.registry);
    final Pipeline<IncidentChange> incidentStream = new Pipeline<>("incidents", lanes.state, lanes.registry);
    final TestLanes.Recorder<UnitChange> unitChanges = TestLanes.recorder();
    final TestLanes.Recorder<IncidentChange> incidentChanges = TestLanes.recorder();
    final IncidentService incidents;
    final PositionService units;
    final DispatchService dispatch;

    DispatchFixture(Path dir) {
        store = GeoPackageStore.open(dir.resolve("d.gpkg"), false);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        incidents = new IncidentService(store, index, GridIndex.build(WktCity.hierarchy()), clock, lanes.writes,
                incidentStream);
        units = new PositionService(store, roster, Streams.ingest(registry), Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC),
                lanes.writes, positionStream, registry);
        units.load(() -> List.of(
                new Unit("CAR1", "滨城巡逻1号", UnitKind.POLICE_CAR, "公安", "371602", "371602001", true),
                new Unit("CAR2", "滨城巡逻2号", UnitKind.POLICE_CAR, "公安", "371602", "371602001", true),
                new Unit("FOOT1", "滨城步巡1组", UnitKind.FOOT_PATROL, "公安", "371602", "371602001", true)));
        dispatch = new DispatchService(incidents, units, store, lanes.writes, incidentStream, positionStream, city);
        positionStream.declare(new RosterStage(roster), dispatch.arrivalStage(), unitChanges);
        incidentStream.declare(new IncidentIndexStage(index), dispatch.assignmentStage(), incidentChanges);
    }

    /** A new incident, accepted (ready to be dispatched). */
    long acceptedIncident() throws Exception {
        Incident i = incidents.report(new IncidentReport(Source.POLICE_CALL, null, Category.CRIMINAL, 3, LON, LAT, Crs.WGS84,
                T0.minusSeconds(60), "持械斗殴", "", "接警员")).get(30, TimeUnit.SECONDS).incident();
        incidents.transition(city, i.id(), Status.ACCEPTED, "调度员", "受理", null).get(30, TimeUnit.SECONDS);
        return i.id();
    }

    /** Puts {@code unit} {@code metres} east of the incident at {@code T0 + seconds}. */
    void move(String unit, double metres, int seconds) throws Exception {
        var r = units.ingest(List.of(new PositionReport(unit, LON + metres * DEG_PER_M, LAT, Crs.WGS84,
                T0.plusSeconds(seconds), Double.NaN, Double.NaN, Double.NaN))).get(30, TimeUnit.SECONDS);
        if (r.accepted() != 1) {
            throw new AssertionError("position of " + unit + " rejected: " + r.rejected());
        }
    }

    Status status(long incident) {
        return index.get(incident).orElseThrow().status();
    }

    UnitStatus unitStatus(String unit) {
        return roster.unit(unit).orElseThrow().status();
    }

    @Override
    public void close() throws Exception {
        lanes.close();
        store.close();
    }
}

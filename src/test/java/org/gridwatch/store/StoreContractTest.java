package org.gridwatch.store;

import org.gridwatch.error.StoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.gridwatch.alert.Alert;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditChain;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.ApiKey;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.StoredSession;
import org.gridwatch.auth.UserAccount;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.incident.HandlingLevel;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The contract every {@link Store} implementation must meet, run unchanged against each one
 * (like JTS's {@code SpatialIndexTester}). A subclass says how to open a fresh store in a
 * directory and how to reopen the same data after {@link Store#close()}.
 *
 * <p>Expectations beyond the interface's Javadoc: instants round-trip to the microsecond
 * (PostgreSQL {@code timestamptz} precision; the fixtures use microsecond instants), doubles and
 * Chinese text exactly, Polygon and multi-part MultiPolygon geometries exactly (equalsExact,
 * SRID 4326), NaN speed/heading/accuracy of positions as NaN. Time windows are half-open
 * ({@code from} inclusive, {@code to} exclusive).
 */
public abstract class StoreContractTest {

    /** Opens a new, empty store keeping its data under {@code dir} (a fresh temporary directory). */
    protected abstract Store openStore(Path dir);

    /** Opens the data the store from {@link #openStore(Path)} left under {@code dir} after closing. */
    protected abstract Store reopenStore(Path dir);

    @TempDir
    protected Path dir;

    private Store store;

    @BeforeEach
    void open() {
        store = openStore(dir);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------ fixtures

    private static final Instant T0 = Instant.parse("2025-03-01T08:15:30.123456Z");

    /** Polygon with a hole (a city with an enclave). */
    static final String CITY_WKT = "POLYGON ((117.3 36.9, 118.6 36.9, 118.6 38.2, 117.3 38.2, 117.3 36.9),"
            + " (117.9 37.4, 118.0 37.4, 118.0 37.5, 117.9 37.5, 117.9 37.4))";
    /** Two-part multipolygon (a county with an exclave). */
    static final String COUNTY_WKT = "MULTIPOLYGON (((117.8 37.3, 118.2 37.3, 118.2 37.6, 117.8 37.6, 117.8 37.3)),"
            + " ((118.3 37.35, 118.35 37.35, 118.35 37.4, 118.3 37.4, 118.3 37.35)))";
    static final String TOWNSHIP_WKT = "POLYGON ((117.95 37.35, 118.05 37.35, 118.05 37.42, 117.95 37.42, 117.95 37.35))";
    static final String VILLAGE_WKT = "POLYGON ((117.96 37.36, 117.98 37.36, 117.97 37.38, 117.96 37.36))";
    /** A tiny grid polygon, a few metres across, with full-precision coordinates. */
    static final String GRID_WKT = "POLYGON ((117.9612345678901 37.3612345678901, 117.9612845678901 37.3612345678901,"
            + " 117.9612845678901 37.3612745678901, 117.9612345678901 37.3612345678901))";

    static Geometry wkt(String text) {
        try {
            Geometry g = new WKTReader(Geo.FACTORY).read(text);
            g.setSRID(Geo.SRID);
            return g;
        } catch (ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** One area per level, with every attribute set, Chinese names and distinct numbers. */
    protected static List<AdminArea> areaFixtures() {
        return List.of(
                new AdminArea("371600", "滨州市", AdminLevel.CITY, null, wkt(CITY_WKT), 3_928_568, 1_402_000,
                        9_660_000_000.5, null, false),
                new AdminArea("371602", "滨城区", AdminLevel.COUNTY, "371600", wkt(COUNTY_WKT), 692_000, 250_123,
                        1_040_000_000.25, null, false),
                new AdminArea("371602001", "市中街道", AdminLevel.TOWNSHIP, "371602", wkt(TOWNSHIP_WKT), 61_000, 22_000,
                        23_456_789.125, null, true),
                new AdminArea("371602001001", "黄河五路社区", AdminLevel.VILLAGE, "371602001", wkt(VILLAGE_WKT), 5_400, 1_900,
                        1_234_567.0, null, true),
                new AdminArea("371602001001003", "黄河五路社区第3网格", AdminLevel.GRID, "371602001001", wkt(GRID_WKT), 312,
                        104, 19.75, "王秀英", true));
    }

    private static Transition report(Instant at) {
        return new Transition(null, Status.REPORTED, "system", at, null);
    }

    /** A citizen report with GCJ-02 original coordinates and every optional field set. */
    protected static Incident citizenIncident(long id) {
        LonLat gcj = new LonLat(117.9781234567891, 37.3854321987654);
        LonLat wgs = Crs.GCJ02.toWgs84(gcj.lon(), gcj.lat());
        Instant reported = T0.plusSeconds(id * 61);
        Instant received = reported.plusNanos(2_345_000);
        return new Incident(id, Source.CITIZEN, "PAM-2025-" + id, Category.FRAUD, 3, wgs.lon(), wgs.lat(),
                Crs.GCJ02, gcj.lon(), gcj.lat(), "371602001001003", "养老诈骗：冒充社保局工作人员",
                "老人反映接到电话，要求转账“保证金”。Caller asked for a \"deposit\".", reported, received,
                Status.REPORTED, null, List.of(report(received)));
    }

    /** A grid-worker report with every nullable field null and WGS84 coordinates. */
    protected static Incident sparseIncident(long id) {
        Instant reported = T0.plusSeconds(id * 37).plusNanos(999_999_000);
        return new Incident(id, Source.GRID_REPORT, null, Category.DISPUTE, 1, 118.0123456, 37.4012345,
                Crs.WGS84, 118.0123456, 37.4012345, "371602001001003", "邻里纠纷", null, reported, reported,
                Status.REPORTED, null, List.of(report(reported)));
    }

    /** {@code base} carried through accepted → dispatched → on_scene → handled → verified → closed, rated 5. */
    protected static Incident closed(Incident base) {
        Incident i = base;
        Instant at = base.receivedAt();
        Status[] path = {Status.ACCEPTED, Status.DISPATCHED, Status.ON_SCENE, Status.HANDLED, Status.VERIFIED,
                Status.CLOSED};
        for (Status to : path) {
            at = at.plusSeconds(90).plusNanos(1_000);
            i = i.apply(new Transition(i.status(), to, "调度员张伟", at, "→ " + to.label()),
                    to == Status.CLOSED ? 5 : null);
        }
        return i;
    }

    /** A pattern matching a message that names {@code id} as a whole number (not inside a path). */
    private static String namesId(long id) {
        return "(?s).*\\b" + id + "\\b.*";
    }

    protected static List<Incident> loadAll(Store s) {
        List<Incident> all = new ArrayList<>();
        s.forEachIncident(all::add);
        return all;
    }

    private static void assertAreasEqual(List<AdminArea> actual, List<AdminArea> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        java.util.Map<String, AdminArea> byCode = actual.stream()
                .collect(Collectors.toMap(AdminArea::code, Function.identity()));
        for (AdminArea e : expected) {
            AdminArea a = byCode.get(e.code());
            assertThat(a).as("area %s", e.code()).isNotNull();
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.level()).isEqualTo(e.level());
            assertThat(a.parentCode()).isEqualTo(e.parentCode());
            assertThat(a.population()).isEqualTo(e.population());
            assertThat(a.households()).isEqualTo(e.households());
            assertThat(a.areaSqm()).isEqualTo(e.areaSqm());
            assertThat(a.gridWorker()).isEqualTo(e.gridWorker());
            assertThat(a.demo()).isEqualTo(e.demo());
            assertThat(a.geometry().getGeometryType()).as("type of %s", e.code())
                    .isEqualTo(e.geometry().getGeometryType());
            assertThat(a.geometry().equalsExact(e.geometry()))
                    .as("geometry of %s: %s", e.code(), a.geometry()).isTrue();
            assertThat(a.geometry().getSRID()).isEqualTo(Geo.SRID);
        }
    }

    // ------------------------------------------------------------ tests

    @Test
    void emptyStoreHasNothing() {
        assertThat(store.loadAreas()).isEmpty();
        assertThat(loadAll(store)).isEmpty();
        assertThat(store.maxIncidentId()).isZero();
        assertThat(store.loadUnits()).isEmpty();
        assertThat(store.track("U1", Instant.EPOCH, T0.plusSeconds(86_400))).isEmpty();
        assertThat(store.unitsPassed(new Envelope(-180, 180, -90, 90), Instant.EPOCH, T0.plusSeconds(86_400)))
                .isEmpty();
        assertThat(store.loadAlerts(Instant.EPOCH)).isEmpty();
        assertThat(store.maxAlertId()).isZero();
        assertThat(store.loadSchoolPosts()).isEmpty();
        assertThat(store.loadKeyPlaces()).isEmpty();
    }

    @Test
    void areasRoundTripAtEveryLevel() {
        List<AdminArea> areas = areaFixtures();
        assertThat(areas).extracting(AdminArea::level).containsExactlyInAnyOrder(AdminLevel.values());
        store.replaceAreas(areas);
        assertAreasEqual(store.loadAreas(), areas);
    }

    @Test
    void replaceAreasReplacesEverything() {
        store.replaceAreas(areaFixtures());
        AdminArea only = new AdminArea("371621", "惠民县", AdminLevel.COUNTY, "371600", wkt(TOWNSHIP_WKT), 1, 2, 3.0,
                null, false);
        store.replaceAreas(List.of(only));
        assertAreasEqual(store.loadAreas(), List.of(only));
        store.replaceAreas(List.of());
        assertThat(store.loadAreas()).isEmpty();
    }

    @Test
    void failedReplaceAreasKeepsTheOldAreas() {
        List<AdminArea> areas = areaFixtures();
        store.replaceAreas(areas);
        AdminArea a = areas.get(1);
        AdminArea twin = new AdminArea(a.code(), "重复", a.level(), a.parentCode(), a.geometry(), 0, 0, 0, null, false);
        AdminArea point = new AdminArea("371603", "沾化区", AdminLevel.COUNTY, "371600",
                wkt("POINT (118.1 37.7)"), 0, 0, 0, null, false);
        assertThatThrownBy(() -> store.replaceAreas(List.of(a, twin))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.replaceAreas(List.of(point))).isInstanceOf(StoreException.class);
        assertAreasEqual(store.loadAreas(), areas);
    }

    @Test
    void incidentRoundTripsEveryField() {
        Incident citizen = citizenIncident(1);
        Incident sparse = sparseIncident(2);
        Incident done = closed(citizenIncident(3));
        store.insertIncident(citizen);
        store.insertIncidents(List.of(sparse, done));

        List<Incident> loaded = loadAll(store);
        assertThat(loaded).containsExactly(citizen, sparse, done);
        Incident c = loaded.get(0);
        assertThat(c.originalCrs()).isEqualTo(Crs.GCJ02);
        assertThat(c.originalLon()).isNotEqualTo(c.lon());
        assertThat(c.reportedAt().getNano() % 1_000_000).isNotZero(); // the fixture really has microseconds
        Incident s = loaded.get(1);
        assertThat(s.externalId()).isNull();
        assertThat(s.description()).isNull();
        assertThat(s.rating()).isNull();
        assertThat(s.history().get(0).from()).isNull();
        assertThat(s.history().get(0).note()).isNull();
        assertThat(loaded.get(2).rating()).isEqualTo(5);
        assertThat(loaded.get(2).history()).hasSize(7);
    }

    @Test
    void forEachIncidentIsInIdOrder() {
        store.insertIncidents(List.of(sparseIncident(30), citizenIncident(10)));
        store.insertIncident(closed(sparseIncident(20)));
        assertThat(loadAll(store)).extracting(Incident::id).containsExactly(10L, 20L, 30L);
        assertThat(loadAll(store).get(1)).isEqualTo(closed(sparseIncident(20)));
    }

    @Test
    void updatesAppendHistoryInOrder() {
        Incident a = citizenIncident(1);
        Incident b = sparseIncident(2);
        store.insertIncidents(List.of(a, b));
        Incident expected = a;
        Instant at = a.receivedAt();
        // Interleave updates of two incidents so that history rows of both are mixed in the store.
        Status[] path = {Status.ACCEPTED, Status.DISPATCHED, Status.ACCEPTED, Status.DISPATCHED, Status.ON_SCENE,
                Status.HANDLED};
        for (Status to : path) {
            at = at.plusMillis(1_500);
            Transition t = new Transition(expected.status(), to, "unit 滨A-110", at, "note " + to.id(),
                    to == Status.DISPATCHED || to == Status.ON_SCENE ? "U-110" : null);
            expected = expected.apply(t, to == Status.HANDLED ? 4 : null);
            store.updateIncident(expected, t);
            if (to == Status.DISPATCHED) {
                Transition tb = new Transition(b.status(), b.status() == Status.REPORTED ? Status.ACCEPTED
                        : Status.DISPATCHED, "system", at, null);
                b = b.apply(tb, null);
                store.updateIncident(b, tb);
            }
        }
        List<Incident> loaded = loadAll(store);
        assertThat(loaded).containsExactly(expected, b);
        assertThat(loaded.get(0).history()).extracting(Transition::to).containsExactly(Status.REPORTED,
                Status.ACCEPTED, Status.DISPATCHED, Status.ACCEPTED, Status.DISPATCHED, Status.ON_SCENE, Status.HANDLED);
        assertThat(loaded.get(0).history()).extracting(Transition::unitId)
                .containsExactly(null, null, "U-110", null, "U-110", "U-110", null);
        assertThat(loaded.get(0).status()).isEqualTo(Status.HANDLED);
        assertThat(loaded.get(0).rating()).isEqualTo(4);
    }

    /** Every kind of step keeps its action, target and deadline (issue 13: support, reassign, recall, 督办, 流转, merge). */
    @Test
    void casework_stepsKeepTheirActionsTargetsAndDeadlines() {
        Incident a = citizenIncident(1);
        Incident b = sparseIncident(2);
        store.insertIncidents(List.of(a, b));
        Instant at = a.receivedAt();
        Instant due = at.plusSeconds(86_400).plusNanos(123_000);
        Incident expected = a;
        Object[][] steps = {
                {Status.ACCEPTED, CaseAction.STATUS, null, null, null},
                {Status.ACCEPTED, CaseAction.TRANSFER, null, "township", null},
                {Status.ACCEPTED, CaseAction.SUPERVISE, null, null, due},
                {Status.DISPATCHED, CaseAction.DISPATCH, "U1", null, null},
                {Status.DISPATCHED, CaseAction.SUPPORT, "U2", null, null},
                {Status.DISPATCHED, CaseAction.REASSIGN, "U3", "U1", null},
                {Status.DISPATCHED, CaseAction.RECALL, "U2", null, null},
                {Status.ON_SCENE, CaseAction.ARRIVE, "U3", null, null}};
        for (Object[] st : steps) {
            at = at.plusMillis(1_500);
            Transition t = new Transition(expected.status(), (Status) st[0], "调度员", at, "备注", (String) st[2], "u-1",
                    (CaseAction) st[1], (String) st[3], (Instant) st[4]);
            expected = expected.apply(t, null);
            store.updateIncident(expected, t);
        }
        Transition merge = new Transition(Status.REPORTED, Status.MERGED, "调度员", at, null, null, null, CaseAction.MERGE,
                "1", null);
        Incident mergedB = b.apply(merge, null);
        store.updateIncident(mergedB, merge);
        List<Incident> loaded = loadAll(store);
        assertThat(loaded).containsExactly(expected, mergedB);
        assertThat(loaded.get(0).units()).extracting(CaseUnit::unitId, CaseUnit::onScene)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("U3", true));
        assertThat(loaded.get(0).level()).isEqualTo(HandlingLevel.TOWNSHIP);
        assertThat(loaded.get(0).supervision().orElseThrow().due()).isEqualTo(due);
        assertThat(loaded.get(1).mergedInto()).contains(1L);
    }

    @Test
    void aDispatchStoresTheIncidentAndTheUnitTogetherOrNeither() {
        Incident a = citizenIncident(1);
        store.insertIncident(a);
        UnitRecord car = new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.AVAILABLE, fix("U1", 118, 37.4, 1));
        store.upsertUnits(List.of(car));
        Transition accept = new Transition(Status.REPORTED, Status.ACCEPTED, "调度员", T0.plusSeconds(60), null);
        Incident accepted = a.apply(accept, null);
        store.updateIncident(accepted, accept);
        Transition send = new Transition(Status.ACCEPTED, Status.DISPATCHED, "调度员", T0.plusSeconds(120), "派遣", "U1");
        Incident dispatched = accepted.apply(send, null);
        UnitRecord busy = car.withStatus(UnitStatus.BUSY);
        store.recordDispatch(dispatched, send, List.of(busy));
        assertThat(loadAll(store)).containsExactly(dispatched);
        assertThat(store.loadUnits()).containsExactly(busy);

        // A dispatch of a missing incident changes neither half: the unit stays as it was.
        Incident ghost = sparseIncident(99);
        Transition ghostSend = new Transition(Status.REPORTED, Status.DISPATCHED, "调度员", T0, null, "U2");
        UnitRecord other = new UnitRecord(unit("U2", UnitKind.FOOT_PATROL), UnitStatus.AVAILABLE, null);
        store.upsertUnits(List.of(other));
        assertThatThrownBy(() -> store.recordDispatch(ghost, ghostSend, List.of(other.withStatus(UnitStatus.BUSY))))
                .isInstanceOf(StoreException.class).hasMessageMatching(namesId(99));
        assertThat(store.loadUnits()).containsExactly(busy, other);
        assertThat(loadAll(store)).containsExactly(dispatched);
    }

    @Test
    void updateOfMissingIncidentThrowsAndChangesNothing() {
        Incident a = citizenIncident(1);
        store.insertIncident(a);
        Incident ghost = sparseIncident(99);
        Transition t = new Transition(Status.REPORTED, Status.ACCEPTED, "system", T0, null);
        assertThatThrownBy(() -> store.updateIncident(ghost.apply(t, null), t))
                .isInstanceOf(StoreException.class).hasMessageMatching(namesId(99));
        assertThat(loadAll(store)).containsExactly(a);
        assertThat(store.maxIncidentId()).isEqualTo(1);
        // No stray history row was left behind for id 99: a later insert of 99 has only its own.
        store.insertIncident(ghost);
        assertThat(loadAll(store)).containsExactly(a, ghost);
    }

    @Test
    void duplicateIdThrowsAndChangesNothing() {
        Incident original = citizenIncident(7);
        store.insertIncident(original);
        Incident other = closed(sparseIncident(7));
        assertThatThrownBy(() -> store.insertIncident(other)).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(7));
        assertThat(loadAll(store)).containsExactly(original);
    }

    @Test
    void oneIncidentIsReadByIdAndAReportsIdempotencyKeyIsStoredWithIt() {
        Incident keyed = closed(citizenIncident(1));
        store.insertIncident(keyed, "f".repeat(64));
        store.insertIncident(sparseIncident(2));
        assertThat(store.incident(1)).contains(keyed);
        assertThat(store.incident(2)).contains(sparseIncident(2));
        assertThat(store.incident(3)).isEmpty();
        assertThat(store.incidentKeys()).containsExactlyEntriesOf(Map.of("f".repeat(64), 1L));
        // The key belongs to the incident's transaction: a failed insert stores neither.
        assertThatThrownBy(() -> store.insertIncident(citizenIncident(2), "e".repeat(64)))
                .isInstanceOf(StoreException.class);
        store.close();
        store = reopenStore(dir);
        assertThat(store.incidentKeys()).containsOnlyKeys("f".repeat(64));
        assertThat(store.incident(1)).contains(keyed);
    }

    @Test
    void insertIncidentsIsAllOrNothing() {
        Incident existing = citizenIncident(3);
        store.insertIncident(existing);
        List<Incident> clash = List.of(sparseIncident(1), closed(citizenIncident(2)), sparseIncident(3),
                sparseIncident(4));
        assertThatThrownBy(() -> store.insertIncidents(clash)).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(3));
        assertThat(loadAll(store)).containsExactly(existing);

        List<Incident> twice = List.of(sparseIncident(5), sparseIncident(6), citizenIncident(5));
        assertThatThrownBy(() -> store.insertIncidents(twice)).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(5));
        assertThat(loadAll(store)).containsExactly(existing);
        assertThat(store.maxIncidentId()).isEqualTo(3);

        // A large batch whose duplicate comes late, after many rows (and histories) were written.
        List<Incident> large = new ArrayList<>();
        for (long id = 100; id < 2_600; id++) {
            large.add(closed(sparseIncident(id)));
        }
        large.add(citizenIncident(2_150));
        assertThatThrownBy(() -> store.insertIncidents(large)).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(2_150));
        assertThat(loadAll(store)).containsExactly(existing);

        // The store stays usable after failures.
        store.insertIncidents(List.of(sparseIncident(1), sparseIncident(2)));
        assertThat(loadAll(store)).extracting(Incident::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void maxIncidentIdIsTheLargestId() {
        store.insertIncident(sparseIncident(7));
        assertThat(store.maxIncidentId()).isEqualTo(7);
        store.insertIncidents(List.of(sparseIncident(3), citizenIncident(12), sparseIncident(9)));
        assertThat(store.maxIncidentId()).isEqualTo(12);
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        List<AdminArea> areas = areaFixtures();
        Incident a = closed(citizenIncident(1));
        Incident b = sparseIncident(2);
        store.replaceAreas(areas);
        store.insertIncidents(List.of(a, b));
        Transition t = new Transition(Status.REPORTED, Status.REJECTED, "审核员", b.receivedAt().plusSeconds(5), "重复上报");
        Incident bRejected = b.apply(t, null);
        store.updateIncident(bRejected, t);
        store.close();
        store.close(); // idempotent
        store = null;

        store = reopenStore(dir);
        assertAreasEqual(store.loadAreas(), areas);
        assertThat(loadAll(store)).containsExactly(a, bRejected);
        assertThat(store.maxIncidentId()).isEqualTo(2);
    }

    @Test
    void concurrentWritesAllLand() throws Exception {
        int threads = 4;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                futures.add(pool.submit(() -> {
                    for (int k = 1; k <= perThread; k++) {
                        long id = base + k;
                        if (k % 10 == 0) {
                            store.insertIncidents(List.of(sparseIncident(id)));
                        } else {
                            store.insertIncident(citizenIncident(id));
                        }
                        if (k % 3 == 0) {
                            Incident i = citizenIncident(id);
                            Transition tr = new Transition(Status.REPORTED, Status.ACCEPTED, "t", i.receivedAt(), null);
                            if (k % 10 != 0) {
                                store.updateIncident(i.apply(tr, null), tr);
                            }
                        }
                        if (k % 50 == 0) {
                            assertThat(store.maxIncidentId()).isGreaterThanOrEqualTo(id);
                            assertThat(loadAll(store)).isNotEmpty();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Incident> all = loadAll(store);
        assertThat(all).hasSize(threads * perThread);
        assertThat(all).extracting(Incident::id).doesNotHaveDuplicates().isSorted();
        long accepted = all.stream().filter(i -> i.status() == Status.ACCEPTED).count();
        long expectedAccepted = 0;
        for (int k = 1; k <= perThread; k++) {
            if (k % 3 == 0 && k % 10 != 0) {
                expectedAccepted++;
            }
        }
        assertThat(accepted).isEqualTo(expectedAccepted * threads);
        assertThat(all).filteredOn(i -> i.status() == Status.ACCEPTED)
                .allSatisfy(i -> assertThat(i.history()).hasSize(2));
        assertThat(store.maxIncidentId()).isEqualTo(threads * perThread);
    }

    // ------------------------------------------------------------ live layer: fixtures

    private static final String COUNTY = "371602";
    private static final String TOWNSHIP = "371602001";

    protected static Unit unit(String id, UnitKind kind) {
        return new Unit(id, "滨城巡逻" + id.substring(1) + "号", kind, "滨城区公安分局", COUNTY, TOWNSHIP, true);
    }

    /** A position {@code seconds} after T0 with every measurement set (microsecond instant). */
    protected static Position fix(String unitId, double lon, double lat, long seconds) {
        return new Position(unitId, lon, lat, T0.plusSeconds(seconds), 8.3125, 271.5, 4.75);
    }

    /** A position {@code seconds} after T0 with speed, heading and accuracy unknown (NaN). */
    protected static Position bare(String unitId, double lon, double lat, long seconds) {
        return Position.of(unitId, lon, lat, T0.plusSeconds(seconds));
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<UnitRecord> roster(String... ids) {
        List<UnitRecord> units = new ArrayList<>();
        for (String id : ids) {
            units.add(new UnitRecord(unit(id, UnitKind.POLICE_CAR), UnitStatus.AVAILABLE, null));
        }
        return units;
    }

    /** An open alert with a place and every optional field set. */
    protected static Alert placedAlert(long id) {
        return new Alert(id, "post_unstaffed", "warning", "滨城区实验小学护学岗未到岗",
                "07:10–07:50 时段需 2 人，实到 1 人", "371602001001003", 117.9781234567891, 37.3854321987654,
                T0.plusSeconds(id * 60).plusNanos(123_000), null, null);
    }

    /** An alert without place, area or detail. */
    protected static Alert bareAlert(long id) {
        return new Alert(id, "incident_overdue", "critical", "事件超时未处置", null, null, null, null,
                T0.plusSeconds(id * 60), null, null);
    }

    private static Position lastOf(Store s, String unitId) {
        return s.loadUnits().stream().filter(u -> u.id().equals(unitId)).findFirst()
                .orElseThrow(() -> new AssertionError("no unit " + unitId)).lastPosition();
    }

    // ------------------------------------------------------------ live layer: units

    @Test
    void unitsRoundTripInIdOrder() {
        UnitRecord walker = new UnitRecord(unit("U3", UnitKind.FOOT_PATROL), UnitStatus.OFF_DUTY, null);
        UnitRecord car = new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.BUSY,
                fix("U1", 117.9712345678901, 37.3812345678901, 10));
        UnitRecord guard = new UnitRecord(new Unit("U2", "保安队李强", UnitKind.SECURITY_GUARD, "滨城区保安服务公司",
                COUNTY, TOWNSHIP, false), UnitStatus.AVAILABLE, bare("U2", 118.0, 37.4, 20));
        store.upsertUnits(List.of(walker, car, guard));
        List<UnitRecord> loaded = store.loadUnits();
        assertThat(loaded).containsExactly(car, guard, walker);
        Position nan = loaded.get(1).lastPosition();
        assertThat(nan.speed()).isNaN();
        assertThat(nan.heading()).isNaN();
        assertThat(nan.accuracy()).isNaN();
        assertThat(loaded.get(0).lastPosition().time().getNano() % 1_000_000).isNotZero();
    }

    @Test
    void upsertReplacesWholeUnitsAndKeepsOthers() {
        UnitRecord a = new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.AVAILABLE, fix("U1", 118, 37.4, 1));
        UnitRecord b = new UnitRecord(unit("U2", UnitKind.GRID_WORKER), UnitStatus.AVAILABLE, null);
        store.upsertUnits(List.of(a, b));
        UnitRecord a2 = new UnitRecord(new Unit("U1", "改名1号", UnitKind.POLICE_ASSISTANT, "沾化区公安分局", "371603",
                "371603100", false), UnitStatus.BUSY, null);
        UnitRecord c = new UnitRecord(unit("U0", UnitKind.FOOT_PATROL), UnitStatus.OFF_DUTY, bare("U0", 117.9, 37.3, 5));
        store.upsertUnits(List.of(a2, c));
        assertThat(store.loadUnits()).containsExactly(c, a2, b);
        store.upsertUnits(List.of());
        assertThat(store.loadUnits()).containsExactly(c, a2, b);
    }

    @Test
    void upsertMovesAUnitThatHasAPositionAlready() {
        UnitRecord a = new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.AVAILABLE, fix("U1", 118, 37.4, 1));
        store.upsertUnits(List.of(a));
        store.appendPositions(List.of(fix("U1", 118.1, 37.5, 2)));
        UnitRecord moved = a.withStatus(UnitStatus.BUSY);
        moved = new UnitRecord(moved.unit(), moved.status(), bare("U1", 117.9, 37.3, 3));
        UnitRecord other = new UnitRecord(unit("U2", UnitKind.FOOT_PATROL), UnitStatus.AVAILABLE, fix("U2", 118.2, 37.6, 3));
        store.upsertUnits(List.of(moved, other));
        assertThat(store.loadUnits()).containsExactly(moved, other);
        store.upsertUnits(List.of(moved, new UnitRecord(other.unit(), UnitStatus.OFF_DUTY, fix("U2", 118.3, 37.7, 4))));
        assertThat(store.loadUnits()).containsExactly(moved,
                new UnitRecord(other.unit(), UnitStatus.OFF_DUTY, fix("U2", 118.3, 37.7, 4)));
    }

    @Test
    void upsertNamingAUnitTwiceChangesNothing() {
        List<UnitRecord> units = roster("U1", "U2");
        store.upsertUnits(units);
        UnitRecord busy = units.get(0).withStatus(UnitStatus.BUSY);
        assertThatThrownBy(() -> store.upsertUnits(List.of(busy, roster("U3").get(0), busy.withStatus(UnitStatus.OFF_DUTY))))
                .isInstanceOf(StoreException.class).hasMessageContaining("U1");
        assertThat(store.loadUnits()).containsExactlyElementsOf(units);
    }

    // ------------------------------------------------------------ live layer: positions and tracks

    @Test
    void trackIsInTimeOrderWithHalfOpenWindow() {
        store.upsertUnits(roster("U1", "U2"));
        // Out of order, across two calls, interleaved with another unit.
        store.appendPositions(List.of(fix("U1", 118.01, 37.41, 30), bare("U2", 118.5, 37.5, 15),
                fix("U1", 118.00, 37.40, 10)));
        store.appendPositions(List.of(bare("U1", 118.02, 37.42, 20), fix("U1", 118.03, 37.43, 40)));

        assertThat(store.track("U1", at(0), at(100))).containsExactly(fix("U1", 118.00, 37.40, 10),
                bare("U1", 118.02, 37.42, 20), fix("U1", 118.01, 37.41, 30), fix("U1", 118.03, 37.43, 40));
        // from inclusive, to exclusive.
        assertThat(store.track("U1", at(10), at(40))).extracting(Position::time)
                .containsExactly(at(10), at(20), at(30));
        assertThat(store.track("U1", at(11), at(30))).extracting(Position::time).containsExactly(at(20));
        assertThat(store.track("U1", at(30), at(30))).isEmpty();
        assertThat(store.track("U1", at(40), at(10))).isEmpty();
        // Microsecond boundaries.
        assertThat(store.track("U1", at(10).plusNanos(1_000), at(40).plusNanos(1_000)))
                .extracting(Position::time).containsExactly(at(20), at(30), at(40));
        assertThat(store.track("U2", Instant.EPOCH, at(1_000))).containsExactly(bare("U2", 118.5, 37.5, 15));
        assertThat(store.track("U9", Instant.EPOCH, at(1_000))).isEmpty();

        Position nan = store.track("U1", at(20), at(21)).get(0);
        assertThat(nan.speed()).isNaN();
        assertThat(nan.heading()).isNaN();
        assertThat(nan.accuracy()).isNaN();
        Position full = store.track("U1", at(10), at(11)).get(0);
        assertThat(full.speed()).isEqualTo(8.3125);
        assertThat(full.heading()).isEqualTo(271.5);
        assertThat(full.accuracy()).isEqualTo(4.75);
    }

    @Test
    void equalTimesKeepAppendOrderAndDuplicatesAreKept() {
        store.upsertUnits(roster("U1"));
        Position first = bare("U1", 118.0, 37.4, 10);
        Position second = bare("U1", 118.1, 37.5, 10);
        store.appendPositions(List.of(first, second, first));
        assertThat(store.track("U1", at(0), at(60))).containsExactly(first, second, first);
    }

    @Test
    void appendMovesLastPositionForwardOnly() {
        store.upsertUnits(roster("U1", "U2"));
        assertThat(lastOf(store, "U1")).isNull();
        store.appendPositions(List.of(fix("U1", 118.0, 37.4, 20), bare("U1", 118.1, 37.5, 30),
                fix("U1", 118.2, 37.6, 25)));
        assertThat(lastOf(store, "U1")).isEqualTo(bare("U1", 118.1, 37.5, 30));
        assertThat(lastOf(store, "U2")).isNull();
        // A late batch with older fixes leaves it alone.
        store.appendPositions(List.of(fix("U1", 118.3, 37.7, 5)));
        assertThat(lastOf(store, "U1")).isEqualTo(bare("U1", 118.1, 37.5, 30));
        // Equal time: the one appended last wins.
        store.appendPositions(List.of(fix("U1", 118.4, 37.8, 30)));
        assertThat(lastOf(store, "U1")).isEqualTo(fix("U1", 118.4, 37.8, 30));
        store.appendPositions(List.of(fix("U2", 117.5, 37.1, 40), fix("U1", 118.5, 37.9, 50)));
        assertThat(lastOf(store, "U1")).isEqualTo(fix("U1", 118.5, 37.9, 50));
        assertThat(lastOf(store, "U2")).isEqualTo(fix("U2", 117.5, 37.1, 40));
        // Status is not touched by positions.
        assertThat(store.loadUnits()).extracting(UnitRecord::status).containsOnly(UnitStatus.AVAILABLE);
        assertThat(store.track("U1", Instant.EPOCH, at(100))).hasSize(6);
    }

    @Test
    void aLargeBatchIsStoredWholeAndMovesEveryUnitToItsLatestFix() {
        // The bulk paths (COPY of the track rows, one statement for the units' last positions on
        // PostGIS) at the size of a group commit: every row lands, every unit ends on its latest fix.
        int units = 1_000;
        int fixes = 20;
        String[] ids = new String[units];
        for (int u = 0; u < units; u++) {
            ids[u] = String.format("L%04d", u);
        }
        store.upsertUnits(roster(ids));
        store.appendPositions(List.of(fix(ids[7], 118.0, 37.4, 5_000))); // newer than the whole batch
        List<Position> batch = new ArrayList<>();
        for (int k = 0; k < fixes; k++) {
            for (int u = 0; u < units; u++) {
                double lon = 117.5 + u * 1e-4 + k * 1e-6;
                batch.add(k % 2 == 0 ? fix(ids[u], lon, 37.3, 100 + k) : bare(ids[u], lon, 37.3, 100 + k));
            }
        }
        store.appendPositions(batch);
        for (int u = 0; u < units; u += 97) {
            assertThat(store.track(ids[u], at(100), at(100 + fixes))).as(ids[u]).hasSize(fixes)
                    .extracting(Position::lon).isSorted();
        }
        assertThat(store.positionsIn(new Envelope(117.4, 117.7, 37.2, 37.4), at(0), at(1_000), ReadBudget.unbounded()))
                .hasSize(units * fixes);
        java.util.Map<String, Position> last = new java.util.HashMap<>();
        store.loadUnits().forEach(r -> last.put(r.id(), r.lastPosition()));
        assertThat(last.get(ids[7])).isEqualTo(fix(ids[7], 118.0, 37.4, 5_000));
        for (int u = 0; u < units; u++) {
            if (u != 7) {
                assertThat(last.get(ids[u])).as(ids[u])
                        .isEqualTo(bare(ids[u], 117.5 + u * 1e-4 + (fixes - 1) * 1e-6, 37.3, 100 + fixes - 1));
            }
        }
    }

    @Test
    void unitsPassedFiltersByBoxAndWindow() {
        store.upsertUnits(roster("U1", "U2", "U3", "U4"));
        Envelope box = new Envelope(118.0, 118.1, 37.4, 37.5);
        store.appendPositions(List.of(
                bare("U3", 118.05, 37.45, 100),  // inside, in the window
                bare("U1", 118.1, 37.4, 100),    // on the box corner: boundary counts
                bare("U1", 118.05, 37.45, 110),  // inside again: U1 reported once
                bare("U2", 118.2, 37.45, 100),   // outside the box
                bare("U2", 118.05, 37.45, 200),  // inside the box but at `to`: excluded
                bare("U4", 118.05, 37.45, 50),   // inside the box but before `from`
                bare("U4", 118.05, 37.55, 150))); // in the window but north of the box
        assertThat(store.unitsPassed(box, at(100), at(200))).containsExactly("U1", "U3");
        assertThat(store.unitsPassed(box, at(50), at(201))).containsExactly("U1", "U2", "U3", "U4");
        assertThat(store.unitsPassed(box, at(101), at(110))).isEmpty();
        assertThat(store.unitsPassed(new Envelope(), at(0), at(1_000))).isEmpty();
        assertThat(store.unitsPassed(new Envelope(118.2, 118.2, 37.45, 37.45), at(0), at(1_000)))
                .containsExactly("U2");
    }

    @Test
    void positionsInFiltersByBoxAndWindowWithinTheBudget() {
        store.upsertUnits(roster("U1", "U2", "U3", "U4"));
        Envelope box = new Envelope(118.0, 118.1, 37.4, 37.5);
        Position u3 = bare("U3", 118.05, 37.45, 100);
        Position corner = fix("U1", 118.1, 37.4, 100);
        Position again = bare("U1", 118.05, 37.45, 110);
        store.appendPositions(List.of(u3, corner, again,
                bare("U2", 118.2, 37.45, 100),   // outside the box
                bare("U2", 118.05, 37.45, 200),  // at `to`: excluded
                bare("U4", 118.05, 37.45, 50),   // before `from`
                bare("U4", 118.05, 37.55, 150))); // north of the box
        assertThat(store.positionsIn(box, at(100), at(200), ReadBudget.unbounded()))
                .containsExactlyInAnyOrder(u3, corner, again);
        assertThat(store.positionsIn(box, at(100), at(200), new ReadBudget(3))).hasSize(3);
        assertThat(store.positionsIn(box, at(101), at(110), new ReadBudget(1))).isEmpty();
        assertThat(store.positionsIn(new Envelope(), at(0), at(1_000), new ReadBudget(1))).isEmpty();
        // One row over the bound: no partial answer.
        assertThatThrownBy(() -> store.positionsIn(box, at(100), at(200), new ReadBudget(2)))
                .isInstanceOf(ReadBudget.Exceeded.class);
        assertThat(store.isAvailable()).isTrue();
    }

    @Test
    void boundedTrackReadsRefuseTooManyRowsAndStopWhenStopped() {
        store.upsertUnits(roster("U1"));
        List<Position> batch = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            batch.add(bare("U1", 118.0 + k * 1e-4, 37.4, 10 + k));
        }
        store.appendPositions(batch);
        assertThat(store.track("U1", at(0), at(1_000), new ReadBudget(50))).containsExactlyElementsOf(batch);
        assertThatThrownBy(() -> store.track("U1", at(0), at(1_000), new ReadBudget(49)))
                .isInstanceOf(ReadBudget.Exceeded.class);
        assertThat(store.track("U1", at(10), at(20), new ReadBudget(10))).hasSize(10);
        ReadBudget stopped = ReadBudget.unbounded();
        assertThat(stopped.stop(ReadBudget.Reason.GONE)).isTrue();
        assertThat(stopped.stop(ReadBudget.Reason.DEADLINE)).isFalse();
        assertThatThrownBy(() -> store.track("U1", at(0), at(1_000), stopped))
                .isInstanceOfSatisfying(ReadBudget.Stopped.class, e -> assertThat(e.reason()).isEqualTo(ReadBudget.Reason.GONE));
        assertThatThrownBy(() -> store.positionsIn(EVERYWHERE, at(0), at(1_000), stopped))
                .isInstanceOf(ReadBudget.Stopped.class);
        // A stopped read is no failure of the store: the next one is served.
        assertThat(store.isAvailable()).isTrue();
        assertThat(store.track("U1", at(0), at(1_000))).hasSize(50);
    }

    @Test
    void appendWithAnUnknownUnitChangesNothing() {
        store.upsertUnits(roster("U1", "U2"));
        store.appendPositions(List.of(fix("U1", 118.0, 37.4, 1)));
        List<Position> batch = new ArrayList<>();
        for (int k = 0; k < 5_000; k++) {
            batch.add(bare(k % 2 == 0 ? "U1" : "U2", 118.0 + k * 1e-5, 37.4, 10 + k));
        }
        batch.add(bare("U404", 118.0, 37.4, 7));
        assertThatThrownBy(() -> store.appendPositions(batch)).isInstanceOf(StoreException.class)
                .hasMessageContaining("U404");
        assertThat(store.track("U1", Instant.EPOCH, at(100_000))).containsExactly(fix("U1", 118.0, 37.4, 1));
        assertThat(store.track("U2", Instant.EPOCH, at(100_000))).isEmpty();
        assertThat(lastOf(store, "U1")).isEqualTo(fix("U1", 118.0, 37.4, 1));
        assertThat(lastOf(store, "U2")).isNull();
        // Still usable.
        store.appendPositions(batch.subList(0, 5_000));
        assertThat(store.track("U2", Instant.EPOCH, at(100_000))).hasSize(2_500);
        assertThat(lastOf(store, "U2")).isEqualTo(batch.get(4_999));
    }

    @Test
    void journalCheckpointsMoveWithTheirPositionsOnly() {
        store.upsertUnits(roster("U1", "U2"));
        assertThat(store.checkpoint("journal-a")).isZero();
        store.appendPositions(List.of(fix("U1", 118.0, 37.4, 1), fix("U2", 118.1, 37.5, 2)), "journal-a", 7);
        assertThat(store.checkpoint("journal-a")).isEqualTo(7);
        assertThat(store.checkpoint("journal-b")).isZero();
        assertThat(store.track("U1", Instant.EPOCH, at(100))).containsExactly(fix("U1", 118.0, 37.4, 1));
        assertThat(lastOf(store, "U2")).isEqualTo(fix("U2", 118.1, 37.5, 2));
        // A failed append moves neither the tracks nor the checkpoint.
        assertThatThrownBy(() -> store.appendPositions(List.of(fix("U1", 118.0, 37.4, 3), bare("U404", 118.0, 37.4, 4)),
                "journal-a", 8)).isInstanceOf(StoreException.class).hasMessageContaining("U404");
        assertThat(store.checkpoint("journal-a")).isEqualTo(7);
        assertThat(store.track("U1", Instant.EPOCH, at(100))).hasSize(1);
        // An empty list still records the checkpoint; journals are independent.
        store.appendPositions(List.of(), "journal-b", 3);
        store.appendPositions(List.of(fix("U1", 118.0, 37.4, 5)), "journal-a", 9);
        assertThat(store.checkpoint("journal-a")).isEqualTo(9);
        assertThat(store.checkpoint("journal-b")).isEqualTo(3);
        store.close();
        store = reopenStore(dir);
        assertThat(store.checkpoint("journal-a")).isEqualTo(9);
        assertThat(store.track("U1", Instant.EPOCH, at(100))).hasSize(2);
    }

    @Test
    void concurrentAppendsAllLand() throws Exception {
        int threads = 4;
        int batches = 20;
        int perBatch = 250;
        store.upsertUnits(roster("U0", "U1", "U2", "U3"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "U" + t;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<Position> batch = new ArrayList<>();
                        for (int k = 0; k < perBatch; k++) {
                            batch.add(bare(id, 118.0, 37.4, (long) b * perBatch + k));
                        }
                        store.appendPositions(batch);
                        assertThat(store.track(id, Instant.EPOCH, at(1_000_000))).hasSize((b + 1) * perBatch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (UnitRecord u : store.loadUnits()) {
            assertThat(u.lastPosition().time()).isEqualTo(at((long) batches * perBatch - 1));
        }
    }

    // ------------------------------------------------------------ live layer: track retention

    /** The UTC day of T0, "today" of the retention tests. */
    private static final LocalDate TODAY = LocalDate.ofInstant(T0, ZoneOffset.UTC);

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Positions of {@code unitId} on {@code day}: at 00:00, 12:00 and the last microsecond of the day. */
    private static List<Position> dayOf(String unitId, LocalDate day, double lon) {
        Instant start = startOf(day);
        return List.of(Position.of(unitId, lon, 37.40, start),
                new Position(unitId, lon + 0.001, 37.41, start.plusSeconds(43_200), 8.5, 90, 5),
                Position.of(unitId, lon + 0.002, 37.42, startOf(day.plusDays(1)).minusNanos(1_000)));
    }

    private static final Envelope EVERYWHERE = new Envelope(117, 119, 36, 39);
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    @Test
    void deleteTracksBeforeDeletesTheOlderDaysOnly() {
        store.upsertUnits(roster("U1", "U2", "U3"));
        LocalDate cut = TODAY.minusDays(30);
        List<Position> kept = new ArrayList<>();
        for (int back : new int[] {40, 31, 30, 1, 0}) {
            List<Position> day = dayOf("U1", TODAY.minusDays(back), 118.0 + back * 0.01);
            store.appendPositions(day);
            if (back <= 30) {
                kept.addAll(day);
            }
        }
        // U2 reported on D-40 only, U3 on D-31 only: their last positions are older than the cut.
        store.appendPositions(dayOf("U2", TODAY.minusDays(40), 117.5));
        store.appendPositions(dayOf("U3", TODAY.minusDays(31), 117.6));
        List<UnitRecord> units = store.loadUnits();
        assertThat(lastOf(store, "U2").time()).isBefore(startOf(cut));

        assertThat(store.deleteTracksBefore(cut, 1_000_000)).isTrue();

        assertThat(store.track("U1", Instant.EPOCH, FAR_FUTURE)).containsExactlyElementsOf(kept);
        assertThat(store.track("U1", Instant.EPOCH, startOf(cut))).isEmpty();
        assertThat(store.track("U1", startOf(cut), startOf(cut).plusNanos(1_000))).containsExactly(kept.get(0));
        assertThat(store.track("U2", Instant.EPOCH, FAR_FUTURE)).isEmpty();
        assertThat(store.track("U3", Instant.EPOCH, FAR_FUTURE)).isEmpty();
        assertThat(store.unitsPassed(EVERYWHERE, Instant.EPOCH, startOf(cut))).isEmpty();
        assertThat(store.unitsPassed(EVERYWHERE, Instant.EPOCH, FAR_FUTURE)).containsExactly("U1");
        assertThat(store.unitsPassed(EVERYWHERE, startOf(cut), startOf(cut.plusDays(1)))).containsExactly("U1");
        // The roster keeps every last position, however old.
        assertThat(store.loadUnits()).isEqualTo(units);

        // Again: nothing left to delete, nothing else changes.
        assertThat(store.deleteTracksBefore(cut, 1)).isTrue();
        assertThat(store.track("U1", Instant.EPOCH, FAR_FUTURE)).containsExactlyElementsOf(kept);
        // An old day written again after its deletion is stored like any other.
        Position late = Position.of("U2", 117.5, 37.4, startOf(TODAY.minusDays(40)).plusSeconds(60));
        store.appendPositions(List.of(late));
        assertThat(store.track("U2", Instant.EPOCH, FAR_FUTURE)).containsExactly(late);
        assertThat(store.loadUnits()).isEqualTo(units);
    }

    @Test
    void deleteTracksBeforeInSmallPiecesMakesProgressUntilDone() {
        store.upsertUnits(roster("U1", "U2"));
        LocalDate cut = TODAY.minusDays(30);
        List<Position> old = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            old.add(Position.of(k % 2 == 0 ? "U1" : "U2", 118.0, 37.4, startOf(TODAY.minusDays(40)).plusSeconds(k)));
            old.add(Position.of("U1", 118.1, 37.5, startOf(TODAY.minusDays(31)).plusSeconds(60L * k)));
        }
        store.appendPositions(old);
        List<Position> recent = dayOf("U1", TODAY.minusDays(1), 118.2);
        store.appendPositions(recent);

        int left = old.size();
        int calls = 0;
        boolean done = false;
        while (!done) {
            assertThat(++calls).as("calls").isLessThanOrEqualTo(old.size());
            done = store.deleteTracksBefore(cut, 10);
            int now = store.track("U1", Instant.EPOCH, startOf(cut)).size()
                    + store.track("U2", Instant.EPOCH, startOf(cut)).size();
            if (done) {
                assertThat(now).isZero();
            } else {
                // Progress, in pieces of at most the size asked for.
                assertThat(left - now).isBetween(1, 10);
            }
            left = now;
        }
        assertThat(store.track("U1", Instant.EPOCH, FAR_FUTURE)).containsExactlyElementsOf(recent);
        assertThat(store.track("U2", Instant.EPOCH, FAR_FUTURE)).isEmpty();
        assertThat(lastOf(store, "U2").time()).isEqualTo(startOf(TODAY.minusDays(40)).plusSeconds(23));
    }

    @Test
    void deleteTracksBeforeOnAnEmptyStoreIsDone() {
        assertThat(store.deleteTracksBefore(TODAY, 100)).isTrue();
        store.upsertUnits(roster("U1"));
        assertThat(store.deleteTracksBefore(TODAY, 1)).isTrue();
        assertThat(store.loadUnits()).containsExactlyElementsOf(roster("U1"));
        assertThatThrownBy(() -> store.deleteTracksBefore(TODAY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------ live layer: alerts

    @Test
    void alertsRoundTripAndLoadSince() {
        Alert placed = placedAlert(1);
        Alert bare = bareAlert(2);
        Alert acked = placedAlert(3).acknowledge("值班长刘洋", at(500).plusNanos(7_000));
        store.insertAlert(bare);
        store.insertAlert(acked);
        store.insertAlert(placed);
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placed, bare, acked);
        assertThat(store.maxAlertId()).isEqualTo(3);
        // since is inclusive, to the microsecond.
        assertThat(store.loadAlerts(bare.raisedAt())).containsExactly(bare, acked);
        assertThat(store.loadAlerts(bare.raisedAt().plusNanos(1_000))).containsExactly(acked);
        assertThat(store.loadAlerts(at(100_000))).isEmpty();
        Alert loaded = store.loadAlerts(Instant.EPOCH).get(1);
        assertThat(loaded.lon()).isNull();
        assertThat(loaded.detail()).isNull();
        assertThat(loaded.areaCode()).isNull();
    }

    @Test
    void ackRecordsWhoAndWhenOnce() {
        store.insertAlert(placedAlert(1));
        store.insertAlert(bareAlert(2));
        Instant when = at(300).plusNanos(456_000);
        store.ackAlert(1, "调度员张伟", when);
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placedAlert(1).acknowledge("调度员张伟", when),
                bareAlert(2));
        assertThatThrownBy(() -> store.ackAlert(1, "值班长刘洋", at(400))).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(1)).hasMessageContaining("调度员张伟");
        assertThatThrownBy(() -> store.ackAlert(99, "值班长刘洋", at(400))).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(99));
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placedAlert(1).acknowledge("调度员张伟", when),
                bareAlert(2));
        assertThat(store.maxAlertId()).isEqualTo(2);
    }

    @Test
    void ackAlertsAcknowledgesAllOrNone() {
        store.insertAlert(placedAlert(1));
        store.insertAlert(bareAlert(2));
        store.insertAlert(placedAlert(3));
        store.insertAlert(placedAlert(4));
        Instant when = at(300).plusNanos(789_000);
        store.ackAlerts(List.of(1L, 3L), "值班长刘洋", when);
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placedAlert(1).acknowledge("值班长刘洋", when),
                bareAlert(2), placedAlert(3).acknowledge("值班长刘洋", when), placedAlert(4));
        // one of them acknowledged already: none is changed, and the message names it
        assertThatThrownBy(() -> store.ackAlerts(List.of(2L, 3L, 4L), "调度员张伟", at(400)))
                .isInstanceOf(StoreException.class).hasMessageMatching(namesId(3)).hasMessageContaining("值班长刘洋");
        assertThatThrownBy(() -> store.ackAlerts(List.of(4L, 99L), "调度员张伟", at(400)))
                .isInstanceOf(StoreException.class).hasMessageMatching(namesId(99));
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placedAlert(1).acknowledge("值班长刘洋", when),
                bareAlert(2), placedAlert(3).acknowledge("值班长刘洋", when), placedAlert(4));
        store.ackAlerts(List.of(), "调度员张伟", at(500));
        assertThat(store.loadAlerts(Instant.EPOCH).get(3).acknowledged()).isFalse();
    }

    @Test
    void duplicateAlertIdChangesNothing() {
        store.insertAlert(placedAlert(5));
        assertThatThrownBy(() -> store.insertAlert(bareAlert(5))).isInstanceOf(StoreException.class)
                .hasMessageMatching(namesId(5));
        assertThat(store.loadAlerts(Instant.EPOCH)).containsExactly(placedAlert(5));
        store.insertAlert(bareAlert(6));
        assertThat(store.maxAlertId()).isEqualTo(6);
    }

    @Test
    void liveLayerSurvivesCloseAndReopen() {
        List<UnitRecord> units = List.of(
                new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.BUSY, null),
                new UnitRecord(unit("U2", UnitKind.GRID_WORKER), UnitStatus.OFF_DUTY, null));
        store.upsertUnits(units);
        List<Position> positions = List.of(fix("U1", 118.0, 37.4, 10), bare("U1", 118.01, 37.41, 20),
                bare("U2", 117.9, 37.3, 15));
        store.appendPositions(positions);
        store.insertAlert(placedAlert(1));
        store.insertAlert(bareAlert(2));
        store.ackAlert(2, "张伟", at(999));
        List<UnitRecord> before = store.loadUnits();
        List<Alert> alerts = store.loadAlerts(Instant.EPOCH);
        store.close();
        store = null;

        store = reopenStore(dir);
        assertThat(store.loadUnits()).isEqualTo(before);
        assertThat(before.get(0).lastPosition()).isEqualTo(bare("U1", 118.01, 37.41, 20));
        assertThat(store.track("U1", Instant.EPOCH, at(1_000)))
                .containsExactly(fix("U1", 118.0, 37.4, 10), bare("U1", 118.01, 37.41, 20));
        assertThat(store.unitsPassed(new Envelope(117.8, 117.95, 37.2, 37.35), Instant.EPOCH, at(1_000)))
                .containsExactly("U2");
        assertThat(store.loadAlerts(Instant.EPOCH)).isEqualTo(alerts)
                .containsExactly(placedAlert(1), bareAlert(2).acknowledge("张伟", at(999)));
        assertThat(store.maxAlertId()).isEqualTo(2);
    }

    // ------------------------------------------------------------ school-guard posts and key places

    private static final String GRID = "371602001001003";

    private static LocalTime hm(String text) {
        return LocalTime.parse(text);
    }

    /** A post with three duty windows, full-precision coordinates, a fractional radius and a Chinese name. */
    protected static SchoolPost post(String id, String name, int staff) {
        return new SchoolPost(id, name, SchoolKind.PRIMARY, Geo.point(117.9612345678901, 37.3612345678901), 87.5,
                List.of(new DutyWindow(hm("07:10"), hm("07:50")), new DutyWindow(hm("11:20"), hm("11:50")),
                        new DutyWindow(hm("16:20:30"), hm("17:00"))), staff, GRID, "371602", true);
    }

    /** A key place whose last key period crosses midnight. */
    protected static KeyPlace keyPlace(String id, String name, int interval) {
        return new KeyPlace(id, name, KeyPlaceKind.NIGHT_MARKET, Geo.point(118.0123456789012, 37.4012345678901),
                List.of(new KeyPeriod(hm("19:00"), hm("23:00")), new KeyPeriod(hm("22:30"), hm("02:15"))), interval,
                GRID, "371602", false);
    }

    /**
     * Records compare field by field, their points exactly by coordinates (equalsExact) and SRID
     * 4326: what the contract promises for posts and key places.
     */
    private static <T> void assertSameRecords(List<T> actual, List<T> expected, Function<T, Geometry> point,
                                              String pointField) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Geometry a = point.apply(actual.get(i));
            assertThat(a.equalsExact(point.apply(expected.get(i)))).as("%s of record %d: %s", pointField, i, a).isTrue();
            assertThat(a.getSRID()).isEqualTo(Geo.SRID);
            assertThat(actual.get(i)).usingRecursiveComparison().ignoringFields(pointField).isEqualTo(expected.get(i));
        }
    }

    private static void assertPostsEqual(List<SchoolPost> actual, List<SchoolPost> expected) {
        assertSameRecords(actual, expected, SchoolPost::gate, "gate");
    }

    private static void assertPlacesEqual(List<KeyPlace> actual, List<KeyPlace> expected) {
        assertSameRecords(actual, expected, KeyPlace::location, "location");
    }

    @Test
    void postsAndKeyPlacesRoundTripEveryFieldInIdOrder() {
        SchoolPost p2 = post("SP0002", "滨城区第三实验小学", 3);
        SchoolPost p1 = new SchoolPost("SP0001", "大李家桥幼儿园", SchoolKind.KINDERGARTEN, Geo.point(118.0999283, 37.4693344),
                80, List.of(new DutyWindow(hm("07:40"), hm("08:20"))), 1, "371602001001001", "371602", false);
        KeyPlace k2 = keyPlace("KP002", "渤海七路夜市", 30);
        KeyPlace k1 = new KeyPlace("KP001", "新立河社区卫生服务中心", KeyPlaceKind.HOSPITAL, Geo.point(117.98, 37.42),
                List.of(new KeyPeriod(hm("07:30"), hm("11:30"))), 60, "371602001001001", "371602", true);
        store.upsertPlaces(List.of(p2, p1), List.of(k2, k1));
        assertPostsEqual(store.loadSchoolPosts(), List.of(p1, p2));
        assertPlacesEqual(store.loadKeyPlaces(), List.of(k1, k2));
        assertThat(store.loadKeyPlaces().get(1).keyPeriods().get(1).crossesMidnight()).isTrue();
    }

    @Test
    void upsertPlacesReplacesWholeRecordsAndKeepsOthers() {
        store.upsertPlaces(List.of(post("SP1", "甲小学", 2), post("SP2", "乙小学", 2)), List.of(keyPlace("KP1", "甲夜市", 30)));
        SchoolPost moved = new SchoolPost("SP1", "甲中学", SchoolKind.MIDDLE, Geo.point(118.5, 37.5), 150,
                List.of(new DutyWindow(hm("06:40"), hm("07:20"))), 4, "371602001001001", "371603", false);
        store.upsertPlaces(List.of(moved), List.of());
        assertPostsEqual(store.loadSchoolPosts(), List.of(moved, post("SP2", "乙小学", 2)));
        assertPlacesEqual(store.loadKeyPlaces(), List.of(keyPlace("KP1", "甲夜市", 30)));
        KeyPlace other = new KeyPlace("KP1", "甲车站", KeyPlaceKind.STATION, Geo.point(117.5, 37.1),
                List.of(new KeyPeriod(hm("05:00"), hm("09:00"))), 15, GRID, "371602", true);
        store.upsertPlaces(List.of(), List.of(other, keyPlace("KP0", "乙夜市", 45)));
        assertPlacesEqual(store.loadKeyPlaces(), List.of(keyPlace("KP0", "乙夜市", 45), other));
        assertThat(store.loadSchoolPosts()).hasSize(2);
        store.upsertPlaces(List.of(), List.of());
        assertThat(store.loadSchoolPosts()).hasSize(2);
        assertThat(store.loadKeyPlaces()).hasSize(2);
    }

    @Test
    void upsertPlacesNamingAnIdTwiceChangesNothing() {
        store.upsertPlaces(List.of(post("SP1", "甲小学", 2)), List.of(keyPlace("KP1", "甲夜市", 30)));
        assertThatThrownBy(() -> store.upsertPlaces(List.of(post("SP1", "改名", 3), post("SP9", "新", 1),
                post("SP1", "再改", 4)), List.of(keyPlace("KP2", "乙夜市", 30))))
                .isInstanceOf(StoreException.class).hasMessageContaining("SP1");
        assertThatThrownBy(() -> store.upsertPlaces(List.of(post("SP9", "新", 1)),
                List.of(keyPlace("KP1", "改", 10), keyPlace("KP1", "再改", 20))))
                .isInstanceOf(StoreException.class).hasMessageContaining("KP1");
        assertPostsEqual(store.loadSchoolPosts(), List.of(post("SP1", "甲小学", 2)));
        assertPlacesEqual(store.loadKeyPlaces(), List.of(keyPlace("KP1", "甲夜市", 30)));
    }

    @Test
    void postsAndKeyPlacesSurviveCloseAndReopen() {
        List<SchoolPost> posts = List.of(post("SP1", "甲小学", 2), post("SP2", "乙小学", 5));
        List<KeyPlace> places = List.of(keyPlace("KP1", "甲夜市", 30));
        store.upsertPlaces(posts, places);
        store.close();
        store = null;

        store = reopenStore(dir);
        assertPostsEqual(store.loadSchoolPosts(), posts);
        assertPlacesEqual(store.loadKeyPlaces(), places);
    }

    // ---------------------------------------------------------------- accounts

    private static UserAccount account(String login, Set<Role> roles, List<String> jurisdiction) {
        return new UserAccount(login, "张三" + login, "PN" + login.length(), roles, jurisdiction,
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA", false, 0, null,
                T0, T0.plusSeconds(1), null);
    }

    @Test
    void accountsRoundTripAndALoginIsTakenOnce() {
        UserAccount a = account("zhangsan", Set.of(Role.DISPATCHER, Role.ANALYST), List.of("371602", "371603001"));
        UserAccount b = account("auditor1", Set.of(Role.AUDITOR), List.of("371600"));
        store.insertUser(a);
        store.insertUser(b);
        assertThat(store.user("zhangsan")).contains(a);
        assertThat(store.user("nobody")).isEmpty();
        assertThat(store.users()).extracting(UserAccount::login).containsExactly("auditor1", "zhangsan");
        assertThatThrownBy(() -> store.insertUser(account("zhangsan", Set.of(Role.SCREEN), List.of("371600"))))
                .isInstanceOf(DuplicateIdException.class).hasMessageContaining("zhangsan");
        UserAccount locked = a.failed(T0.plusSeconds(900)).failed(T0.plusSeconds(901));
        store.updateUser(locked);
        assertThat(store.user("zhangsan")).contains(locked);
        assertThat(store.user("zhangsan").orElseThrow().failedLogins()).isEqualTo(2);
        UserAccount in = locked.loggedIn(T0.plusSeconds(2_000));
        store.updateUser(in);
        assertThatThrownBy(() -> store.updateUser(account("ghost", Set.of(Role.SCREEN), List.of("371600"))))
                .isInstanceOf(StoreException.class).extracting(e -> ((StoreException) e).kind())
                .isEqualTo(org.gridwatch.error.FailureKind.NOT_FOUND);
        store.close();
        store = reopenStore(dir);
        assertThat(store.user("zhangsan")).contains(in);
        assertThat(store.user("auditor1")).contains(b);
    }

    @Test
    void deviceAndApiKeysAreFoundByHashAndRevokedOnce() {
        DeviceKey d = new DeviceKey("dev-0000000a", "U000001", "013800000001", "a".repeat(64), T0, null);
        DeviceKey e = new DeviceKey("dev-0000000b", "U000002", "19912345678", "b".repeat(64), T0, null,
                org.gridwatch.geo.Crs.GCJ02);
        store.insertDevice(d);
        store.insertDevice(e);
        assertThat(store.deviceByHash("a".repeat(64))).contains(d);
        assertThat(store.deviceByHash("b".repeat(64)).orElseThrow().crs()).as("the terminal's coordinate system")
                .isEqualTo(org.gridwatch.geo.Crs.GCJ02);
        assertThat(store.deviceByHash("c".repeat(64))).isEmpty();
        assertThatThrownBy(() -> store.insertDevice(new DeviceKey("dev-0000000c", "U000003", null, "a".repeat(64), T0, null)))
                .as("a key hash is unique").isInstanceOf(DuplicateIdException.class);
        store.revokeDevice("dev-0000000a", T0.plusSeconds(60));
        store.revokeDevice("dev-0000000a", T0.plusSeconds(120));
        assertThat(store.deviceByHash("a".repeat(64)).orElseThrow().revokedAt()).as("the first revocation counts")
                .isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> store.revokeDevice("dev-ffffffff", T0)).isInstanceOf(StoreException.class)
                .hasMessageContaining("dev-ffffffff");
        assertThat(store.devices()).extracting(DeviceKey::id).containsExactly("dev-0000000a", "dev-0000000b");

        ApiKey k = new ApiKey("key-00000001", "12345热线", Set.of(Role.GATEWAY, Role.SCREEN), List.of("371602"),
                "d".repeat(64), T0, null);
        store.insertApiKey(k);
        assertThat(store.apiKeyByHash("d".repeat(64))).contains(k);
        store.revokeApiKey("key-00000001", T0.plusSeconds(5));
        assertThat(store.apiKeys()).singleElement().satisfies(x -> assertThat(x.valid()).isFalse());
        assertThatThrownBy(() -> store.revokeApiKey("key-ffffffff", T0)).isInstanceOf(StoreException.class);
    }

    @Test
    void sessionsAreStoredReplacedTouchedAndDeleted() {
        StoredSession bearer = new StoredSession("ses-1", "zhangsan", false, T0, T0.plusSeconds(43_200), "a".repeat(64),
                T0.plusSeconds(900), "b".repeat(64), null, T0);
        StoredSession page = new StoredSession("ses-2", "lisi", true, T0, T0.plusSeconds(43_200), "c".repeat(64),
                T0.plusSeconds(43_200), null, "d".repeat(64), T0.plusSeconds(5));
        store.saveSession(bearer);
        store.saveSession(page);
        assertThat(store.sessions()).containsExactly(bearer, page);
        // A refresh rotates the tokens: the row is replaced, not added.
        StoredSession rotated = new StoredSession("ses-1", "zhangsan", false, T0, T0.plusSeconds(43_200), "e".repeat(64),
                T0.plusSeconds(1_800), "f".repeat(64), null, T0.plusSeconds(900));
        store.saveSession(rotated);
        // Uses move last_seen forward only; unknown ids are ignored.
        store.touchSessions(Map.of("ses-2", T0.plusSeconds(60), "ses-9", T0.plusSeconds(60)));
        store.touchSessions(Map.of("ses-1", T0.plusSeconds(100)));   // earlier than stored: kept
        store.close();
        store = reopenStore(dir);
        assertThat(store.sessions()).containsExactly(rotated, new StoredSession("ses-2", "lisi", true, T0,
                T0.plusSeconds(43_200), "c".repeat(64), T0.plusSeconds(43_200), null, "d".repeat(64), T0.plusSeconds(60)));
        store.deleteSessions(List.of("ses-1", "ses-9"));
        assertThat(store.sessions()).extracting(StoredSession::id).containsExactly("ses-2");
        store.deleteSessions(List.of());
        assertThat(store.sessions()).hasSize(1);
    }

    // ---------------------------------------------------------------- audit

    private static AuditEvent event(Instant at, String actor, AuditAction action, String detail) {
        return new AuditEvent(at, "user", actor, "名" + actor, "10.0.0.7", "Mozilla/5.0", action,
                "POST /api/v1/incidents/:id/dispatch", "incident 42, unit U000123", 200, detail);
    }

    private List<AuditRecord> trail() {
        List<AuditRecord> all = new ArrayList<>();
        store.forEachAudit(AuditQuery.all(), all::add);
        return all;
    }

    private static java.util.Optional<String> verify(List<AuditRecord> records) {
        AuditChain.Verifier v = new AuditChain.Verifier();
        for (AuditRecord r : records) {
            if (!v.accept(r)) {
                break;
            }
        }
        return v.result();
    }

    @Test
    void auditAppendsLinkIntoOneChainThatRoundTrips() {
        List<AuditRecord> first = store.appendAudit(List.of(event(T0, "a", AuditAction.LOGIN, ""),
                event(T0.plusSeconds(1), "a", AuditAction.WRITE, "派遣 滨城巡逻1号")));
        List<AuditRecord> second = store.appendAudit(List.of(event(T0.plusSeconds(2), "b", AuditAction.DENIED, "403")));
        assertThat(store.appendAudit(List.of())).isEmpty();
        assertThat(first).extracting(AuditRecord::seq).containsExactly(1L, 2L);
        assertThat(first.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(second.get(0).prevHash()).isEqualTo(first.get(1).hash());
        List<AuditRecord> all = trail();
        assertThat(all).hasSize(3);
        // What is read back is what was appended: the same fields, so the same hashes.
        assertThat(all.get(1).event()).isEqualTo(first.get(1).event());
        assertThat(all).extracting(AuditRecord::hash).containsExactly(first.get(0).hash(), first.get(1).hash(),
                second.get(0).hash());
        assertThat(verify(all)).isEmpty();
        // A record changed after the fact no longer matches its hash.
        List<AuditRecord> forged = new ArrayList<>(all);
        AuditRecord r = all.get(1);
        forged.set(1, new AuditRecord(r.seq(), event(r.event().at(), "a", AuditAction.WRITE, "派遣 滨城巡逻2号"),
                r.prevHash(), r.hash()));
        assertThat(verify(forged)).hasValueSatisfying(m -> assertThat(m).startsWith("record 2:"));
        assertThat(verify(List.of(all.get(0), all.get(2)))).hasValueSatisfying(m -> assertThat(m).contains("missing"));

        List<AuditRecord> denied = new ArrayList<>();
        store.forEachAudit(new AuditQuery(null, null, null, AuditAction.DENIED, null, 0), denied::add);
        assertThat(denied).extracting(AuditRecord::seq).containsExactly(3L);
        List<AuditRecord> window = new ArrayList<>();
        store.forEachAudit(new AuditQuery(T0.plusSeconds(1), T0.plusSeconds(2), "a", null, null, 0), window::add);
        assertThat(window).extracting(AuditRecord::seq).containsExactly(2L);
        List<AuditRecord> page = new ArrayList<>();
        store.forEachAudit(new AuditQuery(null, null, null, null, 1L, 1), page::add);
        assertThat(page).extracting(AuditRecord::seq).containsExactly(2L);
    }

    @Test
    void auditAppendsFromManyThreadsFormOneUnbrokenChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String actor = "t" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    store.appendAudit(List.of(event(T0.plusSeconds(i), actor, AuditAction.WRITE, "#" + i),
                            event(T0.plusSeconds(i), actor, AuditAction.READ, "#" + i)));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<AuditRecord> all = trail();
        assertThat(all).hasSize(120);
        assertThat(all).extracting(AuditRecord::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 120).boxed().toList());
        assertThat(verify(all)).isEmpty();
    }

    @Test
    void retentionDeletesOldRecordsAndRecordsWhereTheTrailNowStarts() {
        Instant old = T0.minus(java.time.Duration.ofDays(200));
        store.appendAudit(List.of(event(old, "a", AuditAction.LOGIN, ""), event(old.plusSeconds(1), "a", AuditAction.LOGOUT, "")));
        store.appendAudit(List.of(event(T0, "b", AuditAction.LOGIN, "")));
        AuditEvent run = new AuditEvent(T0.plusSeconds(5), "system", "gridwatch", "GridWatch", "local", "",
                AuditAction.RETENTION, "retention", "", 200, "");
        assertThat(store.deleteAuditBefore(T0.minus(java.time.Duration.ofDays(180)), run)).isEqualTo(2);
        List<AuditRecord> all = trail();
        assertThat(all).extracting(AuditRecord::seq).containsExactly(3L, 4L);
        assertThat(all.get(1).event().action()).isEqualTo(AuditAction.RETENTION);
        assertThat(all.get(1).event().target()).isEqualTo(AuditChain.firstKept(3));
        assertThat(verify(all)).as("the trail starts where retention says").isEmpty();
        assertThat(verify(all.subList(1, 2))).as("without record 3 the start is unexplained").isPresent();
        assertThat(store.deleteAuditBefore(T0.minus(java.time.Duration.ofDays(180)), run)).isZero();
        assertThat(trail()).hasSize(2);
    }

    // ------------------------------------------------------------------ school calendar, daily history

    /** A small calendar with one of each entry, in the file order the store must keep. */
    private static org.gridwatch.post.SchoolCalendar calendarFixture(String name) {
        java.time.LocalDate d = java.time.LocalDate.of(2026, 9, 1);
        return new org.gridwatch.post.SchoolCalendar(name, d, d.plusMonths(5),
                List.of(new org.gridwatch.post.SchoolCalendar.Holiday("国庆节", d.plusDays(30), d.plusDays(36)),
                        new org.gridwatch.post.SchoolCalendar.Holiday("中秋节", d.plusDays(24), d.plusDays(26))),
                List.of(new org.gridwatch.post.SchoolCalendar.Workday(java.time.LocalDate.of(2026, 10, 10), "国庆节调休"),
                        new org.gridwatch.post.SchoolCalendar.Workday(java.time.LocalDate.of(2026, 9, 20), "")),
                List.of(new org.gridwatch.post.SchoolCalendar.Break(org.gridwatch.post.SchoolCalendar.BreakKind.WINTER,
                        java.util.EnumSet.of(SchoolKind.PRIMARY, SchoolKind.KINDERGARTEN), d.plusMonths(4).plusDays(20),
                        d.plusMonths(5))), "试用校历：不作正式依据");
    }

    @Test
    void theSchoolCalendarIsReplacedWholeAndSurvivesReopen() {
        assertThat(store.loadCalendar()).isEmpty();
        store.replaceCalendar(calendarFixture("2026秋季校历"));
        assertThat(store.loadCalendar()).contains(calendarFixture("2026秋季校历"));
        org.gridwatch.post.SchoolCalendar shipped = org.gridwatch.post.SchoolCalendar.defaults();
        store.replaceCalendar(shipped);
        assertThat(store.loadCalendar()).contains(shipped);
        store.close();
        store = reopenStore(dir);
        assertThat(store.loadCalendar()).contains(shipped);
        assertThat(store.loadCalendar().orElseThrow().verdict(java.time.LocalDate.of(2026, 10, 1), SchoolKind.PRIMARY)
                .reason()).isEqualTo("国庆节");
    }

    private static org.gridwatch.analysis.DailyFigures figures(String day, String area, AdminLevel level, int decided,
                                                              int onTime, int visited, boolean complete) {
        return new org.gridwatch.analysis.DailyFigures(java.time.LocalDate.parse(day), area, level, decided, onTime,
                decided - onTime, 0, 0, 40, 31, 120, visited, complete, T0.plusSeconds(visited));
    }

    @Test
    void dailyFiguresAreUpsertedPerDayAndAreaAndReadByRange() {
        var cityFirst = figures("2026-11-01", "371600", AdminLevel.CITY, 20, 17, 90, true);
        var citySecond = figures("2026-11-02", "371600", AdminLevel.CITY, 22, 22, 95, false);
        var county = figures("2026-11-02", "371602", AdminLevel.COUNTY, 8, 6, 40, false);
        var township = figures("2026-11-02", "371602001", AdminLevel.TOWNSHIP, 0, 0, 0, false);
        var cityThird = figures("2026-11-03", "371600", AdminLevel.CITY, 1, 0, 3, false);
        store.upsertDailyFigures(List.of(citySecond, cityThird, county, cityFirst, township));
        var day = java.time.LocalDate.parse("2026-11-02");
        assertThat(store.dailyFigures("371600", day.minusDays(1), day)).containsExactly(cityFirst, citySecond);
        assertThat(store.dailyFigures("371600", day.minusDays(5), day.plusDays(5))).containsExactly(cityFirst, citySecond,
                cityThird);
        assertThat(store.dailyFigures("371602", day.plusDays(1), day.plusDays(3))).isEmpty();
        assertThat(store.dailyFigures(day)).containsExactly(citySecond, county, township);
        assertThat(citySecond.onPostRate()).isEqualTo(1.0);
        assertThat(township.onPostRate()).isNull();

        // A row of a day and area given again replaces it whole; the others stay.
        var citySecondLater = figures("2026-11-02", "371600", AdminLevel.CITY, 30, 27, 99, true);
        store.upsertDailyFigures(List.of(citySecondLater));
        assertThat(store.dailyFigures(day)).containsExactly(citySecondLater, county, township);

        // One day and area twice: refused, nothing changed.
        var other = figures("2026-11-04", "371600", AdminLevel.CITY, 5, 5, 5, false);
        assertThatThrownBy(() -> store.upsertDailyFigures(List.of(other, county, county)))
                .isInstanceOf(StoreException.class).hasMessageContaining("371602").hasMessageContaining("2026-11-02");
        assertThat(store.dailyFigures(day.plusDays(2))).isEmpty();

        store.close();
        store = reopenStore(dir);
        assertThat(store.dailyFigures("371600", day.minusDays(1), day.plusDays(1))).containsExactly(cityFirst,
                citySecondLater, cityThird);
    }

    // ------------------------------------------------------------ daily reports

    private static StoredReport dailyReport(String day, String area, long minutes, String body) {
        return new StoredReport(LocalDate.parse(day), area, T0.plusSeconds(minutes * 60), "system", body);
    }

    @Test
    void dailyReportsRoundTripAndSurviveReopening() {
        String body = "{\"title\":\"滨州市社会治安日报\",\"figures\":[1,2.5,null],\"note\":\"环比 +12.5%、同比 新增\"}";
        StoredReport city = dailyReport("2026-11-30", "371600", 0, body);
        StoredReport county = dailyReport("2026-11-30", "371602", 1, "{\"title\":\"滨城区\"}");
        StoredReport earlier = dailyReport("2026-11-29", "371600", 2, "{}");
        store.saveReport(city);
        store.saveReport(county);
        store.saveReport(earlier);
        assertThat(store.report(LocalDate.parse("2026-11-30"), "371600")).contains(city);
        assertThat(store.report(LocalDate.parse("2026-11-30"), "371603")).isEmpty();
        assertThat(store.report(LocalDate.parse("2026-12-01"), "371600")).isEmpty();
        // Newest day first, then by area; both bounds inclusive; no bodies.
        assertThat(store.reportEntries(LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30")))
                .containsExactly(city.entry(), county.entry(), earlier.entry());
        assertThat(store.reportEntries(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-31")))
                .containsExactly(city.entry(), county.entry());
        assertThat(store.reportEntries(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-31"))).isEmpty();
        store.close();
        store = reopenStore(dir);
        assertThat(store.report(LocalDate.parse("2026-11-30"), "371600")).contains(city);
        assertThat(store.reportEntries(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"))).hasSize(3);
    }

    @Test
    void aDailyReportGeneratedAgainReplacesTheOldOne() {
        store.saveReport(dailyReport("2026-11-30", "371600", 0, "{\"v\":1}"));
        StoredReport again = new StoredReport(LocalDate.parse("2026-11-30"), "371600", T0.plusSeconds(3_600), "dispatcher",
                "{\"v\":2}");
        store.saveReport(again);
        assertThat(store.report(LocalDate.parse("2026-11-30"), "371600")).contains(again);
        assertThat(store.reportEntries(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-11-30")))
                .containsExactly(again.entry());
    }
}

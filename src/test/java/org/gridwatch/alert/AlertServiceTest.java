package org.gridwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.store.Store;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/** Alerts raised while the store refuses writes are still told, and stored once it takes them. */
class AlertServiceTest {
    private static final Set<String> WRITES = Set.of("insertAlert", "ackAlert", "ackAlerts");

    @TempDir
    Path dir;
    GeoPackageStore real;
    /** The store as the service sees it: refuses alert writes while {@link #down}. */
    Store store;
    volatile boolean down;
    TestLanes lanes;
    AlertService alerts;
    final TestLanes.Recorder<AlertChange> told = TestLanes.recorder();
    /** The whole city: every alert here has no area, so any scope sees it. */
    static final Scope CITY = new Scope(new AdminArea("371600", "滨州市", AdminLevel.CITY, null,
            Geo.FACTORY.toGeometry(new Envelope(117, 119, 36, 39)), 0, 0, 0, null, true));

    @BeforeEach
    void open() {
        real = GeoPackageStore.open(dir.resolve("a.gpkg"), false);
        store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            if (down && WRITES.contains(m.getName())) {
                throw new StoreException(m.getName() + " failed: connection refused");
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        lanes = new TestLanes();
        alerts = new AlertService(store, Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC), lanes.writes,
                lanes.pipeline("alerts", told));
        alerts.load();
    }

    @AfterEach
    void close() throws Exception {
        lanes.close();
        real.close();
    }

    /** Raises an alert as a monitor does (on the state lane) and waits until its store write was tried. */
    Alert raise(String title) throws Exception {
        lanes.asStage(() -> alerts.raise("near_repeat", "warning", title, null, null, 118.0, 37.4));
        Alert a = told.seen.get(told.seen.size() - 1).after();
        lanes.quiesce();
        return a;
    }

    List<String> storedTitles() {
        return store.loadAlerts(Instant.EPOCH).stream().map(Alert::title).toList();
    }

    @Test
    void raisedDuringAnOutageAreToldThenStoredInOrderWithTheirAcknowledgement() throws Exception {
        raise("before");
        down = true;
        Alert a = raise("during 1");
        Alert b = raise("during 2");
        assertThat(told.seen).extracting(c -> c.after().title()).containsExactly("before", "during 1", "during 2");
        assertThat(alerts.list(CITY, false, null, 10)).extracting(Alert::title)
                .containsExactly("during 2", "during 1", "before");
        assertThat(alerts.unsavedCount()).isEqualTo(2);
        assertThat(storedTitles()).containsExactly("before");

        alerts.ack(CITY, a.id(), "值班员").get();               // held with the alert
        assertThat(alerts.storeUnsaved().get()).isEqualTo(2);          // still down: nothing stored
        // a stored alert's acknowledgement is a person's write: it fails while the store does
        long first = alerts.list(CITY, false, null, 10).get(2).id();
        assertThatThrownBy(() -> alerts.ack(CITY, first, "值班员").get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class);

        down = false;
        assertThat(alerts.storeUnsaved().get()).isZero();
        assertThat(alerts.unsavedCount()).isZero();
        List<Alert> stored = store.loadAlerts(Instant.EPOCH);
        assertThat(stored).extracting(Alert::title).containsExactly("before", "during 1", "during 2");
        assertThat(stored.get(1).ackedBy()).isEqualTo("值班员");
        assertThat(stored.get(2).id()).isEqualTo(b.id());
        assertThat(stored.get(2).acknowledged()).isFalse();
    }

    @Test
    void theNextRaiseAfterTheOutageStoresTheHeldOnesFirst() throws Exception {
        down = true;
        raise("held");
        down = false;
        raise("after");
        assertThat(storedTitles()).containsExactly("held", "after");
        assertThat(alerts.unsavedCount()).isZero();
        // and a restarted service sees them all, with the next id after them
        TestLanes.Recorder<AlertChange> toldAgain = TestLanes.recorder();
        AlertService again = new AlertService(store, Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC),
                lanes.writes, lanes.pipeline("alerts again", toldAgain));
        assertThat(again.load()).isEqualTo(2);
        lanes.asStage(() -> again.raise("k", "info", "next", null, null, null, null));
        assertThat(toldAgain.seen.get(0).after().id()).isEqualTo(3);
        assertThat(toldAgain.seen.get(0).before()).isNull();
    }

    @Test
    void anAlertWhoseFailedInsertHadCommittedIsNotStoredTwice() throws Exception {
        down = true;
        Alert a = raise("committed anyway");
        real.insertAlert(a);                    // the refused write had reached the database after all
        down = false;
        assertThat(alerts.storeUnsaved().get()).isZero();
        assertThat(storedTitles()).containsExactly("committed anyway");
    }

    /** Raises an alert of {@code kind} in grid {@code grid} of the WKT city, as a monitor does. */
    Alert raiseIn(String kind, String grid) throws Exception {
        lanes.asStage(() -> alerts.raise(kind, "warning", kind + "@" + grid, null, grid, null, null));
        Alert a = told.seen.get(told.seen.size() - 1).after();
        lanes.quiesce();
        return a;
    }

    @Test
    void aGroupIsAcknowledgedAtOnceWithinTheScopeOnly() throws Exception {
        AreaHierarchy city = WktCity.hierarchy();
        AlertGroups groups = new AlertGroups(city);
        Alert jia1 = raiseIn("post_unstaffed", "371602001001001");
        Alert jia2 = raiseIn("post_unstaffed", "371602001001003");
        Alert yi = raiseIn("post_unstaffed", "371603001001001");
        Alert other = raiseIn("grid_uncovered", "371602001001001");
        down = true;
        Alert held = raiseIn("post_unstaffed", "371602001001002");   // told, not stored yet
        down = false;
        long version = alerts.version();
        int toldBefore = told.seen.size();
        // The city-wide group of 甲区 asked by a dispatcher of 甲街道 only (the same ground here) …
        Scope jia = new Scope(city.find("371602001").orElseThrow());
        var key = AlertGroups.Key.parse("post_unstaffed.county.371602");
        List<Alert> acked = alerts.ackAll(jia, groups.members(key), "值班长刘洋").get();
        assertThat(acked).extracting(Alert::id).containsExactly(jia1.id(), jia2.id(), held.id());
        assertThat(acked).allSatisfy(a -> assertThat(a.ackedBy()).isEqualTo("值班长刘洋"));
        assertThat(told.seen.subList(toldBefore, told.seen.size())).extracting(c -> c.after().id(), c -> c.before().acknowledged())
                .containsExactly(tuple(jia1.id(), false),
                        tuple(jia2.id(), false), tuple(held.id(), false));
        assertThat(alerts.version()).isGreaterThan(version);
        // … touches nothing else: not 乙区's alert of the same kind, not 甲区's other kind.
        assertThat(alerts.list(new Scope(city.city()), true, null, 10)).extracting(Alert::id)
                .containsExactly(other.id(), yi.id());
        // Stored in one go; the held one with its acknowledgement once the store takes it.
        assertThat(alerts.storeUnsaved().get()).isZero();
        assertThat(store.loadAlerts(Instant.EPOCH)).filteredOn(Alert::acknowledged).extracting(Alert::id)
                .containsExactlyInAnyOrder(jia1.id(), jia2.id(), held.id());
        // Nothing left open in the group: nothing to do.
        assertThat(alerts.ackAll(jia, groups.members(key), "值班长刘洋").get()).isEmpty();
    }

    @Test
    void aGroupAcknowledgementTheStoreRefusesChangesNothing() throws Exception {
        AreaHierarchy city = WktCity.hierarchy();
        AlertGroups groups = new AlertGroups(city);
        raiseIn("post_unstaffed", "371602001001001");
        raiseIn("post_unstaffed", "371602001001003");
        down = true;
        Scope all = new Scope(city.city());
        var key = AlertGroups.Key.parse("post_unstaffed.county.371602");
        assertThatThrownBy(() -> alerts.ackAll(all, groups.members(key), "值班员").get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreException.class);
        down = false;
        assertThat(alerts.list(all, true, null, 10)).hasSize(2);
        assertThat(store.loadAlerts(Instant.EPOCH)).noneMatch(Alert::acknowledged);
    }
}

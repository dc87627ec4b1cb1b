package org.gridwatch.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.TestUnits;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DailyHistory} over the WKT city: two posts (one staffed on time, one missed), a key place
 * with two patrol slots (one seen), one grid visited of six; the figures per area, their writes
 * through the commit queue (the running day as it goes, the ended day complete) and a restart
 * that adds what it measures to what was stored before it.
 */
class DailyHistoryTest {
    static final GridIndex GRIDS = GridIndex.build(WktCity.hierarchy());
    /** Friday 2026-11-27, a school day. */
    static final LocalDate DAY = LocalTimes.FRIDAY;
    static final double GATE_LON = WktCity.lon(0.5);
    static final double GATE_LAT = WktCity.lat(0.75);
    static final List<DutyWindow> MORNING = List.of(new DutyWindow(LocalTime.of(7, 10), LocalTime.of(7, 50)));
    /** In 甲区 / 甲街道, grid 371602001001001; staffed by unit A. */
    static final SchoolPost JIA = new SchoolPost("SP1", "甲小学", SchoolKind.PRIMARY, Geo.point(GATE_LON, GATE_LAT), 100,
            MORNING, 1, "371602001001001", "371602", true);
    /** In 乙区 / 乙镇; nobody comes. */
    static final SchoolPost YI = new SchoolPost("SP2", "乙小学", SchoolKind.PRIMARY, Geo.point(WktCity.lon(2.2),
            WktCity.lat(0.2)), 100, MORNING, 1, "371603001001001", "371603", true);
    /** At the 甲 gate, 19:00–21:00 every 60 min: two slots. */
    static final KeyPlace MARKET = new KeyPlace("KP1", "甲夜市", KeyPlaceKind.NIGHT_MARKET, Geo.point(GATE_LON, GATE_LAT),
            List.of(new KeyPeriod(LocalTime.of(19, 0), LocalTime.of(21, 0))), 60, "371602001001001", "371602", true);

    /** An in-memory store of the history. */
    static final class Rows implements HistoryStore {
        final Map<String, DailyFigures> rows = new TreeMap<>();
        int writes;
        boolean down;

        @Override
        public synchronized void upsertDailyFigures(List<DailyFigures> figures) {
            if (down) {
                throw new org.gridwatch.error.StoreException("the store is down");
            }
            writes++;
            figures.forEach(f -> rows.put(f.day() + " " + f.areaCode(), f));
        }

        @Override
        public synchronized List<DailyFigures> dailyFigures(String areaCode, LocalDate from, LocalDate to) {
            return rows.values().stream().filter(f -> f.areaCode().equals(areaCode) && !f.day().isBefore(from)
                    && !f.day().isAfter(to)).toList();
        }

        @Override
        public synchronized List<DailyFigures> dailyFigures(LocalDate day) {
            return rows.values().stream().filter(f -> f.day().equals(day)).toList();
        }

        synchronized DailyFigures get(LocalDate day, String area) {
            return rows.get(day + " " + area);
        }
    }

    final TestLanes lanes = new TestLanes();
    final Rows store = new Rows();
    final List<String> alerts = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        lanes.close();
    }

    /** The monitors and the history of a server started at {@code since}. */
    private record Server(PostDutyMonitor posts, KeyPlaceMonitor places, CoverageIndex coverage, DailyHistory history) {
        void apply(List<UnitChange> changes, Instant t) {
            coverage.apply(changes);
            posts.apply(changes, t);
            places.apply(changes, t);
        }

        void tick(Instant t) {
            posts.tick(t);
            places.tick(t);
        }
    }

    private Server start(Instant since) {
        PostDutyMonitor posts = new PostDutyMonitor(List.of(JIA, YI), GRIDS.hierarchy(),
                (kind, severity, title, detail, area, lon, lat) -> alerts.add(title), Duration.ofMinutes(5),
                Duration.ofMinutes(5), since, LocalTimes.ZONE, SchoolCalendar.defaults());
        KeyPlaceMonitor places = new KeyPlaceMonitor(List.of(MARKET), GRIDS.hierarchy(), 100, since, LocalTimes.ZONE);
        CoverageIndex coverage = new CoverageIndex(GRIDS, LocalTimes.ZONE);
        return new Server(posts, places, coverage, new DailyHistory(posts, places, coverage, LocalTimes.ZONE, store,
                lanes.writes, since, store.dailyFigures(LocalDate.ofInstant(since, LocalTimes.ZONE))));
    }

    static Instant at(String time) {
        return LocalTimes.at(DAY, time);
    }

    /** A Friday: unit A at the 甲 gate from 07:05 (on time), back at 19:30 (one slot of two seen). */
    private void friday(Server s, TestUnits units) {
        s.apply(units.report("A", 10, at("07:05")), at("07:05"));
        for (String t : new String[] {"07:10", "07:15", "07:16", "12:00"}) {
            s.tick(at(t));
        }
        s.apply(units.report("A", 20, at("19:30")), at("19:30"));
        s.tick(at("21:00"));
    }

    static DailyFigures row(List<DailyFigures> rows, String area) {
        return rows.stream().filter(f -> f.areaCode().equals(area)).findFirst().orElseThrow();
    }

    @Test
    void figuresPerAreaFromTheMonitors() {
        Server s = start(at("06:00"));
        friday(s, new TestUnits(GATE_LON, GATE_LAT));
        List<DailyFigures> rows = s.history().measure(DAY, at("22:00"), false);
        assertThat(rows).extracting(DailyFigures::areaCode).containsExactly("371600", "371602", "371603", "371602001",
                "371603001");
        DailyFigures city = row(rows, "371600");
        assertThat(city.level()).isEqualTo(AdminLevel.CITY);
        assertThat(List.of(city.windowsDecided(), city.windowsOnTime(), city.windowsMissed())).containsExactly(2, 1, 1);
        assertThat(city.onPostRate()).isEqualTo(0.5);
        assertThat(List.of(city.slots(), city.slotsSeen())).containsExactly(2, 1);
        assertThat(List.of(city.grids(), city.gridsVisited())).containsExactly(6, 1);
        DailyFigures jia = row(rows, "371602001");
        assertThat(jia.level()).isEqualTo(AdminLevel.TOWNSHIP);
        assertThat(List.of(jia.windowsDecided(), jia.windowsOnTime(), jia.slots(), jia.slotsSeen(), jia.grids(),
                jia.gridsVisited())).containsExactly(1, 1, 2, 1, 4, 1);
        assertThat(jia.visibilityRate()).isEqualTo(0.5);
        DailyFigures yi = row(rows, "371603");
        assertThat(List.of(yi.windowsDecided(), yi.windowsOnTime(), yi.windowsMissed(), yi.slots(), yi.gridsVisited()))
                .containsExactly(1, 0, 1, 0, 0);
        assertThat(yi.onPostRate()).isZero();
        assertThat(yi.visibilityRate()).as("no key place: no rate").isNull();
        assertThat(alerts).containsExactly("乙小学护学岗未到岗");
        // Saturday: no school, no slot yet, no visit.
        DailyFigures saturday = row(s.history().measure(DAY.plusDays(1), at("22:00"), false), "371600");
        assertThat(List.of(saturday.windowsDecided(), saturday.slots(), saturday.gridsVisited())).containsExactly(0, 0, 0);
        assertThat(saturday.onPostRate()).isNull();
    }

    private void tick(Server s, Instant t) throws Exception {
        lanes.asStage(() -> s.history().tick(t));
        lanes.quiesce();
    }

    @Test
    void writesTheRunningDayAsItGoesAndTheEndedDayComplete() throws Exception {
        Server s = start(at("06:00"));
        tick(s, at("06:00"));
        assertThat(store.get(DAY, "371600").gridsVisited()).isZero();
        friday(s, new TestUnits(GATE_LON, GATE_LAT));
        tick(s, at("21:01"));
        DailyFigures city = store.get(DAY, "371600");
        assertThat(List.of(city.windowsDecided(), city.windowsOnTime(), city.slotsSeen(), city.gridsVisited()))
                .containsExactly(2, 1, 1, 1);
        assertThat(city.complete()).isFalse();
        int writes = store.writes;
        tick(s, at("21:02"));
        assertThat(store.writes).as("not due yet").isEqualTo(writes);
        tick(s, at("21:30"));
        assertThat(store.writes).as("due, but nothing changed").isEqualTo(writes);

        // Saturday runs; Friday stays open through it (a key period may cross midnight), then is complete.
        Instant saturday = LocalTimes.at(DAY.plusDays(1), "10:00");
        tick(s, saturday);
        assertThat(store.get(DAY, "371600").complete()).isFalse();
        assertThat(store.get(DAY.plusDays(1), "371600")).isNotNull();
        assertThat(s.history().openDays(saturday)).containsExactly(DAY, DAY.plusDays(1));
        Instant sunday = LocalTimes.at(DAY.plusDays(2), "00:01");
        tick(s, sunday);
        DailyFigures done = store.get(DAY, "371600");
        assertThat(done.complete()).isTrue();
        assertThat(List.of(done.windowsDecided(), done.windowsOnTime(), done.slots(), done.slotsSeen(), done.gridsVisited()))
                .containsExactly(2, 1, 2, 1, 1);
        assertThat(s.history().openDays(sunday)).containsExactly(DAY.plusDays(1), DAY.plusDays(2));
    }

    @Test
    void aRestartMidDayAddsWhatItMeasuresToWhatWasStored() throws Exception {
        Server first = start(at("06:00"));
        TestUnits units = new TestUnits(GATE_LON, GATE_LAT);
        first.apply(units.report("A", 10, at("07:05")), at("07:05"));
        first.tick(at("07:16"));
        first.history().flush(at("12:00")).get(30, TimeUnit.SECONDS);
        assertThat(store.get(DAY, "371600").windowsDecided()).isEqualTo(2);

        // Restarted at 18:00: the morning's windows are not monitored again, the evening's slots are.
        Server second = start(at("18:00"));
        second.apply(units.report("A", 20, at("19:30")), at("19:30"));
        second.tick(at("21:00"));
        second.history().flush(at("21:05")).get(30, TimeUnit.SECONDS);
        DailyFigures city = store.get(DAY, "371600");
        assertThat(List.of(city.windowsDecided(), city.windowsOnTime(), city.windowsMissed(), city.slots(), city.slotsSeen(),
                city.gridsVisited())).containsExactly(2, 1, 1, 2, 1, 1);
        assertThat(row(second.history().measure(DAY, at("21:05"), false), "371602001").windowsOnTime()).isEqualTo(1);
    }

    @Test
    void anEndedDayWhoseWriteFailedIsWrittenCompleteAtALaterTick() throws Exception {
        Server s = start(at("06:00"));
        friday(s, new TestUnits(GATE_LON, GATE_LAT));
        tick(s, at("21:01"));
        store.down = true;
        Instant sunday = LocalTimes.at(DAY.plusDays(2), "00:01");
        tick(s, sunday);
        assertThat(store.get(DAY, "371600").complete()).isFalse();
        assertThat(s.history().openDays(sunday)).as("still open: not stored").startsWith(DAY);
        store.down = false;
        tick(s, sunday.plusSeconds(60));
        assertThat(store.get(DAY, "371600").complete()).isTrue();
        assertThat(store.get(DAY, "371600").windowsDecided()).isEqualTo(2);
        assertThat(s.history().openDays(sunday)).doesNotContain(DAY);
    }
}

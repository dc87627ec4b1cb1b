package org.gridwatch.post;

import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.testsupport.PatrolStream;
import org.gridwatch.testsupport.TestUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.post.PostDutyMonitorTest.AREAS;
import static org.gridwatch.post.PostDutyMonitorTest.FRIDAY;
import static org.gridwatch.post.PostDutyMonitorTest.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitStatus;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyPlaceMonitor}: a seeded random night (key periods crossing midnight) checked against a
 * brute-force recount from every visit, and focused cases (overdue edge, radius, off duty,
 * status changes, slots across midnight).
 */
class KeyPlaceMonitorTest {
    static final double RADIUS = 100;

    /** A visit as the rules define it: place, fix time, and when it was processed. */
    record Visit(int place, Instant fix, Instant processed) {
    }

    @Test
    void matchesABruteForceRecountOfVisits() {
        Random r = new Random(371600);
        List<KeyPlace> places = new ArrayList<>();
        List<PatrolStream.Spot> spots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double lon = (i % 2 == 0 ? 118.5 : 120.5) + r.nextDouble() * 0.004;
            double lat = 37.5 + r.nextDouble() * 0.004;
            LocalTime a = LocalTime.of(18, 0).plusMinutes(10L * r.nextInt(31));
            List<KeyPeriod> periods = new ArrayList<>(List.of(new KeyPeriod(a, a.plusMinutes(30 + 10L * r.nextInt(22)))));
            if (r.nextBoolean()) {
                periods.add(new KeyPeriod(LocalTime.of(5, 30), LocalTime.of(6, 40)));
            }
            places.add(new KeyPlace("KP" + i, "重点" + i, KeyPlaceKind.NIGHT_MARKET, Geo.point(lon, lat), periods,
                    10 + r.nextInt(31), "371602001001001", i % 2 == 0 ? "371602" : "371603", true));
            spots.add(new PatrolStream.Spot(lon, lat, RADIUS));
        }
        Instant since = at(FRIDAY, "18:00");
        KeyPlaceMonitor m = new KeyPlaceMonitor(places, AREAS, RADIUS, since, LocalTimes.ZONE);
        PatrolStream stream = new PatrolStream(r, 8, spots, new double[] {118.49, 37.49, 120.51, 37.51});
        List<Visit> visits = new ArrayList<>();
        Instant t = since.plusSeconds(1);
        Instant stop = at(FRIDAY.plusDays(1), "07:00");
        int checks = 0;
        while (t.isBefore(stop)) {
            if (r.nextInt(6) == 0) {
                m.tick(t);
                for (int i = 0; i < places.size(); i++) {
                    assertThat(m.statuses().get(i)).as("place %d at %s", i, t).isEqualTo(expected(places.get(i), i, visits, since, t));
                }
                if (checks++ % 10 == 0) {
                    LocalDate today = LocalDate.ofInstant(t, LocalTimes.ZONE);
                    assertRates(m, places, visits, since, today, t);
                    assertRates(m, places, visits, since, today.minusDays(1), t);
                }
            } else {
                Instant now = t;
                List<UnitChange> batch = stream.changes(t, 3, Duration.ofSeconds(50)).changes();
                for (UnitChange c : batch) {
                    Position p = c.after().lastPosition();
                    if (p == null || c.after().status() == UnitStatus.OFF_DUTY || (c.before() != null
                            && p.equals(c.before().lastPosition()))) {
                        continue;
                    }
                    for (int i = 0; i < places.size(); i++) {
                        KeyPlace kp = places.get(i);
                        if (Geodesy.distance(kp.location().getX(), kp.location().getY(), p.lon(), p.lat()) <= RADIUS) {
                            visits.add(new Visit(i, p.time(), now));
                        }
                    }
                }
                m.apply(batch, t);
            }
            t = t.plusSeconds(5 + r.nextInt(55));
        }
        assertThat(checks).isGreaterThan(100);
        assertThat(visits.size()).isGreaterThan(200);
        for (LocalDate day : List.of(FRIDAY.minusDays(1), FRIDAY, FRIDAY.plusDays(1))) {
            assertRates(m, places, visits, since, day, t);
        }
        assertThat(m.visibilityRate(FRIDAY.minusDays(1), t).get(2).slots()).isZero(); // all before monitoring began
        assertThat(m.visibilityRate(FRIDAY.minusDays(2), t)).isEmpty();
        assertThat(m.visibilityRate(FRIDAY, t).get(2).slots()).isGreaterThan(20);
    }

    /** The status of a place after a tick at {@code now}, recomputed from every visit processed so far. */
    static KeyPlaceStatus expected(KeyPlace kp, int i, List<Visit> visits, Instant since, Instant now) {
        Instant last = visits.stream().filter(v -> v.place() == i && !v.processed().isAfter(now)).map(Visit::fix)
                .max(Instant::compareTo).orElse(null);
        Instant start = null;
        Instant end = null;
        for (LocalDate d = LocalDate.ofInstant(now, LocalTimes.ZONE).minusDays(1);
             !d.isAfter(LocalDate.ofInstant(now, LocalTimes.ZONE)); d = d.plusDays(1)) {
            for (KeyPeriod p : kp.keyPeriods()) {
                Instant s = at(d, p.start().toString());
                Instant e = at(p.crossesMidnight() ? d.plusDays(1) : d, p.end().toString());
                if (!s.isAfter(now) && e.isAfter(now) && (start == null || s.isBefore(start))) {
                    start = s;
                    end = e;
                }
            }
        }
        Instant dueBy = null;
        if (start != null) {
            Instant anchor = start;
            for (Instant x : new Instant[] {since, last}) {
                if (x != null && x.isAfter(anchor)) {
                    anchor = x;
                }
            }
            dueBy = anchor.plusSeconds(60L * kp.patrolIntervalMinutes());
        }
        return new KeyPlaceStatus(kp.id(), kp.name(), kp.kind(), kp.countyCode(), kp.gridCode(), kp.location().getX(),
                kp.location().getY(), kp.patrolIntervalMinutes(), start != null, start, end, last, dueBy,
                dueBy != null && !now.isBefore(dueBy));
    }

    /** Slot counts per county and city, recounted by scanning every visit for every completed slot. */
    static void assertRates(KeyPlaceMonitor m, List<KeyPlace> places, List<Visit> visits, Instant since, LocalDate day,
                            Instant now) {
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < places.size(); i++) {
            KeyPlace kp = places.get(i);
            for (KeyPeriod p : kp.keyPeriods()) {
                Instant start = at(day, p.start().toString());
                Instant end = at(p.crossesMidnight() ? day.plusDays(1) : day, p.end().toString());
                for (int j = 0; ; j++) {
                    Instant s = start.plusSeconds(60L * j * kp.patrolIntervalMinutes());
                    if (!s.isBefore(end)) {
                        break;
                    }
                    Instant e = s.plusSeconds(60L * kp.patrolIntervalMinutes());
                    Instant slotEnd = e.isBefore(end) ? e : end;
                    if (s.isBefore(since) || slotEnd.isAfter(now)) {
                        continue;
                    }
                    int place = i;
                    boolean seen = visits.stream().anyMatch(v -> v.place() == place && !v.fix().isBefore(s)
                            && v.fix().isBefore(slotEnd) && !v.processed().isAfter(now));
                    for (String key : List.of(kp.countyCode(), "371600")) {
                        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
                        c[0]++;
                        c[1] += seen ? 1 : 0;
                    }
                }
            }
        }
        List<KeyPlaceMonitor.VisibilityRate> rates = m.visibilityRate(day, now);
        assertThat(rates).hasSize(3);
        for (KeyPlaceMonitor.VisibilityRate rate : rates) {
            int[] c = counts.getOrDefault(rate.area().code(), new int[2]);
            assertThat(new int[] {rate.slots(), rate.seen()}).as("%s on %s at %s", rate.area().code(), day, now)
                    .containsExactly(c);
        }
    }

    // ------------------------------------------------------------------ focused cases

    /** A night market 19:00–23:00 and 23:30–01:30, every 60 minutes, in county 371602. */
    static final KeyPlace MARKET = new KeyPlace("KP1", "渤海七路夜市", KeyPlaceKind.NIGHT_MARKET, Geo.point(118.5, 37.5),
            List.of(new KeyPeriod(LocalTime.of(19, 0), LocalTime.of(23, 0)),
                    new KeyPeriod(LocalTime.of(23, 30), LocalTime.of(1, 30))),
            60, "371602001001001", "371602", true);

    final TestUnits units = new TestUnits(118.5, 37.5);

    @Test
    void aPlaceIsOverdueOneIntervalAfterItsLastVisitOrThePeriodStart() {
        KeyPlaceMonitor m = new KeyPlaceMonitor(List.of(MARKET), AREAS, RADIUS, at(FRIDAY, "12:00"), LocalTimes.ZONE);
        assertThat(m.statuses().get(0).inPeriod()).isFalse();
        assertThat(m.statuses().get(0).dueBy()).isNull();
        m.tick(at(FRIDAY, "19:59:59"));
        assertThat(m.statuses().get(0).inPeriod()).isTrue();
        assertThat(m.statuses().get(0).dueBy()).isEqualTo(at(FRIDAY, "20:00"));
        assertThat(m.statuses().get(0).overdue()).isFalse();
        m.tick(at(FRIDAY, "20:00"));
        assertThat(m.statuses().get(0).overdue()).isTrue();
        assertThat(m.currentVisibility().get(2).inPeriod()).isEqualTo(1);
        assertThat(m.currentVisibility().get(2).inTime()).isZero();
        m.apply(units.report("A", 99.9, at(FRIDAY, "20:10")), at(FRIDAY, "20:10:05"));
        KeyPlaceStatus s = m.statuses().get(0);
        assertThat(s.overdue()).isFalse();
        assertThat(s.lastVisit()).isEqualTo(at(FRIDAY, "20:10"));
        assertThat(s.dueBy()).isEqualTo(at(FRIDAY, "21:10"));
        assertThat(m.currentVisibility().get(0).rate()).isEqualTo(1.0);
    }

    @Test
    void onlyNewOnDutyFixesWithinTheRadiusAreVisits() {
        KeyPlaceMonitor m = new KeyPlaceMonitor(List.of(MARKET), AREAS, RADIUS, at(FRIDAY, "19:00"), LocalTimes.ZONE);
        m.apply(units.report("A", 100.1, at(FRIDAY, "19:05")), at(FRIDAY, "19:05"));
        m.apply(units.report("B", 50, at(FRIDAY, "19:06")), at(FRIDAY, "19:06"));
        m.apply(units.status("B", UnitStatus.OFF_DUTY), at(FRIDAY, "19:07"));
        m.apply(units.report("B", 50, at(FRIDAY, "19:30")), at(FRIDAY, "19:30")); // off duty
        m.apply(units.status("B", UnitStatus.BUSY), at(FRIDAY, "20:30"));          // not a new fix
        m.apply(units.report("A", 100.1, at(FRIDAY, "20:40")), at(FRIDAY, "20:40"));
        m.apply(units.report("C", 100.0 - 1e-6, at(FRIDAY, "21:59:59")), at(FRIDAY, "22:00:10")); // boundary, late fix
        m.tick(at(FRIDAY, "23:00"));
        assertThat(m.statuses().get(0).lastVisit()).isEqualTo(at(FRIDAY, "21:59:59"));
        KeyPlaceMonitor.VisibilityRate city = m.visibilityRate(FRIDAY, at(FRIDAY, "23:00")).get(2);
        assertThat(city.slots()).isEqualTo(4);
        assertThat(city.seen()).isEqualTo(2); // 19–20 (B at 19:06) and 21–22 (C at 21:59:59)
        assertThat(city.rate()).isEqualTo(0.5);
    }

    @Test
    void aPeriodCrossingMidnightBelongsToTheDayItStarts() {
        KeyPlaceMonitor m = new KeyPlaceMonitor(List.of(MARKET), AREAS, RADIUS, at(FRIDAY, "23:00"), LocalTimes.ZONE);
        m.apply(units.report("A", 0, at(FRIDAY, "23:45")), at(FRIDAY, "23:45"));
        m.tick(at(FRIDAY.plusDays(1), "01:00"));
        assertThat(m.statuses().get(0).periodStart()).isEqualTo(at(FRIDAY, "23:30"));
        assertThat(m.statuses().get(0).periodEnd()).isEqualTo(at(FRIDAY.plusDays(1), "01:30"));
        m.apply(units.report("A", 0, at(FRIDAY.plusDays(1), "01:29:59")), at(FRIDAY.plusDays(1), "01:30:30"));
        m.tick(at(FRIDAY.plusDays(1), "01:30"));
        assertThat(m.statuses().get(0).inPeriod()).isFalse();
        Instant now = at(FRIDAY.plusDays(1), "02:00");
        KeyPlaceMonitor.VisibilityRate friday = m.visibilityRate(FRIDAY, now).get(2);
        assertThat(friday.slots()).isEqualTo(2); // 23:30–00:30, 00:30–01:30; 19:00–23:00 is before monitoring
        assertThat(friday.seen()).isEqualTo(2);
        assertThat(m.visibilityRate(FRIDAY.plusDays(1), now).get(2).slots()).isZero();
    }
}

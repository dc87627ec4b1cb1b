package org.gridwatch.post;

import org.gridwatch.alert.AlertSink;
import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.testsupport.PatrolStream;
import org.gridwatch.testsupport.TestUnits;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/**
 * {@link PostDutyMonitor}: a seeded random stream checked against a brute-force replay of the
 * rules, and focused cases at the edges (grace, radius, late arrival, off duty, stale fixes,
 * weekends, restarts).
 */
class PostDutyMonitorTest {
    static final AreaHierarchy AREAS = WktCity.hierarchy();
    /** Friday 2026-11-27 and the following Monday, Asia/Shanghai. */
    static final LocalDate FRIDAY = LocalTimes.FRIDAY;
    static final Duration GRACE = Duration.ofMinutes(5);

    static Instant at(LocalDate day, String time) {
        return LocalTimes.at(day, time);
    }

    /** One raised alert and the time the test was at when it was raised. */
    record Raised(String severity, String title, String areaCode, double lon, double lat, Instant at) {
    }

    /** Collects alerts, stamped with the test's current time. */
    static final class Alerts implements AlertSink {
        final List<Raised> raised = new ArrayList<>();
        Instant now;

        @Override
        public void raise(String kind, String severity, String title, String detail, String areaCode, Double lon, Double lat) {
            assertThat(kind).isEqualTo(PostDutyMonitor.ALERT_KIND);
            raised.add(new Raised(severity, title, areaCode, lon, lat, now));
        }
    }

    // ------------------------------------------------------------------ brute force

    @Test
    void matchesABruteForceReplayOfTheRules() {
        Random r = new Random(20261127);
        List<SchoolPost> posts = new ArrayList<>();
        List<PatrolStream.Spot> spots = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double lon = (i % 2 == 0 ? 118.5 : 120.5) + r.nextDouble() * 0.004;
            double lat = 37.5 + r.nextDouble() * 0.004;
            double radius = 60 + r.nextInt(90);
            LocalTime s1 = LocalTime.of(7, 0).plusMinutes(r.nextInt(60));
            LocalTime s2 = LocalTime.of(8, 30).plusMinutes(r.nextInt(30));
            List<DutyWindow> windows = List.of(new DutyWindow(s1, s1.plusMinutes(20 + r.nextInt(20))),
                    new DutyWindow(s2, s2.plusMinutes(3 + r.nextInt(40))));
            posts.add(new SchoolPost("SP" + i, "第" + i + "小学", SchoolKind.PRIMARY, Geo.point(lon, lat), radius, windows,
                    1 + r.nextInt(3), i % 2 == 0 ? "371602001001001" : "371603001001001", i % 2 == 0 ? "371602" : "371603",
                    true));
            spots.add(new PatrolStream.Spot(lon, lat, radius));
        }
        Duration maxFixAge = Duration.ofSeconds(60);
        Instant since = at(FRIDAY, "06:00");
        Alerts alerts = new Alerts();
        PostDutyMonitor m = new PostDutyMonitor(posts, AREAS, alerts, GRACE, maxFixAge, since, LocalTimes.ZONE,
                LocalTimes.WEEKDAYS);
        Map<String, PostStatus> lastShown = new HashMap<>(); // post id + window start → last status told
        Runnable take = () -> m.takeChanges().forEach(c -> lastShown.put(c.after().postId() + "@" + c.after().windowStart(),
                c.after()));
        PatrolStream stream = new PatrolStream(r, 10, spots, new double[] {118.49, 37.49, 120.51, 37.51});
        List<LocalDate> days = List.of(FRIDAY, FRIDAY.plusDays(1), FRIDAY.plusDays(3));
        int ticksChecked = 0;
        for (LocalDate day : days) {
            Instant t = at(day, day.equals(FRIDAY) ? "06:00:01" : "06:30");
            Instant stop = at(day, "10:00");
            while (t.isBefore(stop)) {
                alerts.now = t;
                if (r.nextInt(7) == 0) {
                    stream.tick(t);
                    m.tick(t);
                    take.run();
                    for (int p = 0; p < posts.size(); p++) {
                        assertThat(m.statuses().get(p)).as("post %d after the tick at %s", p, t)
                                .isEqualTo(expectedStatus(posts.get(p), stream, maxFixAge, t));
                    }
                    ticksChecked++;
                } else {
                    m.apply(stream.changes(t, 4, Duration.ofSeconds(40)).changes(), t);
                    take.run();
                }
                t = t.plusSeconds(1 + r.nextInt(25));
            }
        }
        Instant end = at(FRIDAY.plusDays(3), "23:00");
        alerts.now = end;
        stream.tick(end);
        m.tick(end);
        take.run();
        assertThat(ticksChecked).isGreaterThan(200);

        Set<Raised> expectedAlerts = new HashSet<>();
        Map<DutyState, Integer> seenStates = new HashMap<>();
        for (LocalDate day : days) {
            Map<String, int[]> counts = new HashMap<>();
            for (SchoolPost p : posts) {
                if (!LocalTimes.WEEKDAYS.isSchoolDay(day, p.kind())) {
                    continue;
                }
                for (DutyWindow w : p.dutyWindows()) {
                    Run run = new Run(p, day, w);
                    Verdict v = verdict(run, stream, maxFixAge, end);
                    seenStates.merge(v.state(), 1, Integer::sum);
                    PostStatus told = lastShown.get(p.id() + "@" + run.start());
                    assertThat(told).as("%s %s", p.id(), run.start()).isNotNull();
                    assertThat(told.state()).as("final state of %s %s", p.id(), run.start()).isEqualTo(v.state());
                    assertThat(told.late()).isEqualTo(v.late());
                    assertThat(told.alerted()).isEqualTo(v.alerted());
                    if (v.alerted()) {
                        Instant due = stream.steps().stream().map(PatrolStream.Step::at).filter(s -> !s.isBefore(run.deadline()))
                                .findFirst().orElseThrow();
                        expectedAlerts.add(new Raised(v.maxBeforeDeadline() == 0 ? "critical" : "warning",
                                p.name() + "护学岗" + (v.maxBeforeDeadline() == 0 ? "未到岗" : "到岗不足"), p.gridCode(),
                                p.gate().getX(), p.gate().getY(), due));
                    }
                    for (String key : List.of(p.countyCode(), "371600")) {
                        int[] c = counts.computeIfAbsent(key, k -> new int[6]);
                        c[0]++;
                        c[1]++;
                        switch (v.state()) {
                            case STAFFED -> c[v.late() ? 3 : 2]++;
                            case UNDERSTAFFED -> c[4]++;
                            default -> c[5]++;
                        }
                    }
                }
            }
            List<PostDutyMonitor.PostRate> rates = m.onPostRate(day);
            assertThat(rates).hasSize(3);
            for (PostDutyMonitor.PostRate rate : rates) {
                int[] c = counts.getOrDefault(rate.area().code(), new int[6]);
                assertThat(new int[] {rate.windows(), rate.decided(), rate.onTime(), rate.late(), rate.understaffed(),
                        rate.missed()}).as("%s on %s", rate.area().code(), day).containsExactly(c);
            }
        }
        assertThat(new HashSet<>(alerts.raised)).isEqualTo(expectedAlerts);
        assertThat(alerts.raised).hasSameSizeAs(expectedAlerts); // exactly once per post and window
        assertThat(seenStates).containsKeys(DutyState.STAFFED, DutyState.UNDERSTAFFED, DutyState.MISSED);
        assertThat(m.onPostRate(FRIDAY.minusDays(1))).isEmpty();
    }

    /** A window of a post on a day, as the rules define it. */
    record Run(SchoolPost post, LocalDate day, DutyWindow window) {
        Instant start() {
            return at(day, window.start().toString());
        }

        Instant end() {
            return at(day, window.end().toString());
        }

        Instant deadline() {
            Instant d = start().plus(GRACE);
            return d.isBefore(end()) ? d : end();
        }
    }

    /** Brute-force outcome of a run as seen at {@code now}. */
    record Verdict(DutyState state, boolean late, boolean alerted, int maxBeforeDeadline) {
    }

    /** Units present at the post at {@code t}, recounted from every unit of the stream. */
    static int presence(SchoolPost p, PatrolStream stream, Duration maxFixAge, Instant t) {
        int n = 0;
        for (UnitRecord u : stream.stateAt(t).values()) {
            Position pos = u.lastPosition();
            if (u.status() != UnitStatus.OFF_DUTY && pos != null && !pos.time().isBefore(t.minus(maxFixAge))
                    && Geodesy.distance(p.gate().getX(), p.gate().getY(), pos.lon(), pos.lat()) <= p.radiusMetres()) {
                n++;
            }
        }
        return n;
    }

    /** The rules, literally: presence at the start and at every step inside the window up to {@code now}. */
    static Verdict verdict(Run run, PatrolStream stream, Duration maxFixAge, Instant now) {
        if (now.isBefore(run.start())) {
            return new Verdict(DutyState.PENDING, false, false, 0);
        }
        List<Instant> instants = new ArrayList<>();
        instants.add(run.start());
        instants.addAll(stream.timesBetween(run.start(), now.isBefore(run.end()) ? now.plusNanos(1) : run.end()));
        Instant firstFull = null;
        int max = 0;
        int maxBeforeDeadline = 0;
        for (Instant t : instants) {
            int n = presence(run.post(), stream, maxFixAge, t);
            max = Math.max(max, n);
            if (!t.isAfter(run.deadline())) {
                maxBeforeDeadline = Math.max(maxBeforeDeadline, n);
            }
            if (firstFull == null && n >= run.post().requiredStaff()) {
                firstFull = t;
            }
        }
        boolean decided = !now.isBefore(run.deadline());
        boolean onTime = firstFull != null && !firstFull.isAfter(run.deadline());
        boolean alerted = decided && !onTime;
        if (firstFull != null) {
            return new Verdict(DutyState.STAFFED, !onTime, alerted, maxBeforeDeadline);
        }
        if (!decided) {
            return new Verdict(DutyState.PENDING, false, false, maxBeforeDeadline);
        }
        return new Verdict(max > 0 ? DutyState.UNDERSTAFFED : DutyState.MISSED, false, true, maxBeforeDeadline);
    }

    /** The status the rules give a post right after a tick at {@code now}. */
    static PostStatus expectedStatus(SchoolPost p, PatrolStream stream, Duration maxFixAge, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, LocalTimes.ZONE);
        Run shown = null;
        if (LocalTimes.WEEKDAYS.isSchoolDay(day, p.kind())) {
            for (DutyWindow w : p.dutyWindows()) {
                Run run = new Run(p, day, w);
                if (shown == null || !run.start().isAfter(now)) {
                    shown = run;
                }
            }
        }
        int present = presence(p, stream, maxFixAge, now);
        if (shown == null) {
            return new PostStatus(p.id(), p.name(), p.countyCode(), p.gridCode(), p.gate().getX(), p.gate().getY(),
                    DutyState.NONE, present, p.requiredStaff(), null, null, false, false);
        }
        Verdict v = verdict(shown, stream, maxFixAge, now);
        return new PostStatus(p.id(), p.name(), p.countyCode(), p.gridCode(), p.gate().getX(), p.gate().getY(), v.state(),
                present, p.requiredStaff(), shown.start(), shown.end(), v.late(), v.alerted());
    }

    // ------------------------------------------------------------------ focused cases

    /** One post, two staff required within 100 m, windows 07:10–07:50 and 11:20–11:50. */
    static final SchoolPost POST = new SchoolPost("SP1", "实验小学", SchoolKind.PRIMARY, Geo.point(118.5, 37.5), 100,
            List.of(new DutyWindow(LocalTime.of(7, 10), LocalTime.of(7, 50)),
                    new DutyWindow(LocalTime.of(11, 20), LocalTime.of(11, 50))),
            2, "371602001001001", "371602", true);

    final Alerts alerts = new Alerts();
    final TestUnits units = new TestUnits(118.5, 37.5);

    PostDutyMonitor monitor(Instant since) {
        return new PostDutyMonitor(List.of(POST), AREAS, alerts, GRACE, Duration.ofMinutes(5), since,
                LocalTimes.ZONE, LocalTimes.WEEKDAYS);
    }

    void apply(PostDutyMonitor m, List<UnitChange> changes, Instant t) {
        alerts.now = t;
        m.apply(changes, t);
    }

    void tick(PostDutyMonitor m, Instant t) {
        alerts.now = t;
        m.tick(t);
    }

    @Test
    void unitsAtAPostDuringItsOpenWindowAreOnPostDutyAndFreeOtherwise() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        apply(m, units.report("A", 10, at(FRIDAY, "07:06")), at(FRIDAY, "07:06"));
        assertThat(m.onPostDuty("A")).as("at the gate before the window").isFalse();
        tick(m, at(FRIDAY, "07:10")); // the window opens
        assertThat(m.onPostDuty("A")).isTrue();
        apply(m, units.report("A", 500, at(FRIDAY, "07:20")), at(FRIDAY, "07:20")); // left the gate
        assertThat(m.onPostDuty("A")).isFalse();
        apply(m, units.report("A", 10, at(FRIDAY, "07:30")), at(FRIDAY, "07:30"));
        assertThat(m.onPostDuty("A")).isTrue();
        apply(m, units.status("A", UnitStatus.OFF_DUTY), at(FRIDAY, "07:31"));
        assertThat(m.onPostDuty("A")).as("off duty").isFalse();
        apply(m, units.status("A", UnitStatus.AVAILABLE), at(FRIDAY, "07:32"));
        apply(m, units.report("A", 10, at(FRIDAY, "07:33")), at(FRIDAY, "07:33"));
        assertThat(m.onPostDuty("A")).isTrue();
        tick(m, at(FRIDAY, "07:51")); // the window has ended: free again, though still at the gate
        assertThat(m.onPostDuty("A")).isFalse();
        assertThat(m.onPostDuty("nobody")).isFalse();
    }

    @Test
    void staffArrivingExactlyAtTheEndOfGraceAreOnTime() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        apply(m, units.report("A", 10, at(FRIDAY, "07:08")), at(FRIDAY, "07:08"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.PENDING);
        assertThat(m.statuses().get(0).windowStart()).isEqualTo(at(FRIDAY, "07:10"));
        tick(m, at(FRIDAY, "07:12"));
        assertThat(m.statuses().get(0).present()).isEqualTo(1);
        apply(m, units.report("A", 12, at(FRIDAY, "07:13")), at(FRIDAY, "07:13")); // keeps reporting: fresh
        apply(m, units.report("B", 20, at(FRIDAY, "07:15")), at(FRIDAY, "07:15"));
        tick(m, at(FRIDAY, "07:16"));
        PostStatus s = m.statuses().get(0);
        assertThat(s.state()).isEqualTo(DutyState.STAFFED);
        assertThat(s.late()).isFalse();
        assertThat(s.alerted()).isFalse();
        assertThat(alerts.raised).isEmpty();
        assertThat(m.onPostRate(FRIDAY).get(0).onTime()).isEqualTo(1);
    }

    @Test
    void lateStaffTurnTheWindowStaffedButLateAfterOneAlert() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        apply(m, units.report("A", 10, at(FRIDAY, "07:11")), at(FRIDAY, "07:11"));
        apply(m, units.report("B", 20, at(FRIDAY, "07:15:01")), at(FRIDAY, "07:15:01")); // one second after the deadline
        PostStatus s = m.statuses().get(0);
        assertThat(s.state()).isEqualTo(DutyState.STAFFED);
        assertThat(s.late()).isTrue();
        assertThat(s.alerted()).isTrue();
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("warning");
            assertThat(a.title()).isEqualTo("实验小学护学岗到岗不足");
            assertThat(a.areaCode()).isEqualTo("371602001001001");
            assertThat(a.lon()).isEqualTo(118.5);
            assertThat(a.at()).isEqualTo(at(FRIDAY, "07:15:01"));
        });
        tick(m, at(FRIDAY, "07:20"));
        tick(m, at(FRIDAY, "07:55"));
        assertThat(alerts.raised).hasSize(1);
        PostDutyMonitor.PostRate county = m.onPostRate(FRIDAY).get(0);
        assertThat(county.area().code()).isEqualTo("371602");
        assertThat(county.decided()).isEqualTo(1);
        assertThat(county.onTime()).isZero();
        assertThat(county.late()).isEqualTo(1);
        assertThat(county.windows()).isEqualTo(2);
    }

    @Test
    void nobodyAtTheDeadlineIsMissedAndAlertedOnce() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        tick(m, at(FRIDAY, "07:14:59"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.PENDING);
        assertThat(alerts.raised).isEmpty();
        tick(m, at(FRIDAY, "07:15"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.MISSED);
        assertThat(alerts.raised).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.title()).isEqualTo("实验小学护学岗未到岗");
        });
        tick(m, at(FRIDAY, "07:16"));
        apply(m, units.report("A", 0, at(FRIDAY, "07:30")), at(FRIDAY, "07:30"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.UNDERSTAFFED);
        apply(m, units.report("B", 0, at(FRIDAY, "07:50")), at(FRIDAY, "07:50")); // the window has ended
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.UNDERSTAFFED);
        assertThat(alerts.raised).hasSize(1);
        assertThat(m.onPostRate(FRIDAY).get(0).understaffed()).isEqualTo(1);
        assertThat(m.onPostRate(FRIDAY).get(2).area().code()).isEqualTo("371600");
    }

    @Test
    void theRadiusIsInclusiveAndGeodesic() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        apply(m, units.report("A", 99.9, at(FRIDAY, "07:12")), at(FRIDAY, "07:12"));
        apply(m, units.report("B", 100.1, at(FRIDAY, "07:12")), at(FRIDAY, "07:12:01"));
        assertThat(m.statuses().get(0).present()).isEqualTo(1);
        apply(m, units.report("B", 100.0 - 1e-6, at(FRIDAY, "07:13")), at(FRIDAY, "07:13"));
        assertThat(m.statuses().get(0).present()).isEqualTo(2);
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.STAFFED);
    }

    @Test
    void offDutyUnitsAndStaleFixesDoNotCount() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        apply(m, units.report("A", 5, at(FRIDAY, "07:00")), at(FRIDAY, "07:00")); // silent afterwards: stale from 07:05
        apply(m, units.report("C", 5, at(FRIDAY, "07:05")), at(FRIDAY, "07:05"));
        apply(m, units.status("C", UnitStatus.OFF_DUTY), at(FRIDAY, "07:06"));
        apply(m, units.report("B", 5, at(FRIDAY, "07:11")), at(FRIDAY, "07:11"));
        apply(m, units.report("C", 5, at(FRIDAY, "07:11")), at(FRIDAY, "07:11:30")); // off duty
        tick(m, at(FRIDAY, "07:15"));
        assertThat(m.statuses().get(0).present()).isEqualTo(1);
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.UNDERSTAFFED);
        apply(m, units.status("C", UnitStatus.BUSY), at(FRIDAY, "07:15:30"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.STAFFED); // busy is on duty
        assertThat(m.statuses().get(0).late()).isTrue();
    }

    @Test
    void weekendsHaveNoDuty() {
        PostDutyMonitor m = monitor(at(FRIDAY.plusDays(1), "06:00"));
        tick(m, at(FRIDAY.plusDays(1), "08:00"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.NONE);
        assertThat(m.statuses().get(0).windowStart()).isNull();
        assertThat(m.onPostRate(FRIDAY.plusDays(1)).get(2).windows()).isZero();
        tick(m, at(FRIDAY.plusDays(3), "07:00")); // Monday
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.PENDING);
        assertThat(m.statuses().get(0).windowStart()).isEqualTo(at(FRIDAY.plusDays(3), "07:10"));
        assertThat(alerts.raised).isEmpty();
    }

    @Test
    void windowsPastTheirDeadlineAtStartUpAreNotMonitored() {
        PostDutyMonitor m = monitor(at(FRIDAY, "07:30"));
        tick(m, at(FRIDAY, "07:31"));
        assertThat(m.statuses().get(0).state()).isEqualTo(DutyState.PENDING);
        assertThat(m.statuses().get(0).windowStart()).isEqualTo(at(FRIDAY, "11:20"));
        assertThat(alerts.raised).isEmpty();
        assertThat(m.onPostRate(FRIDAY).get(2).windows()).isEqualTo(1);
    }

    @Test
    void changeRecordsCarryOnlyChangedStatusesWithTheirBefore() {
        PostDutyMonitor m = monitor(at(FRIDAY, "06:00"));
        m.takeChanges();
        tick(m, at(FRIDAY, "06:30"));
        assertThat(m.takeChanges()).isEmpty();
        apply(m, units.report("A", 5, at(FRIDAY, "07:00")), at(FRIDAY, "07:00"));
        assertThat(m.takeChanges()).singleElement().satisfies(c -> {
            assertThat(c.before().present()).isZero();
            assertThat(c.after().present()).isEqualTo(1);
        });
        assertThat(m.takeChanges()).as("taken once").isEmpty();
        apply(m, units.report("A", 3000, at(FRIDAY, "07:01")), at(FRIDAY, "07:01"));
        assertThat(m.takeChanges()).singleElement().satisfies(c -> assertThat(c.after().present()).isZero());
        // a status that changes and changes back between two takes is no change
        apply(m, units.report("A", 5, at(FRIDAY, "07:02")), at(FRIDAY, "07:02"));
        apply(m, units.report("A", 3000, at(FRIDAY, "07:03")), at(FRIDAY, "07:03"));
        assertThat(m.takeChanges()).isEmpty();
    }
}

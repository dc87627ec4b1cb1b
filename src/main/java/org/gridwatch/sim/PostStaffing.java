package org.gridwatch.sim;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.post.SchoolPost;

/**
 * Who staffs which school post (护学岗), and whether they turn up.
 *
 * <p>Each post gets at most one unit of its own township from the roster (a security guard,
 * grid worker, police assistant or foot patrol, in that order of preference, each unit serving
 * one post), and dedicated school guards ({@link #guard}) for the rest of its required staff: the
 * demo roster (about 2,150 such units) is far smaller than the staff the 1,161 posts need (about
 * 3,500; the real city has 13,000 security guards), and taking every township unit to the gates
 * would empty the streets at school time.
 *
 * <p>Stateless apart from the plan it builds; thread-safe.
 */
final class PostStaffing {
    /** Kinds that may stand at a school gate, in order of preference. */
    private static final List<UnitKind> GATE_KINDS = List.of(UnitKind.SECURITY_GUARD, UnitKind.GRID_WORKER,
            UnitKind.POLICE_ASSISTANT, UnitKind.FOOT_PATROL);

    private PostStaffing() {
    }

    /**
     * A staffing plan.
     *
     * @param postOfUnit the post each staff member serves, by unit id, in post order
     * @param guards     dedicated school guards to add to the roster (ids from {@link #guardId})
     */
    record Plan(Map<String, SchoolPost> postOfUnit, List<Unit> guards) {
        Plan {
            postOfUnit = Collections.unmodifiableMap(new LinkedHashMap<>(postOfUnit));
            guards = List.copyOf(guards);
        }
    }

    /**
     * Whether one staff member turns up to one duty window.
     *
     * @param absent        true when they do not come at all
     * @param offsetMinutes when they mean to be at the gate, minutes after the window start:
     *                      negative (2–8 minutes early) when on time, 7–20 when late
     */
    record Attendance(boolean absent, int offsetMinutes) {
        boolean late() {
            return !absent && offsetMinutes > 0;
        }
    }

    /** Builds the plan; deterministic (posts by id, roster units by preference then id). */
    static Plan plan(List<SchoolPost> posts, List<Unit> roster) {
        Map<String, Deque<Unit>> pool = new HashMap<>();
        roster.stream().filter(u -> GATE_KINDS.contains(u.kind()))
                .sorted(Comparator.comparing((Unit u) -> GATE_KINDS.indexOf(u.kind())).thenComparing(Unit::id))
                .forEach(u -> pool.computeIfAbsent(u.homeTownshipCode(), k -> new ArrayDeque<>()).add(u));
        Map<String, SchoolPost> postOfUnit = new LinkedHashMap<>();
        List<Unit> guards = new ArrayList<>();
        posts.stream().sorted(Comparator.comparing(SchoolPost::id)).forEach(post -> {
            String township = township(post);
            Deque<Unit> local = pool.get(township);
            int staff = 0;
            if (local != null && !local.isEmpty()) {
                postOfUnit.put(local.poll().id(), post);
                staff++;
            }
            for (int k = 1; staff < post.requiredStaff(); k++, staff++) {
                Unit g = guard(post, k);
                guards.add(g);
                postOfUnit.put(g.id(), post);
            }
        });
        return new Plan(postOfUnit, guards);
    }

    /** The 9-digit township code of the post's grid. */
    static String township(SchoolPost post) {
        return post.gridCode().substring(0, AdminLevel.TOWNSHIP.codeLength());
    }

    /** Id of the post's {@code k}-th dedicated guard, e.g. {@code "SG0001-2"} for post {@code SP0001}. */
    static String guardId(SchoolPost post, int k) {
        return "SG" + post.id().replaceFirst("^SP", "") + "-" + k;
    }

    /** The post's {@code k}-th dedicated school guard: a security guard of the post's township. */
    static Unit guard(SchoolPost post, int k) {
        return new Unit(guardId(post, k), post.name() + "护学岗" + k + "号", UnitKind.SECURITY_GUARD, post.name(),
                post.countyCode(), township(post), true);
    }

    /**
     * Whether {@code unitId} turns up to window {@code window} (0-based) of {@code day}: a pure
     * function of its arguments, so that the same seed gives the same absences whatever the steps.
     */
    static Attendance attendance(long seed, String unitId, LocalDate day, int window, double absentShare,
                                 double lateShare) {
        long h = mix(mix(mix(seed ^ 0x5851F42D4C957F2DL) ^ unitId.hashCode()) ^ day.toEpochDay() * 31 + window);
        double u = (h >>> 11) * 0x1.0p-53;
        double v = (mix(h) >>> 11) * 0x1.0p-53;
        if (u < absentShare) {
            return new Attendance(true, 0);
        }
        if (u < absentShare + lateShare) {
            return new Attendance(false, 7 + (int) (v * 14));
        }
        return new Attendance(false, -2 - (int) (v * 7));
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash of {@code z}. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

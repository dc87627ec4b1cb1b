package org.gridwatch.casework;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.HandlingLevel;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;

/**
 * The casework figures a duty officer reads per area, for the incidents reported in a time
 * window: how many are open, overdue (a step recorded past its limit), supervised (督办) and
 * transferred (流转); of those finished (handled or closed), how many at each handling level and
 * the share finished in the village or township (就地化解率, "小事不出村、大事不出镇"); and for 110
 * calls the 1-3-5 rapid response: median time to dispatch and to the first arrival, and the share
 * of the calls that needed a response reached within 1, 3 and 5 minutes. Computed by one pass over
 * the window's incidents in the index (read-only; any thread but the event loops: it grows with
 * the window).
 */
public final class CaseworkStats {
    private CaseworkStats() {
    }

    /** The figures of one area. */
    public static final class Row {
        private final AdminArea area;
        private int reported;
        private int open;
        private int overdue;
        private int supervised;
        private int transferred;
        /** Finished (handled, verified, closed) per {@link HandlingLevel} ordinal. */
        private final int[] finishedAt = new int[HandlingLevel.values().length];
        /** 110 calls that needed a response (not rejected or merged). */
        private int calls;
        private int reachedIn1;
        private int reachedIn3;
        private int reachedIn5;
        private final List<Long> dispatchSeconds = new ArrayList<>();
        private final List<Long> arrivalSeconds = new ArrayList<>();

        Row(AdminArea area) {
            this.area = area;
        }

        /** The area (its level's row), or the whole scope for the total. */
        public AdminArea area() {
            return area;
        }

        /**
         * The figures by name, in a stable order: {@code reported}, {@code open}, {@code overdue},
         * {@code supervised}, {@code transferred}, {@code finished}, {@code finishedAt} (per level id),
         * {@code localRate}, {@code calls}, {@code reachedIn1Rate}, {@code reachedIn3Rate},
         * {@code reachedIn5Rate}, {@code medianDispatchSeconds}, {@code medianArrivalSeconds}
         * (rates 0–1, null when there is nothing to divide).
         */
        public Map<String, Object> figures() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reported", reported);
            m.put("open", open);
            m.put("overdue", overdue);
            m.put("supervised", supervised);
            m.put("transferred", transferred);
            m.put("finished", finished());
            Map<String, Integer> at = new LinkedHashMap<>();
            for (HandlingLevel l : HandlingLevel.values()) {
                at.put(l.id(), finishedAt[l.ordinal()]);
            }
            m.put("finishedAt", at);
            m.put("localRate", localRate());
            m.put("calls", calls);
            m.put("reachedIn1Rate", callShare(reachedIn1));
            m.put("reachedIn3Rate", callShare(reachedIn3));
            m.put("reachedIn5Rate", callShare(reachedIn5));
            m.put("medianDispatchSeconds", medianDispatchSeconds());
            m.put("medianArrivalSeconds", medianArrivalSeconds());
            return m;
        }

        /** Cases finished, at any level. */
        public int finished() {
            return Arrays.stream(finishedAt).sum();
        }

        /** Share of the finished cases finished in the village or township (0–1), or null with none finished. */
        public Double localRate() {
            int f = finished();
            return f == 0 ? null : (finishedAt[HandlingLevel.VILLAGE.ordinal()]
                    + finishedAt[HandlingLevel.TOWNSHIP.ordinal()]) / (double) f;
        }

        /** Share of {@code part} among the calls (0–1), or null without calls. */
        public Double callShare(int part) {
            return calls == 0 ? null : part / (double) calls;
        }

        /** Median seconds from report to the first unit sent, or null when none was. */
        public Long medianDispatchSeconds() {
            return median(dispatchSeconds);
        }

        /** Median seconds from report to the first arrival, or null when none arrived. */
        public Long medianArrivalSeconds() {
            return median(arrivalSeconds);
        }

        private static Long median(List<Long> values) {
            if (values.isEmpty()) {
                return null;
            }
            long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
            return v[(v.length - 1) / 2];
        }

        void add(Incident i) {
            reported++;
            boolean finished = CaseStep.HANDLE.metAt(i).isPresent() && !i.status().isTerminal()
                    || i.status() == Status.CLOSED;
            if (!i.status().isTerminal() && !finished) {
                open++;
            }
            if (finished) {
                finishedAt[i.level().ordinal()]++;
            }
            boolean late = false;
            boolean flagged = false;
            boolean moved = false;
            for (Transition t : i.history()) {
                late |= t.action() == CaseAction.OVERDUE;
                flagged |= t.action() == CaseAction.SUPERVISE;
                moved |= t.action() == CaseAction.TRANSFER;
            }
            overdue += late ? 1 : 0;
            supervised += flagged ? 1 : 0;
            transferred += moved ? 1 : 0;
            if (i.source() == Source.POLICE_CALL && i.status() != Status.REJECTED && i.status() != Status.MERGED) {
                calls++;
                i.dispatchTime().ifPresent(d -> dispatchSeconds.add(d.toSeconds()));
                i.responseTime().ifPresent(d -> {
                    arrivalSeconds.add(d.toSeconds());
                    reachedIn1 += d.compareTo(Duration.ofMinutes(1)) <= 0 ? 1 : 0;
                    reachedIn3 += d.compareTo(Duration.ofMinutes(3)) <= 0 ? 1 : 0;
                    reachedIn5 += d.compareTo(Duration.ofMinutes(5)) <= 0 ? 1 : 0;
                });
            }
        }
    }

    /**
     * The figures per area of {@code level} inside {@code scope} (every such area listed, zero
     * rows included, in the hierarchy's order), and the total of the scope, for the incidents in
     * {@code scope} reported in [{@code from}, {@code to}) (null: open-ended).
     *
     * @return the rows, the total last
     */
    public static List<Row> byArea(IncidentIndex index, AreaHierarchy areas, AdminLevel level, Scope scope, Instant from,
                                   Instant to) {
        List<Row> rows = new ArrayList<>();
        Map<String, Row> byCode = new HashMap<>();
        for (AdminArea a : areas.level(level)) {
            if (scope.includes(a.code())) {
                Row r = new Row(a);
                rows.add(r);
                byCode.put(a.code(), r);
            }
        }
        Row total = new Row(scope.single().orElse(areas.city()));
        int codeLength = level.codeLength();
        boolean city = level == AdminLevel.CITY;
        index.forEach(new IncidentQuery(scope, null, null, null, from, to, null, null, null, null, 0), i -> {
            total.add(i);
            Row r = city ? rows.isEmpty() ? null : rows.get(0) : byCode.get(i.gridCode().substring(0, codeLength));
            if (r != null) {
                r.add(i);
            }
        });
        rows.add(total);
        return rows;
    }
}

package org.gridwatch.report;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridwatch.area.AdminArea;
import org.gridwatch.incident.Category;

/**
 * Where the figures of a daily report come from: one method per figure, each for one area (the
 * city or a county) and one local day (in the city's time zone). A figure a source cannot give is
 * empty, and the report shows "—" with the reason ({@link #unavailable}). Today's implementation
 * reads the live services ({@link LiveReportSource}); a figure whose history moves to the store
 * (the duty rates, time limits) is served by another implementation without touching the report.
 *
 * <p>Implementations are thread-safe and never block on the event loop or the state lane: the
 * report is built on a worker.
 */
public interface ReportSource {
    /** Incidents reported in the area on the day, per category (categories without any may be left out). */
    Map<Category, Long> incidentsByCategory(AdminArea area, LocalDate day);

    /** Dispatch and arrival times of the incidents reported in the area on the day. */
    Response response(AdminArea area, LocalDate day);

    /** Cases that ran over a time limit (超时) on the day, if known. */
    OptionalLong overdue(AdminArea area, LocalDate day);

    /** Grids visited by an on-duty unit on the day, of all grids of the area (巡逻覆盖率), if known. */
    Optional<Rate> coverage(AdminArea area, LocalDate day);

    /** 护学岗 duty windows staffed on time, of those decided (到岗率), if known. */
    Optional<Rate> onPost(AdminArea area, LocalDate day);

    /** Key-place patrol slots with a visit, of those completed (见警率), if known. */
    Optional<Rate> visibility(AdminArea area, LocalDate day);

    /** Alerts raised in the area on the day, per kind (kinds without any left out). */
    List<AlertTally> alerts(AdminArea area, LocalDate day);

    /**
     * Why {@code figure} (one of {@code overdue}, {@code coverage}, {@code onPost}, {@code visibility})
     * is empty for the day, in Chinese, for the report's note.
     */
    String unavailable(String figure, AdminArea area, LocalDate day);

    /**
     * A share: {@code part} of {@code whole}.
     *
     * @param part  how many of the whole
     * @param whole how many in all
     */
    record Rate(int part, int whole) {
        public Rate {
            if (whole < 0 || part < 0 || part > whole) {
                throw new IllegalArgumentException("a rate needs 0 ≤ part ≤ whole: " + part + "/" + whole);
            }
        }
    }

    /**
     * Response figures of a day's incidents.
     *
     * @param reported   incidents reported
     * @param toDispatch for each one dispatched: report → first {@code dispatched} transition
     * @param toArrival  for each one dispatched: report → first arrival on scene ({@code on_scene},
     *                   {@link org.gridwatch.incident.Incident#responseTime()}), null if none arrived
     *                   (same order as {@code toDispatch})
     */
    record Response(int reported, List<Duration> toDispatch, List<Duration> toArrival) {
        public Response {
            toDispatch = List.copyOf(toDispatch);
            toArrival = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(toArrival));
            if (toDispatch.size() != toArrival.size()) {
                throw new IllegalArgumentException("one arrival (or null) per dispatch: " + toDispatch.size() + " vs "
                        + toArrival.size());
            }
        }
    }

    /**
     * Alerts of one kind raised on a day.
     *
     * @param kind         the alert kind's identifier
     * @param label        its Chinese label
     * @param raised       how many were raised
     * @param acknowledged how many of those are acknowledged (by the time the report is read)
     */
    record AlertTally(String kind, String label, int raised, int acknowledged) {
        public AlertTally {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
        }
    }
}

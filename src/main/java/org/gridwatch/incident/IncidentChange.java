package org.gridwatch.incident;

import java.util.Objects;

/**
 * A change record: an incident before and after one committed write (a report, a workflow
 * transition). Heat, near-repeat, dispatch and {@code /live} derive from these. Immutable.
 *
 * @param before the incident before, or null for a new report
 * @param after  the incident as stored
 */
public record IncidentChange(Incident before, Incident after) {
    public IncidentChange {
        Objects.requireNonNull(after, "after");
    }

    /** The record of a new report. */
    public static IncidentChange reported(Incident incident) {
        return new IncidentChange(null, incident);
    }

    /** True for a new report. */
    public boolean isReport() {
        return before == null;
    }

    /** The transition this write appended (for a report: the report itself). */
    public Transition transition() {
        return after.history().get(after.history().size() - 1);
    }
}

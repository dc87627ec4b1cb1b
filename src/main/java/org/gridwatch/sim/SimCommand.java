package org.gridwatch.sim;

import org.gridwatch.incident.IncidentReport;

/**
 * What the simulator asks the server to do about an incident, besides reporting positions. A
 * case is named by the simulator's own reference ({@code ref}), not by the server's incident id,
 * so that the simulation does not depend on the server's answers; the driver maps references to
 * ids and applies the commands of one case in order.
 */
sealed interface SimCommand {
    /** The simulator's reference of the case. */
    long ref();

    /**
     * A new incident to report.
     *
     * @param ref    the case's reference
     * @param report the report
     */
    record ReportIncident(long ref, IncidentReport report) implements SimCommand {
    }

    /**
     * Accept the case and dispatch a unit to it (the unit is on its way from now on).
     *
     * @param ref    the case's reference
     * @param unitId the unit sent
     */
    record Dispatch(long ref, String unitId) implements SimCommand {
    }

    /**
     * The simulator will do nothing more about the case: it waits for a person at the console.
     *
     * @param ref the case's reference
     */
    record Leave(long ref) implements SimCommand {
    }

    /**
     * The unit has handled the case on scene: move it on to handled, verified and closed.
     *
     * @param ref    the case's reference
     * @param rating the citizen rating given when closing, 1–5
     */
    record Finish(long ref, int rating) implements SimCommand {
    }
}

package org.gridwatch.incident;

import org.gridwatch.error.FailureKind;
import org.gridwatch.error.GridWatchException;

/** A request about incidents cannot be carried out; nothing was changed. */
public final class IncidentException extends GridWatchException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No incident with that id (in the caller's scope). */
        NOT_FOUND,
        /** The workflow does not allow the requested status change. */
        INVALID_TRANSITION,
        /** The location lies in no grid of the city. */
        OUTSIDE_CITY,
        /** The location lies in a grid outside the caller's jurisdiction. */
        OUTSIDE_SCOPE
    }

    private final Reason reason;

    public IncidentException(Reason reason, String field, String message) {
        super(switch (reason) {
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case INVALID_TRANSITION -> FailureKind.CONFLICT;
            case OUTSIDE_CITY -> FailureKind.UNPROCESSABLE;
            case OUTSIDE_SCOPE -> FailureKind.FORBIDDEN;
        }, field, switch (reason) {
            case NOT_FOUND -> "Not found";
            case INVALID_TRANSITION -> "Transition not allowed";
            case OUTSIDE_CITY -> "Location outside the city";
            case OUTSIDE_SCOPE -> "Location outside your jurisdiction";
        }, message, null);
        this.reason = reason;
    }

    /** Why the request failed. */
    public Reason reason() {
        return reason;
    }
}

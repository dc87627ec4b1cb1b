package org.gridwatch.incident;

/** A request about incidents cannot be carried out; nothing was changed. */
public final class IncidentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No incident with that id (in the caller's scope). */
        NOT_FOUND,
        /** The workflow does not allow the requested status change. */
        INVALID_TRANSITION,
        /** The location lies in no grid of the city. */
        OUTSIDE_CITY
    }

    private final Reason reason;
    private final String field;

    public IncidentException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    /** Why the request failed. */
    public Reason reason() {
        return reason;
    }

    /** The request field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}

package org.gridwatch.error;

/** A request conflicts with the current state (an id taken, a step done already); nothing was changed. */
public class ConflictException extends GridWatchException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String field, String title, String message) {
        super(FailureKind.CONFLICT, field, title, message, null);
    }
}

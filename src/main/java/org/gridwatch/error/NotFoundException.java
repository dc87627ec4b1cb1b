package org.gridwatch.error;

/** What a request names does not exist, or not in the caller's scope; nothing was changed. */
public class NotFoundException extends GridWatchException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String field, String message) {
        super(FailureKind.NOT_FOUND, field, message);
    }
}

package org.gridwatch.error;

/**
 * The kinds of failure a request can meet, which decide how an edge answers it: HTTP maps them to
 * statuses in one place ({@code org.gridwatch.web.Failures}), {@code /live} to error codes. Every
 * kind means nothing was changed, except where {@link GridWatchException#getMessage()} says the
 * outcome is unknown.
 */
public enum FailureKind {
    /** The request is malformed or names a bad value (HTTP 400). */
    INVALID("Invalid request"),
    /** What the request names does not exist, or not in the caller's scope (HTTP 404). */
    NOT_FOUND("Not found"),
    /** The request conflicts with the current state: a workflow step not allowed now, an id taken (HTTP 409). */
    CONFLICT("Conflict"),
    /** Well-formed but cannot be carried out, e.g. a location outside the city (HTTP 422). */
    UNPROCESSABLE("Unprocessable request"),
    /** The store cannot take or confirm the write now; the client may retry later (HTTP 503 with Retry-After). */
    UNAVAILABLE("Store unavailable"),
    /** No credentials, or wrong, expired or revoked ones (HTTP 401). */
    UNAUTHENTICATED("Unauthorized"),
    /** The principal is known but not allowed to do this (HTTP 403). */
    FORBIDDEN("Forbidden"),
    /** Too many requests from this principal or address; retry later (HTTP 429 with Retry-After). */
    TOO_MANY_REQUESTS("Too many requests");

    private final String title;

    FailureKind(String title) {
        this.title = title;
    }

    /** A short English title for problem documents. */
    public String title() {
        return title;
    }
}

package org.gridwatch.auth;

import org.gridwatch.error.FailureKind;
import org.gridwatch.error.GridWatchException;

/**
 * A refused authentication or account operation, naming the field at fault. Its message never
 * contains a password or a secret.
 */
public final class AuthException extends GridWatchException {
    private static final long serialVersionUID = 1L;

    AuthException(FailureKind kind, String field, String message) {
        super(kind, field, message);
    }

    /** A bad value (400). */
    public static AuthException invalid(String field, String message) {
        return new AuthException(FailureKind.INVALID, field, message);
    }

    /** Not authenticated: no credentials, wrong ones, expired or revoked (401). */
    public static AuthException unauthenticated(String message) {
        return new AuthException(FailureKind.UNAUTHENTICATED, null, message);
    }

    /** Authenticated, but not allowed (403). */
    public static AuthException forbidden(String field, String message) {
        return new AuthException(FailureKind.FORBIDDEN, field, message);
    }

    /** No such account, device or key (404). */
    public static AuthException notFound(String field, String message) {
        return new AuthException(FailureKind.NOT_FOUND, field, message);
    }

    /** The name is taken (409). */
    public static AuthException conflict(String field, String message) {
        return new AuthException(FailureKind.CONFLICT, field, message);
    }
}

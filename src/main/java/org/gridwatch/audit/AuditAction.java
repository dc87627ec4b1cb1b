package org.gridwatch.audit;

import java.util.Locale;
import java.util.Optional;

/** The kinds of audit event. The ids are stored; never rename one. */
public enum AuditAction {
    /** A successful login. */
    LOGIN,
    /** A failed login (wrong name or password, disabled or locked account). */
    LOGIN_FAILED,
    /** An account locked after repeated failures. */
    LOCKOUT,
    /** A logout, a revoked session. */
    LOGOUT,
    /** A write through the API (report, transition, dispatch, acknowledgement, positions, units). */
    WRITE,
    /** A read of one case record (who looked at this incident). */
    READ,
    /** A bulk export or an audit query. */
    EXPORT,
    /** A request refused for want of authentication or permission, or for being cross-site. */
    DENIED,
    /** A change to users, roles, jurisdictions, devices or API keys. */
    ACCOUNT,
    /** Old audit records deleted by retention (the target names the first record kept). */
    RETENTION;

    /** Stored and API identifier: the name in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an identifier. */
    public static Optional<AuditAction> parse(String text) {
        for (AuditAction a : values()) {
            if (a.id().equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

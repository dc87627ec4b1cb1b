package org.gridwatch.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A principal and how it was authenticated, for as long as a request or a live connection lasts.
 * Immutable; the session it may name is thread-safe.
 *
 * @param principal who
 * @param via       with what kind of credential
 * @param session   the login session (bearer token, cookie, live ticket), else null
 * @param keyHash   the SHA-256 of the API or device key, else null
 * @param expiresAt when an external token expires, else null
 */
public record Authenticated(Principal principal, Via via, Sessions.Session session, String keyHash, Instant expiresAt) {
    /** Kinds of credential. */
    public enum Via {
        /** {@code Authorization: Bearer gwa_…} of a login. */
        BEARER,
        /** The pages' session cookie. */
        COOKIE,
        /** A one-time {@code /live} ticket of a login. */
        TICKET,
        /** An API key. */
        API_KEY,
        /** A device key (header, URL path or query). */
        DEVICE,
        /** A bearer JWT of the city's identity provider. */
        EXTERNAL
    }

    public Authenticated {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(via, "via");
    }
}

package org.gridwatch.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's login session as the store keeps it, so that sessions outlive a restart (a big screen
 * stays signed in through a deploy): the SHA-256 hashes of its tokens, never the tokens.
 *
 * @param id            session id (not a secret)
 * @param login         the user's login
 * @param cookie        a page session (cookie and CSRF token) rather than bearer tokens
 * @param createdAt     login time
 * @param endsAt        when it ends regardless of use (login + the maximum age)
 * @param accessHash    hash of the access token or cookie value
 * @param accessExpires when the access token lapses (bearer; the refresh token renews it)
 * @param refreshHash   hash of the refresh token (bearer sessions), else null
 * @param csrfHash      hash of the CSRF token (page sessions), else null
 * @param lastSeen      last use, at most a flush interval old (the idle timeout counts from it)
 */
public record StoredSession(String id, String login, boolean cookie, Instant createdAt, Instant endsAt, String accessHash,
                            Instant accessExpires, String refreshHash, String csrfHash, Instant lastSeen) {
    public StoredSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(accessHash, "accessHash");
        Objects.requireNonNull(accessExpires, "accessExpires");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    @Override
    public String toString() {
        return "StoredSession[" + id + ", " + login + "]";
    }
}

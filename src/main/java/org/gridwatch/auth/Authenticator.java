package org.gridwatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the credential a request or a {@code /live} upgrade carries into an
 * {@link Authenticated} principal: a login's bearer token or page cookie ({@link Sessions}), a
 * one-time live ticket, an API key or device key (read from the store through {@link KeyCache}),
 * or a bearer JWT of the city's identity provider ({@link OidcVerifier}, when configured).
 * A login's account is checked against the store again at most every {@link #REVALIDATE}: a
 * disabled account loses its sessions, changed grants apply. Nothing here answers a request.
 *
 * <p>Thread-safe. Store reads run on Vert.x workers; the returned futures complete on the
 * caller's context.
 */
public final class Authenticator {
    /** How often a login's account is read again from the store while it is used. */
    public static final Duration REVALIDATE = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Accounts accounts;
    private final Sessions sessions;
    private final KeyCache keys;
    private final OidcVerifier oidc;
    private final Clock clock;

    /** What a request carries; every field may be null. */
    public record Credentials(String bearer, String cookie, String deviceKey, String ticket) {
        /** True when nothing is carried. */
        public boolean none() {
            return bearer == null && cookie == null && deviceKey == null && ticket == null;
        }
    }

    /**
     * @param oidc the external token verifier, or null when no identity provider is configured
     */
    public Authenticator(Vertx vertx, Accounts accounts, Sessions sessions, KeyCache keys, OidcVerifier oidc, Clock clock) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.sessions = sessions;
        this.keys = keys;
        this.oidc = oidc;
        this.clock = clock;
    }

    public Sessions sessions() {
        return sessions;
    }

    public Accounts accounts() {
        return accounts;
    }

    public KeyCache keys() {
        return keys;
    }

    /**
     * The principal of {@code c}: empty when nothing is carried (anonymous), failed with
     * {@link AuthException} UNAUTHENTICATED (saying why) when what is carried is not valid.
     * Precedence: a bearer token, then a device key in the URL, a live ticket, the cookie.
     */
    public Future<Optional<Authenticated>> authenticate(Credentials c) {
        if (c.bearer() != null) {
            return bearer(c.bearer()).map(Optional::of);
        }
        if (c.deviceKey() != null) {
            return key(c.deviceKey(), Secrets.DEVICE).map(Optional::of);
        }
        if (c.ticket() != null) {
            return sessions.redeemTicket(c.ticket()).map(s -> session(s, Authenticated.Via.TICKET).map(Optional::of))
                    .orElseGet(() -> Future.failedFuture(AuthException.unauthenticated(
                            "the live ticket is unknown, used or expired (tickets work once, within "
                                    + Sessions.TICKET_TTL.toSeconds() + " s)")));
        }
        if (c.cookie() != null) {
            Optional<Sessions.Session> s = sessions.byAccessToken(c.cookie()).filter(Sessions.Session::cookie);
            if (s.isEmpty()) {
                return Future.failedFuture(AuthException.unauthenticated("the session has ended; log in again"));
            }
            return session(s.get(), Authenticated.Via.COOKIE).map(Optional::of);
        }
        return Future.succeededFuture(Optional.empty());
    }

    private Future<Authenticated> bearer(String token) {
        if (token.startsWith(Secrets.ACCESS)) {
            Optional<Sessions.Session> s = sessions.byAccessToken(token).filter(x -> !x.cookie());
            if (s.isEmpty()) {
                return Future.failedFuture(AuthException.unauthenticated("the access token is unknown or its session "
                        + "ended; log in again"));
            }
            return session(s.get(), Authenticated.Via.BEARER);
        }
        if (token.startsWith(Secrets.API_KEY)) {
            return key(token, Secrets.API_KEY);
        }
        if (token.startsWith(Secrets.DEVICE)) {
            return key(token, Secrets.DEVICE);
        }
        if (oidc != null && OidcVerifier.looksLikeJwt(token)) {
            return oidc.verify(token).map(v -> new Authenticated(v.principal(), Authenticated.Via.EXTERNAL, null, null,
                    v.expiresAt()));
        }
        return Future.failedFuture(AuthException.unauthenticated("the bearer token is not one GridWatch accepts"
                + (oidc == null ? " (no identity provider is configured)" : "")));
    }

    private Future<Authenticated> session(Sessions.Session s, Authenticated.Via via) {
        Optional<Sessions.End> end = sessions.end(s);
        if (end.isPresent()) {
            return Future.failedFuture(AuthException.unauthenticated(end.get().message() + "; log in again"));
        }
        Authenticated a = new Authenticated(s.principal(), via, s, null, null);
        Principal p = s.principal();
        if (p.kind() != Principal.Kind.USER || clock.instant().isBefore(s.validatedAt().plus(REVALIDATE))) {
            return Future.succeededFuture(a);
        }
        return vertx.executeBlocking(() -> accounts.store().user(p.id()), false).compose(u -> {
            if (u.isEmpty() || u.get().disabled()) {
                sessions.revoke(s);
                return Future.failedFuture(AuthException.unauthenticated("the account " + p.id()
                        + (u.isEmpty() ? " no longer exists" : " is disabled")));
            }
            Principal fresh;
            try {
                fresh = accounts.principal(u.get(), s.id());
            } catch (AuthException e) {
                sessions.revoke(s);
                return Future.failedFuture(AuthException.unauthenticated("the account's jurisdiction is no longer valid"));
            }
            sessions.revalidated(s, fresh);
            return Future.succeededFuture(new Authenticated(s.principal(), via, s, null, null));
        });
    }

    private Future<Authenticated> key(String key, String prefix) {
        if (!Secrets.looksLike(key, prefix)) {
            return Future.failedFuture(AuthException.unauthenticated("malformed " + (prefix.equals(Secrets.DEVICE)
                    ? "device" : "API") + " key"));
        }
        String hash = Secrets.sha256(key);
        Authenticated.Via via = prefix.equals(Secrets.DEVICE) ? Authenticated.Via.DEVICE : Authenticated.Via.API_KEY;
        long now = clock.millis();
        Optional<Optional<Principal>> cached = keys.cached(hash, now);
        Future<Optional<Principal>> p = cached.isPresent() ? Future.succeededFuture(cached.get())
                : vertx.executeBlocking(() -> keys.load(hash, now, h -> lookup(h, via)), false);
        return p.compose(found -> found.isPresent()
                ? Future.succeededFuture(new Authenticated(found.get(), via, null, hash, null))
                : Future.failedFuture(AuthException.unauthenticated("the " + (via == Authenticated.Via.DEVICE ? "device"
                        : "API") + " key is unknown or revoked")));
    }

    private Optional<Principal> lookup(String hash, Authenticated.Via via) {
        if (via == Authenticated.Via.DEVICE) {
            return accounts.store().deviceByHash(hash).filter(DeviceKey::valid).map(accounts::principal);
        }
        return accounts.store().apiKeyByHash(hash).filter(ApiKey::valid).map(accounts::principal);
    }

    /**
     * Why {@code a} is no longer valid now (for live connections, checked periodically), or empty
     * while it is. Never blocks: a key's revocation is seen as the cache sees it.
     */
    public Optional<String> ended(Authenticated a) {
        if (a.session() != null) {
            return sessions.end(a.session()).map(Sessions.End::message);
        }
        if (a.expiresAt() != null && !clock.instant().isBefore(a.expiresAt())) {
            return Optional.of("the token expired");
        }
        if (a.keyHash() != null) {
            Optional<Optional<Principal>> c = keys.cached(a.keyHash(), clock.millis());
            if (c.isPresent() && c.get().isEmpty()) {
                return Optional.of("the key was revoked");
            }
            if (c.isEmpty()) {
                // Look again in the background; the next check sees the answer.
                vertx.executeBlocking(() -> keys.load(a.keyHash(), clock.millis(), h -> lookup(h, a.via())), false);
            }
        }
        return Optional.empty();
    }

    /** The instant now, on the authentication clock. */
    public Instant now() {
        return clock.instant();
    }
}

package org.gridwatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.gridwatch.area.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs of the city's OpenID Connect identity provider with Vert.x's JWT
 * provider ({@code vertx-auth-jwt}): signature against the provider's published keys (JWKS,
 * fetched at start and again when a token names a key not seen yet, at most once a minute),
 * issuer, audience, expiry (required) and not-before, 30 s of clock leeway. The claims configured
 * name the GridWatch roles, the jurisdiction (area codes) and the display name.
 *
 * <p>Thread-safe: verification runs on the calling event loop (RSA/EC signature checks take
 * microseconds); the key set is replaced atomically.
 */
public final class OidcVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);
    private static final int LEEWAY_SECONDS = 30;
    private static final long REFETCH_MILLIS = 60_000;
    private static final int MAX_JWKS_BYTES = 1 << 20;

    /** The provider's settings. */
    public record Settings(String issuer, String jwksUrl, String audience, String rolesClaim, String jurisdictionClaim,
                           String nameClaim) {
        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            Objects.requireNonNull(audience, "audience");
        }
    }

    /** A verified token: its principal and when it expires. */
    public record Verified(Principal principal, Instant expiresAt) {
    }

    private final Vertx vertx;
    private final Settings settings;
    private final Function<List<String>, Scope> scopes;
    private final HttpClient http;
    private volatile JWTAuth provider;
    /** When the keys were last asked for (wall clock, ms), fetched or not: refetches are rate-limited on attempts. */
    private long attemptedAt;
    /** The refetch in flight, shared by every refused token meanwhile; null when none. Guarded by {@code this}. */
    private Future<JWTAuth> refetching;

    /**
     * @param scopes the jurisdiction of a list of area codes; throws {@link AuthException} for unknown codes
     */
    public OidcVerifier(Vertx vertx, Settings settings, Function<List<String>, Scope> scopes) {
        this.vertx = vertx;
        this.settings = settings;
        this.scopes = scopes;
        this.http = vertx.createHttpClient();
    }

    /** Fetches the provider's keys; fails when they cannot be had (the server does not start without them). */
    public Future<Void> start() {
        synchronized (this) {
            attemptedAt = System.currentTimeMillis();
        }
        return fetchKeys().mapEmpty();
    }

    /**
     * A fresh fetch of the keys after a refused token (a key rotated at the provider): one in
     * flight at a time, at most one attempt a minute, even while the provider is down. Null when
     * none may start now.
     */
    private synchronized Future<JWTAuth> refetch() {
        if (refetching != null) {
            return refetching;
        }
        long now = System.currentTimeMillis();
        if (now - attemptedAt <= REFETCH_MILLIS) {
            return null;
        }
        attemptedAt = now;
        Future<JWTAuth> f = fetchKeys();
        refetching = f;
        f.onComplete(ar -> {
            synchronized (this) {
                refetching = null;
            }
        });
        return f;
    }

    private Future<JWTAuth> fetchKeys() {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(settings.jwksUrl())
                .setTimeout(10_000).putHeader("Accept", "application/json");
        return http.request(o).compose(req -> req.send()).compose(HttpClientResponse::body).compose((Buffer b) -> {
            if (b.length() > MAX_JWKS_BYTES) {
                return Future.failedFuture("JWKS at " + settings.jwksUrl() + " is larger than " + MAX_JWKS_BYTES + " bytes");
            }
            JsonArray keys = new JsonObject(b).getJsonArray("keys");
            if (keys == null || keys.isEmpty()) {
                return Future.failedFuture("JWKS at " + settings.jwksUrl() + " has no keys");
            }
            List<JsonObject> jwks = new ArrayList<>();
            for (Object k : keys) {
                if (k instanceof JsonObject j && !"enc".equals(j.getString("use"))) {
                    jwks.add(j);
                }
            }
            JWTAuthOptions options = new JWTAuthOptions().setJwks(jwks).setJWTOptions(new JWTOptions()
                    .setIssuer(settings.issuer()).setAudience(List.of(settings.audience())).setLeeway(LEEWAY_SECONDS));
            JWTAuth p = JWTAuth.create(vertx, options);
            provider = p;
            LOG.info("identity provider {}: {} signing keys from {}", settings.issuer(), jwks.size(), settings.jwksUrl());
            return Future.succeededFuture(p);
        });
    }

    /** True when {@code token} has the shape of a JWT (three base64url parts). */
    public static boolean looksLikeJwt(String token) {
        return token != null && token.length() < 16_384 && token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    /**
     * Verifies a bearer JWT. Fails with {@link AuthException} UNAUTHENTICATED: bad signature, wrong
     * issuer or audience, expired, no expiry or subject, or claims that map to no GridWatch role, to
     * roles that break 三员分立, or to no known jurisdiction (the message names the claim).
     */
    public Future<Verified> verify(String token) {
        JWTAuth p = provider;
        if (p == null) {
            return Future.failedFuture(AuthException.unauthenticated("the identity provider's keys are not loaded"));
        }
        return p.authenticate(new TokenCredentials(token)).recover(e -> {
            // A key rotated at the provider: fetch the set again (not more than once a minute) and retry once.
            Future<JWTAuth> fresh = refetch();
            return fresh == null ? Future.failedFuture(e)
                    : fresh.compose(k -> k.authenticate(new TokenCredentials(token)));
        }).recover(e -> Future.failedFuture(AuthException.unauthenticated("bearer token refused: " + e.getMessage())))
                .compose(u -> {
                    try {
                        return Future.succeededFuture(principal(u));
                    } catch (AuthException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private Verified principal(User u) {
        // The token's payload: vertx-auth-jwt keeps it whole in the attributes (its principal() lacks exp, iat, nbf).
        JsonObject claims = u.attributes().getJsonObject("accessToken");
        if (claims == null) {
            throw AuthException.unauthenticated("bearer token refused: no claims were decoded");
        }
        Long exp = claims.getLong("exp");
        if (exp == null) {
            throw AuthException.unauthenticated("bearer token refused: it has no expiry (exp)");
        }
        String sub = claims.getString("sub");
        if (sub == null || sub.isBlank()) {
            throw AuthException.unauthenticated("bearer token refused: it has no subject (sub)");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : strings(claims.getValue(settings.rolesClaim()))) {
            Role.parse(id).ifPresent(roles::add);
        }
        // A token whose claims map to no valid grant is not a credential of GridWatch: 401, as the
        // Authenticator's contract says, never 400 (the request is not at fault) or 403 (no principal exists).
        if (roles.isEmpty()) {
            throw AuthException.unauthenticated("bearer token refused: it grants no GridWatch role (claim "
                    + settings.rolesClaim() + ", roles: " + Role.ids() + ")");
        }
        try {
            Role.checkSeparation(roles);
        } catch (AuthException e) {
            throw AuthException.unauthenticated("bearer token refused: its roles (claim " + settings.rolesClaim()
                    + "): " + e.getMessage());
        }
        List<String> codes = strings(claims.getValue(settings.jurisdictionClaim()));
        Scope scope;
        try {
            scope = scopes.apply(codes);
        } catch (AuthException e) {
            throw AuthException.unauthenticated("bearer token refused: its jurisdiction (claim "
                    + settings.jurisdictionClaim() + "): " + e.getMessage());
        }
        String name = claims.getString(settings.nameClaim());
        if (name == null || name.isBlank()) {
            name = claims.getString("preferred_username", sub);
        }
        String jti = claims.getString("jti");
        String credential = "jwt:" + (jti != null ? jti : Secrets.sha256(String.valueOf(exp) + sub).substring(0, 16));
        return new Verified(new Principal(Principal.Kind.EXTERNAL, sub, name, roles, scope, null, credential),
                Instant.ofEpochSecond(exp));
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            for (Object o : a) {
                if (o != null) {
                    out.add(o.toString().trim());
                }
            }
        } else if (v instanceof String s) {
            for (String part : s.trim().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    /** Closes the HTTP client. */
    public Future<Void> close() {
        return http.close();
    }
}

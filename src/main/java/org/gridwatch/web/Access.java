package org.gridwatch.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditLog;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Authenticated;
import org.gridwatch.auth.Authenticator;
import org.gridwatch.auth.Permission;
import org.gridwatch.auth.Principal;
import org.gridwatch.config.GridWatchConfig;

/**
 * Who may do what, decided in one place for every route: the guard placed before each handler
 * authenticates the request ({@link Authenticator}), refuses it without the route's permission
 * (401 anonymous, 403 authenticated), refuses cross-site writes (an {@code Origin} not allowed; a
 * cookie-authenticated write without the session's CSRF token), bodies that are not JSON (415)
 * and writes beyond the principal's rate (429), and installs the request's {@link Scope}: the
 * principal's jurisdiction, narrowed by {@code X-GridWatch-Scope} (never widened: 403). Every
 * refusal, and every request of a route that audits, is recorded in the audit trail when the
 * response ends.
 *
 * <p>Thread-safe; runs on the event loops.
 */
final class Access {
    /** The pages' session cookie (HttpOnly). */
    static final String SESSION_COOKIE = "gw_session";
    /** The pages' CSRF cookie (readable by the page's script). */
    static final String CSRF_COOKIE = "gw_csrf";
    /** The header a cookie-authenticated write repeats the CSRF token in. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String AUTH_KEY = "gridwatch.auth";
    static final String PROBLEM_KEY = "gridwatch.problem";
    static final String DETAIL_KEY = "gridwatch.audit.detail";
    /** Set by a route that records its own audit event, so the guard records none. */
    static final String AUDITED_KEY = "gridwatch.audited";
    private static final int MAX_USER_AGENT = 200;

    private final Authenticator auth;
    private final AuditLog audit;
    private final AreaHierarchy areas;
    private final GridWatchConfig.Security security;
    private final RateLimits limits;

    Access(Authenticator auth, AuditLog audit, AreaHierarchy areas, GridWatchConfig.Security security, RateLimits limits) {
        this.auth = auth;
        this.audit = audit;
        this.areas = areas;
        this.security = security;
        this.limits = limits;
    }

    Authenticator authenticator() {
        return auth;
    }

    AuditLog auditLog() {
        return audit;
    }

    /** The guard of route {@code r}: runs before its handler. */
    Handler<RoutingContext> guard(RouteSpec r) {
        return ctx -> {
            ctx.addBodyEndHandler(v -> recordAudit(ctx, r));
            Authenticator.Credentials c = credentials(ctx.request(), ctx);
            auth.authenticate(c).onComplete(ar -> {
                if (ar.failed()) {
                    refuse(ctx, ar.cause());
                    return;
                }
                try {
                    admit(ctx, r, ar.result().orElse(null));
                } catch (Problem p) {
                    p.send(ctx);
                    return;
                } catch (AuthException e) {
                    Failures.send(ctx, e);
                    return;
                }
                ctx.next();
            });
        };
    }

    private void refuse(RoutingContext ctx, Throwable cause) {
        Throwable t = Failures.cause(cause);
        if (t instanceof AuthException e) {
            Failures.send(ctx, e);
        } else {
            ctx.fail(t);
        }
    }

    /** The checks after authentication; throws a Problem or AuthException to refuse. */
    private void admit(RoutingContext ctx, RouteSpec r, Authenticated a) {
        Permission needed = r.permission();
        if (a == null && needed != Permission.PUBLIC) {
            throw AuthException.unauthenticated("authentication required: log in (POST /api/v1/auth/login) or send "
                    + "'Authorization: Bearer <token or key>'");
        }
        if (a != null) {
            ctx.put(AUTH_KEY, a);
            Principal p = a.principal();
            if (!p.can(needed)) {
                throw AuthException.forbidden(null, describe(p) + " may not do this: " + r.describe() + " requires "
                        + needed.id() + ", which " + (p.kind() == Principal.Kind.DEVICE ? "a device does not have"
                        : "none of the roles " + p.roles().stream().map(x -> x.id()).toList() + " grants"));
            }
        }
        boolean unsafe = unsafe(ctx.request().method());
        if (unsafe) {
            checkOrigin(ctx.request());
            if (a != null && a.via() == Authenticated.Via.COOKIE && !a.session().csrfMatches(ctx.request()
                    .getHeader(CSRF_HEADER))) {
                throw AuthException.forbidden(CSRF_HEADER, CSRF_HEADER + ": a write with the session cookie must repeat "
                        + "the session's CSRF token (cookie " + CSRF_COOKIE + ") in this header");
            }
            checkContentType(ctx, r);
            String who = a == null ? "ip:" + address(ctx.request()) : a.principal().kind().id() + ":" + a.principal().id();
            long wait = limits.take(who, security.writesPerSecond(), 2.0 * security.writesPerSecond(), System.nanoTime());
            if (wait > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(wait));
                throw new Problem(429, "Too many requests", null, "more than " + security.writesPerSecond()
                        + " writes a second; retry after " + wait + " s");
            }
        }
        Scope base = a == null ? new Scope(areas.city()) : a.principal().jurisdiction();
        Scopes.put(ctx, narrowed(base, ctx.request().headers().getAll(Scopes.HEADER)));
    }

    /** {@code base} narrowed by the {@code X-GridWatch-Scope} headers: at most one, inside {@code base}. */
    Scope narrowed(Scope base, List<String> headers) {
        if (headers.isEmpty()) {
            return base;
        }
        if (headers.size() > 1) {
            throw Problem.badField(Scopes.HEADER, "give one " + Scopes.HEADER + " header, not " + headers.size());
        }
        String code = headers.get(0).trim();
        if (code.isEmpty()) {
            return base;
        }
        AdminArea area = areas.find(code).orElseThrow(() -> Problem.badField(Scopes.HEADER,
                "unknown area code '" + code + "'"));
        return base.narrow(area).orElseThrow(() -> AuthException.forbidden(Scopes.HEADER, Scopes.HEADER
                + ": area " + code + " (" + area.name() + ") lies outside your jurisdiction (" + base.names() + ")"));
    }

    /** The credentials {@code req} carries: bearer header, device key in path or query, live ticket, cookie. */
    static Authenticator.Credentials credentials(HttpServerRequest req, RoutingContext ctx) {
        String bearer = null;
        List<String> authz = req.headers().getAll("Authorization");
        if (authz.size() > 1) {
            throw Problem.badField("Authorization", "give one Authorization header, not " + authz.size());
        }
        if (authz.size() == 1) {
            String h = authz.get(0).trim();
            if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw AuthException.unauthenticated("Authorization: only 'Bearer <token or key>' is accepted");
            }
            bearer = h.substring(7).trim();
        }
        String deviceKey = ctx == null ? null : ctx.pathParam("key");
        if (deviceKey == null && req.path().startsWith("/osmand")) {
            deviceKey = req.getParam("key");
        }
        String ticket = req.path().equals(HttpVerticle.LIVE_PATH) ? req.getParam("ticket") : null;
        Cookie cookie = req.getCookie(SESSION_COOKIE);
        return new Authenticator.Credentials(bearer, cookie == null ? null : cookie.getValue(), deviceKey, ticket);
    }

    /** The authenticated principal of this request (routes whose permission is not PUBLIC always have one). */
    static Principal principal(RoutingContext ctx) {
        Authenticated a = ctx.get(AUTH_KEY);
        if (a == null) {
            throw new IllegalStateException("no principal for " + ctx.request().path());
        }
        return a.principal();
    }

    /** The authentication of this request, if any. */
    static Optional<Authenticated> authenticated(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(AUTH_KEY));
    }

    static boolean unsafe(HttpMethod m) {
        return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
    }

    /**
     * Refuses a request a browser sent from another site: its {@code Origin} is neither this
     * server's nor an allowed one. Requests without {@code Origin} (scripts, devices) pass.
     */
    void checkOrigin(HttpServerRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null || originAllowed(origin, req)) {
            return;
        }
        throw AuthException.forbidden("Origin", "Origin: cross-site request from " + origin + " refused (allowed: this "
                + "server and http.allowed-origins)");
    }

    boolean originAllowed(String origin, HttpServerRequest req) {
        String o = origin.toLowerCase(Locale.ROOT);
        String host = req.authority() == null ? null : req.authority().toString().toLowerCase(Locale.ROOT);
        String own = (req.isSSL() ? "https://" : "http://") + host;
        return o.equals(own) || security.allowedOrigins().contains(o) || security.corsOrigins().contains(o);
    }

    /**
     * The routes that also take NDJSON and columnar position bodies
     * ({@value org.gridwatch.codec.PositionJson#COLUMNAR}; documented so in the OpenAPI document).
     */
    private static final java.util.Set<String> NDJSON_ROUTES = java.util.Set.of("POST /api/v1/positions");

    /**
     * A body must be {@code application/json} ({@code application/x-ndjson} and the columnar type
     * too on {@link #NDJSON_ROUTES}), else 415; the OsmAnd protocol's form and query bodies are exempt.
     */
    private static void checkContentType(RoutingContext ctx, RouteSpec r) {
        // length() is -1 when the request had no body at all
        if (ctx.body() == null || ctx.body().length() <= 0 || r.path().startsWith("/osmand")) {
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean ndjson = NDJSON_ROUTES.contains(r.describe());
        if (!base.equals("application/json") && !(ndjson && (base.equals("application/x-ndjson")
                || base.equals(org.gridwatch.codec.PositionJson.COLUMNAR)))) {
            throw new Problem(415, "Unsupported media type", "Content-Type", "Content-Type: the body must be "
                    + (ndjson ? "application/json, application/x-ndjson or " + org.gridwatch.codec.PositionJson.COLUMNAR
                    : "application/json") + ", got "
                    + (type == null ? "none" : "'" + HttpHygiene.printable(type) + "'"));
        }
    }

    private static String describe(Principal p) {
        return p.kind().id() + " " + p.id();
    }

    static String address(HttpServerRequest req) {
        return req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    }

    private void recordAudit(RoutingContext ctx, RouteSpec r) {
        if (Boolean.TRUE.equals(ctx.get(AUDITED_KEY))) {
            return;   // the route recorded its own event
        }
        int status = ctx.response().getStatusCode();
        AuditAction action;
        if (status == 401 || status == 403) {
            action = AuditAction.DENIED;
        } else {
            action = switch (r.audit()) {
                case READ -> AuditAction.READ;
                case WRITE -> AuditAction.WRITE;
                case REFUSED -> status >= 400 ? AuditAction.WRITE : null;
                case EXPORT -> AuditAction.EXPORT;
                // A refused account change is recorded like a made one; logins record themselves.
                case SELF -> status >= 400 && r.path().startsWith("/api/v1/admin/") ? AuditAction.ACCOUNT : null;
                case NONE -> null;
            };
        }
        if (action == null) {
            return;
        }
        String detail = status >= 400 ? ctx.get(PROBLEM_KEY) : ctx.get(DETAIL_KEY);
        audit.record(event(ctx.request(), authenticated(ctx).map(Authenticated::principal).orElse(null), action,
                r.describe(), target(ctx), status, detail));
    }

    /** An audit event of a request by {@code p} (null: anonymous). */
    AuditEvent event(HttpServerRequest req, Principal p, AuditAction action, String route, String target, int status,
                     String detail) {
        String ua = req.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new AuditEvent(Instant.now(), p == null ? "anonymous" : p.kind().id(), p == null ? "" : p.id(),
                p == null ? "" : p.name(), address(req), ua, action, route, target, status, detail);
    }

    /** The path parameters, "id=42", except secrets (a device key in the path). */
    private static String target(RoutingContext ctx) {
        Map<String, String> params = ctx.pathParams();
        return params.entrySet().stream().filter(e -> !e.getKey().equals("key"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Authenticates a {@code /live} upgrade request (no route context). */
    Future<Optional<Authenticated>> authenticateUpgrade(HttpServerRequest req) {
        return auth.authenticate(credentials(req, null));
    }
}

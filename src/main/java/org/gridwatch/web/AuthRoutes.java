package org.gridwatch.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.gridwatch.area.AdminArea;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Authenticated;
import org.gridwatch.auth.Permission;
import org.gridwatch.auth.Principal;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.Sessions;
import org.gridwatch.config.GridWatchConfig;

/**
 * Logging in and out: {@code POST /auth/login} (bearer tokens, or the pages' session cookie and
 * its CSRF token), {@code /auth/refresh}, {@code /auth/logout}, {@code GET /auth/me} and
 * {@code POST /auth/ws-ticket} (a one-time ticket for opening {@code /live}). Each login, failed
 * login, lock-out and logout is recorded in the audit trail. Login runs on a worker (Argon2id).
 * Thread-safe.
 */
final class AuthRoutes {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");
    private static final int MAX_LOGIN = 64;

    private final Access access;
    private final Accounts accounts;
    private final Sessions sessions;
    private final GridWatchConfig.Security security;
    private final RateLimits limits;

    AuthRoutes(Access access, GridWatchConfig.Security security, RateLimits limits) {
        this.access = access;
        this.accounts = access.authenticator().accounts();
        this.sessions = access.authenticator().sessions();
        this.security = security;
        this.limits = limits;
    }

    /** Body {@code {"username","password","session":"token"|"cookie"}}. Worker thread. */
    void login(RoutingContext ctx) {
        String ip = Access.address(ctx.request());
        long wait = limits.take("login:" + ip, security.loginsPerMinute() / 60.0, security.loginsPerMinute(),
                System.nanoTime());
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            audit(ctx, null, AuditAction.LOGIN_FAILED, "", 429, "too many login attempts from " + ip);
            throw new Problem(429, "Too many requests", null, "too many login attempts from this address; retry after "
                    + wait + " s");
        }
        JsonObject b = Params.bodyObject(ctx);
        String login = Params.str(b, "username", true, MAX_LOGIN).trim();
        String kind = Params.str(b, "session", false, 16);
        if (kind != null && !kind.equals("cookie") && !kind.equals("token")) {
            throw Problem.badField("session", "must be token (bearer tokens, the default) or cookie (the pages)");
        }
        boolean cookie = "cookie".equals(kind);
        Object pw = b.getValue("password");
        if (!(pw instanceof String) || ((String) pw).isEmpty()) {
            throw Problem.badField("password", "is required (a string)");
        }
        char[] password = ((String) pw).toCharArray();
        if (password.length > org.gridwatch.auth.PasswordPolicy.MAX_LENGTH) {
            throw Problem.badField("password", "is longer than any password GridWatch accepts");
        }
        Accounts.Login result;
        try {
            result = accounts.login(login, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        switch (result.outcome()) {
            case OK -> {
                Principal p = accounts.principal(result.account(), null);
                Sessions.Issued issued = sessions.open(p, cookie);
                audit(ctx, issued.session().principal(), AuditAction.LOGIN, issued.session().id(), 200,
                        cookie ? "page session" : "bearer tokens");
                JsonObject body = new JsonObject().put("expiresIn", issued.expiresIn())
                        .put("user", me(issued.session().principal()));
                if (cookie) {
                    setCookies(ctx, issued);
                    body.put("csrfToken", issued.csrfToken());
                } else {
                    body.put("tokenType", "Bearer").put("accessToken", issued.accessToken())
                            .put("refreshToken", issued.refreshToken());
                }
                ctx.response().putHeader("Cache-Control", "no-store");
                Responses.json(ctx, 200, body);
            }
            case LOCKED, LOCKED_NOW -> {
                boolean now = result.outcome() == Accounts.Outcome.LOCKED_NOW;
                audit(ctx, null, now ? AuditAction.LOCKOUT : AuditAction.LOGIN_FAILED, login, 401,
                        now ? "locked after " + result.account().failedLogins() + " failed logins" : "account locked");
                throw AuthException.unauthenticated("the account is locked until "
                        + HHMM.format(result.account().lockedUntil().atZone(Params.zone(ctx))) + " (" + Params.zone(ctx)
                        + ") after repeated failed logins;"
                        + " an administrator can unlock it");
            }
            default -> {
                audit(ctx, null, AuditAction.LOGIN_FAILED, login, 401, switch (result.outcome()) {
                    case UNKNOWN -> "no such account";
                    case DISABLED -> "account disabled";
                    default -> "wrong password (" + result.account().failedLogins() + " in a row)";
                });
                throw AuthException.unauthenticated("username or password is wrong");
            }
        }
    }

    private void setCookies(RoutingContext ctx, Sessions.Issued issued) {
        boolean tls = ctx.request().isSSL();
        ctx.response().addCookie(Cookie.cookie(Access.SESSION_COOKIE, issued.accessToken()).setPath("/").setHttpOnly(true)
                .setSecure(tls).setSameSite(CookieSameSite.STRICT));
        ctx.response().addCookie(Cookie.cookie(Access.CSRF_COOKIE, issued.csrfToken()).setPath("/").setHttpOnly(false)
                .setSecure(tls).setSameSite(CookieSameSite.STRICT));
    }

    /** Body {@code {"refreshToken"}}: new bearer tokens, the old ones no longer work. Worker thread (stores the session). */
    void refresh(RoutingContext ctx) {
        JsonObject b = Params.bodyObject(ctx);
        String token = Params.str(b, "refreshToken", true, 128);
        Sessions.Issued issued = sessions.refresh(token).orElseThrow(() ->
                AuthException.unauthenticated("the refresh token is unknown, used or its session ended; log in again"));
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 200, new JsonObject().put("tokenType", "Bearer").put("accessToken", issued.accessToken())
                .put("refreshToken", issued.refreshToken()).put("expiresIn", issued.expiresIn()));
    }

    /** Ends the session (bearer or cookie), stored before the answer, and clears the cookies; 204. Worker thread. */
    void logout(RoutingContext ctx) {
        Authenticated a = Access.authenticated(ctx).orElseThrow();
        if (a.session() != null) {
            sessions.revoke(a.session());
            sessions.flush();   // a logged-out token must not come back with a restart
        }
        audit(ctx, a.principal(), AuditAction.LOGOUT, a.session() == null ? "" : a.session().id(), 204, "");
        ctx.response().addCookie(Cookie.cookie(Access.SESSION_COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
        ctx.response().addCookie(Cookie.cookie(Access.CSRF_COOKIE, "").setPath("/").setMaxAge(0)
                .setSameSite(CookieSameSite.STRICT));
        ctx.response().setStatusCode(204).end();
    }

    /** Who the caller is: id, name, kind, roles, jurisdiction, permissions, idle timeout. */
    void me(RoutingContext ctx) {
        Responses.json(ctx, 200, me(Access.principal(ctx)));
    }

    JsonObject me(Principal p) {
        JsonArray roles = new JsonArray();
        JsonArray labels = new JsonArray();
        for (Role r : p.roles()) {
            roles.add(r.id());
            labels.add(r.label());
        }
        JsonArray jurisdiction = new JsonArray();
        for (AdminArea a : p.jurisdiction().areas()) {
            jurisdiction.add(new JsonObject().put("code", a.code()).put("name", a.name()).put("level", a.level().id()));
        }
        JsonArray permissions = new JsonArray();
        p.permissions().stream().filter(x -> x != Permission.PUBLIC).forEach(x -> permissions.add(x.id()));
        JsonObject o = new JsonObject().put("id", p.id()).put("name", p.name()).put("kind", p.kind().id())
                .put("roles", roles).put("roleLabels", labels).put("jurisdiction", jurisdiction)
                .put("permissions", permissions).put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds());
        if (p.unitId() != null) {
            o.put("unit", p.unitId());
        }
        return o;
    }

    /** A one-time ticket for {@code /live?ticket=…} (browsers cannot set headers on a WebSocket). */
    void wsTicket(RoutingContext ctx) {
        Authenticated a = Access.authenticated(ctx).orElseThrow();
        if (a.session() == null) {
            throw Problem.badField("Authorization", "tickets are for logins; send the key or token in the Authorization"
                    + " header of the upgrade instead");
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 200, new JsonObject().put("ticket", sessions.ticket(a.session()))
                .put("expiresIn", Sessions.TICKET_TTL.toSeconds()));
    }

    private void audit(RoutingContext ctx, Principal p, AuditAction action, String target, int status, String detail) {
        org.gridwatch.audit.AuditEvent e = access.event(ctx.request(), p, action, "POST " + ctx.request().path(), target,
                status, detail);
        if (p == null && !target.isEmpty() && action != AuditAction.LOGOUT) {
            // A failed login names the login tried as the actor.
            e = new org.gridwatch.audit.AuditEvent(e.at(), "anonymous", target, "", e.address(), e.userAgent(), action,
                    e.route(), "", status, detail);
        }
        access.auditLog().record(e);
        ctx.put(Access.AUDITED_KEY, true);
    }
}

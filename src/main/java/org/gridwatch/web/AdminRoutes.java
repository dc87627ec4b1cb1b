package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.codec.TimeFormat;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.ApiKey;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.KeyCache;
import org.gridwatch.auth.Principal;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.Sessions;
import org.gridwatch.auth.UserAccount;

/**
 * Account administration under {@code /api/v1/admin}, split by 三员分立: the system administrator
 * makes, disables, unlocks and resets accounts and registers devices; the security administrator
 * grants roles and jurisdictions and issues API keys; both list them. Secrets are in the answer
 * that makes them and nowhere else. Every change (and every refusal) is recorded in the audit
 * trail. Worker threads (store and Argon2id). Thread-safe.
 */
final class AdminRoutes {
    private final Access access;
    private final Accounts accounts;
    private final Sessions sessions;
    private final KeyCache keys;

    AdminRoutes(Access access) {
        this.access = access;
        this.accounts = access.authenticator().accounts();
        this.sessions = access.authenticator().sessions();
        this.keys = access.authenticator().keys();
    }

    static JsonObject user(UserAccount u, Instant now, TimeFormat t) {
        return new JsonObject().put("login", u.login()).put("displayName", u.displayName()).put("staffNo", u.staffNo())
                .put("roles", new JsonArray(u.roles().stream().map(Role::id).toList()))
                .put("jurisdiction", new JsonArray(u.jurisdiction())).put("disabled", u.disabled())
                .put("locked", u.lockedAt(now)).put("lockedUntil", t.format(u.lockedUntil()))
                .put("failedLogins", u.failedLogins()).put("createdAt", t.format(u.createdAt()))
                .put("passwordChangedAt", t.format(u.passwordChangedAt()))
                .put("lastLoginAt", t.format(u.lastLoginAt()));
    }

    void users(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        Instant now = Instant.now();
        Principal by = Access.principal(ctx);
        for (UserAccount u : accounts.users()) {
            // An administrator sees the accounts of their jurisdiction.
            if (u.jurisdiction().stream().allMatch(by.jurisdiction()::includes)) {
                out.add(user(u, now, Times.of(ctx)));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("users", out));
    }

    /** Body {@code {"login","displayName","staffNo","password"}}: 201; the account has no role until granted one. */
    void addUser(RoutingContext ctx) {
        JsonObject b = Params.bodyObject(ctx);
        char[] pw = password(b, "password");
        try {
            UserAccount u = accounts.addUser(Access.principal(ctx), Params.str(b, "login", true, 32),
                    Params.str(b, "displayName", false, Accounts.MAX_NAME), Params.str(b, "staffNo", false, Accounts.MAX_SHORT),
                    pw);
            audit(ctx, "user " + u.login(), 201, "account made (no roles until granted)");
            Responses.json(ctx, 201, user(u, Instant.now(), Times.of(ctx)));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** Body any of {@code {"displayName","staffNo","disabled","unlock","password"}}. Disabling ends the account's sessions. */
    void patchUser(RoutingContext ctx) {
        String login = ctx.pathParam("login");
        JsonObject b = Params.bodyObject(ctx);
        requireInJurisdiction(ctx, accounts.user(login));
        Boolean disabled = b.containsKey("disabled") ? bool(b, "disabled") : null;
        boolean unlock = b.containsKey("unlock") && bool(b, "unlock");
        UserAccount u = accounts.update(login, Params.str(b, "displayName", false, Accounts.MAX_NAME),
                Params.str(b, "staffNo", false, Accounts.MAX_SHORT), disabled, unlock);
        List<String> did = new ArrayList<>();
        if (b.containsKey("password")) {
            char[] pw = password(b, "password");
            try {
                u = accounts.setPassword(login, pw);
                did.add("password reset");
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (Boolean.TRUE.equals(disabled) || b.containsKey("password")) {
            int n = sessions.revokeAll(Principal.Kind.USER, login);
            sessions.flush();
            did.add(n + " sessions ended");
        }
        did.add(0, u.disabled() ? "disabled" : "enabled");
        if (unlock) {
            did.add("unlocked");
        }
        audit(ctx, "user " + login, 200, String.join(", ", did));
        Responses.json(ctx, 200, user(u, Instant.now(), Times.of(ctx)));
    }

    /** Body {@code {"roles":[...],"jurisdiction":[...]}}; the account's sessions end (it logs in again with the new grants). */
    void grant(RoutingContext ctx) {
        String login = ctx.pathParam("login");
        JsonObject b = Params.bodyObject(ctx);
        UserAccount u = accounts.grant(Access.principal(ctx), login, roles(b), strings(b, "jurisdiction"));
        int n = sessions.revokeAll(Principal.Kind.USER, login);
        sessions.flush();
        audit(ctx, "user " + login, 200, "roles " + u.roles().stream().map(Role::id).toList() + ", jurisdiction "
                + u.jurisdiction() + "; " + n + " sessions ended");
        Responses.json(ctx, 200, user(u, Instant.now(), Times.of(ctx)));
    }

    static JsonObject device(DeviceKey d, TimeFormat t) {
        return new JsonObject().put("id", d.id()).put("unit", d.unitId()).put("terminal", d.terminalId())
                .put("crs", d.crs().id()).put("createdAt", t.format(d.createdAt())).put("revokedAt", t.format(d.revokedAt()));
    }

    void devices(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (DeviceKey d : accounts.store().devices()) {
            out.add(device(d, Times.of(ctx)));
        }
        Responses.json(ctx, 200, new JsonObject().put("devices", out));
    }

    /** Body {@code {"unit","terminal"?,"crs"?}}: 201 with the device key (shown once). */
    void addDevice(RoutingContext ctx) {
        JsonObject b = Params.bodyObject(ctx);
        String crs = Params.str(b, "crs", false, 16);
        Accounts.Issued<DeviceKey> d = accounts.addDevice(Params.str(b, "unit", true, 64), Params.str(b, "terminal", false, 64),
                crs == null ? org.gridwatch.geo.Crs.WGS84 : Params.crs("crs", crs));
        audit(ctx, "device " + d.credential().id() + ", unit " + d.credential().unitId(), 201, "device key issued");
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 201, device(d.credential(), Times.of(ctx)).put("key", d.secret()));
    }

    void revokeDevice(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        accounts.revokeDevice(id);
        keys.forget(id);
        audit(ctx, "device " + id, 204, "revoked");
        ctx.response().setStatusCode(204).end();
    }

    static JsonObject apiKey(ApiKey k, TimeFormat t) {
        return new JsonObject().put("id", k.id()).put("name", k.name())
                .put("roles", new JsonArray(k.roles().stream().map(Role::id).toList()))
                .put("jurisdiction", new JsonArray(k.jurisdiction())).put("createdAt", t.format(k.createdAt()))
                .put("revokedAt", t.format(k.revokedAt()));
    }

    void apiKeys(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (ApiKey k : accounts.store().apiKeys()) {
            out.add(apiKey(k, Times.of(ctx)));
        }
        Responses.json(ctx, 200, new JsonObject().put("apiKeys", out));
    }

    /** Body {@code {"name","roles":[...],"jurisdiction":[...]}}: 201 with the key (shown once). */
    void addApiKey(RoutingContext ctx) {
        JsonObject b = Params.bodyObject(ctx);
        Accounts.Issued<ApiKey> k = accounts.addApiKey(Access.principal(ctx), Params.str(b, "name", true, Accounts.MAX_SHORT),
                roles(b), strings(b, "jurisdiction"));
        audit(ctx, "api key " + k.credential().id(), 201, k.credential().name() + ": roles "
                + k.credential().roles().stream().map(Role::id).toList() + ", jurisdiction " + k.credential().jurisdiction());
        ctx.response().putHeader("Cache-Control", "no-store");
        Responses.json(ctx, 201, apiKey(k.credential(), Times.of(ctx)).put("key", k.secret()));
    }

    void revokeApiKey(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        accounts.revokeApiKey(id);
        keys.forget(id);
        audit(ctx, "api key " + id, 204, "revoked");
        ctx.response().setStatusCode(204).end();
    }

    private static void requireInJurisdiction(RoutingContext ctx, UserAccount u) {
        Principal by = Access.principal(ctx);
        if (!u.jurisdiction().stream().allMatch(by.jurisdiction()::includes)) {
            throw Problem.notFound("no account " + u.login());
        }
    }

    private static Set<Role> roles(JsonObject b) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String id : strings(b, "roles")) {
            out.add(Role.parse(id).orElseThrow(() -> Problem.badField("roles", "unknown role '" + id + "'; roles: "
                    + Role.ids())));
        }
        return out;
    }

    private static List<String> strings(JsonObject b, String field) {
        Object v = b.getValue(field);
        if (!(v instanceof JsonArray a)) {
            throw Problem.badField(field, "must be an array of strings");
        }
        if (a.size() > 100) {
            throw Problem.badField(field, "at most 100 entries");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw Problem.badField(field, "must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean bool(JsonObject b, String field) {
        Object v = b.getValue(field);
        if (!(v instanceof Boolean x)) {
            throw Problem.badField(field, "must be true or false");
        }
        return x;
    }

    private static char[] password(JsonObject b, String field) {
        Object v = b.getValue(field);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw Problem.badField(field, "is required (a string)");
        }
        return s.toCharArray();
    }

    private void audit(RoutingContext ctx, String target, int status, String detail) {
        access.auditLog().record(access.event(ctx.request(), Access.principal(ctx), AuditAction.ACCOUNT,
                ctx.request().method().name() + " " + ctx.<String>get(HttpVerticle.ROUTE_KEY), target, status, detail));
        ctx.put(Access.AUDITED_KEY, true);
    }
}

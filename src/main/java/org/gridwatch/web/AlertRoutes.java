package org.gridwatch.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertGroup;
import org.gridwatch.alert.AlertGroups;
import org.gridwatch.alert.AlertService;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.auth.Principal;
import org.gridwatch.codec.AlertJson;
import org.gridwatch.codec.TimeFormat;

/**
 * {@code GET /api/v1/alerts}, {@code POST /api/v1/alerts/{id}/ack}, and the groups of open alerts
 * ({@link AlertGroups}): {@code GET /api/v1/alerts/groups} and
 * {@code POST /api/v1/alerts/groups/{groupId}/ack}. Everything within the request's scope.
 * Thread-safe.
 */
final class AlertRoutes {
    /** The route of a group acknowledgement, as the audit trail names it. */
    static final String GROUP_ACK = "POST /api/v1/alerts/groups/:groupId/ack";

    private final AlertService alerts;
    private final AlertGroups groups;
    private final AreaHierarchy areas;
    private final Access access;
    private final int defaultPage;
    private final int maxPage;

    AlertRoutes(AlertService alerts, AreaHierarchy areas, Access access, int defaultPage, int maxPage) {
        this.alerts = alerts;
        this.groups = new AlertGroups(areas);
        this.areas = areas;
        this.access = access;
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
    }

    /**
     * {@code ?open=true|false&since=&limit=&group=&kind=}: recent alerts of the scope, newest first;
     * with {@code group} only that group's (kind and area, see {@link AlertGroups}); with
     * {@code kind} (repeatable or comma-separated) only those kinds (e.g. {@code sos}).
     */
    void list(RoutingContext ctx) {
        String open = Params.string(ctx, "open");
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw Problem.badField("open", "must be true or false");
        }
        Instant since = Params.queryTime(ctx, "since");
        int limit = Params.limit(ctx, defaultPage, maxPage);
        String group = Params.string(ctx, "group");
        java.util.Set<String> kinds = Params.enumSet(ctx, "kind", org.gridwatch.alert.AlertKind.class).stream()
                .map(org.gridwatch.alert.AlertKind::id).collect(java.util.stream.Collectors.toSet());
        Predicate<Alert> inGroup = group == null ? a -> true : groups.members(key("group", group));
        Predicate<Alert> filter = kinds.isEmpty() ? inGroup : inGroup.and(a -> kinds.contains(a.kind()));
        JsonArray items = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (Alert a : alerts.list(Scopes.of(ctx), "true".equals(open), since, limit, filter)) {
            items.add(AlertJson.json(a, times));
        }
        Responses.json(ctx, 200, new JsonObject().put("alerts", items).put("numberReturned", items.size()));
    }

    /** 200, 404, or 409 when acknowledged already; acknowledged by the authenticated principal (a {@code by} in the body is ignored). */
    void ack(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.badField("id", "must be an integer, got '" + ctx.pathParam("id") + "'");
        }
        String by = Access.principal(ctx).describe();
        Future.fromCompletionStage(alerts.ack(Scopes.of(ctx), id, by), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                Responses.json(ctx, 200, AlertJson.json(ar.result(), Times.of(ctx)));
            } else {
                Failures.send(ctx, ar.cause());
            }
        });
    }

    /**
     * {@code ?level=county|township}: the open alerts of the scope in groups, most severe first,
     * then newest; the level defaults to {@link AlertGroups#levelFor the scope's}.
     */
    void groups(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        String levelText = Params.string(ctx, "level");
        AdminLevel level = levelText == null ? AlertGroups.levelFor(scope) : AdminLevel.parse(levelText)
                .filter(AlertGroups.LEVELS::contains)
                .orElseThrow(() -> Problem.badField("level", "must be county or township, got '" + levelText + "'"));
        List<Alert> open = alerts.list(scope, true, null, Integer.MAX_VALUE);
        JsonArray items = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (AlertGroup g : groups.group(open, level)) {
            items.add(AlertJson.group(g, times));
        }
        Responses.json(ctx, 200, new JsonObject().put("level", level.id()).put("open", open.size())
                .put("groups", items).put("numberReturned", items.size()));
    }

    /**
     * Acknowledges every open alert of the group within the scope, at once: 200 with how many (0
     * when none was open), 404 when the group's area is not in the city or outside the scope. Each
     * alert acknowledged is recorded in the audit trail as this principal's acknowledgement of it
     * (target {@code id=…}), the request itself as usual.
     */
    void groupAck(RoutingContext ctx) {
        String id = ctx.pathParam("groupId");
        AlertGroups.Key key = key("groupId", id);
        Scope scope = Scopes.of(ctx);
        AdminArea area = areas.find(key.areaCode()).filter(a -> scope.includes(a.code()) || scope.isInside(a))
                .orElseThrow(() -> Problem.notFound("groupId: no area " + key.areaCode() + " in your jurisdiction"));
        Principal p = Access.principal(ctx);
        String by = p.describe();
        Future.fromCompletionStage(alerts.ackAll(scope, groups.members(key), by), ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        Failures.send(ctx, ar.cause());
                        return;
                    }
                    JsonArray ids = new JsonArray();
                    for (Alert a : ar.result()) {
                        ids.add(a.id());
                        access.auditLog().record(access.event(ctx.request(), p, AuditAction.WRITE, GROUP_ACK,
                                "id=" + a.id(), 200, "acknowledged with group " + key.id() + " (" + area.name() + ")"));
                    }
                    ctx.put(Access.DETAIL_KEY, ids.size() + " acknowledged" + (ids.isEmpty() ? "" : ": " + ids.encode()));
                    Responses.json(ctx, 200, new JsonObject().put("group", key.id()).put("acknowledged", ids.size())
                            .put("alerts", ids));
                });
    }

    private static AlertGroups.Key key(String field, String text) {
        try {
            return AlertGroups.Key.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.badField(field, e.getMessage() + ", got '" + HttpHygiene.printable(text) + "'");
        }
    }

    /**
     * The export of {@code GET /api/v1/alerts?format=}: the alerts the route selects with every filter
     * ({@code open}, {@code since}, {@code group}, {@code kind}; no {@code limit}), as the alerts layer's
     * features. Alerts in memory are bounded, so their ids are gathered first.
     */
    ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        String open = Params.string(ctx, "open");
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw Problem.badField("open", "must be true or false");
        }
        Instant since = Params.queryTime(ctx, "since");
        String group = Params.string(ctx, "group");
        java.util.Set<String> kinds = ExportRoutes.ids(Params.enumSet(ctx, "kind", org.gridwatch.alert.AlertKind.class));
        Predicate<Alert> inGroup = group == null ? a -> true : groups.members(key("group", group));
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Alert a : alerts.list(Scopes.of(ctx), "true".equals(open), since, Integer.MAX_VALUE,
                inGroup.and(a -> kinds.isEmpty() || kinds.contains(a.kind())))) {
            ids.add(Long.toString(a.id()));
        }
        return ExportRoutes.Source.of(layer, Scopes.of(ctx), null, f -> ids.contains(f.id()));
    }
}

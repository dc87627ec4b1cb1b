package org.gridwatch.web;

import org.gridwatch.codec.AlertJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertService;

/** {@code GET /api/v1/alerts} and {@code POST /api/v1/alerts/{id}/ack}. Thread-safe. */
final class AlertRoutes {
    private final AlertService alerts;
    private final int defaultPage;
    private final int maxPage;

    AlertRoutes(AlertService alerts, int defaultPage, int maxPage) {
        this.alerts = alerts;
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
    }

    /** {@code ?open=true|false&since=&limit=}: recent alerts of the scope, newest first. */
    void list(RoutingContext ctx) {
        String open = Params.string(ctx, "open");
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw Problem.badField("open", "must be true or false");
        }
        Instant since = Params.queryTime(ctx, "since");
        int limit = Params.limit(ctx, defaultPage, maxPage);
        JsonArray items = new JsonArray();
        for (Alert a : alerts.list(Scopes.of(ctx), "true".equals(open), since, limit)) {
            items.add(AlertJson.json(a));
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
                Responses.json(ctx, 200, AlertJson.json(ar.result()));
            } else {
                Failures.send(ctx, ar.cause());
            }
        });
    }
}

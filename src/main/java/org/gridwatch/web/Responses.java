package org.gridwatch.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Response helpers. Stateless; thread-safe. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";
    static final String GEOJSON = "application/geo+json; charset=utf-8";

    private Responses() {
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body.toBuffer());
    }

    /**
     * A GeoJSON answer, encoded straight into the response buffer (no intermediate string: a
     * roster-wide collection is megabytes, and a flood of them is garbage the event loops pause for).
     */
    static void geojson(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", GEOJSON).end(body.toBuffer());
    }
}

package org.gridwatch.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * One row of the route table: method, path template (Vert.x syntax, {@code :param}) and handler.
 *
 * @param method   HTTP method
 * @param path     path template, e.g. {@code /api/v1/incidents/:id}
 * @param handler  the handler
 * @param blocking true for handlers whose work grows with the data (large scans, big responses):
 *                 they run on a worker thread so that no request can stall an event loop
 */
public record RouteSpec(HttpMethod method, String path, Handler<RoutingContext> handler, boolean blocking) {
    /** The path in OpenAPI syntax: {@code /api/v1/incidents/{id}}. */
    public String openApiPath() {
        return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }
}

package org.gridwatch.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * One row of the route table: method, path template (Vert.x syntax, {@code :param}), handler, and
 * the thread it runs on.
 *
 * @param method  HTTP method
 * @param path    path template, e.g. {@code /api/v1/incidents/:id}
 * @param handler the handler
 * @param runs    where the handler runs
 */
public record RouteSpec(HttpMethod method, String path, Handler<RoutingContext> handler, Runs runs) {
    /** Where a handler runs. */
    public enum Runs {
        /** On the event loop: parsing, encoding and reads of the live indexes in O(answer). */
        EVENT_LOOP,
        /** On a Vert.x worker: work that grows with the data (large scans, big responses), so no request stalls an event loop. */
        WORKER,
        /**
         * On the store-read executor ({@code gridwatch-store-read}): queries of the store itself (tracks), so that a
         * slow or hung database holds only those threads, never the workers other routes need.
         */
        STORE_READ
    }

    /** The path in OpenAPI syntax: {@code /api/v1/incidents/{id}}. */
    public String openApiPath() {
        return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }
}

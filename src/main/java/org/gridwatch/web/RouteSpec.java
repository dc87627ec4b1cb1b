package org.gridwatch.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.gridwatch.auth.Permission;

/**
 * One row of the route table: method, path template (Vert.x syntax, {@code :param}), handler, the
 * thread it runs on, the permission it requires and what of it the audit trail records. No route
 * exists without a permission: {@link Permission#PUBLIC} is one, chosen on purpose.
 *
 * @param method     HTTP method
 * @param path       path template, e.g. {@code /api/v1/incidents/:id}
 * @param handler    the handler
 * @param runs       where the handler runs
 * @param permission what the principal must be allowed to do
 * @param audit      what the audit trail records of each request
 */
public record RouteSpec(HttpMethod method, String path, Handler<RoutingContext> handler, Runs runs, Permission permission,
                        Audit audit) {
    /** Where a handler runs. */
    public enum Runs {
        /** On the event loop: parsing, encoding and reads of the live indexes in O(answer). */
        EVENT_LOOP,
        /** On a Vert.x worker: work that grows with the data (large scans, big responses), so no request stalls an event loop. */
        WORKER,
        /**
         * On the query pool ({@code gridwatch-query}): reads of the live indexes whose cost grows with the data
         * (unit lists, nearest units), bounded like {@link #STORE_READ} by {@link QueryPools}: a queue limit and a
         * per-client limit (429), a deadline (503).
         */
        QUERY,
        /**
         * On the event loop when the handler can answer within {@link QueryPools#INLINE_WORK} units of work
         * (a bounded read of the live indexes: nearest units), else on the query pool as {@link #QUERY}: the
         * handler asks {@link QueryPools#workBudget} how much it may read and throws
         * {@link QueryPools#overBudget()} before answering when that is not enough; it then runs again, on the pool.
         * The common question pays no thread hand-off, the rare dear one never holds an event loop.
         */
        INLINE_OR_QUERY,
        /**
         * On the event loop when the handler can answer within {@link QueryPools#INLINE_WORK}, else on a Vert.x
         * worker as {@link #WORKER}; the same contract as {@link #INLINE_OR_QUERY} (incident searches: a radius
         * count reads a few hundred incidents, a whole-city week a hundred thousand).
         */
        INLINE_OR_WORKER,
        /**
         * On the store-read pool ({@code gridwatch-store-read}): queries of the store itself (tracks, who passed
         * here, the audit trail), so that a slow or hung database holds only those threads, never the workers other
         * routes need; bounded by {@link QueryPools}: a queue limit and a per-client limit (429), a deadline (503,
         * the statement cancelled), and a stop when the client goes away.
         */
        STORE_READ
    }

    /**
     * What the audit trail records of a route, beyond every refused request (401, 403), which it
     * always records.
     */
    public enum Audit {
        /** Nothing more (reads of the live situation, which the big screens make every few seconds). */
        NONE,
        /** Every request: a read of one case record or of a unit's movements (who looked at what). */
        READ,
        /** Every request: a write, whatever its outcome. */
        WRITE,
        /**
         * Only requests refused or failed (4xx, 5xx): position reports, telemetry arriving every few
         * seconds from every unit, kept in the tracks themselves.
         */
        REFUSED,
        /** Every request: a bulk export or a read of the audit trail. */
        EXPORT,
        /** The route records its own events (login, logout, account changes). */
        SELF
    }

    public RouteSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(permission, "permission of " + method + " " + path);
        Objects.requireNonNull(audit, "audit");
    }

    /** The path in OpenAPI syntax: {@code /api/v1/incidents/{id}}. */
    public String openApiPath() {
        return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }

    /** "POST /api/v1/incidents/:id/dispatch": how the audit trail names the route. */
    public String describe() {
        return method.name() + " " + path;
    }
}

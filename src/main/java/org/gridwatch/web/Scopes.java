package org.gridwatch.web;

import io.vertx.ext.web.RoutingContext;
import org.gridwatch.area.Scope;

/**
 * The scope of each request: what it may see and change. {@link Access} decides it (the
 * principal's jurisdiction, narrowed by the {@code X-GridWatch-Scope: <area code>} header, never
 * widened) and installs it before the handler runs; handlers only read it. Thread-safe.
 */
final class Scopes {
    /** Request header narrowing the scope to one area code. */
    static final String HEADER = "X-GridWatch-Scope";
    private static final String KEY = "gridwatch.scope";

    private Scopes() {
    }

    /** Installs the scope of this request. */
    static void put(RoutingContext ctx, Scope scope) {
        ctx.put(KEY, scope);
    }

    /** The scope installed for this request. */
    static Scope of(RoutingContext ctx) {
        Scope s = ctx.get(KEY);
        if (s == null) {
            throw new IllegalStateException("no scope installed for " + ctx.request().path());
        }
        return s;
    }
}

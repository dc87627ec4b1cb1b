package org.gridwatch.web;

import io.vertx.ext.web.RoutingContext;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;

/**
 * Decides what a request may see: the one place where access control will restrict data.
 *
 * <p>Today every caller sees the whole city; a caller may narrow its own view to one area with
 * the {@code X-GridWatch-Scope: <area code>} header (a county screen, for example). When
 * authentication arrives, the user's area is intersected here. Thread-safe.
 */
final class Scopes {
    /** Request header narrowing the scope to one area code. */
    static final String HEADER = "X-GridWatch-Scope";
    private static final String KEY = "gridwatch.scope";

    private Scopes() {
    }

    /** Installs the scope of each request (a route handler placed before the API routes). */
    static void install(RoutingContext ctx, AreaHierarchy areas) {
        ctx.put(KEY, parse(areas, ctx.request().getHeader(HEADER), HEADER));
        ctx.next();
    }

    /**
     * The scope named by an area code (the whole city when null or blank).
     *
     * @param field the header or parameter the code came from, for the error
     * @throws Problem 400 naming {@code field} when no area has the code
     */
    static Scope parse(AreaHierarchy areas, String code, String field) {
        if (code == null || code.isBlank()) {
            return new Scope(areas.city());
        }
        return new Scope(areas.find(code.trim()).orElseThrow(() -> Problem.badField(field,
                "unknown area code '" + code.trim() + "'")));
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

package org.gridwatch.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.gridwatch.config.GridWatchConfig;

/**
 * The headers every answer carries: a Content-Security-Policy fitting the pages (scripts, styles,
 * map workers and the WebSocket from this origin only; no framing), {@code nosniff}, a strict
 * referrer policy, {@code no-store} on the API, HSTS over TLS, and CORS for the configured origins
 * only (off by default). Stateless; thread-safe.
 */
final class Hardening {
    /**
     * The pages load everything from this server (no CDN: the product works offline). MapLibre
     * runs its workers from blob URLs and draws glyphs and tiles from blobs and data URLs; the
     * pages and ECharts set inline styles.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src blob:; "
            + "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final GridWatchConfig.Security security;

    Hardening(GridWatchConfig.Security security) {
        this.security = security;
    }

    void handle(RoutingContext ctx) {
        MultiMap h = ctx.response().headers();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "same-origin");
        h.set("Content-Security-Policy", CSP);
        if (security.tls() && security.hstsSeconds() > 0) {
            h.set("Strict-Transport-Security", "max-age=" + security.hstsSeconds() + "; includeSubDomains");
        }
        String path = ctx.request().path();
        if (path.startsWith("/api/")) {
            h.set("Cache-Control", "no-store");
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && security.corsOrigins().contains(origin.toLowerCase(Locale.ROOT))) {
            h.set("Access-Control-Allow-Origin", origin);
            h.add("Vary", "Origin");
            h.set("Access-Control-Expose-Headers", "Location, Retry-After");
            if (ctx.request().method() == HttpMethod.OPTIONS) {
                // A preflight: bearer tokens only (no cookies cross-site), so no Allow-Credentials.
                h.set("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE");
                h.set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-GridWatch-Scope");
                h.set("Access-Control-Max-Age", "600");
                ctx.response().setStatusCode(204).end();
                return;
            }
        }
        ctx.next();
    }
}

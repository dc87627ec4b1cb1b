package org.gridwatch.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
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

    // Names and values as pre-encoded ASCII (Netty's AsciiString): the response encoder copies
    // their bytes instead of walking every character of each one on every answer.
    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
    private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence SAME_ORIGIN = HttpHeaders.createOptimized("same-origin");
    private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized(CSP);
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");

    private final GridWatchConfig.Security security;
    /** The HSTS header's value, or null when there is none (no TLS, or hsts-seconds 0). */
    private final CharSequence hsts;

    Hardening(GridWatchConfig.Security security) {
        this.security = security;
        this.hsts = security.tls() && security.hstsSeconds() > 0
                ? HttpHeaders.createOptimized("max-age=" + security.hstsSeconds() + "; includeSubDomains") : null;
    }

    void handle(RoutingContext ctx) {
        MultiMap h = ctx.response().headers();
        h.set(NOSNIFF_NAME, NOSNIFF);
        h.set(FRAME_NAME, DENY);
        h.set(REFERRER_NAME, SAME_ORIGIN);
        h.set(CSP_NAME, CSP_VALUE);
        if (hsts != null) {
            h.set(HSTS_NAME, hsts);
        }
        String path = ctx.request().path();
        if (path.startsWith("/api/")) {
            h.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
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

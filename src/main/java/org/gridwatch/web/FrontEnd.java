package org.gridwatch.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web front end packed in the jar under {@code webroot/} (built from {@code web/} by the Maven
 * build): the big screen at {@code /}, the dispatcher console at {@code /dispatch}, the login page
 * at {@code /login}, hashed assets under {@code /assets/} and the map's glyph ranges under
 * {@code /glyphs/{fontstack}/{range}.pbf}. The two pages need a session (a browser without one is
 * sent to the login page); the login page, assets and glyphs are open: code, not data. These are
 * static files, not API routes, so they are not in the route table or the OpenAPI document.
 * Thread-safe (stateless).
 */
final class FrontEnd {
    /** The files of the pages that need a session ({@code /} is the big screen's index.html). */
    private static final String[] PAGES = {"/", "/index.html", "/dispatch", "/dispatch/", "/dispatch.html"};

    private FrontEnd() {
    }

    /**
     * Installs the front-end routes; call after the API routes.
     *
     * @param pageGuard runs before a page: calls {@code next()} for a browser with a session, else answers
     */
    static void install(Router router, Handler<RoutingContext> pageGuard) {
        for (String page : PAGES) {
            router.route(HttpMethod.GET, page).handler(pageGuard);
        }
        router.route(HttpMethod.GET, "/dispatch").handler(ctx -> ctx.reroute("/dispatch.html"));
        router.route(HttpMethod.GET, "/dispatch/").handler(ctx -> ctx.reroute("/dispatch.html"));
        router.route(HttpMethod.GET, "/login").handler(ctx -> ctx.reroute("/login.html"));
        router.route(HttpMethod.GET, "/login/").handler(ctx -> ctx.reroute("/login.html"));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true)
                .setMaxAgeSeconds(3600).setSendVaryHeader(true).setIndexPage("index.html"));
        // MapLibre asks for every 256-code-point range a label uses. Ranges the fonts do not cover
        // (CJK is drawn locally) are answered with an empty range rather than a 404.
        router.route(HttpMethod.GET, "/glyphs/*").handler(ctx -> {
            if (ctx.request().path().endsWith(".pbf")) {
                ctx.response().putHeader("Content-Type", "application/x-protobuf")
                        .putHeader("Cache-Control", "public, max-age=86400").end(Buffer.buffer());
            } else {
                ctx.next();
            }
        });
    }
}

package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web front end packed in the jar under {@code webroot/} (built from {@code web/} by the Maven
 * build): the big screen at {@code /}, the dispatcher console at {@code /dispatch}, hashed assets
 * under {@code /assets/} and the map's glyph ranges under {@code /glyphs/{fontstack}/{range}.pbf}.
 * These are static files, not API routes, so they are not in the route table or the OpenAPI
 * document. Thread-safe (stateless).
 */
final class FrontEnd {
    /** Pages of the single-page apps, by path without extension. */
    private static final String[] PAGES = {"dispatch"};

    private FrontEnd() {
    }

    /** Installs the front-end routes; call after the API routes. */
    static void install(Router router) {
        for (String page : PAGES) {
            router.route(HttpMethod.GET, "/" + page).handler(ctx -> ctx.reroute("/" + page + ".html"));
            router.route(HttpMethod.GET, "/" + page + "/").handler(ctx -> ctx.reroute("/" + page + ".html"));
        }
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true)
                .setMaxAgeSeconds(3600).setSendVaryHeader(true));
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

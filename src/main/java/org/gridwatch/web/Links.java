package org.gridwatch.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Paging links: the same request with {@code cursor} replaced. Stateless; thread-safe. */
final class Links {
    private Links() {
    }

    /** Adds {@code "next"} (a relative URL) and an OGC-style {@code links} entry to a collection. */
    static void next(RoutingContext ctx, JsonObject collection, String cursor) {
        MultiMap params = ctx.queryParams();
        StringBuilder sb = new StringBuilder(ctx.request().path()).append('?');
        for (Map.Entry<String, String> e : params.entries()) {
            if (!e.getKey().equals("cursor")) {
                sb.append(enc(e.getKey())).append('=').append(enc(e.getValue())).append('&');
            }
        }
        sb.append("cursor=").append(enc(cursor));
        String href = sb.toString();
        collection.put("next", href);
        collection.put("links", new JsonArray().add(new JsonObject().put("rel", "next").put("href", href)
                .put("type", "application/geo+json")));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

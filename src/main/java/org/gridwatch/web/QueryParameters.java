package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each API route takes, as the OpenAPI document declares them: a request with
 * any other is refused (400 naming the parameter and listing those the route takes), so that a typo
 * ({@code catgory=fraud}) is not silently a question without that filter. {@value #TZ}, which every
 * {@code /api/v1} answer follows ({@code Times}), is taken everywhere. Immutable; thread-safe.
 */
final class QueryParameters {
    /** The parameter every API route takes: how the answer writes its instants. */
    static final String TZ = "tz";
    private final Map<String, Set<String>> byRoute;

    private QueryParameters(Map<String, Set<String>> byRoute) {
        this.byRoute = Map.copyOf(byRoute);
    }

    /** The parameters of every operation of {@code openapi} (the document's bytes), by method and Vert.x path. */
    static QueryParameters of(Buffer openapi) {
        JsonObject doc = new JsonObject(openapi);
        JsonObject shared = doc.getJsonObject("components", new JsonObject()).getJsonObject("parameters", new JsonObject());
        Map<String, Set<String>> out = new HashMap<>();
        for (String path : doc.getJsonObject("paths").fieldNames()) {
            JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
            Set<String> common = names(item.getJsonArray("parameters"), shared);
            for (String method : item.fieldNames()) {
                if (method.equals("parameters")) {
                    continue;
                }
                Set<String> names = new TreeSet<>(common);
                names.add(TZ);
                names.addAll(names(item.getJsonObject(method).getJsonArray("parameters"), shared));
                out.put(key(HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)), vertxPath(path)),
                        Set.copyOf(names));
            }
        }
        return new QueryParameters(out);
    }

    private static Set<String> names(JsonArray parameters, JsonObject shared) {
        Set<String> names = new TreeSet<>();
        if (parameters == null) {
            return names;
        }
        for (Object o : parameters) {
            JsonObject p = (JsonObject) o;
            String ref = p.getString("$ref");
            if (ref != null) {
                p = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1), new JsonObject());
            }
            if ("query".equals(p.getString("in"))) {
                names.add(p.getString("name"));
            }
        }
        return names;
    }

    /** {@code /api/v1/units/{id}} → {@code /api/v1/units/:id}. */
    static String vertxPath(String openApiPath) {
        return openApiPath.replaceAll("\\{([^}/]+)}", ":$1");
    }

    private static String key(HttpMethod method, String path) {
        return method.name() + " " + path;
    }

    /** The parameters route {@code path} takes with {@code method}; null when the document does not describe it. */
    Set<String> of(HttpMethod method, String path) {
        return byRoute.get(key(method, path));
    }

    /**
     * Refuses the request when its query names a parameter its route ({@code path}, a route
     * template) does not take.
     *
     * @throws Problem 400 naming the first unknown parameter (in the order given)
     */
    void check(RoutingContext ctx, String path) {
        Set<String> allowed = of(ctx.request().method(), path);
        if (allowed == null || ctx.queryParams().isEmpty()) {
            return;
        }
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                throw Problem.badField(name, "is not a parameter of " + ctx.request().method() + " " + path
                        + (allowed.isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }
}

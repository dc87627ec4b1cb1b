package org.gridwatch.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.gridwatch.codec.VocabularyJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /api/v1/openapi.json}. Thread-safe. */
final class OpsRoutes {
    /** Class-path location of the OpenAPI document. */
    static final String OPENAPI = "openapi.json";

    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final Buffer openapi;

    OpsRoutes(PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.registry = registry;
        this.ready = ready;
        this.openapi = loadOpenApi();
    }

    static Buffer loadOpenApi() {
        try (InputStream in = OpsRoutes.class.getClassLoader().getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI, e);
        }
    }

    /** Liveness: 200 while the process serves requests. */
    void health(RoutingContext ctx) {
        Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    /** Readiness: 200 when the city and incidents are loaded and the store is usable, else 503. */
    void ready(RoutingContext ctx) {
        boolean ok = ready.getAsBoolean();
        Responses.json(ctx, ok ? 200 : 503, new JsonObject().put("status", ok ? "READY" : "NOT_READY"));
    }

    /** Prometheus text exposition. */
    void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    }

    void openapi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", Responses.JSON).end(openapi);
    }

    /** The domain vocabulary: identifiers, Chinese labels, the incident workflow ({@link VocabularyJson}). */
    void vocabulary(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", Responses.JSON).end(VocabularyJson.encoded());
    }
}

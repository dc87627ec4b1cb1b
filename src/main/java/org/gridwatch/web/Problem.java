package org.gridwatch.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An RFC 9457 problem: the HTTP status, a short title, a detail naming the input at fault and,
 * when one field is at fault, that field ({@code "field"} extension member).
 *
 * <p>Thrown by handlers and turned into an {@code application/problem+json} response by the
 * router's failure handler. Immutable.
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String title;
    private final String field;

    public Problem(int status, String title, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    /** 400: a request field is missing or malformed. */
    public static Problem badField(String field, String detail) {
        return new Problem(400, "Invalid request", field, field + ": " + detail);
    }

    /** 404: the resource does not exist (or is outside the caller's scope). */
    public static Problem notFound(String detail) {
        return new Problem(404, "Not found", null, detail);
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }

    /** The problem document. */
    public JsonObject toJson(String instance) {
        JsonObject o = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", getMessage());
        if (field != null) {
            o.put("field", field);
        }
        if (instance != null) {
            o.put("instance", instance);
        }
        return o;
    }

    /** Sends this problem as the response. */
    public void send(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        // What the audit trail records of a refused or failed request.
        ctx.put(Access.PROBLEM_KEY, getMessage());
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"GridWatch\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE)
                .end(toJson(ctx.request().path()).encode());
    }
}

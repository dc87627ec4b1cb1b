package org.gridwatch.web;

import io.vertx.ext.web.RoutingContext;
import org.gridwatch.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers for failures of asynchronous writes. Stateless; thread-safe. */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** The exception itself, or its cause when it only wraps one (CompletionException). */
    static Throwable cause(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * A store failure becomes 503 with Retry-After (nothing was written, the client may retry);
     * anything else goes to the router's failure handler (500).
     */
    static void send(RoutingContext ctx, Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof StoreException) {
            LOG.error("store write failed on {} {}", ctx.request().method(), ctx.request().path(), cause);
            ctx.response().putHeader("Retry-After", "5");
            new Problem(503, "Store unavailable", null, "the write could not be stored; nothing was changed; retry later")
                    .send(ctx);
            return;
        }
        ctx.fail(cause);
    }
}

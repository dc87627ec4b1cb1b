package org.gridwatch.web;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.GridWatchException;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: a {@link GridWatchException} by its
 * {@link FailureKind} (400, 404, 409, 422, 503 with {@code Retry-After}), anything else goes to the
 * router's failure handler (500, logged). Stateless; thread-safe.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    /** Seconds a client should wait before retrying a write the store could not take. */
    static final int RETRY_AFTER_SECONDS = 5;

    private Failures() {
    }

    /** The exception itself, or its cause when it only wraps one (CompletionException). */
    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** The HTTP status of a kind of failure. */
    static int status(FailureKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case UNAVAILABLE -> 503;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    /**
     * The problem document of a typed failure; its detail starts with the field at fault, if any.
     * A store that cannot take a write is described without its message, which is for the log.
     */
    static Problem problem(GridWatchException e) {
        if (e instanceof StoreException se && se.kind() == FailureKind.UNAVAILABLE) {
            return new Problem(503, se.title(), null, se.maybeStored()
                    ? "the store did not confirm the write: it was not acknowledged but may have been stored;"
                    + " check before sending it again" : "the store could not take the write now; nothing was changed;"
                    + " retry later");
        }
        String message = String.valueOf(e.getMessage());
        String detail = e.field() == null || message.startsWith(e.field() + ":") ? message : e.field() + ": " + message;
        return new Problem(status(e.kind()), e.title(), e.field(), detail);
    }

    /** Answers {@code failure} (unwrapped from a CompletionException) as above. */
    static void send(RoutingContext ctx, Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof GridWatchException e) {
            if (e.kind() == FailureKind.UNAVAILABLE) {
                LOG.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
                ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            }
            problem(e).send(ctx);
            return;
        }
        ctx.fail(cause);
    }
}

package org.gridwatch.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridwatch.auth.Authenticated;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.pipeline.ReadBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pools the expensive routes run on, never an event loop: the query pool
 * ({@code gridwatch-query}, {@link RouteSpec.Runs#QUERY}: reads of the live indexes whose cost grows
 * with the data), the store-read pool ({@code gridwatch-store-read}, {@link RouteSpec.Runs#STORE_READ}:
 * queries of the store, so that a slow database holds only these threads) and the export pool
 * ({@code gridwatch-export}, {@link #export}: whole exports at their client's pace, without a deadline).
 *
 * <p>Each query is admitted or refused on the event loop before it is queued:
 * <ul>
 *   <li>a principal with {@code api.queries.per-client} queries running or waiting in a pool gets
 *       429 for one more (so one client cannot take a pool); so does anyone when the pool runs and
 *       queues {@code threads + queue} queries (so the queue stays bounded);</li>
 *   <li>an admitted query waits in the pool's own queue (not the executor's) until a thread is
 *       free, and has a {@link ReadBudget} ({@link #budget}); at its deadline
 *       ({@code api.queries.timeout}, waiting included) a waiting query leaves the queue and a
 *       running one is stopped (its statement cancelled), and the client is answered 503; when the
 *       client goes away first, a waiting query leaves the queue (it never runs) and a running one
 *       is stopped at once;</li>
 *   <li>every outcome is counted in {@code gridwatch.queries} (tags {@code pool}, {@code outcome}:
 *       done, failed, refused_client, refused_full, deadline, gone) and the pools' load is in the
 *       gauges {@code gridwatch.queries.running} and {@code gridwatch.queries.waiting}.</li>
 * </ul>
 *
 * <p>One instance per Vert.x instance, shared by every {@link HttpVerticle} instance (the limits
 * hold for the server, not per event loop): {@link #acquire} and {@link #release} count the users;
 * the last release closes the pools. Thread-safe: admission runs on the event loops, completion on
 * the calling event loop, stops on a worker of their own (a PostgreSQL cancel is a round trip).
 */
final class QueryPools implements Shareable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryPools.class);
    /** Name of the local map holding the instance of a Vert.x instance. */
    private static final String MAP = "gridwatch.query-pools";
    /** Routing-context key of the budget of the request's query. */
    private static final String BUDGET_KEY = "gridwatch.query-budget";
    /** Seconds a refused client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 1;
    /** Routing-context key set while an {@link RouteSpec.Runs#INLINE_OR_QUERY} handler runs on the event loop. */
    private static final String INLINE_KEY = "gridwatch.query-inline";
    /**
     * Units of work (cells, blocks and points read) an {@link RouteSpec.Runs#INLINE_OR_QUERY}
     * handler may spend on the event loop: a few tens of microseconds.
     */
    static final long INLINE_WORK = 4096;
    /** Thrown by an inline handler whose answer costs more than {@link #INLINE_WORK}; no stack trace. */
    private static final OverBudget OVER_BUDGET = new OverBudget();
    /** A query running longer is reported by Vert.x's blocked-thread checker, ms. */
    private static final long MAX_EXECUTE_MILLIS = 60_000;
    /** Threads of the export pool: an export is whole, so it may hold one for minutes, at its client's pace. */
    static final int EXPORT_THREADS = 4;
    /** Exports waiting for a thread of the export pool, at most. */
    static final int EXPORT_QUEUE = 8;
    /** Exports one client may have running or waiting. */
    static final int EXPORT_PER_CLIENT = 2;
    /** An export running longer is reported by the blocked-thread checker, ms (a large GeoPackage to a slow client). */
    private static final long MAX_EXPORT_MILLIS = 3_600_000;

    /** The outcomes counted, a closed vocabulary (metric tag values). */
    enum Outcome {
        DONE, FAILED, REFUSED_CLIENT, REFUSED_FULL, DEADLINE, GONE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One admitted query. */
    private static final class Query {
        final RoutingContext ctx;
        final Handler<RoutingContext> handler;
        final String client;
        final io.vertx.core.Context context;
        final ReadBudget budget = ReadBudget.unbounded();
        /** Guarded by the pool. */
        boolean running;
        /** Whether the query no longer counts against its client's limit. Guarded by the pool. */
        boolean forgotten;
        long timer = -1;

        Query(RoutingContext ctx, Handler<RoutingContext> handler, String client, io.vertx.core.Context context) {
            this.ctx = ctx;
            this.handler = handler;
            this.client = client;
            this.context = context;
        }
    }

    /**
     * One bounded pool: at most {@code threads} queries running, {@code queue} waiting in its own
     * queue (not the executor's: a query abandoned while waiting leaves it at once, with its slot).
     */
    private static final class Pool {
        final String tag;
        final WorkerExecutor executor;
        final int threads;
        final int queue;
        final int perClient;
        /** Whether a query of this pool is stopped at {@code api.queries.timeout} (not an export: it is whole). */
        final boolean deadline;
        final Map<String, Integer> byClient = new HashMap<>();
        final java.util.ArrayDeque<Query> waiting = new java.util.ArrayDeque<>();
        final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
        int running;

        Pool(Vertx vertx, String name, String tag, int threads, int queue, int perClient, MeterRegistry registry) {
            this(vertx, name, tag, threads, queue, perClient, true, MAX_EXECUTE_MILLIS, registry);
        }

        Pool(Vertx vertx, String name, String tag, int threads, int queue, int perClient, boolean deadline, long maxExecuteMillis,
             MeterRegistry registry) {
            this.tag = tag;
            this.executor = vertx.createSharedWorkerExecutor(name, threads, maxExecuteMillis, TimeUnit.MILLISECONDS);
            this.threads = threads;
            this.queue = queue;
            this.perClient = perClient;
            this.deadline = deadline;
            for (Outcome o : Outcome.values()) {
                outcomes.put(o, Counter.builder("gridwatch.queries").description("Expensive queries by outcome")
                        .tag("pool", tag).tag("outcome", o.tag()).register(registry));
            }
            Gauge.builder("gridwatch.queries.running", this, Pool::runningNow).description("Queries running")
                    .tag("pool", tag).register(registry);
            Gauge.builder("gridwatch.queries.waiting", this, Pool::waitingNow).description("Queries waiting for a thread")
                    .tag("pool", tag).register(registry);
        }

        synchronized double runningNow() {
            return running;
        }

        synchronized double waitingNow() {
            return waiting.size();
        }

        /**
         * Admits {@code q}: null when admitted (then {@code q.running} says whether it may start
         * now, else it waits), else why not.
         */
        synchronized Outcome admit(Query q) {
            if (byClient.getOrDefault(q.client, 0) >= perClient) {
                return Outcome.REFUSED_CLIENT;
            }
            if (running >= threads && waiting.size() >= queue) {
                return Outcome.REFUSED_FULL;
            }
            byClient.merge(q.client, 1, Integer::sum);
            if (running < threads) {
                running++;
                q.running = true;
            } else {
                waiting.add(q);
            }
            return null;
        }

        /** {@code q} ran: frees its thread; the next waiting query, now running, or null. */
        synchronized Query finished(Query q) {
            forget(q);
            Query next = waiting.poll();
            if (next == null) {
                running--;
            } else {
                next.running = true;
            }
            return next;
        }

        /** Takes {@code q} out of the queue; false when it is not waiting (it runs or ran). */
        synchronized boolean abandon(Query q) {
            if (!waiting.remove(q)) {
                return false;
            }
            forget(q);
            return true;
        }

        /** {@code q} no longer counts against its client's limit (idempotent). */
        synchronized void forget(Query q) {
            if (!q.forgotten) {
                q.forgotten = true;
                byClient.computeIfPresent(q.client, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    private final Vertx vertx;
    private final GridWatchConfig.Queries config;
    private final Pool query;
    private final Pool store;
    private final Pool export;
    /** Runs the stops of budgets: cancelling a PostgreSQL statement is a round trip, never for an event loop. */
    private final WorkerExecutor stops;
    private int users;

    private QueryPools(Vertx vertx, GridWatchConfig.Queries config, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.query = new Pool(vertx, "gridwatch-query", "query", config.threads(), config.queue(), config.perClient(), registry);
        this.store = new Pool(vertx, HttpVerticle.STORE_READS, "store", config.storeThreads(), config.queue(),
                config.perClient(), registry);
        this.export = new Pool(vertx, "gridwatch-export", "export", EXPORT_THREADS, EXPORT_QUEUE, EXPORT_PER_CLIENT, false,
                MAX_EXPORT_MILLIS, registry);
        this.stops = vertx.createSharedWorkerExecutor("gridwatch-query-stop", 1, MAX_EXECUTE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The pools of {@code vertx}, made by the first caller; each caller {@link #release}s them when it stops. */
    static QueryPools acquire(Vertx vertx, GridWatchConfig.Queries config, MeterRegistry registry) {
        LocalMap<String, QueryPools> map = vertx.sharedData().getLocalMap(MAP);
        // compute is atomic per key: the count of users changes only inside it.
        return map.compute(MAP, (k, v) -> {
            QueryPools pools = v != null ? v : new QueryPools(vertx, config, registry);
            pools.users++;
            return pools;
        });
    }

    /** Gives the pools back; the last user closes them. */
    io.vertx.core.Future<?> release() {
        boolean[] last = {false};
        vertx.sharedData().<String, QueryPools>getLocalMap(MAP).compute(MAP, (k, v) -> {
            if (v != this || --users > 0) {
                return v;
            }
            last[0] = true;
            return null;
        });
        return last[0] ? io.vertx.core.Future.all(query.executor.close(), store.executor.close(), export.executor.close(), stops.close())
                : io.vertx.core.Future.succeededFuture();
    }

    /**
     * The handler of route {@code r} (its {@link RouteSpec#runs()} is {@code QUERY},
     * {@code INLINE_OR_QUERY}, {@code INLINE_OR_WORKER} or {@code STORE_READ}): admits, queues, bounds
     * and answers as the class comment says; an {@code INLINE_OR_*} handler first runs on the event
     * loop, and goes to the query pool or a Vert.x worker only when it says its answer costs more
     * than {@link #INLINE_WORK}.
     */
    Handler<RoutingContext> handler(RouteSpec r) {
        Handler<RoutingContext> h = r.handler();
        return switch (r.runs()) {
            case QUERY -> ctx -> run(query, h, ctx);
            case STORE_READ -> ctx -> run(store, h, ctx);
            case INLINE_OR_QUERY -> ctx -> {
                if (!inline(h, ctx)) {
                    run(query, h, ctx);
                }
            };
            case INLINE_OR_WORKER -> ctx -> {
                if (!inline(h, ctx)) {
                    // As Route.blockingHandler(h, false) would run it.
                    vertx.executeBlocking(() -> {
                        h.handle(ctx);
                        return null;
                    }, false).onFailure(f -> {
                        if (!ctx.response().ended()) {
                            ctx.fail(Failures.cause(f));
                        }
                    });
                }
            };
            default -> throw new IllegalArgumentException(r.describe() + " runs on " + r.runs() + ", not a query pool");
        };
    }

    /**
     * Runs export {@code h} on the export pool ({@code gridwatch-export}, {@value #EXPORT_THREADS} threads):
     * admitted like a query ({@value #EXPORT_PER_CLIENT} per client, {@value #EXPORT_QUEUE} waiting, else 429),
     * never stopped at a deadline (an export is whole; the client's pace sets its length), stopped when the
     * client goes away. Call on the event loop.
     */
    void export(RoutingContext ctx, Handler<RoutingContext> h) {
        run(export, h, ctx);
    }

    /** Runs {@code h} on the event loop within {@link #INLINE_WORK}; false when it said that is not enough. */
    private static boolean inline(Handler<RoutingContext> h, RoutingContext ctx) {
        ctx.put(INLINE_KEY, Boolean.TRUE);
        try {
            h.handle(ctx);
            return true;
        } catch (OverBudget dear) {
            ctx.remove(INLINE_KEY);
            return false;
        }
    }

    /**
     * Units of work the handler of the request may spend: {@link #INLINE_WORK} while an
     * {@code INLINE_OR_QUERY} handler runs on the event loop, unbounded elsewhere.
     */
    static long workBudget(RoutingContext ctx) {
        return ctx.get(INLINE_KEY) != null ? INLINE_WORK : Long.MAX_VALUE;
    }

    /**
     * What an {@code INLINE_OR_QUERY} handler throws, before it has answered or changed anything,
     * when {@link #workBudget} is not enough: it runs again on the query pool.
     */
    static RuntimeException overBudget() {
        return OVER_BUDGET;
    }

    /** See {@link #overBudget()}. */
    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super("over the inline budget", null, false, false);
        }
    }

    /**
     * The budget of the request's query, stopped at its deadline or when its client goes away;
     * unbounded outside a query pool.
     */
    static ReadBudget budget(RoutingContext ctx) {
        ReadBudget b = ctx.get(BUDGET_KEY);
        return b == null ? ReadBudget.unbounded() : b;
    }

    private void run(Pool pool, Handler<RoutingContext> h, RoutingContext ctx) {
        Query q = new Query(ctx, h, client(ctx), vertx.getOrCreateContext());
        Outcome refused = pool.admit(q);
        if (refused != null) {
            pool.outcomes.get(refused).increment();
            ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new Problem(429, "Too many requests", null, pool == export ? (refused == Outcome.REFUSED_CLIENT
                    ? "you have " + pool.perClient + " exports running or waiting, the most one client may have at once; "
                    + "start the next when one has finished" : "the server is running and queueing " + (pool.threads + pool.queue)
                    + " exports, its limit; retry after " + RETRY_AFTER_SECONDS + " s")
                    : refused == Outcome.REFUSED_CLIENT
                    ? "you have " + pool.perClient + " expensive queries (tracks, who passed here, unit lists, nearest units, "
                    + "audit) running or waiting, the most one client may have at once (api.queries.per-client); send the next "
                    + "when one has been answered"
                    : "the server is running and queueing " + (pool.threads + pool.queue) + " expensive queries, its limit "
                    + "(api.queries." + (pool == store ? "store-threads" : "threads") + " + api.queries.queue); retry after "
                    + RETRY_AFTER_SECONDS + " s");
        }
        ctx.put(BUDGET_KEY, q.budget);
        if (pool.deadline) {
            q.timer = vertx.setTimer(config.timeout().toMillis(), t -> abandon(pool, q, ReadBudget.Reason.DEADLINE));
        }
        ctx.addEndHandler(ar -> {
            if (pool == export) {
                // The client has its whole file: its next export is its own, though this one's thread is still
                // finishing (the audit record, the temporary files).
                pool.forget(q);
            }
            if (ar.failed()) {
                // The connection closed before the answer: nobody waits for it.
                LOG.debug("{} {}: the client went away; its query is stopped", ctx.request().method(), ctx.request().path());
                abandon(pool, q, ReadBudget.Reason.GONE);
            }
        });
        if (q.running) {
            execute(pool, q);
        }
    }

    /** The deadline passed, or the client went away: a waiting query leaves the queue, a running one is stopped. */
    private void abandon(Pool pool, Query q, ReadBudget.Reason why) {
        if (pool.abandon(q)) {
            vertx.cancelTimer(q.timer);
            pool.outcomes.get(why == ReadBudget.Reason.DEADLINE ? Outcome.DEADLINE : Outcome.GONE).increment();
            if (why == ReadBudget.Reason.DEADLINE) {
                answerDeadline(q.ctx);
            }
        } else {
            // Running: its completion answers (503 for a read stopped at its deadline).
            stop(q.budget, why);
        }
    }

    /** Runs {@code q} on the pool's executor; its completion on the request's own event loop. */
    private void execute(Pool pool, Query q) {
        q.context.runOnContext(v -> pool.executor.executeBlocking(() -> {
            q.handler.handle(q.ctx);
            return null;
        }, false).onComplete(ar -> {
            vertx.cancelTimer(q.timer);
            Query next = pool.finished(q);
            if (next != null) {
                execute(pool, next);
            }
            Throwable f = ar.failed() ? Failures.cause(ar.cause()) : null;
            if (f instanceof ReadBudget.Stopped stopped) {
                boolean deadline = stopped.reason() == ReadBudget.Reason.DEADLINE;
                pool.outcomes.get(deadline ? Outcome.DEADLINE : Outcome.GONE).increment();
                if (deadline) {
                    answerDeadline(q.ctx);
                }
            } else if (f == null) {
                pool.outcomes.get(Outcome.DONE).increment();
            } else {
                pool.outcomes.get(Outcome.FAILED).increment();
                if (!q.ctx.response().closed()) {
                    q.ctx.fail(f);
                }
            }
        }));
    }

    private void stop(ReadBudget budget, ReadBudget.Reason why) {
        stops.executeBlocking(() -> budget.stop(why), false);
    }

    private void answerDeadline(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        new Problem(503, "Query took too long", null, "the query did not finish within " + config.timeout().toSeconds()
                + " s (api.queries.timeout) and was stopped; narrow it (a shorter window, a smaller area) or retry later")
                .send(ctx);
    }

    /** Whose query: the principal (kind and id), else the client address. */
    private static String client(RoutingContext ctx) {
        java.util.Optional<Authenticated> a = Access.authenticated(ctx);
        if (a.isPresent()) {
            return a.get().principal().kind().id() + ":" + a.get().principal().id();
        }
        io.vertx.core.net.SocketAddress remote = ctx.request().remoteAddress();
        return "ip:" + (remote == null ? "unknown" : remote.hostAddress());
    }
}

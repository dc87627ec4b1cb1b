package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gridwatch.auth.Permission;
import org.gridwatch.config.GridWatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteSpec.Runs#INLINE_OR_QUERY}: the handler runs on the event loop with
 * {@link QueryPools#INLINE_WORK} to spend; when it says that is not enough, it runs again on the
 * query pool with no limit, and the answer comes from there.
 */
class QueryPoolsTest {
    /** Where and with what budget each call of the handler ran. */
    record Call(boolean eventLoop, long budget, String thread) {
    }

    private Vertx vertx;
    private QueryPools pools;
    private HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        pools = QueryPools.acquire(vertx, new GridWatchConfig.Queries(2, 2, 4, 4, Duration.ofSeconds(10), 50_000, 1000, 1000),
                new SimpleMeterRegistry());
        Router router = Router.router(vertx);
        router.route(HttpMethod.GET, "/q").handler(pools.handler(new RouteSpec(HttpMethod.GET, "/q", this::answer,
                RouteSpec.Runs.INLINE_OR_QUERY, Permission.PUBLIC, RouteSpec.Audit.NONE)));
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        pools.release().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** {@code ?cost=N}: answers when N fits the budget, else asks for the pool. */
    private void answer(RoutingContext ctx) {
        long budget = QueryPools.workBudget(ctx);
        calls.add(new Call(Context.isOnEventLoopThread(), budget, Thread.currentThread().getName()));
        if (Long.parseLong(ctx.request().getParam("cost")) > budget) {
            throw QueryPools.overBudget();
        }
        ctx.response().end(Thread.currentThread().getName());
    }

    private HttpResponse<String> get(long cost) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/q?cost=" + cost)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCheapAnswerComesFromTheEventLoop() throws Exception {
        HttpResponse<String> r = get(10);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("vert.x-eventloop-thread");
        assertThat(calls).containsExactly(new Call(true, QueryPools.INLINE_WORK, r.body()));
    }

    @Test
    void aDearOneRunsAgainOnTheQueryPoolWithoutALimit() throws Exception {
        HttpResponse<String> r = get(QueryPools.INLINE_WORK + 1);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("gridwatch-query");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).eventLoop()).isTrue();
        assertThat(calls.get(0).budget()).isEqualTo(QueryPools.INLINE_WORK);
        assertThat(calls.get(1)).isEqualTo(new Call(false, Long.MAX_VALUE, r.body()));
    }
}

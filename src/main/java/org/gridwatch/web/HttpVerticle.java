package org.gridwatch.web;

import org.gridwatch.codec.IncidentJson;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.error.GridWatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: REST API under {@code /api/v1}, operations endpoints and the static front end.
 * The route table is {@link #routes()}; the OpenAPI document must list exactly these routes.
 *
 * <p>Every request is timed into {@code http.server.requests} tagged by method, route template
 * (never the raw path) and status. Failures become {@code application/problem+json}.
 *
 * <p>Deployed with one instance per event loop ({@code http.instances}), sharing the port: handlers
 * run on their instance's event loop and read the live state lock-free; routes whose work grows
 * with the data (lists, batch lookups, metrics) run on Vert.x workers, and queries of the store
 * (tracks) on a store-read executor of their own ({@link RouteSpec.Runs}).
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    private static final String ROUTE_KEY = "gridwatch.route";
    /** Long enough for a GET with a 10,000-vertex polygon. */
    private static final int MAX_INITIAL_LINE = 1 << 20;
    /** Largest client frame on {@code /live}: subscriptions are small. */
    private static final int MAX_LIVE_FRAME = 64 * 1024;
    /** Name of the executor that runs store queries. */
    static final String STORE_READS = "gridwatch-store-read";
    /** Threads querying the store at once. */
    private static final int STORE_READ_THREADS = 4;
    /** A store query running longer is reported by the blocked-thread checker, ms. */
    private static final long STORE_READ_MAX_MILLIS = 60_000;
    /** The WebSocket path. */
    public static final String LIVE_PATH = "/live";

    private final GridWatchConfig config;
    private final Services services;
    private final AreaHierarchy areas;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final LiveEndpoint live;
    private HttpServer server;
    private WorkerExecutor storeReads;

    /**
     * @param live serves accepted {@code /live} WebSockets
     */
    public HttpVerticle(GridWatchConfig config, Services services, PrometheusMeterRegistry registry, BooleanSupplier ready,
                        Clock clock, LiveEndpoint live) {
        this.live = live;
        this.config = config;
        this.services = services;
        this.areas = services.areas();
        this.registry = registry;
        this.ready = ready;
        this.clock = clock;
    }

    /** The route table. */
    public List<RouteSpec> routes() {
        GridWatchConfig.Api api = config.api();
        LookupRoutes lookup = new LookupRoutes(services.grids(), api.maxBatch());
        AreaRoutes area = new AreaRoutes(areas, api.defaultPage(), api.maxPage());
        IncidentRoutes incident = new IncidentRoutes(services.incidents(), services.dispatch(), new IncidentJson(areas), clock, api.defaultPage(),
                api.maxPage(), api.maxPolygonVertices());
        StatsRoutes stats = new StatsRoutes(areas, services.incidents().index());
        OpsRoutes ops = new OpsRoutes(registry, ready);
        AlertRoutes alert = new AlertRoutes(services.alerts(), api.defaultPage(), api.maxPage());
        UnitRoutes unit = new UnitRoutes(services.positions(), areas, config.dispatch());
        PostRoutes post = new PostRoutes(services.posts(), areas, clock);
        PositionRoutes position = new PositionRoutes(services.positions(), services.store(), api.maxBatch(), api.maxPolygonVertices());
        return List.of(
                get("/api/v1/lookup", lookup::get),
                worker(HttpMethod.POST, "/api/v1/lookup", lookup::post),
                worker(HttpMethod.GET, "/api/v1/areas", area::list),
                get("/api/v1/areas/:code", area::get),
                post("/api/v1/incidents", incident::create),
                worker(HttpMethod.GET, "/api/v1/incidents", incident::list),
                get("/api/v1/incidents/:id", incident::get),
                post("/api/v1/incidents/:id/transitions", incident::transition),
                post("/api/v1/incidents/:id/dispatch", incident::dispatch),
                worker(HttpMethod.GET, "/api/v1/stats/incidents", stats::incidents),
                worker(HttpMethod.POST, "/api/v1/positions", position::post),
                get("/osmand", position::osmand),
                post("/osmand", position::osmand),
                worker(HttpMethod.GET, "/api/v1/units", unit::list),
                post("/api/v1/units", unit::create),
                get("/api/v1/units/nearest", unit::nearest),
                storeRead("/api/v1/units/passed", position::passed),
                get("/api/v1/units/:id", unit::get),
                new RouteSpec(HttpMethod.PATCH, "/api/v1/units/:id", unit::patch, RouteSpec.Runs.EVENT_LOOP),
                storeRead("/api/v1/units/:id/track", position::track),
                worker(HttpMethod.GET, "/api/v1/alerts", alert::list),
                worker(HttpMethod.GET, "/api/v1/heat", new HeatRoutes(services.heat(), services.grids())::get),
                worker(HttpMethod.GET, "/api/v1/coverage", new CoverageRoutes(services.coverage(), clock)::get),
                get("/api/v1/risk-zones", new RiskZoneRoutes(services.nearRepeat(), services.grids(), clock)::get),
                worker(HttpMethod.GET, "/api/v1/posts", post::list),
                get("/api/v1/posts/stats", post::stats),
                worker(HttpMethod.GET, "/api/v1/key-places", new KeyPlaceRoutes(services.keyPlaces(), areas, clock)::list),
                post("/api/v1/alerts/:id/ack", alert::ack),
                get("/api/v1/openapi.json", ops::openapi),
                get("/api/v1/vocabulary", ops::vocabulary),
                get("/health", ops::health),
                get("/ready", ops::ready),
                worker(HttpMethod.GET, "/metrics", ops::metrics));
    }

    private static RouteSpec get(String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.GET, path, h, RouteSpec.Runs.EVENT_LOOP);
    }

    private static RouteSpec post(String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.POST, path, h, RouteSpec.Runs.EVENT_LOOP);
    }

    /** A route whose handler runs on a worker thread (see {@link RouteSpec.Runs#WORKER}). */
    private static RouteSpec worker(HttpMethod method, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(method, path, h, RouteSpec.Runs.WORKER);
    }

    /** A route that queries the store, on the store-read executor (see {@link RouteSpec.Runs#STORE_READ}). */
    private static RouteSpec storeRead(String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.GET, path, h, RouteSpec.Runs.STORE_READ);
    }

    @Override
    public Future<?> start() {
        // Shared by every instance of this verticle (one pool by name).
        storeReads = vertx.createSharedWorkerExecutor(STORE_READS, STORE_READ_THREADS, STORE_READ_MAX_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        Router router = Router.router(vertx);
        router.route().handler(this::time);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
        router.route("/osmand").handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
        router.route("/api/*").handler(ctx -> Scopes.install(ctx, areas));
        for (RouteSpec r : routes()) {
            io.vertx.core.Handler<RoutingContext> h = ctx -> {
                ctx.put(ROUTE_KEY, r.path());
                r.handler().handle(ctx);
            };
            switch (r.runs()) {
                case WORKER -> router.route(r.method(), r.path()).blockingHandler(h, false);
                case STORE_READ -> router.route(r.method(), r.path()).handler(ctx -> storeReads
                        .executeBlocking(() -> {
                            h.handle(ctx);
                            return null;
                        }, false).onFailure(ctx::fail));
                case EVENT_LOOP -> router.route(r.method(), r.path()).handler(h);
            }
        }
        router.route("/api/*").handler(ctx -> Problem.notFound("no API route " + ctx.request().method() + " "
                + ctx.request().path()).send(ctx));
        FrontEnd.install(router);
        router.route().failureHandler(this::failure);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, ctx -> failure(ctx));
        }
        // Port 0 (any free port) becomes -1: every instance of this verticle then shares one random port.
        int port = config.http().port() == 0 ? -1 : config.http().port();
        HttpServerOptions options = new HttpServerOptions().setHost(config.http().host()).setPort(port)
                .setMaxInitialLineLength(MAX_INITIAL_LINE).setCompressionSupported(true)
                .setMaxWebSocketFrameSize(MAX_LIVE_FRAME).setMaxWebSocketMessageSize(MAX_LIVE_FRAME);
        return vertx.createHttpServer(options)
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::live)
                .requestHandler(router).listen().onSuccess(s -> {
            server = s;
            LOG.debug("HTTP server listening on http://{}:{}/", config.http().host(), s.actualPort());
        });
    }

    @Override
    public Future<?> stop() {
        return storeReads == null ? Future.succeededFuture() : storeReads.close();
    }

    /** Accepts WebSocket upgrades on {@link #LIVE_PATH} with a valid scope; 404 elsewhere, 400 for a bad scope. */
    private void handshake(ServerWebSocketHandshake hs) {
        if (!LIVE_PATH.equals(hs.path())) {
            hs.reject(404);
            return;
        }
        try {
            liveScope(hs.headers().get(Scopes.HEADER), new QueryStringDecoder(hs.uri()));
        } catch (Problem p) {
            hs.reject(400);
            return;
        }
        hs.accept();
    }

    private void live(ServerWebSocket ws) {
        QueryStringDecoder q = new QueryStringDecoder(ws.uri());
        List<String> session = q.parameters().get("session");
        live.connect(ws, liveScope(ws.headers().get(Scopes.HEADER), q), session == null ? null : session.get(0));
    }

    /** The scope of a live connection: the header, else the {@code scope} query parameter. */
    private Scope liveScope(String header, QueryStringDecoder q) {
        List<String> param = q.parameters().get("scope");
        return header != null ? Scopes.parse(areas, header, Scopes.HEADER)
                : Scopes.parse(areas, param == null ? null : param.get(0), "scope");
    }

    /** The bound port (after start). */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    private void time(RoutingContext ctx) {
        long t0 = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            String route = ctx.get(ROUTE_KEY);
            if (route == null) {
                route = ctx.request().path().startsWith("/api/") ? "unmatched" : "static";
            }
            Timer.builder("http.server.requests")
                    .tag("method", ctx.request().method().name())
                    .tag("route", route)
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(registry)
                    .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (f instanceof Problem p) {
            p.send(ctx);
            return;
        }
        if (f instanceof GridWatchException) {
            Failures.send(ctx, f);
            return;
        }
        int status = ctx.statusCode();
        Problem p = switch (status) {
            case 404 -> Problem.notFound("no resource at " + ctx.request().path());
            case 405 -> new Problem(405, "Method not allowed", null, ctx.request().method() + " is not allowed on "
                    + ctx.request().path());
            case 413 -> new Problem(413, "Payload too large", "body", "body: larger than the limit of "
                    + config.http().bodyLimit() + " bytes");
            case 415 -> new Problem(415, "Unsupported media type", "Content-Type", "unsupported Content-Type");
            case 400 -> new Problem(400, "Bad request", null, f == null ? "malformed request" : String.valueOf(f.getMessage()));
            default -> null;
        };
        if (p == null) {
            LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), f);
            p = new Problem(500, "Internal server error", null, "unexpected error; the server log has the details");
        }
        p.send(ctx);
    }
}

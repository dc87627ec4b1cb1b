package org.gridwatch.web;

import org.gridwatch.codec.IncidentJson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Authenticated;
import org.gridwatch.auth.Authenticator;
import org.gridwatch.auth.Permission;
import org.gridwatch.web.RouteSpec.Audit;
import org.gridwatch.web.RouteSpec.Runs;
import static org.gridwatch.auth.Permission.ACCOUNTS;
import static org.gridwatch.auth.Permission.ALERTS;
import static org.gridwatch.auth.Permission.AREAS;
import static org.gridwatch.auth.Permission.AUDIT;
import static org.gridwatch.auth.Permission.DISPATCH;
import static org.gridwatch.auth.Permission.EXPORT;
import static org.gridwatch.auth.Permission.GRANTS;
import static org.gridwatch.auth.Permission.HANDLE;
import static org.gridwatch.auth.Permission.HISTORY;
import static org.gridwatch.auth.Permission.LIVE;
import static org.gridwatch.auth.Permission.POSITIONS;
import static org.gridwatch.auth.Permission.PUBLIC;
import static org.gridwatch.auth.Permission.READ;
import static org.gridwatch.auth.Permission.REPORT;
import static org.gridwatch.auth.Permission.SELF;
import static org.gridwatch.auth.Permission.SUPERVISE;
import static org.gridwatch.auth.Permission.UNITS;
import static org.gridwatch.auth.Permission.USERS;
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
 * <p>Every route declares the permission it requires ({@link RouteSpec#permission()}); the guard
 * of {@link Access} enforces it and the jurisdiction before the handler runs, and records the audit
 * trail. {@link Hardening} sets the security headers (and CORS, when configured) on every answer.
 * With {@code http.tls.cert} the server speaks HTTPS/WSS only.
 *
 * <p>Deployed with one instance per event loop ({@code http.instances}), sharing the port: handlers
 * run on their instance's event loop and read the live state lock-free; routes whose work grows
 * with the data (lists, batch lookups, metrics) run on Vert.x workers; the expensive queries (unit
 * lists and nearest units, tracks, "who passed here", the audit trail) on two bounded pools with
 * admission control, deadlines and cancellation when the client goes away ({@link QueryPools},
 * {@link RouteSpec.Runs}).
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
    static final String ROUTE_KEY = "gridwatch.route";
    /** Long enough for a GET with a 10,000-vertex polygon. */
    private static final int MAX_INITIAL_LINE = 1 << 20;
    /**
     * Transport limit of one client frame on {@code /live}, bytes: larger than the protocol's own
     * limit of a message (64 KiB, measured by the live hub, which answers {@code error too_large}
     * and closes 1009), so that an oversized message is answered with words. Only a frame over this
     * limit is cut off by the transport itself, at once and without an {@code error} (close 1009, or
     * an abnormal close for a client still writing); the hub does not let Vert.x aggregate messages,
     * so no more than 64 KiB of a message and one frame are ever held per connection.
     */
    private static final int MAX_LIVE_FRAME = 1024 * 1024;
    /** Name of the executor that runs store queries. */
    static final String STORE_READS = "gridwatch-store-read";
    /** The WebSocket path. */
    public static final String LIVE_PATH = "/live";

    private final GridWatchConfig config;
    private final Services services;
    private final AreaHierarchy areas;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final LiveEndpoint live;
    private final Access access;
    private final Hardening hardening;
    private final RateLimits limits;
    private HttpServer server;
    private HttpServer redirect;
    private QueryPools queries;
    /** The export handlers placed before the list routes' own ({@code format=}), by {@link RouteSpec#describe()}; set by {@link #routes()}. */
    private java.util.Map<String, io.vertx.core.Handler<RoutingContext>> listExports = java.util.Map.of();
    /** See {@link #timer}; shared by the instance's event loop only, a concurrent map all the same. */
    private final java.util.Map<TimerKey, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

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
        this.limits = new RateLimits();
        this.access = new Access(services.auth(), services.audit(), areas, config.security(), limits);
        this.hardening = new Hardening(config.security());
    }

    /** The route table: every route with the permission it requires and what the audit trail records of it. */
    public List<RouteSpec> routes() {
        GridWatchConfig.Api api = config.api();
        LookupRoutes lookup = new LookupRoutes(services.grids(), api.maxBatch());
        AreaRoutes area = new AreaRoutes(areas, api.defaultPage(), api.maxPage());
        IncidentRoutes incident = new IncidentRoutes(services.incidents(), services.dispatch(), new IncidentJson(areas, config.dispatch().timeLimits(), services.posts().calendar()::isWorkingDay), clock, api.defaultPage(),
                api.maxPage(), api.maxPolygonVertices());
        StatsRoutes stats = new StatsRoutes(areas, services.incidents().index());
        OpsRoutes ops = new OpsRoutes(registry, ready);
        AlertRoutes alert = new AlertRoutes(services.alerts(), areas, access, api.defaultPage(), api.maxPage());
        UnitRoutes unit = new UnitRoutes(services.positions(), areas, config.dispatch(), api.queries().nearestMaxMetres(),
                services.incidents().index(), config.dispatch().policy(), services.posts()::onPostDuty,
                services.auth().accounts(), services.terminals());
        PostRoutes post = new PostRoutes(services.posts(), areas, clock);
        PositionRoutes position = new PositionRoutes(services.positions(), services.positions().tracks(), api.maxBatch(), api.maxPolygonVertices(),
                api.queries().maxPositions(), api.queries().passedMaxUnitHours(), clock);
        AuthRoutes auth = new AuthRoutes(access, config.security(), limits);
        AdminRoutes admin = new AdminRoutes(access);
        AuditRoutes audit = new AuditRoutes(services.store());
        ReportRoutes report = new ReportRoutes(services.reports(), services.store(), areas, services.pdfFont(), clock);
        OgcRoutes ogc = new OgcRoutes(services.layers(), new OgcFilters(), clock);
        String collection = OgcRoutes.BASE + "/collections/:collectionId";
        BasemapRoutes basemap = new BasemapRoutes(services.basemaps());
        ExportRoutes export = new ExportRoutes(services.layers(), access, () -> queries, clock, services.zone());
        KeyPlaceRoutes keyPlaces = new KeyPlaceRoutes(services.keyPlaces(), areas, clock);
        HeatRoutes heat = new HeatRoutes(services.heat(), services.grids());
        CoverageRoutes coverage = new CoverageRoutes(services.coverage(), clock);
        listExports = exports(export, area, incident, alert, post, keyPlaces, heat, coverage);
        Permission metrics = config.security().metricsPublic() ? Permission.PUBLIC : Permission.OPS;
        TileRoutes tile = new TileRoutes(org.gridwatch.tileset.TileSets.of(services.layers()), services.tiles());
        List<RouteSpec> tileRoutes = new java.util.ArrayList<>();
        // Reference tilesets (areas, grids) are read with AREAS, as /api/v1/areas; each has its routes, before the
        // operational ones' (READ, as their /api/v1 routes), which the {layer} parameter names.
        for (org.gridwatch.tileset.TileSet set : tile.reference()) {
            tileRoutes.add(new RouteSpec(HttpMethod.GET, "/tiles/" + set.id() + "/:z/:x/:y.mvt", tile.mvt(set), Runs.WORKER,
                    AREAS, Audit.NONE));
            tileRoutes.add(get(AREAS, "/tiles/" + set.id() + ".json", tile.tileJson(set)));
        }
        tileRoutes.add(get(AREAS, "/tiles", tile::list));
        tileRoutes.add(get(AREAS, "/tiles/tileMatrixSets/" + TileRoutes.WEB_MERCATOR_QUAD, tile::webMercatorQuad));
        tileRoutes.add(worker(HttpMethod.GET, READ, "/tiles/:layer/:z/:x/:y.mvt", tile::operationalMvt));
        tileRoutes.add(get(READ, "/tiles/:layer.json", tile::operationalTileJson));
        // Routes are matched in this order (a path with parameters costs a regular expression to
        // test): the probes first, then the questions asked thousands of times a second.
        List<RouteSpec> table = new java.util.ArrayList<>(List.of(
                get(PUBLIC, "/health", ops::health),
                get(PUBLIC, "/ready", ops::ready),
                get(AREAS, "/api/v1/lookup", lookup::get),
                worker(HttpMethod.POST, AREAS, "/api/v1/lookup", lookup::post),
                worker(HttpMethod.GET, AREAS, "/api/v1/areas", area::list),
                get(AREAS, "/api/v1/areas/:code", area::get),
                write(REPORT, "/api/v1/incidents", incident::create),
                new RouteSpec(HttpMethod.GET, "/api/v1/incidents", incident::list, Runs.INLINE_OR_WORKER, READ, Audit.NONE),
                new RouteSpec(HttpMethod.GET, "/api/v1/incidents/:id", incident::get, Runs.EVENT_LOOP, READ, Audit.READ),
                write(HANDLE, "/api/v1/incidents/:id/transitions", incident::transition),
                write(DISPATCH, "/api/v1/incidents/:id/dispatch", incident::dispatch),
                write(DISPATCH, "/api/v1/incidents/:id/reassign", incident::reassign),
                write(DISPATCH, "/api/v1/incidents/:id/recall", incident::recall),
                write(SUPERVISE, "/api/v1/incidents/:id/supervise", incident::supervise),
                write(HANDLE, "/api/v1/incidents/:id/transfer", incident::transfer),
                worker(HttpMethod.GET, READ, "/api/v1/stats/incidents", stats::incidents),
                worker(HttpMethod.GET, READ, "/api/v1/stats/casework", stats::casework),
                new RouteSpec(HttpMethod.POST, "/api/v1/positions", position::post, Runs.WORKER, POSITIONS, Audit.REFUSED),
                telemetry(HttpMethod.POST, "/osmand", position::osmand),
                telemetry(HttpMethod.GET, "/osmand", position::osmand),
                telemetry(HttpMethod.POST, "/osmand/:key", position::osmand),
                telemetry(HttpMethod.GET, "/osmand/:key", position::osmand),
                query(READ, "/api/v1/units", unit::list),
                new RouteSpec(HttpMethod.POST, "/api/v1/units", unit::create, Runs.WORKER, UNITS, Audit.WRITE),
                new RouteSpec(HttpMethod.GET, "/api/v1/units/nearest", unit::nearest, Runs.INLINE_OR_QUERY, READ, Audit.NONE),
                new RouteSpec(HttpMethod.GET, "/api/v1/units/passed", position::passed, Runs.STORE_READ, HISTORY, Audit.READ),
                get(READ, "/api/v1/units/:id", unit::get),
                new RouteSpec(HttpMethod.PATCH, "/api/v1/units/:id", unit::patch, Runs.WORKER, UNITS, Audit.WRITE),
                new RouteSpec(HttpMethod.GET, "/api/v1/units/:id/track", position::track, Runs.STORE_READ, HISTORY,
                        Audit.READ),
                worker(HttpMethod.GET, READ, "/api/v1/alerts", alert::list),
                worker(HttpMethod.GET, READ, "/api/v1/alerts/groups", alert::groups),
                worker(HttpMethod.GET, READ, "/api/v1/heat", heat::get),
                worker(HttpMethod.GET, READ, "/api/v1/rapid-response", new RapidResponseRoutes(services.rapidResponse(),
                        services.positions(), config.dispatch(), clock)::get),
                worker(HttpMethod.GET, READ, "/api/v1/coverage", coverage::get),
                get(READ, "/api/v1/risk-zones", new RiskZoneRoutes(services.nearRepeat(), services.grids(), clock)::get),
                worker(HttpMethod.GET, READ, "/api/v1/posts", post::list),
                get(READ, "/api/v1/posts/stats", post::stats),
                worker(HttpMethod.GET, READ, "/api/v1/key-places", keyPlaces::list),
                write(ALERTS, "/api/v1/alerts/groups/:groupId/ack", alert::groupAck),
                get(READ, "/api/v1/calendar", new CalendarRoutes(services.posts().calendar(), clock)::get),
                new RouteSpec(HttpMethod.GET, "/api/v1/history/daily", new HistoryRoutes(services.history(), services.store(),
                        areas, clock)::daily, Runs.STORE_READ, READ, Audit.NONE),
                write(ALERTS, "/api/v1/alerts/:id/ack", alert::ack),
                new RouteSpec(HttpMethod.GET, "/api/v1/reports/daily", report::list, Runs.STORE_READ, READ, Audit.NONE),
                new RouteSpec(HttpMethod.GET, "/api/v1/reports/daily/:date", report::get, Runs.STORE_READ, READ, Audit.READ),
                write(HANDLE, "/api/v1/reports/daily", report::generate),
                new RouteSpec(HttpMethod.POST, "/api/v1/auth/login", auth::login, Runs.WORKER, PUBLIC, Audit.SELF),
                new RouteSpec(HttpMethod.POST, "/api/v1/auth/refresh", auth::refresh, Runs.WORKER, PUBLIC, Audit.NONE),
                new RouteSpec(HttpMethod.POST, "/api/v1/auth/logout", auth::logout, Runs.WORKER, SELF, Audit.SELF),
                get(SELF, "/api/v1/auth/me", auth::me),
                new RouteSpec(HttpMethod.POST, "/api/v1/auth/ws-ticket", auth::wsTicket, Runs.EVENT_LOOP, LIVE, Audit.NONE),
                admin(HttpMethod.GET, ACCOUNTS, "/api/v1/admin/users", admin::users),
                admin(HttpMethod.POST, USERS, "/api/v1/admin/users", admin::addUser),
                admin(HttpMethod.PATCH, USERS, "/api/v1/admin/users/:login", admin::patchUser),
                admin(HttpMethod.PUT, GRANTS, "/api/v1/admin/users/:login/grants", admin::grant),
                admin(HttpMethod.GET, ACCOUNTS, "/api/v1/admin/devices", admin::devices),
                admin(HttpMethod.POST, USERS, "/api/v1/admin/devices", admin::addDevice),
                admin(HttpMethod.DELETE, USERS, "/api/v1/admin/devices/:id", admin::revokeDevice),
                admin(HttpMethod.GET, ACCOUNTS, "/api/v1/admin/api-keys", admin::apiKeys),
                admin(HttpMethod.POST, GRANTS, "/api/v1/admin/api-keys", admin::addApiKey),
                admin(HttpMethod.DELETE, GRANTS, "/api/v1/admin/api-keys/:id", admin::revokeApiKey),
                new RouteSpec(HttpMethod.GET, "/api/v1/audit", audit::list, Runs.STORE_READ, AUDIT, Audit.EXPORT),
                new RouteSpec(HttpMethod.GET, "/api/v1/audit.csv", audit::csv, Runs.STORE_READ, AUDIT, Audit.EXPORT),
                get(AREAS, "/basemap/style.json", basemap::style),
                get(AREAS, "/basemap/:source.json", basemap::tileJson),
                worker(HttpMethod.GET, AREAS, "/basemap/:source/:z/:x/:y", basemap::tile),
                new RouteSpec(HttpMethod.GET, "/api/v1/export/:layer", export::export, Runs.EVENT_LOOP, EXPORT, Audit.EXPORT),
                get(SELF, "/api/v1/openapi.json", ops::openapi),
                get(SELF, OgcRoutes.BASE, ogc::landing),
                get(SELF, OgcRoutes.BASE + "/conformance", ogc::conformance),
                get(SELF, OgcRoutes.BASE + "/api", ogc::api),
                // The extents of the live collections scan their snapshots: on a worker.
                worker(HttpMethod.GET, AREAS, OgcRoutes.BASE + "/collections", ogc::collections),
                worker(HttpMethod.GET, AREAS, collection, ogc::collection),
                get(AREAS, collection + "/queryables", ogc::queryables),
                // Tracks are read from the store: the store-read pool, and audited as every read of movements.
                new RouteSpec(HttpMethod.GET, OgcRoutes.BASE + "/collections/tracks/items", ogc::items, Runs.STORE_READ, HISTORY,
                        Audit.READ),
                new RouteSpec(HttpMethod.GET, OgcRoutes.BASE + "/collections/tracks/items/:featureId", ogc::item,
                        Runs.STORE_READ, HISTORY, Audit.READ),
                new RouteSpec(HttpMethod.GET, collection + "/items", ogc::items, Runs.INLINE_OR_QUERY, AREAS, Audit.NONE),
                query(AREAS, collection + "/items/:featureId", ogc::item),
                get(SELF, "/api/v1/vocabulary", ops::vocabulary),
                new RouteSpec(HttpMethod.GET, LIVE_PATH, this::upgrade, Runs.EVENT_LOOP, LIVE, Audit.NONE),
                worker(HttpMethod.GET, metrics, "/metrics", ops::metrics)));
        table.addAll(tileRoutes);
        return List.copyOf(table);
    }

    /**
     * The exports of the list routes ({@code format=}): each route's own filters made into its layer's
     * query, the parameters an export does not take (besides paging) refused.
     */
    private static java.util.Map<String, io.vertx.core.Handler<RoutingContext>> exports(ExportRoutes x, AreaRoutes area,
            IncidentRoutes incident, AlertRoutes alert, PostRoutes post, KeyPlaceRoutes keyPlaces, HeatRoutes heat,
            CoverageRoutes coverage) {
        java.util.Map<String, io.vertx.core.Handler<RoutingContext>> m = new java.util.HashMap<>();
        java.util.function.BiConsumer<String, ExportRoutes.ListSource> put = (path, source) ->
                m.put("GET " + path, x.list("GET " + path, java.util.Set.of(), source));
        put.accept("/api/v1/areas", ctx -> area.export(ctx, x));
        put.accept("/api/v1/incidents", ctx -> incident.export(ctx, x.layer("incidents")));
        put.accept("/api/v1/units", ctx -> UnitRoutes.export(ctx, x.layer("units")));
        put.accept("/api/v1/alerts", ctx -> alert.export(ctx, x.layer("alerts")));
        put.accept("/api/v1/posts", ctx -> post.export(ctx, x.layer("posts")));
        put.accept("/api/v1/risk-zones", ctx -> RiskZoneRoutes.export(ctx, x.layer("risk-zones")));
        put.accept("/api/v1/heat", ctx -> heat.export(ctx, x.layer("heat")));
        put.accept("/api/v1/coverage", coverage::export);
        m.put("GET /api/v1/key-places", x.list("GET /api/v1/key-places", java.util.Set.of("day"),
                ctx -> keyPlaces.export(ctx, x.layer("key-places"))));
        return java.util.Map.copyOf(m);
    }

    private static RouteSpec get(Permission p, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.GET, path, h, Runs.EVENT_LOOP, p, Audit.NONE);
    }

    /** A write on the event loop, audited. */
    private static RouteSpec write(Permission p, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.POST, path, h, Runs.EVENT_LOOP, p, Audit.WRITE);
    }

    /** A position report of the OsmAnd protocol (Traccar Client): refusals audited (see {@link Audit#REFUSED}). */
    private static RouteSpec telemetry(HttpMethod method, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(method, path, h, Runs.EVENT_LOOP, POSITIONS, Audit.REFUSED);
    }

    /** A route whose handler runs on a worker thread (see {@link RouteSpec.Runs#WORKER}). */
    private static RouteSpec worker(HttpMethod method, Permission p, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(method, path, h, Runs.WORKER, p, Audit.NONE);
    }

    /** A GET of the live indexes whose cost grows with the data: on the query pool (see {@link RouteSpec.Runs#QUERY}). */
    private static RouteSpec query(Permission p, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(HttpMethod.GET, path, h, Runs.QUERY, p, Audit.NONE);
    }

    /** An account route: on a worker (store, Argon2id), recording its own audit events. */
    private static RouteSpec admin(HttpMethod method, Permission p, String path, io.vertx.core.Handler<RoutingContext> h) {
        return new RouteSpec(method, path, h, Runs.WORKER, p, Audit.SELF);
    }

    @Override
    public Future<?> start() {
        // Shared by every instance of this verticle.
        queries = QueryPools.acquire(vertx, config.api().queries(), registry);
        List<RouteSpec> table = routes();
        QueryParameters parameters = QueryParameters.of(OpsRoutes.loadOpenApi());
        HttpHygiene hygiene = new HttpHygiene(table);
        Router router = Router.router(vertx);
        router.route().handler(this::time);
        router.route().handler(hardening::handle);
        router.route().handler(hygiene::check);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
        router.route("/osmand*").handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimit()));
        for (RouteSpec r : table) {
            io.vertx.core.Handler<RoutingContext> h = r.handler();
            io.vertx.ext.web.Route route = router.route(r.method(), r.path()).handler(ctx -> {
                ctx.put(ROUTE_KEY, r.path());
                ctx.put(Params.ZONE_KEY, services.zone());
                if (r.path().equals(LIVE_PATH)) {
                    // Held until the guard has decided (it may read the store): an upgrade must find the request unread.
                    ctx.request().pause();
                }
                ctx.next();
            }).handler(access.guard(r));
            if (r.path().startsWith("/api/")) {
                route.handler(ctx -> {
                    try {
                        parameters.check(ctx, r.path());
                        Times.install(ctx);
                    } catch (Problem p) {
                        p.send(ctx);
                        return;
                    }
                    ctx.next();
                });
                io.vertx.core.Handler<RoutingContext> export = listExports.get(r.describe());
                if (export != null) {
                    route.handler(export);
                }
            }
            switch (r.runs()) {
                case WORKER -> route.blockingHandler(h, false);
                case QUERY, INLINE_OR_QUERY, INLINE_OR_WORKER, STORE_READ -> route.handler(queries.handler(r));
                case EVENT_LOOP -> route.handler(h);
            }
        }
        router.route().handler(hygiene::methodNotAllowed);
        router.route("/api/*").handler(ctx -> Problem.notFound("no API route " + ctx.request().method() + " "
                + ctx.request().path()).send(ctx));
        FrontEnd.install(router, this::pageGuard);
        router.route().failureHandler(this::failure);
        for (int status : new int[] {400, 404, 405, 413, 415, 417, 500}) {
            router.errorHandler(status, ctx -> failure(ctx));
        }
        // Port 0 (any free port) becomes -1: every instance of this verticle then shares one random port.
        int port = config.http().port() == 0 ? -1 : config.http().port();
        HttpServerOptions options = new HttpServerOptions().setHost(config.http().host()).setPort(port)
                .setMaxInitialLineLength(MAX_INITIAL_LINE).setCompressionSupported(true)
                .setMaxWebSocketFrameSize(MAX_LIVE_FRAME).setMaxWebSocketMessageSize(MAX_LIVE_FRAME)
                // No WebSocket compression: the transport would inflate a whole frame before anyone
                // could measure it (a 1 MiB frame of zeros inflates to 1 GB).
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                // HTTP/1.1 only: the connection defences (timeouts, framing) are HTTP/1.1's.
                .setHttp2ClearTextEnabled(false);
        GridWatchConfig.Security sec = config.security();
        if (sec.tls()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(sec.tlsCert())
                    .setKeyPath(sec.tlsKey()));
        }
        HttpConnections connections = new HttpConnections(options, config.http().timeouts(), registry);
        Future<HttpServer> main = vertx.createHttpServer(options).connectionHandler(connections::install)
                .invalidRequestHandler(HttpHygiene::invalid).requestHandler(router).listen().onSuccess(s -> {
            server = s;
            LOG.debug("HTTP server listening on {}://{}:{}/", sec.tls() ? "https" : "http", config.http().host(),
                    s.actualPort());
        });
        if (!sec.tls() || sec.redirectPort() == 0) {
            return main;
        }
        HttpServerOptions plain = new HttpServerOptions().setHost(config.http().host()).setPort(sec.redirectPort())
                .setHttp2ClearTextEnabled(false);
        HttpConnections guarded = new HttpConnections(plain, config.http().timeouts(), registry);
        return main.compose(s -> vertx.createHttpServer(plain).connectionHandler(guarded::install)
                .invalidRequestHandler(HttpHygiene::invalid).requestHandler(this::redirectToHttps).listen())
                .onSuccess(r -> redirect = r);
    }

    /** The plain-HTTP listener of {@code http.tls.redirect-port}: every request is sent to HTTPS (301). */
    private void redirectToHttps(io.vertx.core.http.HttpServerRequest req) {
        String host = req.authority() == null ? config.http().host() : req.authority().host();
        req.response().setStatusCode(301).putHeader("Location", "https://" + host + ":" + port() + req.uri()).end();
    }

    @Override
    public Future<?> stop() {
        Future<?> r = redirect == null ? Future.succeededFuture() : redirect.close();
        return queries == null ? r : r.compose(v -> queries.release());
    }

    /**
     * {@code GET /live} (after the guard: authenticated, allowed, scoped): refuses an upgrade from
     * a page of another origin, narrows the scope by {@code ?scope=} (browsers cannot set headers),
     * then upgrades and hands the socket to the live hub with the principal.
     */
    private void upgrade(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !access.originAllowed(origin, ctx.request())) {
            throw AuthException.forbidden("Origin", "Origin: a live connection from " + origin
                    + " is refused (allowed: this server and http.allowed-origins)");
        }
        Scope scope = access.narrowed(Scopes.of(ctx), ctx.queryParam("scope"));
        String session = ctx.request().getParam("session");
        Authenticated a = Access.authenticated(ctx).orElseThrow();
        ctx.request().toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                if (!ctx.response().ended()) {
                    new Problem(400, "Bad request", null, "/live: expected a WebSocket upgrade ("
                            + ar.cause().getMessage() + ")").send(ctx);
                }
                return;
            }
            live.connect(ar.result(), scope, session, a, () -> access.authenticator().ended(a));
        });
    }

    /**
     * Before the pages: a browser without a valid session goes to the login page
     * ({@code /login?next=…}); the login page and the static assets are open to all.
     */
    private void pageGuard(RoutingContext ctx) {
        io.vertx.core.http.Cookie c = ctx.request().getCookie(Access.SESSION_COOKIE);
        if (c == null) {
            toLogin(ctx);
            return;
        }
        access.authenticator().authenticate(new Authenticator.Credentials(null, c.getValue(), null, null))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().isPresent()) {
                        ctx.next();
                    } else {
                        toLogin(ctx);
                    }
                });
    }

    private static void toLogin(RoutingContext ctx) {
        String path = ctx.request().path();
        ctx.response().setStatusCode(302).putHeader("Location", "/login?next="
                + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8))
                .putHeader("Cache-Control", "no-store").end();
    }

    /** The bound port (after start). */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /**
     * Times the request into {@code http.server.requests}. Every tag has a closed vocabulary, so no
     * client can add series: the method if HTTP defines it, else {@code OTHER}; the route template,
     * else {@code static} (a page or asset served) or {@code unmatched}; the status.
     */
    private void time(RoutingContext ctx) {
        long t0 = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            String route = ctx.get(ROUTE_KEY);
            int status = ctx.response().getStatusCode();
            if (route == null) {
                route = !ctx.request().path().startsWith("/api/") && status < 400 ? HttpHygiene.STATIC
                        : HttpHygiene.UNMATCHED;
            }
            timer(HttpHygiene.methodTag(ctx.request().method()), route, status).record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    /** One timer of {@code http.server.requests} per method, route and status. */
    private record TimerKey(String method, String route, int status) {
    }

    /**
     * The timer of a method, route template and status: registered once, then found in a map
     * (building the meter id and its tags for every request cost more than the rest of an answer to
     * {@code /health}). Bounded: method tags, route templates and statuses are closed sets
     * ({@link HttpHygiene#methodTag} folds unknown methods into one tag).
     */
    private Timer timer(String method, String route, int status) {
        return timers.computeIfAbsent(new TimerKey(method, route, status), k -> Timer.builder("http.server.requests")
                .tag("method", k.method())
                .tag("route", k.route())
                .tag("status", Integer.toString(k.status()))
                .register(registry));
    }

    /**
     * The router's failure handler: a {@link Problem} or typed failure as its document, the
     * router's own statuses as problems; a client that went away is logged at DEBUG (there is no
     * one to answer); anything else is a 500, logged with its stack trace.
     */
    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (HttpHygiene.disconnected(ctx, f)) {
            LOG.debug("client went away during {} {}: {}", HttpHygiene.methodTag(ctx.request().method()),
                    ctx.request().path(), f == null ? "connection closed" : f.toString());
            return;
        }
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
            case 417 -> new Problem(417, "Expectation failed", "Expect", "Expect: only 100-continue is supported");
            case 400 -> new Problem(400, "Bad request", null, HttpHygiene.describe(f));
            default -> null;
        };
        if (p == null) {
            LOG.error("unexpected failure on {} {}", HttpHygiene.methodTag(ctx.request().method()),
                    ctx.request().path(), f);
            p = new Problem(500, "Internal server error", null, "unexpected error; the server log has the details");
        }
        p.send(ctx);
    }
}

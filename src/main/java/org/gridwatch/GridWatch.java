package org.gridwatch;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.analysis.UncoveredGridMonitor;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.live.LiveHub;
import org.gridwatch.live.LiveSources;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.store.postgis.PostgisStore;
import org.gridwatch.web.HttpVerticle;
import org.gridwatch.web.RouteSpec;
import org.gridwatch.web.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running GridWatch server: wires the parts in order — store, city (areas and grids), grid
 * index, incidents, HTTP — and takes them down in reverse.
 *
 * <p>Start-up reads the store on a worker thread, never on an event loop. When the store holds no
 * areas yet, the city is imported from {@code city.data} first; likewise the unit roster, and the
 * school-guard posts and key places when the store holds neither (see {@code loadPlaces});
 * afterwards the store is the system of record ({@code gridwatch import} changes it). Thread-safe
 * once started.
 */
public final class GridWatch {
    private static final Logger LOG = LoggerFactory.getLogger(GridWatch.class);
    /** How often the heat windows slide, milliseconds. */
    private static final long HEAT_TICK_MILLIS = 1_000;
    /** How often post duty, key-place visibility and uncovered grids are checked, milliseconds. */
    private static final long LIVE_TICK_MILLIS = 5_000;
    /** How often readiness probes the store, milliseconds. */
    private static final long STORE_PROBE_MILLIS = 1_000;

    private final Vertx vertx;
    private final GridWatchConfig config;
    private final PrometheusMeterRegistry registry;
    private final Services services;
    private final Clock clock;
    private final ExecutorService writer;
    private final UncoveredGridMonitor uncovered;
    private volatile long heatTimer = -1;
    private volatile long liveTimer = -1;
    private volatile long probeTimer = -1;
    /** Result of the last store probe; /ready answers 503 while it is false. */
    private volatile boolean storeAvailable = true;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile HttpVerticle http;
    private volatile LiveHub live;
    private volatile String deploymentId;
    private volatile boolean ready;

    private GridWatch(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry, Services services, Clock clock,
                      ExecutorService writer, UncoveredGridMonitor uncovered) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.services = services;
        this.clock = clock;
        this.writer = writer;
        this.uncovered = uncovered;
    }

    /** A Prometheus registry with JVM and process meters bound. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        return r;
    }

    /** Opens the store, loads the city and incidents, and starts serving HTTP, on the system clock (UTC). */
    public static Future<GridWatch> start(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry) {
        return start(vertx, config, registry, Clock.systemUTC());
    }

    /**
     * Like {@link #start(Vertx, GridWatchConfig, PrometheusMeterRegistry)}, with {@code clock} as the
     * server's notion of now everywhere (receipt times, future-time checks, sliding windows): the
     * demo passes its accelerated simulation clock, tests a clock they set.
     */
    public static Future<GridWatch> start(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry,
                                          Clock clock) {
        return vertx.executeBlocking(() -> load(vertx, config, registry, clock), false)
                .compose(GridWatch::deployHttp);
    }

    private static GridWatch load(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry, Clock clock) {
        long t0 = System.nanoTime();
        Store store = openStore(config.store());
        try {
            List<AdminArea> areas = store.loadAreas();
            CityData city = null;
            if (areas.isEmpty()) {
                LOG.info("store {} holds no areas: importing the city from {}", store, config.city().data());
                city = loadCity(config);
                areas = city.areas();
                store.replaceAreas(areas);
            }
            AreaHierarchy hierarchy = AreaHierarchy.of(areas);
            GridIndex grids = GridIndex.build(hierarchy);
            ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gridwatch-writer");
                t.setDaemon(true);
                return t;
            });
            IncidentService incidents = new IncidentService(store, new IncidentIndex(), grids, clock, writer);
            int n = incidents.loadFromStore();
            PositionService positions = new PositionService(store, clock, writer, registry);
            CityData imported = city;
            int u = positions.load(() -> imported != null ? imported.units() : loadCity(config).units());
            Scope wholeCity = new Scope(hierarchy.city());
            DispatchService dispatch = new DispatchService(incidents, positions, writer, wholeCity);
            dispatch.recover();
            AlertService alerts = new AlertService(store, clock, writer);
            alerts.load();
            HeatIndex heat = new HeatIndex(clock.instant());
            incidents.index().forEach(IncidentQuery.all(wholeCity, 0), heat::add);
            incidents.onReport(heat::add);
            GridWatchConfig.NearRepeat nr = config.nearRepeat();
            NearRepeatMonitor nearRepeat = new NearRepeatMonitor(incidents.index(), alerts, wholeCity, nr.radiusMetres(),
                    Duration.ofDays(nr.days()), nr.minEarlier());
            incidents.onReport(nearRepeat::onReport);
            GridWatchConfig.Monitoring monitoring = config.monitoring();
            Instant startedAt = clock.instant();
            CityData places = loadPlaces(store, city, config, grids);
            CoverageIndex coverage = new CoverageIndex(grids, monitoring.dosageCap());
            PostDutyMonitor posts = new PostDutyMonitor(places.posts(), hierarchy, alerts::raise, monitoring.postGrace(),
                    monitoring.postFixMaxAge(), startedAt);
            KeyPlaceMonitor keyPlaces = new KeyPlaceMonitor(places.keyPlaces(), hierarchy, monitoring.keyPlaceRadiusMetres(),
                    startedAt);
            UncoveredGridMonitor uncovered = new UncoveredGridMonitor(coverage, hierarchy, places.keyPlaces(), alerts::raise,
                    monitoring.uncoveredLimit(), startedAt);
            // Seed with each unit's last fix (tracks before start-up are not replayed), then follow the stream.
            List<UnitChange> seed = positions.units().stream().map(r -> new UnitChange(null, r)).toList();
            coverage.apply(seed);
            posts.apply(seed, startedAt);
            keyPlaces.apply(seed, startedAt);
            positions.onChange(coverage::apply);
            positions.onChange(changes -> {
                Instant now = clock.instant();
                posts.apply(changes, now);
                keyPlaces.apply(changes, now);
            });
            LOG.info("loaded {} areas ({} grids), {} incidents and {} units in {} ms", hierarchy.size(), grids.size(), n, u,
                    (System.nanoTime() - t0) / 1_000_000);
            return new GridWatch(vertx, config, registry, new Services(grids, incidents, positions, dispatch, alerts, heat,
                    coverage, nearRepeat, store, posts, keyPlaces), clock, writer, uncovered);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The school-guard posts and key places to monitor (areas and units of the result empty).
     * They are the store's when it holds any post or any key place. Otherwise (a fresh store)
     * they come from the city data directory, as in releases before the store kept them: from
     * {@code city} when the city was imported at this start, else from its
     * {@value CityData#POSTS_FILE} and {@value CityData#KEY_PLACES_FILE}, checked against the
     * grids; and they are saved into the store, so the next start reads the store and the files
     * are no longer consulted. A directory with neither file gives none (logged): a deployment
     * whose places will be imported later still starts. Blocking; start-up only.
     *
     * @throws UncheckedIOException if a places file exists but cannot be read or is malformed
     */
    private static CityData loadPlaces(Store store, CityData city, GridWatchConfig config, GridIndex grids) {
        List<SchoolPost> posts = store.loadSchoolPosts();
        List<KeyPlace> keyPlaces = store.loadKeyPlaces();
        if (!posts.isEmpty() || !keyPlaces.isEmpty()) {
            Set<String> codes = gridCodes(grids);
            long stray = posts.stream().filter(p -> !codes.contains(p.gridCode())).count()
                    + keyPlaces.stream().filter(k -> !codes.contains(k.gridCode())).count();
            if (stray > 0) {
                LOG.warn("{} school posts and key places in store {} name a grid that is not among its areas"
                        + " (areas re-imported?); re-import the places", stray, store);
            }
            return new CityData(List.of(), posts, keyPlaces, List.of());
        }
        CityData places = city != null ? city : readPlaces(config, grids);
        if (!places.posts().isEmpty() || !places.keyPlaces().isEmpty()) {
            store.upsertPlaces(places.posts(), places.keyPlaces());
            LOG.info("store {} held no school posts or key places: saved {} posts and {} key places from {}", store,
                    places.posts().size(), places.keyPlaces().size(), config.city().data());
        }
        return places;
    }

    private static CityData readPlaces(GridWatchConfig config, GridIndex grids) {
        Path dir = config.city().data();
        if (!Files.exists(dir.resolve(CityData.POSTS_FILE))
                && !Files.exists(dir.resolve(CityData.KEY_PLACES_FILE))) {
            LOG.warn("no school posts or key places, neither in the store nor in {}: import them with"
                    + " gridwatch import --type school-posts|key-places", dir);
            return new CityData(List.of(), List.of(), List.of(), List.of());
        }
        try {
            return CityData.loadPlaces(dir, gridCodes(grids));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load school posts and key places from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static Set<String> gridCodes(GridIndex grids) {
        Set<String> codes = new HashSet<>();
        grids.hierarchy().level(AdminLevel.GRID).forEach(g -> codes.add(g.code()));
        return codes;
    }

    /**
     * Opens the store {@code store.type} names: the GeoPackage file, or the PostGIS database
     * (migrated to this release's schema). Blocking.
     *
     * @throws org.gridwatch.error.StoreException when it cannot be opened; the message says why
     */
    public static Store openStore(GridWatchConfig.Store s) {
        return s.postgis() ? PostgisStore.open(s.url(), s.user(), s.password(), s.schema())
                : GeoPackageStore.open(s.path(), s.fullSync());
    }

    private static CityData loadCity(GridWatchConfig config) {
        try {
            return CityData.load(config.city().data());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the city from " + config.city().data() + ": " + e.getMessage(), e);
        }
    }

    private Future<GridWatch> deployHttp() {
        this.live = LiveHub.start(new LiveSources(services.areas(), services.positions(), services.incidents(),
                services.alerts(), services.heat(), services.coverage(), services.posts(), services.keyPlaces()),
                config.live(), clock, registry);
        HttpVerticle v = new HttpVerticle(config, services, registry, () -> ready && storeAvailable, clock, live::connect);
        return vertx.deployVerticle(v).map(id -> {
            this.http = v;
            this.deploymentId = id;
            // Slide the heat windows once a second, on the writer thread (the heat index's single writer).
            this.heatTimer = vertx.setPeriodic(HEAT_TICK_MILLIS,
                    t -> writer.execute(() -> services.heat().advance(clock.instant())));
            // Window edges, stale fixes and overdue places, on the writer thread (the monitors' single writer).
            this.liveTimer = vertx.setPeriodic(LIVE_TICK_MILLIS, t -> writer.execute(this::liveTick));
            // Probe the store off the event loop; /ready reports not ready while it cannot be reached.
            this.probeTimer = vertx.setPeriodic(STORE_PROBE_MILLIS, t -> probeStore());
            this.ready = true;
            return this;
        });
    }

    private void liveTick() {
        Instant now = clock.instant();
        try {
            services.posts().tick(now);
            services.keyPlaces().tick(now);
            uncovered.tick(now);
        } catch (RuntimeException e) {
            LOG.error("live analytics tick failed", e); // the next tick tries again
        }
    }

    private void probeStore() {
        if (!probing.compareAndSet(false, true)) {
            return; // the previous probe is still waiting for the database
        }
        vertx.executeBlocking(() -> services.store().isAvailable(), false).onComplete(r -> {
            probing.set(false);
            boolean up = r.succeeded() && r.result();
            if (up != storeAvailable) {
                if (up) {
                    LOG.info("store {} is reachable again: ready", services.store());
                } else {
                    LOG.warn("store {} cannot be reached: not ready; writes get 503 until it returns", services.store());
                }
            }
            storeAvailable = up;
            if (up && services.alerts().unsavedCount() > 0) {
                services.alerts().storeUnsaved().whenComplete((left, e) -> {
                    if (e == null && left > 0) {
                        LOG.warn("{} alerts raised during the store outage are still not stored", left);
                    }
                });
            }
        });
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /** The route table of the HTTP API. */
    public List<RouteSpec> routes() {
        return http.routes();
    }

    /** The grid index. */
    public GridIndex grids() {
        return services.grids();
    }

    /** The incident service. */
    public IncidentService incidents() {
        return services.incidents();
    }

    /** The unit roster and position stream. */
    public PositionService positions() {
        return services.positions();
    }

    /** Dispatch of units to incidents. */
    public DispatchService dispatch() {
        return services.dispatch();
    }

    /** The server's clock. */
    public Clock clock() {
        return clock;
    }

    /** Alerts. */
    public AlertService alerts() {
        return services.alerts();
    }

    /** School-post (护学岗) duty. */
    public PostDutyMonitor posts() {
        return services.posts();
    }

    /** The live hub behind {@code /live}. */
    public LiveHub live() {
        return live;
    }

    /** The store (blocking: use from workers only). */
    public Store store() {
        return services.store();
    }

    /** Stops HTTP, lets queued writes finish, closes the store. */
    public Future<Void> stop() {
        ready = false;
        if (heatTimer >= 0) {
            vertx.cancelTimer(heatTimer);
        }
        if (liveTimer >= 0) {
            vertx.cancelTimer(liveTimer);
        }
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        Future<Void> undeploy = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeploy.compose(v -> vertx.executeBlocking(() -> {
            if (live != null) {
                live.close();
            }
            writer.shutdown();
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("pending writes did not finish within 30 s");
            }
            services.store().close();
            return null;
        }, false));
    }
}

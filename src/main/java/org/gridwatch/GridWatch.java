package org.gridwatch;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.DailyHistory;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.analysis.UncoveredGridMonitor;
import org.gridwatch.casework.OverdueMonitor;
import org.gridwatch.casework.RapidResponse;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditLog;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.Authenticator;
import org.gridwatch.auth.Terminals;
import org.gridwatch.auth.KeyCache;
import org.gridwatch.auth.OidcVerifier;
import org.gridwatch.auth.PasswordHasher;
import org.gridwatch.auth.PasswordPolicy;
import org.gridwatch.auth.Sessions;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.city.CityData;
import org.gridwatch.basemap.Basemaps;
import org.gridwatch.config.ConfigException;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.device.Jt808Gateway;
import org.gridwatch.dispatch.AlarmStage;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.layer.CityLayers;
import org.gridwatch.live.LiveHub;
import org.gridwatch.live.LiveSources;
import org.gridwatch.tile.TileVersions;
import org.gridwatch.tileset.TileChanges;
import org.gridwatch.tileset.TileService;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.Roster;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitStore;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Ticker;
import org.gridwatch.report.CjkFont;
import org.gridwatch.report.DailyReportBuilder;
import org.gridwatch.report.DailyReports;
import org.gridwatch.report.DailySchedule;
import org.gridwatch.report.LiveReportSource;
import org.gridwatch.report.StoredHistorySource;
import org.gridwatch.post.DutyStage;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.sim.ConsoleDispatches;
import org.gridwatch.store.Store;
import org.gridwatch.store.TrackRetention;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.store.journal.JournaledTracks;
import org.gridwatch.store.journal.PositionJournal;
import org.gridwatch.store.postgis.PostgisStore;
import org.gridwatch.web.HttpVerticle;
import org.gridwatch.web.RouteSpec;
import org.gridwatch.web.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running GridWatch server: wires the parts in order — store, city (areas and grids), grid
 * index, the lanes and the commit queue, the services, the change streams ({@link Streams}),
 * the live hub, HTTP — and takes them down in reverse. The threads and what each owns are in the
 * root package's documentation.
 *
 * <p>Start-up reads the store on a worker thread, never on an event loop. When the store holds no
 * areas yet, the city is imported from {@code city.data} first; likewise the unit roster, and the
 * school-guard posts and key places when the store holds neither (see {@code loadPlaces});
 * afterwards the store is the system of record ({@code gridwatch import} changes it). Thread-safe
 * once started.
 */
public final class GridWatch {
    private static final Logger LOG = LoggerFactory.getLogger(GridWatch.class);
    /** How often readiness probes the store, milliseconds. */
    private static final long STORE_PROBE_MILLIS = 1_000;
    /** Most writes waiting for the store at once. */
    private static final int MAX_QUEUED_WRITES = 100_000;
    /** A state-lane task running longer than this is reported by Vert.x's blocked-thread checker, ms. */
    private static final long STATE_TASK_MILLIS = 2_000;
    /** How often old tracks are deleted ({@code store.tracks.retention-days}), ms; also once at start-up. */
    private static final long RETENTION_MILLIS = 3_600_000;
    /** How often the terminal directory is read again from the store, milliseconds. */
    private static final long TERMINALS_REFRESH_MILLIS = 30_000;
    /** A store task (one JDBC transaction) running longer than this is reported, ms. */
    private static final long STORE_TASK_MILLIS = 60_000;
    /** Size after which the position journal begins a new segment file, bytes. */
    private static final long JOURNAL_SEGMENT_BYTES = 64L << 20;
    /** Audit events waiting for the store at most (an outage longer than that drops events, counted). */
    private static final int MAX_WAITING_AUDIT = 200_000;
    /** How often sessions' ends and uses are stored, ms (a restart forgets at most this much idle time). */
    private static final long SESSION_FLUSH_MILLIS = 5_000;
    /** Login sessions held at once. */
    private static final int MAX_SESSIONS = 100_000;
    /** API and device keys cached at once. */
    private static final int MAX_CACHED_KEYS = 50_000;

    private final Vertx vertx;
    private final GridWatchConfig config;
    private final PrometheusMeterRegistry registry;
    private final Services services;
    private final Clock clock;
    private final Lane state;
    private final Lane storeLane;
    private final CommitQueue writes;
    private final LiveHub live;
    private final ConsoleDispatches console;
    private final List<Ticker> tickers;
    private final Map<String, List<String>> streams;
    /** The position journal in front of the store's tracks, or null. */
    private final JournaledTracks journaled;
    private volatile long probeTimer = -1;
    /** Result of the last store probe; /ready answers 503 while it is false. */
    private volatile boolean storeAvailable = true;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile HttpVerticle http;
    private volatile String deploymentId;
    private volatile Jt808Gateway jt808;
    private volatile boolean ready;

    private GridWatch(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry, Services services, Clock clock,
                      Lane state, Lane storeLane, CommitQueue writes, LiveHub live, ConsoleDispatches console,
                      List<Ticker> tickers, Map<String, List<String>> streams, JournaledTracks journaled) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.services = services;
        this.clock = clock;
        this.state = state;
        this.storeLane = storeLane;
        this.writes = writes;
        this.live = live;
        this.console = console;
        this.tickers = tickers;
        this.streams = streams;
        this.journaled = journaled;
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
        return start(vertx, config, registry, Clock.systemUTC(), false);
    }

    /**
     * Like {@link #start(Vertx, GridWatchConfig, PrometheusMeterRegistry)}, with {@code clock} as the
     * server's notion of now everywhere (receipt times, future-time checks, sliding windows): the
     * demo passes its accelerated simulation clock, tests a clock they set.
     *
     * @param simulated true for the demo: the {@code incidents} stream gets the simulator's stage
     *                  ({@link #consoleDispatches()})
     */
    public static Future<GridWatch> start(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry,
                                          Clock clock, boolean simulated) {
        return vertx.executeBlocking(() -> load(vertx, config, registry, clock, simulated), false)
                .compose(GridWatch::deployHttp).compose(GridWatch::startDevices);
    }

    private static GridWatch load(Vertx vertx, GridWatchConfig config, PrometheusMeterRegistry registry, Clock clock,
                                  boolean simulated) {
        long t0 = System.nanoTime();
        Basemaps basemaps = openBasemaps(config.basemap());
        Store store;
        try {
            store = openStore(config.store());
        } catch (RuntimeException e) {
            basemaps.close();
            throw e;
        }
        Lane state = null;
        Lane storeLane = null;
        JournaledTracks journaled = null;
        try {
            List<AdminArea> areas = store.loadAreas();
            CityData city = null;
            if (areas.isEmpty()) {
                LOG.info("store {} holds no areas: importing the city from {}", store, config.city().describe());
                city = StartupData.loadCity(config);
                areas = city.areas();
                store.replaceAreas(areas);
            }
            AreaHierarchy hierarchy = AreaHierarchy.of(areas);
            GridIndex grids = GridIndex.build(hierarchy);
            Scope wholeCity = new Scope(hierarchy.city());
            state = new Lane(vertx, "gridwatch-state", STATE_TASK_MILLIS);
            storeLane = new Lane(vertx, "gridwatch-store", STORE_TASK_MILLIS);
            CommitQueue writes = new CommitQueue(vertx, state, storeLane, config.store().writeTimeout(), MAX_QUEUED_WRITES,
                    registry);
            // Positions go through the journal when there is one: replayed into the store now, before it is read.
            journaled = config.store().journalDir() == null ? null : JournaledTracks.open(vertx, store, store,
                    PositionJournal.open(config.store().journalDir(), JOURNAL_SEGMENT_BYTES),
                    config.store().journalMaxBehind(), registry);
            UnitStore tracks = journaled != null ? journaled : store;
            Streams streams = new Streams(state, registry);

            IncidentIndex index = new IncidentIndex();
            IncidentService incidents = new IncidentService(store, index, grids, clock, writes, streams.incidents());
            int n = incidents.loadFromStore();
            Roster roster = new Roster();
            PositionService positions = new PositionService(tracks, roster, Streams.ingest(registry), clock, writes,
                    streams.positions(), registry);
            CityData imported = city;
            int u = positions.load(() -> imported != null ? imported.units() : StartupData.loadCity(config).units());
            DispatchService dispatch = new DispatchService(incidents, positions, store, writes, streams.incidents(),
                    streams.positions(), wholeCity);
            dispatch.recover();
            AlertService alerts = new AlertService(store, clock, writes, streams.alerts());
            alerts.load();
            HeatIndex heat = new HeatIndex(clock.instant());
            index.forEach(IncidentQuery.all(wholeCity, 0), heat::add);
            SchoolCalendar calendar = StartupData.calendar(store, config);
            OverdueMonitor overdue = new OverdueMonitor(state, config.dispatch().timeLimits(), calendar::isWorkingDay,
                    incidents, alerts, wholeCity);
            overdue.load();
            GridWatchConfig.NearRepeat nr = config.nearRepeat();
            NearRepeatMonitor nearRepeat = new NearRepeatMonitor(index, alerts, wholeCity, nr.radiusMetres(),
                    Duration.ofDays(nr.days()), nr.minEarlier());
            GridWatchConfig.Monitoring monitoring = config.monitoring();
            Instant startedAt = clock.instant();
            CityData places = StartupData.loadPlaces(store, city, config, grids);
            ZoneId zone = config.city().timeZone();
            CoverageIndex coverage = new CoverageIndex(grids, monitoring.dosageCap(), zone);
            PostDutyMonitor posts = new PostDutyMonitor(places.posts(), hierarchy, alerts, monitoring.postGrace(),
                    monitoring.postFixMaxAge(), startedAt, zone, calendar);
            KeyPlaceMonitor keyPlaces = new KeyPlaceMonitor(places.keyPlaces(), hierarchy, monitoring.keyPlaceRadiusMetres(),
                    startedAt, zone);
            UncoveredGridMonitor uncovered = new UncoveredGridMonitor(coverage, hierarchy, places.keyPlaces(), alerts,
                    monitoring.uncoveredLimit(), startedAt, zone);
            DailyHistory history = new DailyHistory(posts, keyPlaces, coverage, zone, store, writes, startedAt,
                    store.dailyFigures(LocalDate.ofInstant(startedAt, zone)));
            // Seed with each unit's last fix (tracks before start-up are not replayed), then follow the stream.
            List<UnitChange> seed = positions.units().stream().map(r -> new UnitChange(null, r)).toList();
            coverage.apply(seed);
            posts.apply(seed, startedAt);
            posts.takeChanges(); // the seeded statuses are the starting point, not changes
            keyPlaces.apply(seed, startedAt);

            LiveHub live = new LiveHub(vertx, new LiveSources(hierarchy, positions, incidents, alerts, heat, coverage,
                    posts, keyPlaces, config.dispatch().timeLimits()), config.live(), clock, registry);
            DutyStage duty = new DutyStage(posts, clock, streams.posts());
            ConsoleDispatches console = simulated ? new ConsoleDispatches() : null;
            AlarmStage alarms = new AlarmStage(alerts, positions.index(), grids, config.dispatch()::etaSpeedMetresPerSecond,
                    posts::onPostDuty, zone);
            TileVersions tileVersions = new TileVersions(config.tiles().logTiles());
            TileChanges tileChanges = new TileChanges(tileVersions, grids, monitoring.keyPlaceRadiusMetres());
            tileChanges.listen(live.tilesListener());
            streams.declare(roster, index, heat, nearRepeat, coverage, duty, keyPlaces, clock, dispatch, overdue, alarms,
                    live, console, tileChanges);
            live.start();
            List<Ticker> tickers = new ArrayList<>(streams.startTicks(vertx, clock, heat, duty, keyPlaces, uncovered,
                    overdue, history));
            TrackRetention retention = new TrackRetention(tracks, storeLane, clock, config.store().trackRetentionDays(),
                    TrackRetention.PIECE);
            retention.run();
            tickers.add(Ticker.every(vertx, storeLane, RETENTION_MILLIS, retention::run));
            AuditLog audit = new AuditLog(vertx, storeLane, store, MAX_WAITING_AUDIT, registry);
            Runnable auditRetention = () -> auditRetention(store, config.audit().retentionDays());
            storeLane.execute(auditRetention);
            tickers.add(Ticker.every(vertx, storeLane, RETENTION_MILLIS, auditRetention));
            Authenticator auth = authenticator(vertx, config, store, hierarchy, positions);
            Terminals terminals = new Terminals(store);
            terminals.refresh();
            // Terminals bound by the command line (gridwatch device add) are seen within this period.
            tickers.add(Ticker.every(vertx, storeLane, TERMINALS_REFRESH_MILLIS, terminals::refresh));
            tickers.add(Ticker.every(vertx, storeLane, SESSION_FLUSH_MILLIS, auth.sessions()::flush));
            // The daily reports: figures read on a worker from the live services, stored on the store lane.
            DailyReports reports = new DailyReports(vertx, store, storeLane, new DailyReportBuilder(new StoredHistorySource(new LiveReportSource(index,
                    alerts, coverage, posts, keyPlaces, zone, clock, startedAt), store), hierarchy,
                    zone), hierarchy, clock, new DailySchedule(config.report().dailyAt(), zone));
            reports.start();
            LOG.info("loaded {} areas ({} grids), {} incidents and {} units in {} ms", hierarchy.size(), grids.size(), n, u,
                    (System.nanoTime() - t0) / 1_000_000);
            return new GridWatch(vertx, config, registry, new Services(grids, incidents, positions, dispatch, alerts, heat,
                    coverage, nearRepeat, store, posts, keyPlaces, auth, audit, zone, history, new RapidResponse(hierarchy),
                    reports, CjkFont.find(config.report().pdfFont()).orElse(null), terminals,
                    CityLayers.of(new CityLayers.Sources(grids, coverage, incidents.index(), positions, posts,
                            keyPlaces, alerts, nearRepeat, heat, clock)), basemaps, new TileService(tileVersions,
                    config.tiles().cacheBytes(), config.tiles().recheck(), clock)), clock, state, storeLane, writes, live,
                    console, tickers, streams.stages(), journaled);
        } catch (RuntimeException e) {
            if (state != null) {
                state.close();
                storeLane.close();
            }
            if (journaled != null) {
                journaled.close(0);
            }
            store.close();
            basemaps.close();
            throw e;
        }
    }

    /**
     * Opens the tile archives of {@code basemap.*} (blocking: start-up runs on a worker).
     *
     * @throws ConfigException naming the key of the archive or style that cannot be read
     */
    private static Basemaps openBasemaps(GridWatchConfig.Basemap b) {
        if (!b.configured()) {
            return Basemaps.none();
        }
        try {
            Basemaps basemaps = Basemaps.open(b.sources(), b.style());
            LOG.info("basemap: {}", basemaps.describe());
            return basemaps;
        } catch (java.io.IOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Authentication: accounts over the store (devices bound to units of the roster), sessions and
     * tokens on the wall clock (not a demo's simulated one), the key cache and, when configured,
     * the identity provider's verifier, whose keys are fetched now (start-up fails without them).
     */
    private static Authenticator authenticator(Vertx vertx, GridWatchConfig config, Store store, AreaHierarchy hierarchy,
                                               PositionService positions) {
        GridWatchConfig.Auth a = config.auth();
        Clock wall = Clock.systemUTC();
        Accounts accounts = new Accounts(store, hierarchy, id -> positions.unit(id).isPresent(),
                new PasswordPolicy(a.passwordMinLength(), a.passwordMinClasses()),
                new PasswordHasher(a.argon2MemoryKib(), a.argon2Iterations()), a.maxFailures(), a.lockout(), wall);
        Sessions sessions = new Sessions(wall, a.accessTtl(), a.idleTimeout(), a.sessionMaxAge(), MAX_SESSIONS, store);
        int restored = sessions.load(accounts::activePrincipal);
        if (restored > 0) {
            LOG.info("{} login sessions restored", restored);
        }
        OidcVerifier oidc = null;
        if (a.oidc()) {
            oidc = new OidcVerifier(vertx, new OidcVerifier.Settings(a.oidcIssuer(), a.oidcJwksUrl(), a.oidcAudience(),
                    a.oidcRolesClaim(), a.oidcJurisdictionClaim(), a.oidcNameClaim()), accounts::scope);
            try {
                oidc.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fetching the identity provider's keys", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot fetch the identity provider's keys from " + a.oidcJwksUrl()
                        + ": " + e.getMessage(), e);
            }
        }
        return new Authenticator(vertx, accounts, sessions, new KeyCache(MAX_CACHED_KEYS), oidc, wall);
    }

    /** Deletes audit records older than {@code days} (keeping the statutory minimum), recording the run. Store lane. */
    private static void auditRetention(Store store, int days) {
        Instant cut = Instant.now().minus(Duration.ofDays(days));
        try {
            long n = store.deleteAuditBefore(cut, new AuditEvent(Instant.now(), "system", "gridwatch", "GridWatch",
                    "local", "", AuditAction.RETENTION, "audit.retention-days", "", 200, ""));
            if (n > 0) {
                LOG.info("audit trail: deleted {} records older than {} days", n, days);
            }
        } catch (RuntimeException e) {
            LOG.warn("audit retention failed: {}", e.getMessage());
        }
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

    /** Opens the device gateways' ports (JT/T 808) when enabled. */
    private Future<GridWatch> startDevices() {
        if (!config.devices().jt808().enabled()) {
            return Future.succeededFuture(this);
        }
        jt808 = new Jt808Gateway(config.devices().jt808(), services.positions(), services.terminals(), registry);
        return jt808.start(vertx).map(port -> this);
    }

    /** The metrics in the Prometheus text format, as {@code /metrics} serves them. */
    public String metricsText() {
        return registry.scrape();
    }

    /** The JT/T 808 gateway's port, or -1 when it is not enabled. */
    public int jt808Port() {
        return jt808 == null ? -1 : jt808.port();
    }

    private Future<GridWatch> deployHttp() {
        int instances = config.http().instances() > 0 ? config.http().instances()
                : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        List<HttpVerticle> started = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
            HttpVerticle v = new HttpVerticle(config, services, registry, () -> ready && storeAvailable, clock,
                    live::connect);
            started.add(v);
            return v;
        }, new DeploymentOptions().setInstances(instances)).map(id -> {
            this.http = started.get(0);
            this.deploymentId = id;
            // Probe the store off the event loop; /ready reports not ready while it cannot be reached.
            this.probeTimer = vertx.setPeriodic(STORE_PROBE_MILLIS, t -> probeStore());
            this.ready = true;
            LOG.info("HTTP server listening on {}://{}:{}/ ({} verticle instances, each on its own event loop)",
                    config.security().tls() ? "https" : "http", config.http().host(), http.port(), instances);
            return this;
        });
    }

    /**
     * Probes the store now (off the event loop) and updates readiness: {@code /ready} answers 503
     * while the store cannot be reached. Alerts held during an outage are stored once it answers.
     * At most one probe runs at a time (a probe still waiting for the database is not doubled).
     *
     * @return whether the store answered
     */
    public Future<Boolean> probeStore() {
        if (!probing.compareAndSet(false, true)) {
            return Future.succeededFuture(storeAvailable);
        }
        return vertx.executeBlocking(() -> services.store().isAvailable(), false).transform(r -> {
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
            if (up && services.incidents().unsettled()) {
                services.incidents().settle().whenComplete((stored, e) -> {
                    if (e == null && stored > 0) {
                        LOG.info("{} reports whose commit had failed were stored after all: shown now", stored);
                    }
                });
            }
            return Future.succeededFuture(up);
        });
    }

    /**
     * Completes when the server has nothing left to do for what happened so far: no write waiting or
     * in progress (with the consequences they queued: arrivals, freed units, alerts), the state lane
     * and the live hub drained. For tests, which wait on it instead of sleeping.
     */
    public CompletableFuture<Void> quiesce() {
        return quiesce(0);
    }

    private CompletableFuture<Void> quiesce(int round) {
        long before = state.submitted() + live.tasks();
        return writes.whenIdle().thenCompose(v -> state.drain()).thenCompose(v -> live.drain()).thenCompose(v -> {
            boolean settled = writes.whenIdle().isDone() && services.positions().waiting() == 0;
            // Tasks submitted meanwhile (a consequence, a tick) may queue more: look again, a bounded number of times.
            if (settled && (state.submitted() + live.tasks() == before + 2 || round >= 20)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            return quiesce(round + 1);
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

    /** The daily duty history. */
    public DailyHistory history() {
        return services.history();
    }

    /** Authentication: accounts, sessions, keys. */
    public Authenticator auth() {
        return services.auth();
    }

    /** The audit trail's writer. */
    public AuditLog audit() {
        return services.audit();
    }

    /** The live hub behind {@code /live}. */
    public LiveHub live() {
        return live;
    }

    /** The store (blocking: use from workers only). */
    public Store store() {
        return services.store();
    }

    /** Each change stream's stage names in the order they run (see {@link Streams}). */
    public Map<String, List<String>> streams() {
        return streams;
    }

    /** The {@code sim} stage of the {@code incidents} stream, or null when not started as a demo. */
    public ConsoleDispatches consoleDispatches() {
        return console;
    }

    /** The daily reports. */
    public DailyReports reports() {
        return services.reports();
    }

    /** Every layer as features (OGC API collections, tiles, exports). */
    public org.gridwatch.feature.FeatureLayers layers() {
        return services.layers();
    }

    /** The units' terminals by their own ids (the JT/T 808 gateway's directory). */
    public Terminals terminals() {
        return services.terminals();
    }

    /** The city's time zone ({@code city.time-zone}). */
    public java.time.ZoneId zone() {
        return services.zone();
    }

    /** The Vert.x instance the server runs on. */
    public Vertx vertx() {
        return vertx;
    }

    /** Stops HTTP and the ticks, lets queued writes finish (up to 30 s), closes the lanes and the store. */
    public Future<Void> stop() {
        ready = false;
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        tickers.forEach(Ticker::close);
        services.reports().close();
        Future<Void> devices = jt808 == null ? Future.succeededFuture() : jt808.stop(vertx);
        Future<Void> undeploy = devices.compose(x -> deploymentId == null ? Future.succeededFuture()
                : vertx.undeploy(deploymentId));
        return undeploy.compose(v -> vertx.executeBlocking(() -> {
            try {
                // What the day measured so far, so that a restart goes on from it.
                services.history().flush(clock.instant()).get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("the daily history could not be stored before shutdown: {}", e.toString());
            }
            try {
                writes.whenIdle().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("pending writes did not finish within 30 s");
            }
            live.close();
            state.close();
            services.auth().sessions().flush();
            services.audit().close();
            try {
                services.audit().flush().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("{} audit events could not be stored before shutdown: {}", services.audit().waiting(),
                        e.toString());
            }
            storeLane.drain().get(30, TimeUnit.SECONDS);
            storeLane.close();
            if (journaled != null) {
                journaled.close(); // waits for the store to catch up (what it cannot take is replayed at the next start)
            }
            services.store().close();
            services.basemaps().close();
            return null;
        }, false));
    }
}

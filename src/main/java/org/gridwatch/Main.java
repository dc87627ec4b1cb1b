package org.gridwatch;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gridwatch.city.CityData;
import org.gridwatch.area.Scope;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.config.ConfigException;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.gen.CityGenerator;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.sim.DemoAccounts;
import org.gridwatch.sim.DemoIncidents;
import org.gridwatch.sim.DemoSimulation;
import org.gridwatch.sim.DemoTerminals;
import org.gridwatch.sim.SimClock;
import org.gridwatch.sim.SimSettings;
import org.gridwatch.geo.EpsgTransform;
import org.gridwatch.imports.AreaImport;
import org.gridwatch.imports.CalendarImport;
import org.gridwatch.imports.ImportException;
import org.gridwatch.imports.ImportReport;
import org.gridwatch.imports.PlaceImport;
import org.gridwatch.store.Store;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code gridwatch} command line: {@code serve} (default), {@code demo}, {@code import}, {@code generate-data},
 * and the account commands {@code user}, {@code device}, {@code apikey}, {@code audit} ({@link AccountCommands}).
 */
@Command(name = "gridwatch", mixinStandardHelpOptions = true, version = "GridWatch 0.1.0",
        description = "Geospatial situational-awareness server for city public-safety command centers.",
        subcommands = {Main.Serve.class, Main.Demo.class, Main.Import.class, Main.GenerateData.class,
                AccountCommands.User.class, AccountCommands.Device.class, AccountCommands.ApiKeys.class,
                AccountCommands.Audit.class})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Real time between two simulation steps of the demo. */
    private static final Duration DEMO_STEP = Duration.ofMillis(500);

    @CommandLine.Mixin
    private ConfigOption configOption = new ConfigOption();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Without a subcommand: serve. */
    @Override
    public Integer call() throws Exception {
        return serve(configOption.file, null, false);
    }

    /**
     * True when the configured store is an embedded file that does not exist: a new, empty store
     * would be made. Only first-run commands may do that ({@code serve --init}, {@code demo},
     * {@code import}, the commands that add the first credentials); the others refuse, so a store
     * moved or deleted by mistake is noticed instead of silently replaced by an empty one.
     */
    static boolean storeMissing(GridWatchConfig.Store s) {
        return !s.postgis() && !java.nio.file.Files.exists(s.path());
    }

    /** The {@code --config} option shared by the server commands. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML file overriding config/gridwatch.yaml")
        Path file;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--init", description = "create the store when it does not exist yet (first run); without it, "
                + "a missing store file stops the server")
        boolean init;

        @Override
        public Integer call() throws Exception {
            return serve(config.file, null, init);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run the server on the demo city with a simulator of the whole city: units patrol their "
                    + "townships and report positions, incidents arrive around the clock (more in the evening), a "
                    + "share of them is dispatched, handled and closed, school-post staff go to the gates on school "
                    + "days (a few late or absent). An empty store first gets 30 days of demo incidents.",
                    "The server runs on the simulation clock: with --speed 10 its time runs ten times as fast. Units "
                            + "move at the dispatch.eta-speed of their kind (config); grid workers work 08:00-18:00.",
                    "Same --seed and same steps give the same city; the live run steps on a real-time scheduler, so "
                            + "runs differ in where the steps fall."})
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--speed", defaultValue = "1", paramLabel = "X",
                description = "simulated seconds per real second (default ${DEFAULT-VALUE})")
        double speed;

        @Option(names = "--seed", defaultValue = "371600", paramLabel = "N",
                description = "random seed of the simulation (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--incident-rate", defaultValue = "1", paramLabel = "X",
                description = "multiplier of the city's incident rate, about 15 an hour on average (default ${DEFAULT-VALUE})")
        double incidentRate;

        @Option(names = "--dispatch-share", defaultValue = "0.8", paramLabel = "P",
                description = "share of new incidents the simulator dispatches; the rest waits for the console "
                        + "(default ${DEFAULT-VALUE})")
        double dispatchShare;

        @Option(names = "--report-interval", defaultValue = "10", paramLabel = "SECONDS",
                description = "simulated seconds between two position reports of a unit (default ${DEFAULT-VALUE})")
        int reportInterval;

        @Option(names = "--jt808-terminals", defaultValue = "0", paramLabel = "N",
                description = "demo units (police cars first) that report as simulated JT/T 808 terminals over the"
                        + " server's own JT/T 808 port (devices.jt808.*) instead of being moved by the simulator"
                        + " (default ${DEFAULT-VALUE})")
        int jt808Terminals;

        @Option(names = "--track-retention-days", defaultValue = "2", paramLabel = "DAYS",
                description = "simulated days of position tracks kept, today included (the demo writes about 250 MB"
                        + " of tracks per simulated hour; replaces store.tracks.retention-days; default ${DEFAULT-VALUE})")
        int trackRetentionDays;

        @Override
        public Integer call() throws Exception {
            SimSettings settings;
            try {
                if (!(speed > 0) || !Double.isFinite(speed)) {
                    throw new IllegalArgumentException("--speed must be a positive number, not " + speed);
                }
                if (jt808Terminals < 0) {
                    throw new IllegalArgumentException("--jt808-terminals must be 0 or more, not " + jt808Terminals);
                }
                if (trackRetentionDays < 1) {
                    throw new IllegalArgumentException("--track-retention-days must be at least 1, not " + trackRetentionDays);
                }
                settings = SimSettings.defaults().withSeed(seed).withIncidentRate(incidentRate)
                        .withDispatchShare(dispatchShare).withReportInterval(Duration.ofSeconds(reportInterval));
            } catch (IllegalArgumentException e) {
                LOG.error("{}", e.getMessage());
                return 2;
            }
            return serve(config.file, new DemoRun(SimClock.startingNow(speed), settings, trackRetentionDays, jt808Terminals),
                    true);
        }
    }

    /** What {@code demo} adds to {@code serve}: the simulation clock and settings. */
    private record DemoRun(SimClock clock, SimSettings settings, int trackRetentionDays, int jt808Terminals) {
    }

    /** A running demo: the city simulator and the units driven by simulated terminals (or null). */
    private record RunningDemo(DemoSimulation simulation, DemoTerminals terminals) {
        void stop() {
            if (terminals != null) {
                terminals.close();
            }
            simulation.stop();
        }
    }

    @Command(name = "generate-data", mixinStandardHelpOptions = true,
            description = "Generate the demo city (areas, grids, school posts, key places, units) deterministically.")
    static final class GenerateData implements Callable<Integer> {
        @Option(names = "--seed", defaultValue = "371600", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--frame", paramLabel = "FILE",
                description = "city frame: outline and county seats (default: the demo city's frame.geojson, packed"
                        + " into the jar)")
        Path frame;

        @Option(names = "--out", defaultValue = "gis-data/binzhou", description = "output directory (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            CityGenerator.generate(frame != null ? frame : CityData.demoDirectory().resolve("frame.geojson"), out, seed);
            LOG.info("generated the demo city into {} (seed {}) in {} ms", out, seed, (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import admin areas and grids, school-guard posts (护学岗) or key places (重点部位) from GeoJSON or"
                    + " GeoPackage files into the configured store, converting from the file's CRS to WGS84, in one"
                    + " transaction (all or nothing).",
                    "Posts and key places (--type school-posts|key-places) are point layers with the attributes of the"
                            + " city data directory: id, name, kind, gridCode and countyCode (found from the point when"
                            + " absent; the point must lie in a grid of the store), demo; posts: dutyWindows"
                            + " (\"07:10-07:50,11:20-11:50\" or [{start,end}]), radiusM (default 100), requiredStaff"
                            + " (default 1); key places: keyPeriods (may cross midnight), patrolIntervalMin (default"
                            + " 60). A record whose id is stored already is replaced.",
                    "A school calendar (--type calendar, one JSON file, format in README.md) is checked whole (errors"
                            + " name the field and the date) and replaces the stored one; it takes precedence over"
                            + " posts.calendar.",
                    "Shapefiles: convert first with  " + "ogr2ogr -f GPKG grids.gpkg grids.shp",
                    "Run it while the server is stopped (or restart the server afterwards)."})
    static final class Import implements Callable<Integer> {
        /** {@code --type} of a school calendar. */
        static final String CALENDAR = "calendar";

        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--crs", paramLabel = "EPSG:CODE",
                description = "CRS of the coordinates when the file does not say it (e.g. EPSG:4527)")
        String crs;

        @Option(names = "--type", defaultValue = "areas", paramLabel = "TYPE",
                description = "what the file holds: areas, school-posts, key-places, or calendar (a school calendar,"
                        + " JSON) (default ${DEFAULT-VALUE})")
        String type;

        @Option(names = "--level", paramLabel = "LEVEL",
                description = "level of every feature: city, county, township, village or grid (default: from the level"
                        + " attribute or the code's length)")
        String level;

        @Option(names = "--invalid", defaultValue = "repair", paramLabel = "repair|reject",
                description = "invalid geometries: repair them, or reject them and import nothing (default ${DEFAULT-VALUE})")
        String invalid;

        @Option(names = "--report", paramLabel = "FILE", description = "also write the per-feature report (TSV) here")
        Path report;

        @CommandLine.Parameters(arity = "1..*", paramLabel = "FILE", description = ".geojson, .json or .gpkg files")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            GridWatchConfig cfg;
            Integer epsg;
            AdminLevel lvl;
            AreaImport.InvalidPolicy policy;
            PlaceImport.Kind places;
            try {
                cfg = ConfigLoader.load(config.file, System.getenv(), LOG::warn);
                epsg = crs == null ? null : EpsgTransform.parseCode(crs);
                lvl = level == null ? null : AdminLevel.parse(level)
                        .orElseThrow(() -> new IllegalArgumentException("--level " + level
                                + ": expected city, county, township, village or grid"));
                policy = AreaImport.InvalidPolicy.valueOf(invalid.trim().toUpperCase(Locale.ROOT));
                places = "areas".equals(type) || CALENDAR.equals(type) ? null : PlaceImport.Kind.parse(type).orElseThrow(() ->
                        new IllegalArgumentException("--type " + type
                                + ": expected areas, school-posts, key-places or calendar"));
                if (CALENDAR.equals(type) && files.size() != 1) {
                    throw new IllegalArgumentException("--type calendar: give one calendar file, not " + files.size());
                }
            } catch (ConfigException | IllegalArgumentException e) {
                LOG.error("{}", e.getMessage());
                return 2;
            }
            try (Store store = GridWatch.openStore(cfg.store())) {
                ImportReport r = CALENDAR.equals(type) ? CalendarImport.run(store, files.get(0))
                        : places == null ? AreaImport.run(store, files, epsg, lvl, policy)
                        : PlaceImport.run(store, files, epsg, places);
                String text = r.toText();
                System.out.print(text);
                if (report != null) {
                    Files.writeString(report, text, StandardCharsets.UTF_8);
                }
                return r.written() ? 0 : 1;
            } catch (ImportException | StoreException e) {
                LOG.error("import failed, nothing was written: {}", e.getMessage());
                return 1;
            }
        }
    }

    /**
     * The demo without {@code basemap.sources}: the city directory's own basemap (the demo city's
     * synthetic one, packed into the jar), when it has one.
     */
    static GridWatchConfig withDemoBasemap(GridWatchConfig config) {
        try {
            return CityData.basemapFile(config.city().data()).map(f -> config.withBasemap(new GridWatchConfig.Basemap(
                    List.of(new org.gridwatch.basemap.Basemaps.SourceFile("city", f)), null))).orElse(config);
        } catch (IOException e) {
            LOG.warn("the demo city's basemap cannot be read ({}): the pages draw the city alone", e.getMessage());
            return config;
        }
    }

    private static int serve(Path configFile, DemoRun demo, boolean init) throws InterruptedException {
        GridWatchConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), LOG::warn);
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        }
        if (storeMissing(config.store())) {
            if (!init) {
                LOG.error("no store at {} (store.path): refusing to start on a new, empty store. If this is the first run,"
                        + " start once with 'gridwatch serve --init'; otherwise restore the file", config.store().path());
                return 2;
            }
            LOG.info("no store at {}: creating a new one ({})", config.store().path(), demo != null ? "demo" : "--init");
        }
        if (demo != null) {
            config = config.withTrackRetentionDays(demo.trackRetentionDays());
            if (!config.basemap().configured()) {
                config = withDemoBasemap(config);
            }
        }
        PrometheusMeterRegistry registry = GridWatch.newRegistry();
        Vertx vertx = Vertx.vertx();
        GridWatch gw;
        try {
            Clock clock = demo != null ? demo.clock() : Clock.systemUTC();
            gw = GridWatch.start(vertx, config, registry, clock, demo != null).toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            vertx.close();
            if (e.getCause() instanceof ConfigException c) {
                LOG.error("{}", c.getMessage());
                return 2;
            }
            LOG.error("start-up failed: {}", e.getCause().getMessage(), e.getCause());
            return 1;
        }
        RunningDemo sim = null;
        if (demo != null) {
            try {
                printDemoAccounts(gw, config);
                sim = startDemo(gw, config, demo);
            } catch (RuntimeException e) {
                LOG.error("the demo simulation cannot start: {}", e.getMessage(), e);
                gw.stop().toCompletionStage().toCompletableFuture().join();
                vertx.close();
                return 1;
            }
        }
        RunningDemo simulation = sim;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            try {
                if (simulation != null) {
                    simulation.stop();
                }
                // Close Vert.x from this thread, not from an event loop that is being shut down.
                gw.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("unclean shutdown: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }, "gridwatch-shutdown"));
        LOG.info("GridWatch is up: {}://{}:{}/", config.security().tls() ? "https" : "http", config.http().host(), gw.port());
        if (gw.jt808Port() >= 0) {
            LOG.info("JT/T 808 terminals report to tcp://{}:{} (bind one to a unit: gridwatch device add --unit ID"
                    + " --terminal PHONE, or PATCH /api/v1/units/ID {{\"terminalId\":\"PHONE\"}})",
                    config.devices().jt808().host(), gw.jt808Port());
        }
        stopped.await();
        return 0;
    }

    /**
     * Makes the demo's accounts (new passwords each start) and prints them on standard output,
     * one {@code demo account: LOGIN / PASSWORD  (role, jurisdiction)} line each.
     */
    private static void printDemoAccounts(GridWatch gw, GridWatchConfig config) {
        List<DemoAccounts.Login> logins = DemoAccounts.ensure(gw.auth().accounts(), gw.grids().hierarchy());
        String base = (config.security().tls() ? "https" : "http") + "://" + config.http().host() + ":" + gw.port();
        StringBuilder b = new StringBuilder("\nGridWatch demo — log in at " + base + "/login with one of these accounts"
                + " (new passwords at every start):\n");
        for (DemoAccounts.Login l : logins) {
            b.append("demo account: ").append(l.login()).append(" / ").append(l.password()).append("  (")
                    .append(l.role()).append(", ").append(l.jurisdiction()).append(")\n");
        }
        System.out.print(b);
        System.out.flush();
    }

    /**
     * Moves the simulation clock past every time in the store (an earlier run at a higher speed
     * wrote times ahead of the wall clock), seeds the demo history into an empty store, and starts
     * the simulator.
     */
    private static RunningDemo startDemo(GridWatch gw, GridWatchConfig config, DemoRun demo) {
        Instant latest = Instant.EPOCH;
        for (var u : gw.positions().units()) {
            if (u.lastPosition() != null && u.lastPosition().time().isAfter(latest)) {
                latest = u.lastPosition().time();
            }
        }
        Instant[] newest = {latest};
        gw.incidents().index().forEach(IncidentQuery.all(new Scope(gw.grids().hierarchy().city()), 0), i -> {
            if (i.updatedAt().isAfter(newest[0])) {
                newest[0] = i.updatedAt();
            }
        });
        demo.clock().jumpTo(newest[0].plusSeconds(1));
        if (gw.incidents().index().size() == 0) {
            List<IncidentReport> reports = DemoIncidents.generate(gw.grids(), 371600, 5_000, 30, demo.clock().instant());
            Instant now = demo.clock().instant();
            int n = gw.incidents().importReports(reports, i -> DemoIncidents.settled(i, now)).join();
            LOG.info("seeded {} demo incidents", n);
        }
        CityData city;
        try {
            city = CityData.load(StartupData.cityDirectory(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the demo city from " + config.city().describe() + ": "
                    + e.getMessage(), e);
        }
        // The configured ETA speeds are the cruising speeds, so that nearest-unit ETAs match what the demo shows.
        SimSettings settings = demo.settings().withPatrolSpeeds(config.dispatch().etaSpeedKmh());
        DemoTerminals terminals = demo.jt808Terminals() > 0 ? startTerminals(gw, config, demo, city, settings) : null;
        DemoSimulation sim = DemoSimulation.create(new DemoSimulation.Server(gw.grids(), gw.incidents(), gw.positions(),
                gw.dispatch(), gw.consoleDispatches(), gw.vertx(), gw.posts().zone(), gw.posts().calendar()),
                terminals == null ? city.units() : terminals.without(city.units()), city.posts(), settings, demo.clock());
        sim.start(DEMO_STEP);
        LOG.info("simulation running at {}× real time from {}", demo.clock().speed(), demo.clock().instant());
        return new RunningDemo(sim, terminals);
    }

    /**
     * Binds {@code --jt808-terminals} demo units to simulated terminals reporting to the server's
     * own JT/T 808 port, each as often (in simulated time) as the simulator's units report.
     */
    private static DemoTerminals startTerminals(GridWatch gw, GridWatchConfig config, DemoRun demo, CityData city,
                                                SimSettings settings) {
        if (gw.jt808Port() < 0) {
            throw new IllegalArgumentException("--jt808-terminals needs the JT/T 808 gateway: devices.jt808.enabled is false");
        }
        String host = config.devices().jt808().host();
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        long intervalMs = Math.max(1_000, Math.round(settings.reportInterval().toMillis() / demo.clock().speed()));
        return DemoTerminals.start(new DemoTerminals.Server(gw.auth().accounts(), gw.terminals(), gw.positions(), gw.grids(),
                gw.vertx(), host, gw.jt808Port()), city.units(), demo.jt808Terminals(), settings,
                Duration.ofMillis(intervalMs), demo.clock(), null);
    }

}

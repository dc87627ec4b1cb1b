package org.gridwatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Secrets;
import org.gridwatch.city.CityData;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.sim.Latencies;
import org.gridwatch.sim.TerminalFleet;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.locationtech.jts.geom.Geometry;

/**
 * JT/T 808 load harness (issue 14 §3): starts {@code target/gridwatch.jar} as its own process on
 * the demo city, with {@code --terminals} units each bound to a terminal, written into the new
 * store before the server starts; then a {@link TerminalFleet} (this process, one Vert.x) opens a
 * TCP connection per terminal, registers and authenticates them all, and has each report a
 * location every {@code --interval} seconds; one {@code /live} client subscribed to {@code units}
 * (the whole city) sees the moves.
 *
 * <p>Measured, after {@code --warmup} seconds, for {@code --seconds}:
 * <ul>
 *   <li>frames/s received by the gateway (its {@code gridwatch_jt808_frames_total}) and locations
 *       answered success per second;</li>
 *   <li>latency location frame sent → {@code /live} update of its unit received (the item whose
 *       {@code time} is the fix's), and frame sent → 0x8001 received (after the commit); both in
 *       this process, so one clock;</li>
 *   <li>server CPU and heap (its {@code /metrics}), the harness's own CPU;</li>
 *   <li>memory per connection: the server's heap after a full GC with every terminal connected and
 *       authenticated (before any report) minus the same before the first connection, over N; also
 *       its resident set size.</li>
 * </ul>
 * Then a reconnect storm: every terminal drops its connection at once and reconnects (and
 * authenticates with its code) at a random moment within {@code --storm-within} seconds: the time
 * until all are authenticated again, and the errors meanwhile.
 *
 * <p>The store is the embedded GeoPackage, with {@code --journal true} behind the position journal
 * (positions answered once in the journal, written into the store behind it).
 *
 * <p>Run with {@code bench/run-jt808.sh [options]}; results go to stdout and
 * {@code target/jt808-result.json}, the server's log to {@code target/jt808-server.log}. Client and
 * server share the machine: the result says how many cores it has and the load average.
 */
public final class Jt808LoadHarness {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern JT808_PORT = Pattern.compile("JT/T 808 gateway listening on \\S+:(\\d+) ");
    /** Sends remembered per terminal to match /live items with (reports are seconds apart, latency far less). */
    private static final int RING = 4;

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HTTP_TIMEOUT).build();
    private final Latencies live = new Latencies();
    private final AtomicLong liveItems = new AtomicLong();
    private final AtomicLong liveUnmatched = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    /** Per terminal × {@link #RING}: the fix time (epoch second) and send time (nanoTime) of its last reports. */
    private AtomicLongArray sentFix;
    private AtomicLongArray sentNanos;
    private final Map<String, Integer> terminalOfUnit = new HashMap<>();
    private int port;
    private int jt808Port;
    private String token;
    private Process server;
    /** Kept in a field: a client held only locally can be collected mid-handshake. */
    private WebSocketClient wsClient;

    /** Command-line options: {@code --name value} pairs over {@link #DEFAULTS}. */
    record Options(int terminals, int intervalSeconds, int rampSeconds, int warmupSeconds, int seconds, int stormWithinSeconds,
                   int stormTimeoutSeconds, double share2019, String jar, String serverHeap, long seed, boolean journal) {
        /** Every option and its default. */
        static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("terminals", "15000"),
                Map.entry("interval", "5"), Map.entry("ramp", "30"), Map.entry("warmup", "20"), Map.entry("seconds", "60"),
                Map.entry("storm-within", "10"), Map.entry("storm-timeout", "120"), Map.entry("share-2019", "0.5"),
                Map.entry("jar", "target/gridwatch.jar"), Map.entry("server-heap", "1g"), Map.entry("seed", "42"),
                Map.entry("journal", "false"));

        static Options parse(String[] args) {
            Map<String, String> v = new HashMap<>(DEFAULTS);
            for (int i = 0; i + 1 < args.length; i += 2) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
                if (!DEFAULTS.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + DEFAULTS.keySet());
                }
                v.put(name, args[i + 1]);
            }
            return new Options(Integer.parseInt(v.get("terminals")), Integer.parseInt(v.get("interval")),
                    Integer.parseInt(v.get("ramp")), Integer.parseInt(v.get("warmup")), Integer.parseInt(v.get("seconds")),
                    Integer.parseInt(v.get("storm-within")), Integer.parseInt(v.get("storm-timeout")),
                    Double.parseDouble(v.get("share-2019")), v.get("jar"), v.get("server-heap"), Long.parseLong(v.get("seed")),
                    Boolean.parseBoolean(v.get("journal")));
        }
    }

    private Jt808LoadHarness(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        new Jt808LoadHarness(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        CityData city = CityData.load(Path.of("gis-data/binzhou"));
        double load0 = loadAverage();
        Path store = Files.createTempDirectory("gridwatch-jt808").resolve("gridwatch.gpkg");
        makeKey(store);
        List<TerminalFleet.Terminal> terminals = provision(city, store);
        sentFix = new AtomicLongArray(terminals.size() * RING);
        sentNanos = new AtomicLongArray(terminals.size() * RING);
        startServer(store);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        JsonObject r = new JsonObject().put("date", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors()).put("loadAverageAtStart", load0)
                .put("terminals", o.terminals).put("intervalSeconds", o.intervalSeconds)
                .put("share2019", o.share2019).put("serverHeapLimit", o.serverHeap).put("journal", o.journal);
        TerminalFleet fleet = null;
        try {
            awaitReady();
            long[] before = settledMemory();
            log("server idle: heap %d MiB after GC, RSS %d MiB", before[0] >> 20, before[1] >> 20);
            ClientWebSocket ws = subscribe(vertx);
            TerminalFleet.Settings settings = TerminalFleet.Settings.of("127.0.0.1", jt808Port)
                    .withInterval(Duration.ofSeconds(o.intervalSeconds)).withRampUp(Duration.ofSeconds(o.rampSeconds))
                    .withSeed(o.seed).withShards(2);
            long t0 = System.nanoTime();
            fleet = TerminalFleet.start(vertx, settings, terminals, new Recorder()).get(60, TimeUnit.SECONDS);
            fleet.reporting(false);   // memory per connection is measured with the connections alone
            fleet.allAuthenticated().get(o.rampSeconds + 300L, TimeUnit.SECONDS);
            double loginSeconds = (System.nanoTime() - t0) / 1e9;
            long[] after = settledMemory();
            TerminalFleet.Stats in = fleet.stats();
            log("%d terminals connected and authenticated in %.1f s (ramp %d s); heap %d MiB after GC, RSS %d MiB",
                    terminals.size(), loginSeconds, o.rampSeconds, after[0] >> 20, after[1] >> 20);
            r.put("login", new JsonObject().put("seconds", round1(loginSeconds)).put("rampSeconds", o.rampSeconds)
                    .put("errors", in.errors()));
            r.put("memoryPerConnection", new JsonObject()
                    .put("heapBytes", Math.round((after[0] - before[0]) / (double) terminals.size()))
                    .put("rssBytes", Math.round((after[1] - before[1]) / (double) terminals.size()))
                    .put("heapMiBBefore", before[0] >> 20).put("heapMiBAfter", after[0] >> 20)
                    .put("rssMiBBefore", before[1] >> 20).put("rssMiBAfter", after[1] >> 20));

            fleet.reporting(true);
            Thread.sleep(o.warmupSeconds * 1_000L);
            r.put("steady", measure(fleet));

            r.put("storm", storm(fleet));
            r.put("loadAverageAtEnd", loadAverage());
            ws.close();
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        String json = r.encodePrettily();
        System.out.println(json);
        Files.writeString(Path.of("target", "jt808-result.json"), json);
    }

    // ------------------------------------------------------------------ set-up

    /** The harness's API key (the store is made by the command): /live needs one. */
    private void makeKey(Path store) throws IOException, InterruptedException {
        ProcessBuilder kb = new ProcessBuilder(java(), "-jar", o.jar, "apikey", "add", "jt808-load", "--role", "dispatcher",
                "--jurisdiction", "371600").redirectError(ProcessBuilder.Redirect.DISCARD);
        kb.environment().put("GRIDWATCH_STORE_PATH", store.toString());
        Process key = kb.start();
        key.getOutputStream().close();
        token = new String(key.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (key.waitFor() != 0 || token.isEmpty()) {
            throw new IllegalStateException("apikey add printed no key (exit " + key.exitValue() + ")");
        }
    }

    /**
     * The roster (the demo units, then copies of them with new ids in the same townships, up to
     * {@code --terminals}) and a terminal bound to each unit, written straight into the store
     * before the server first starts (the server reads its terminals at start).
     */
    private List<TerminalFleet.Terminal> provision(CityData city, Path file) {
        Map<String, Geometry> townships = new HashMap<>();
        for (AdminArea a : city.areas()) {
            if (a.level() == AdminLevel.TOWNSHIP) {
                townships.put(a.code(), a.geometry());
            }
        }
        Random random = new Random(o.seed);
        List<UnitRecord> roster = new ArrayList<>();
        List<TerminalFleet.Terminal> terminals = new ArrayList<>();
        List<DeviceKey> devices = new ArrayList<>();
        Instant now = Instant.now();
        for (int k = 0; roster.size() < o.terminals; k++) {
            Unit base = city.units().get(k % city.units().size());
            Unit u = k < city.units().size() ? base : new Unit(String.format(Locale.ROOT, "B%05d", k), base.callSign() + "-" + k,
                    base.kind(), base.agency(), base.homeCountyCode(), base.homeTownshipCode(), true);
            Geometry area = townships.get(u.homeTownshipCode());
            if (area == null) {
                continue;
            }
            roster.add(new UnitRecord(u, UnitStatus.AVAILABLE, null));
            String phone = String.format(Locale.ROOT, "1391%07d", terminals.size() + 1);
            devices.add(new DeviceKey(Secrets.newId("dev-"), u.id(), phone, Secrets.sha256(Secrets.newSecret(Secrets.DEVICE)),
                    now, null));
            terminalOfUnit.put(u.id(), terminals.size());
            terminals.add(TerminalFleet.Terminal.somewhereIn(u.id(), phone, random.nextDouble() < o.share2019, area,
                    u.kind() == UnitKind.POLICE_CAR ? 8.0 : 1.3, random));
        }
        long t0 = System.nanoTime();
        try (GeoPackageStore s = GeoPackageStore.open(file, false)) {
            s.upsertUnits(roster);
            for (DeviceKey d : devices) {
                s.insertDevice(d);
            }
        }
        log("provisioned %d units with a terminal each in %.1f s", roster.size(), (System.nanoTime() - t0) / 1e9);
        return terminals;
    }

    private void startServer(Path store) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Its GC log beside its log: a pause shows there against the latency tail.
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xms" + o.serverHeap, "-Xmx" + o.serverHeap,
                "-Xlog:gc:file=" + Path.of("target", "jt808-server-gc.log") + ":time,uptime", "-jar", o.jar, "serve");
        pb.environment().put("GRIDWATCH_HTTP_PORT", Integer.toString(port));
        pb.environment().put("GRIDWATCH_DEVICES_JT808_PORT", "0");
        pb.environment().put("GRIDWATCH_STORE_PATH", store.toString());
        if (o.journal) {
            // Positions acknowledged once in the position journal; the store is written behind.
            pb.environment().put("GRIDWATCH_STORE_JOURNAL_DIR", store.resolveSibling("journal").toString());
        }
        // The harness reads the server's CPU and heap from /metrics, which is the sysadmin's otherwise.
        pb.environment().put("GRIDWATCH_HTTP_METRICS_PUBLIC", "true");
        pb.redirectErrorStream(true).redirectOutput(serverLog().toFile());
        log("server: %s on port %d, heap %s, store %s", o.jar, port, o.serverHeap, store);
        server = pb.start();
    }

    private static Path serverLog() {
        return Path.of("target", "jt808-server.log");
    }

    private void awaitReady() throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited (" + server.exitValue() + "); see " + serverLog());
            }
            try {
                if (get("/ready").statusCode() == 200) {
                    Matcher m = JT808_PORT.matcher(Files.readString(serverLog(), StandardCharsets.UTF_8));
                    if (!m.find()) {
                        throw new IllegalStateException("the server logged no JT/T 808 port; see " + serverLog());
                    }
                    jt808Port = Integer.parseInt(m.group(1));
                    log("server ready; JT/T 808 port %d", jt808Port);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server not ready within 5 minutes; see " + serverLog());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ------------------------------------------------------------------ /live

    private ClientWebSocket subscribe(Vertx vertx) throws Exception {
        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20)
                .setMaxFrameSize(1 << 20));
        ClientWebSocket ws = wsClient.webSocket();
        ws.textMessageHandler(this::received);
        String sub = new JsonObject().put("op", "subscribe").put("id", "u").put("channel", "units").encode();
        ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/live")
                .addHeader("Authorization", "Bearer " + token)).compose(s -> ws.writeTextMessage(sub))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return ws;
    }

    /** Tells each terminal's sends to {@link #received}: the fix time, then the send time, in its ring. */
    private final class Recorder implements TerminalFleet.Listener {
        @Override
        public void sent(TerminalFleet.Report r) {
            int slot = r.terminal() * RING + (int) (r.time().getEpochSecond() % RING);
            sentNanos.set(slot, r.sentNanos());
            sentFix.set(slot, r.time().getEpochSecond());
        }
    }

    /** A /live frame: every unit item of a delta whose fix was sent by a terminal here is one latency. */
    private void received(String text) {
        long now = System.nanoTime();
        if (text.startsWith("{\"op\":\"resync\"")) {
            resyncs.incrementAndGet();
            return;
        }
        if (!text.startsWith("{\"op\":\"delta\"")) {
            return;
        }
        JsonObject m = new JsonObject(text);
        JsonObject data = m.getJsonObject("data");
        JsonArray upsert = data == null ? null : data.getJsonArray("upsert");
        if (!"units".equals(m.getString("channel")) || upsert == null) {
            return;
        }
        for (int i = 0; i < upsert.size(); i++) {
            JsonObject item = upsert.getJsonObject(i);
            Integer t = terminalOfUnit.get(item.getString("id"));
            String time = item.getString("time");
            if (t == null || time == null) {
                continue;
            }
            liveItems.incrementAndGet();
            long fix = Instant.parse(time).getEpochSecond();
            int slot = t * RING + (int) (fix % RING);
            if (sentFix.get(slot) == fix) {
                live.record(now - sentNanos.get(slot));
            } else {
                liveUnmatched.incrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------ measurement

    private JsonObject measure(TerminalFleet fleet) throws Exception {
        fleet.ackLatency().reset();
        live.reset();
        long items0 = liveItems.get();
        long unmatched0 = liveUnmatched.get();
        TerminalFleet.Stats s0 = fleet.stats();
        double frames0 = serverFrames();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        log("measuring from %s (the server's GC log has the wall-clock time)", Instant.now());
        List<double[]> samples = new ArrayList<>();
        long inFlightMax = 0;
        int inFlightMaxAt = 0;
        for (int s = 0; s < o.seconds; s++) {
            Thread.sleep(1_000);
            samples.add(serverMetrics());
            TerminalFleet.Stats now = fleet.stats();
            long inFlight = now.sent() - now.acked() - now.refused() - now.unanswered();
            if (inFlight > inFlightMax) {
                inFlightMax = inFlight;
                inFlightMaxAt = s + 1;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double harnessCpu = (os.getProcessCpuTime() - cpu0) / 1e9 / seconds;
        TerminalFleet.Stats s1 = fleet.stats();
        double frames = serverFrames() - frames0;
        Latencies ack = fleet.ackLatency();
        return new JsonObject().put("seconds", Math.round(seconds))
                .put("gatewayFramesPerSecond", Math.round(frames / seconds))
                .put("locationsSentPerSecond", Math.round((s1.sent() - s0.sent()) / seconds))
                .put("locationsAckedPerSecond", Math.round((s1.acked() - s0.acked()) / seconds))
                .put("locationsRefused", s1.refused() - s0.refused())
                .put("reportsSkipped", s1.skipped() - s0.skipped())
                .put("sentToLiveMs", percentiles(live))
                .put("sentToAckMs", percentiles(ack))
                .put("reportsInFlightMax", inFlightMax).put("reportsInFlightMaxAtSecond", inFlightMaxAt)
                .put("liveItems", liveItems.get() - items0).put("liveItemsUnmatched", liveUnmatched.get() - unmatched0)
                .put("resyncs", resyncs.get())
                .put("connectionErrors", s1.errors() - s0.errors())
                .put("harnessCpuCores", round2(harnessCpu))
                .put("server", serverSummary(samples));
    }

    private JsonObject storm(TerminalFleet fleet) throws Exception {
        TerminalFleet.Stats s0 = fleet.stats();
        double frames0 = serverFrames();
        CompletableFuture<Duration> back = fleet.reconnectStorm(Duration.ofSeconds(o.stormWithinSeconds));
        List<double[]> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        while (!back.isDone() && System.nanoTime() - t0 < o.stormTimeoutSeconds * 1_000_000_000L) {
            Thread.sleep(1_000);
            samples.add(serverMetrics());
        }
        JsonObject out = new JsonObject().put("within", o.stormWithinSeconds);
        if (back.isDone()) {
            out.put("allAuthenticatedAfterSeconds", round1(back.get().toNanos() / 1e9));
        } else {
            out.put("allAuthenticatedAfterSeconds", null).put("authenticatedAtTimeout", fleet.stats().authenticated());
        }
        TerminalFleet.Stats s1 = fleet.stats();
        log("storm: %s", out.encode());
        return out.put("connects", s1.connects() - s0.connects())
                .put("connectFailures", s1.connectFailures() - s0.connectFailures())
                .put("drops", s1.drops() - s0.drops())
                .put("registrationRefused", s1.registrationRefused() - s0.registrationRefused())
                .put("authRefused", s1.authRefused() - s0.authRefused())
                .put("reportsInFlightBefore", s0.sent() - s0.acked() - s0.refused() - s0.unanswered())
                .put("reportsUnansweredAtTheDrop", s1.unanswered() - s0.unanswered())
                .put("reportsSkippedWhileOut", s1.skipped() - s0.skipped())
                .put("locationsRefused", s1.refused() - s0.refused())
                .put("gatewayFrames", Math.round(serverFrames() - frames0))
                .put("server", serverSummary(samples));
    }

    private static JsonObject percentiles(Latencies l) {
        return new JsonObject().put("count", l.count()).put("p50", l.percentile(0.5)).put("p90", l.percentile(0.9))
                .put("p99", l.percentile(0.99)).put("p999", l.percentile(0.999)).put("max", l.max());
    }

    /** The sum of {@code gridwatch_jt808_frames_total} over its labels. */
    private double serverFrames() throws Exception {
        double sum = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith("gridwatch_jt808_frames_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** process CPU (share of all cores), heap used bytes, JT/T 808 connections. */
    private double[] serverMetrics() throws Exception {
        double cpu = 0;
        double heap = 0;
        double connections = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith("process_cpu_usage ")) {
                cpu = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("gridwatch_jt808_connections ")) {
                connections = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return new double[] {cpu, heap, connections};
    }

    private static JsonObject serverSummary(List<double[]> samples) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new JsonObject()
                .put("cpuCoresMean", round2(samples.stream().mapToDouble(s -> s[0]).average().orElse(0) * cores))
                .put("cpuCoresMax", round2(samples.stream().mapToDouble(s -> s[0]).max().orElse(0) * cores))
                .put("heapMiBMean", Math.round(samples.stream().mapToDouble(s -> s[1]).average().orElse(0) / (1 << 20)))
                .put("heapMiBMax", Math.round(samples.stream().mapToDouble(s -> s[1]).max().orElse(0) / (1 << 20)))
                .put("connectionsMin", Math.round(samples.stream().mapToDouble(s -> s[2]).min().orElse(0)));
    }

    /**
     * The server's heap in use after a full GC ({@code jcmd PID GC.run}, twice) and its resident set
     * size, bytes.
     */
    private long[] settledMemory() throws Exception {
        String pid = Long.toString(server.pid());
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.run failed");
            }
        }
        long heap = Math.round(serverMetrics()[1]);
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return new long[] {heap, rss};
    }

    private static double loadAverage() {
        return round2(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[jt808] " + format + "%n", args);
    }
}

package org.gridwatch.bench;

import io.vertx.core.Future;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.city.CityData;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.locationtech.jts.geom.Envelope;

/**
 * Fan-out load harness for {@code /live} (issue 3 §6): starts {@code target/gridwatch.jar} as its
 * own process on the demo city, grows the roster to {@code --units}, opens {@code --clients}
 * WebSocket clients subscribed to {@code units} (a few whole-city screens, the rest
 * township-sized views) and {@code heat}, and makes every unit report once every
 * {@code --interval} seconds over {@code POST /api/v1/positions}.
 *
 * <p>Latency is measured per unit item in a delta, twice: "accepted → received" is the client's
 * receive time minus the item's {@code serverTime} (when the server's write of the fix committed),
 * so it spans the hub, the encoding and the WebSocket; "sent → received" is the receive time minus
 * the fix time, which the load generator sets to the moment it sends the batch, so it adds the
 * HTTP round trip, validation and the durable store commit. Clocks agree: one machine. Server CPU and heap come from its own {@code /metrics}. Client and
 * server share the machine; the result says how many cores it has.
 *
 * <p>Run with {@code bench/run-fanout.sh [options]}; results go to stdout and
 * {@code target/fanout-result.json}.
 */
public final class FanOutHarness {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    /** Latency histograms: 1 ms buckets up to 30 s. */
    private static final int BUCKETS = 30_000;

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HTTP_TIMEOUT).build();
    /** Latency position accepted (its {@code serverTime}) → client received, 1 ms buckets. */
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
    /** Latency position sent (its fix time, set by the generator) → client received, 1 ms buckets. */
    private final AtomicLongArray sent = new AtomicLongArray(BUCKETS + 1);
    /** Round trips of the position POSTs (send → response), 1 ms buckets. */
    private final AtomicLongArray ingest = new AtomicLongArray(BUCKETS + 1);
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private int port;
    /** The harness's API key (made on the new store before the server starts): every request is authenticated. */
    private String token;
    /** The harness's own CPU during the measurement, share of all cores. */
    private double harnessCpu;
    /** Kept in a field: a client held only locally can be collected mid-handshake. */
    private WebSocketClient client;

    /** Command-line options. */
    record Options(int clients, int cityViews, int units, int intervalSeconds, int warmupSeconds, int seconds,
                   String jar, String serverHeap, long seed) {
        static Options parse(String[] args) {
            int clients = 1_000;
            int cityViews = 10;
            int units = 15_000;
            int interval = 5;
            int warmup = 20;
            int seconds = 60;
            String jar = "target/gridwatch.jar";
            String heap = "1g";
            long seed = 42;
            for (int i = 0; i < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--city-views" -> cityViews = Integer.parseInt(v);
                    case "--units" -> units = Integer.parseInt(v);
                    case "--interval" -> interval = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--jar" -> jar = v;
                    case "--server-heap" -> heap = v;
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(clients, cityViews, units, interval, warmup, seconds, jar, heap, seed);
        }
    }

    private FanOutHarness(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        new FanOutHarness(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        CityData city = CityData.load(Path.of("gis-data/binzhou"));
        Process server = startServer();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            awaitReady();
            List<Unit> roster = grow(city);
            Random random = new Random(o.seed);
            List<Walker> walkers = place(city, roster, random);
            postPositions(walkers, Instant.now());   // every unit has a position before clients subscribe
            List<ClientWebSocket> sockets = connect(vertx, city, walkers, random);
            log("%d clients connected and subscribed", sockets.size());
            Load load = new Load(walkers);
            Thread generator = new Thread(load, "load");
            generator.start();
            sleep(o.warmupSeconds);
            measuring.set(true);
            long f0 = frames.get();
            long i0 = items.get();
            long b0 = bytes.get();
            List<double[]> samples = new ArrayList<>();
            long t0 = System.nanoTime();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            for (int s = 0; s < o.seconds; s++) {
                Thread.sleep(1_000);
                samples.add(serverMetrics());
            }
            harnessCpu = (os.getProcessCpuTime() - cpu0) / 1e9 / ((System.nanoTime() - t0) / 1e9)
                    / Runtime.getRuntime().availableProcessors();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            measuring.set(false);
            load.stop();
            generator.join();
            report(elapsed, frames.get() - f0, items.get() - i0, bytes.get() - b0, samples, load);
            for (ClientWebSocket ws : sockets) {
                ws.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ server

    private Process startServer() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path store = Files.createTempDirectory("gridwatch-fanout").resolve("gridwatch.gpkg");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder kb = new ProcessBuilder(javaBin, "-jar", o.jar, "apikey", "add", "fanout", "--role", "dispatcher,gateway",
                "--jurisdiction", "371600").redirectError(ProcessBuilder.Redirect.DISCARD);
        kb.environment().put("GRIDWATCH_STORE_PATH", store.toString());
        Process key = kb.start();
        key.getOutputStream().close();
        token = new String(key.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IllegalStateException("apikey add printed no key (exit " + key.onExit().join().exitValue() + ")");
        }
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xms" + o.serverHeap, "-Xmx" + o.serverHeap, "-jar", o.jar, "serve");
        pb.environment().put("GRIDWATCH_HTTP_PORT", Integer.toString(port));
        pb.environment().put("GRIDWATCH_STORE_PATH", store.toString());
        // The harness reads the server's CPU and heap from /metrics, which is the sysadmin's otherwise.
        pb.environment().put("GRIDWATCH_HTTP_METRICS_PUBLIC", "true");
        // The simulated fleet posts far more than one principal's default write rate.
        pb.environment().put("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "1000000");
        pb.redirectErrorStream(true).redirectOutput(Path.of("target", "fanout-server.log").toFile());
        log("server: %s on port %d, heap %s, store %s", o.jar, port, o.serverHeap, store);
        return pb.start();
    }

    private void awaitReady() throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (get("/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server not ready within 5 minutes; see target/fanout-server.log");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The roster grown to {@code --units}: the demo units plus copies with new ids in the same townships. */
    private List<Unit> grow(CityData city) throws Exception {
        List<Unit> roster = new ArrayList<>(city.units());
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int k = 0; roster.size() < o.units; k++) {
            Unit base = city.units().get(k % city.units().size());
            Unit u = new Unit(String.format(Locale.ROOT, "B%05d", k), base.callSign() + "-" + k, base.kind(), base.agency(),
                    base.homeCountyCode(), base.homeTownshipCode(), true);
            roster.add(u);
            inFlight.acquire();
            pending.add(post("/api/v1/units", new JsonObject().put("id", u.id()).put("callSign", u.callSign())
                    .put("kind", u.kind().id()).put("agency", u.agency()).put("homeTownshipCode", u.homeTownshipCode())
                    .encode()).whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<HttpResponse<String>> f : pending) {
            int status = f.get().statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("adding a unit failed: " + f.get().body());
            }
        }
        log("roster: %d units", roster.size());
        return roster;
    }

    // ------------------------------------------------------------------ units

    /** A unit walking randomly inside its home township's envelope at its kind's pace. */
    private static final class Walker {
        final String id;
        final Envelope area;
        final double metresPerSecond;
        double lon;
        double lat;
        double heading;

        Walker(String id, Envelope area, double metresPerSecond, double lon, double lat, double heading) {
            this.id = id;
            this.area = area;
            this.metresPerSecond = metresPerSecond;
            this.lon = lon;
            this.lat = lat;
            this.heading = heading;
        }

        void step(Random r, double seconds) {
            heading += r.nextGaussian() * 20;
            double d = metresPerSecond * seconds;
            lon += d * Math.sin(Math.toRadians(heading)) / (111_320 * Math.cos(Math.toRadians(lat)));
            lat += d * Math.cos(Math.toRadians(heading)) / 110_574;
            if (!area.contains(lon, lat)) {
                heading += 180;
                lon = Math.max(area.getMinX(), Math.min(area.getMaxX(), lon));
                lat = Math.max(area.getMinY(), Math.min(area.getMaxY(), lat));
            }
        }
    }

    private static List<Walker> place(CityData city, List<Unit> roster, Random r) {
        java.util.Map<String, Envelope> townships = new java.util.HashMap<>();
        for (AdminArea a : city.areas()) {
            if (a.level() == AdminLevel.TOWNSHIP) {
                townships.put(a.code(), a.geometry().getEnvelopeInternal());
            }
        }
        List<Walker> out = new ArrayList<>();
        for (Unit u : roster) {
            Envelope e = townships.get(u.homeTownshipCode());
            double speed = u.kind() == UnitKind.POLICE_CAR ? 8.0 : 1.3;
            out.add(new Walker(u.id(), e, speed, e.getMinX() + r.nextDouble() * e.getWidth(),
                    e.getMinY() + r.nextDouble() * e.getHeight(), r.nextDouble() * 360));
        }
        return out;
    }

    private CompletableFuture<Void> postPositions(List<Walker> batch, Instant at) {
        JsonArray a = new JsonArray();
        for (Walker w : batch) {
            a.add(new JsonObject().put("unit", w.id).put("lon", w.lon).put("lat", w.lat).put("time", at.toString())
                    .put("heading", ((w.heading % 360) + 360) % 360).put("speed", w.metresPerSecond));
        }
        long sent = System.nanoTime();
        return post("/api/v1/positions", a.encode()).thenAccept(r -> {
            if (measuring.get()) {
                ingest.incrementAndGet((int) Math.min(BUCKETS, (System.nanoTime() - sent) / 1_000_000));
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("positions refused: " + r.body());
            }
            rejected.addAndGet(new JsonObject(r.body()).getJsonArray("rejected").size());
        });
    }

    /** Every 100 ms, the units due (1/(10 × interval) of them) move and report. */
    private final class Load implements Runnable {
        private final List<Walker> walkers;
        private final Random random = new Random(o.seed + 1);
        private volatile boolean running = true;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong lateTicks = new AtomicLong();

        Load(List<Walker> walkers) {
            this.walkers = walkers;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            int slices = o.intervalSeconds * 10;
            long next = System.nanoTime();
            int slice = 0;
            while (running) {
                List<Walker> due = new ArrayList<>();
                for (int k = slice; k < walkers.size(); k += slices) {
                    Walker w = walkers.get(k);
                    w.step(random, o.intervalSeconds);
                    due.add(w);
                }
                postPositions(due, Instant.now());
                sent.addAndGet(due.size());
                if (slice % 10 == 0) {
                    reportIncident();
                }
                slice = (slice + 1) % slices;
                next += 100_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                } else {
                    lateTicks.incrementAndGet();
                }
            }
        }

        private void reportIncident() {
            Walker w = walkers.get(random.nextInt(walkers.size()));
            post("/api/v1/incidents", new JsonObject().put("category", "public_order").put("source", "patrol")
                    .put("lon", w.lon).put("lat", w.lat).put("reportedAt", Instant.now().toString())
                    .put("title", "压测事件").encode());
        }
    }

    // ------------------------------------------------------------------ clients

    private List<ClientWebSocket> connect(Vertx vertx, CityData city, List<Walker> walkers, Random r) throws Exception {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(o.clients + 10)
                .setMaxMessageSize(64 << 20).setMaxFrameSize(1 << 20));
        List<ClientWebSocket> out = new ArrayList<>();
        for (int c = 0; c < o.clients; c++) {
            JsonObject units = new JsonObject().put("op", "subscribe").put("id", "u").put("channel", "units");
            if (c >= o.cityViews) {
                Walker w = walkers.get(r.nextInt(walkers.size()));
                units.put("bbox", new JsonArray().add(w.lon - 0.04).add(w.lat - 0.03).add(w.lon + 0.04).add(w.lat + 0.03));
            }
            JsonObject heat = new JsonObject().put("op", "subscribe").put("id", "h").put("channel", "heat")
                    .put("params", new JsonObject().put("window", "24h").put("zoom", 11));
            ClientWebSocket ws = client.webSocket();
            ws.textMessageHandler(this::received);
            Future<?> f = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/live")
                    .addHeader("Authorization", "Bearer " + token))
                    .compose(s -> ws.writeTextMessage(units.encode())).compose(v -> ws.writeTextMessage(heat.encode()));
            f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            out.add(ws);
        }
        return out;
    }

    /**
     * Counts a frame; for unit deltas, two latencies of every item: receive time − the server's
     * acceptance time ({@code serverTime}), and receive time − fix time (the moment it was sent).
     */
    private void received(String text) {
        frames.incrementAndGet();
        bytes.addAndGet(text.length());
        if (text.startsWith("{\"op\":\"resync\"")) {
            resyncs.incrementAndGet();
            return;
        }
        if (!measuring.get() || !text.startsWith("{\"op\":\"delta\"") || !text.contains("\"channel\":\"units\"")) {
            return;
        }
        long now = System.currentTimeMillis();
        int from = 0;
        while (true) {
            int k = text.indexOf("\"time\":\"", from);
            if (k < 0) {
                return;
            }
            from = record(sent, text, k + 8, now);
            int a = text.indexOf("\"serverTime\":\"", from);
            if (a >= 0 && a < text.indexOf('}', from)) {
                from = record(histogram, text, a + 14, now);
            }
            items.incrementAndGet();
        }
    }

    /** Adds {@code now} − the ISO instant starting at {@code start} to {@code h}; returns the index after it. */
    private static int record(AtomicLongArray h, String text, int start, long now) {
        int end = text.indexOf('"', start);
        long t = Instant.parse(text.substring(start, end)).toEpochMilli();
        h.incrementAndGet((int) Math.max(0, Math.min(BUCKETS, now - t)));
        return end;
    }

    // ------------------------------------------------------------------ results

    /** process CPU (share of all cores), heap used bytes. */
    private double[] serverMetrics() throws Exception {
        String text = get("/metrics").body();
        double cpu = 0;
        double heap = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("process_cpu_usage ")) {
                cpu = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {cpu, heap};
    }

    private static long percentile(AtomicLongArray histogram, double p) {
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            total += histogram.get(i);
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= rank && rank > 0) {
                return i;
            }
        }
        return -1;
    }

    private void report(double seconds, long frameCount, long itemCount, long byteCount, List<double[]> samples, Load load)
            throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuMean = samples.stream().mapToDouble(s -> s[0]).average().orElse(0) * cores;
        double cpuMax = samples.stream().mapToDouble(s -> s[0]).max().orElse(0) * cores;
        double heapMax = samples.stream().mapToDouble(s -> s[1]).max().orElse(0) / (1 << 20);
        double heapMean = samples.stream().mapToDouble(s -> s[1]).average().orElse(0) / (1 << 20);
        long max = 0;
        for (int i = BUCKETS; i >= 0; i--) {
            if (histogram.get(i) > 0) {
                max = i;
                break;
            }
        }
        JsonObject r = new JsonObject().put("date", Instant.now().toString()).put("cores", cores)
                .put("clients", o.clients).put("cityViews", o.cityViews).put("units", o.units)
                .put("intervalSeconds", o.intervalSeconds).put("seconds", Math.round(seconds))
                .put("positionsPerSecond", Math.round(o.units / (double) o.intervalSeconds))
                .put("positionsRejected", rejected.get()).put("generatorLateTicks", load.lateTicks.get())
                .put("framesPerSecond", Math.round(frameCount / seconds))
                .put("unitItemsPerSecond", Math.round(itemCount / seconds))
                .put("megabytesPerSecond", Math.round(byteCount / seconds / (1 << 20) * 10) / 10.0)
                .put("acceptedToReceivedMs", new JsonObject().put("p50", percentile(histogram, 0.50))
                        .put("p90", percentile(histogram, 0.90)).put("p99", percentile(histogram, 0.99))
                        .put("p999", percentile(histogram, 0.999)).put("max", max))
                .put("sentToReceivedMs", new JsonObject().put("p50", percentile(sent, 0.50))
                        .put("p90", percentile(sent, 0.90)).put("p99", percentile(sent, 0.99)))
                .put("ingestRoundTripMs", new JsonObject().put("p50", percentile(ingest, 0.50))
                        .put("p99", percentile(ingest, 0.99)))
                .put("harnessCpuCores", round2(harnessCpu * cores))
                .put("serverCpuCores", new JsonObject().put("mean", round2(cpuMean)).put("max", round2(cpuMax)))
                .put("serverHeapMiB", new JsonObject().put("mean", Math.round(heapMean)).put("max", Math.round(heapMax))
                        .put("limit", o.serverHeap))
                .put("resyncs", resyncs.get());
        String json = r.encodePrettily();
        System.out.println(json);
        Files.writeString(Path.of("target", "fanout-result.json"), json);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fanout] " + format + "%n", args);
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1_000L);
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

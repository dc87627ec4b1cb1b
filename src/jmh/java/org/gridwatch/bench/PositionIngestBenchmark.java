package org.gridwatch.bench;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridwatch.GridWatch;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Position ingest end to end over HTTP: a real server (embedded GeoPackage store in a temporary
 * directory, the demo city, 15,000 units) receives {@code POST /api/v1/positions} batches of
 * {@value #BATCH} positions as JSON from 2 client threads; each operation is one batch, answered
 * only after the batch is committed. Positions per second = operations per second × {@value #BATCH}.
 *
 * <p>Client and server share the machine's 2 cores, so this is a lower bound for a server with
 * its own cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(2)
public class PositionIngestBenchmark {
    /** Positions per request. */
    static final int BATCH = 5_000;
    /** Units reporting. */
    static final int UNITS = 15_000;

    /** The server, shared by the client threads. */
    @State(Scope.Benchmark)
    public static class Server {
        Vertx vertx;
        GridWatch gw;
        Path dir;
        URI uri;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        /** Seconds since the base time; every batch advances it, so fixes stay in order per unit. */
        final AtomicLong tick = new AtomicLong();
        final Instant base = Instant.now().minusSeconds(30L * 24 * 3600);

        @Setup(Level.Trial)
        public void start() throws Exception {
            dir = Files.createTempDirectory("gw-ingest");
            String city = System.getProperty("gridwatch.bench.city", "gis-data/binzhou");
            GridWatchConfig config = ConfigLoader.load(null, Map.of("GRIDWATCH_CITY_DATA", city), w -> { })
                    .withPort(0).withJt808Port(0).withStorePath(dir.resolve("bench.gpkg"));
            vertx = Vertx.vertx();
            gw = GridWatch.start(vertx, config, GridWatch.newRegistry()).toCompletionStage().toCompletableFuture().get();
            String township = gw.grids().hierarchy().level(org.gridwatch.area.AdminLevel.TOWNSHIP).get(0).code();
            List<java.util.concurrent.CompletableFuture<?>> adds = new ArrayList<>();
            for (int i = 0; i < UNITS; i++) {
                adds.add(gw.positions().add(new Unit(String.format("B%05d", i), "压测" + i, UnitKind.POLICE_CAR, "压测",
                        township.substring(0, 6), township, true)));
            }
            java.util.concurrent.CompletableFuture.allOf(adds.toArray(new java.util.concurrent.CompletableFuture<?>[0])).get();
            uri = URI.create("http://127.0.0.1:" + gw.port() + "/api/v1/positions");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            gw.stop().toCompletionStage().toCompletableFuture().get();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One batch: {@value #BATCH} consecutive units, each a few metres on from its last fix, 1 s later. */
    @Benchmark
    public int postBatch(Server s) throws Exception {
        long t = s.tick.incrementAndGet();
        int first = (int) ((t * BATCH) % UNITS);
        Instant time = s.base.plusSeconds(t);
        StringBuilder sb = new StringBuilder(BATCH * 90).append('[');
        for (int i = 0; i < BATCH; i++) {
            int u = (first + i) % UNITS;
            double lon = 117.5 + (u % 100) * 0.008 + (t % 50) * 1e-5;
            double lat = 37.0 + (u / 100) * 0.008;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"unit\":\"").append(String.format("B%05d", u)).append("\",\"lon\":").append(lon)
                    .append(",\"lat\":").append(lat).append(",\"time\":\"").append(time).append("\",\"speed\":8.3}");
        }
        HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(s.uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sb.append(']').toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"accepted\":" + BATCH)) {
            throw new IllegalStateException("batch not fully accepted: " + r.statusCode() + " " + r.body().substring(0,
                    Math.min(300, r.body().length())));
        }
        return r.statusCode();
    }
}

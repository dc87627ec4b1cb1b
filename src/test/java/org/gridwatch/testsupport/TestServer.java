package org.gridwatch.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gridwatch.GridWatch;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;

/**
 * A real GridWatch server on a free port over the committed demo city, with its store in a
 * given directory, plus a small blocking HTTP client for tests.
 */
public final class TestServer implements AutoCloseable {
    private final Vertx vertx;
    private final GridWatch server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Vertx vertx, GridWatch server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts a server whose GeoPackage store is {@code dir/gridwatch.gpkg}. */
    public static TestServer start(Path dir, Map<String, String> env) throws Exception {
        return start(dir, env, java.time.Clock.systemUTC());
    }

    /** Starts a server whose GeoPackage store is {@code dir/gridwatch.gpkg}, on {@code clock}. */
    public static TestServer start(Path dir, Map<String, String> env, java.time.Clock clock) throws Exception {
        return start(dir, env, clock, false);
    }

    /**
     * Starts a server whose GeoPackage store is {@code dir/gridwatch.gpkg}, on {@code clock}.
     *
     * @param simulated as the demo: with the simulator's stage in the incidents stream
     */
    public static TestServer start(Path dir, Map<String, String> env, java.time.Clock clock, boolean simulated)
            throws Exception {
        GridWatchConfig config = ConfigLoader.load(null, env, w -> { })
                .withPort(0).withStorePath(dir.resolve("gridwatch.gpkg"));
        Vertx vertx = Vertx.vertx();
        GridWatch gw = GridWatch.start(vertx, config, GridWatch.newRegistry(), clock, simulated)
                .toCompletionStage().toCompletableFuture().get();
        return new TestServer(vertx, gw);
    }

    /** Starts a server with the default configuration. */
    public static TestServer start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    public GridWatch server() {
        return server;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String pathAndQuery, String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until the server has done everything that follows from what was sent so far: the
     * writes and the consequences they queued (arrivals on scene, freed units, alerts), the state
     * lane and the live hub ({@link GridWatch#quiesce()}). Tests wait on this, never on sleeps.
     */
    public void quiesce() throws Exception {
        server.quiesce().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    public static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            // Closed from this (non-Vert.x) thread: a close requested from an event loop would try to
            // report completion on that very loop while it shuts down.
            vertx.close().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

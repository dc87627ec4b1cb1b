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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.auth.Role;
import org.gridwatch.GridWatch;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;

/**
 * A real GridWatch server on a free port over the committed demo city, with its store in a
 * given directory, plus a small blocking HTTP client for tests. The client authenticates with an
 * API key made at start ({@link #token()}): roles dispatcher, analyst and gateway, the whole
 * city; {@link #as(String)} gives a client with another token, {@link #anonymous()} one without.
 */
public final class TestServer implements AutoCloseable {
    /** The roles of the default client's key. */
    public static final Set<Role> ROLES = Set.of(Role.DISPATCHER, Role.ANALYST, Role.GATEWAY);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Vertx vertx;
    private final GridWatch server;
    private final String token;
    private final Client client;

    private TestServer(Vertx vertx, GridWatch server) {
        this.vertx = vertx;
        this.server = server;
        this.token = key(server, "tests", ROLES, server.grids().hierarchy().city().code());
        this.client = as(token);
    }

    /** A new API key on {@code server} (the command line's {@code apikey add}). */
    public static String key(GridWatch server, String name, Set<Role> roles, String... jurisdiction) {
        return server.auth().accounts().addApiKey(null, name, roles, List.of(jurisdiction)).secret();
    }

    /** The default client's bearer key. */
    public String token() {
        return token;
    }

    /** A client sending {@code Authorization: Bearer token}. */
    public Client as(String token) {
        return new Client(this, token);
    }

    /** The password {@link #user} gives its accounts (it meets the default policy). */
    public static final String PASSWORD = "Prüf-Kennwort-7";

    /** Makes a user account with {@link #PASSWORD} (the command line's {@code user add}). */
    public void user(String login, Set<Role> roles, String... jurisdiction) {
        server.auth().accounts().addUser(login, login, "", roles, List.of(jurisdiction), PASSWORD.toCharArray());
    }

    /** Logs {@code login} in with bearer tokens; its access token. */
    public String login(String login) throws IOException, InterruptedException {
        HttpResponse<String> r = anonymous().post("/api/v1/auth/login", new JsonObject().put("username", login)
                .put("password", PASSWORD).encode());
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + login + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("accessToken");
    }

    /** A page session: the session cookie's value and the CSRF token. */
    public record PageSession(String cookie, String csrf) {
        /** The Cookie header of a request of this session. */
        public String cookieHeader() {
            return "gw_session=" + cookie;
        }
    }

    /** Logs {@code login} in as the pages do (cookie and CSRF token). */
    public PageSession pageLogin(String login) throws IOException, InterruptedException {
        HttpResponse<String> r = anonymous().post("/api/v1/auth/login", new JsonObject().put("username", login)
                .put("password", PASSWORD).put("session", "cookie").encode());
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + login + ": " + r.statusCode() + " " + r.body());
        }
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("gw_session="))
                .map(c -> c.substring("gw_session=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        return new PageSession(cookie, new JsonObject(r.body()).getString("csrfToken"));
    }

    /** A client sending no credentials. */
    public Client anonymous() {
        return new Client(this, null);
    }

    /** A blocking HTTP client of the server with one credential (or none). */
    public static final class Client {
        private final TestServer server;
        private final String token;

        Client(TestServer server, String token) {
            this.server = server;
            this.token = token;
        }

        private HttpRequest.Builder builder(String pathAndQuery) {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
            return token == null ? b : b.header("Authorization", "Bearer " + token);
        }

        public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
            return HTTP.send(builder(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> get(String pathAndQuery, String header, String value)
                throws IOException, InterruptedException {
            return HTTP.send(builder(pathAndQuery).header(header, value).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return send("POST", path, body);
        }

        public HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
            return send("PATCH", path, body);
        }

        /**
         * Any method; a null body sends none; {@code headers} are name, value pairs (a body is sent as
         * application/json unless they name another Content-Type).
         */
        public HttpResponse<String> send(String method, String path, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = builder(path);
            boolean typed = false;
            for (int i = 0; i + 1 < headers.length; i += 2) {
                typed |= headers[i].equalsIgnoreCase("Content-Type");
            }
            if (body != null && !typed) {
                b.header("Content-Type", "application/json");
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
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
                .withPort(0).withJt808Port(0).withStorePath(dir.resolve("gridwatch.gpkg"));
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
        return client.get(pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery, String header, String value) throws IOException, InterruptedException {
        return client.get(pathAndQuery, header, value);
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.post(path, body);
    }

    public HttpResponse<String> patch(String path, String body) throws IOException, InterruptedException {
        return client.patch(path, body);
    }

    /** Reports a 110 criminal incident at (lon, lat), WGS84, reported at {@code at}, with the city-wide key; fails unless 201. */
    public void report(double lon, double lat, Instant at, String title) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v1/incidents", new JsonObject().put("category", "criminal").put("source", "police_call")
                .put("lon", lon).put("lat", lat).put("reportedAt", at.toString()).put("title", title).encode());
        if (r.statusCode() != 201) {
            throw new AssertionError("incident refused: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * Adds to {@code fixes} a walk of unit {@code unit} eastwards from (lon, lat): {@code n} fixes
     * {@code stepDegrees} of longitude apart, one a minute, the first at {@code first}.
     */
    public static io.vertx.core.json.JsonArray walk(io.vertx.core.json.JsonArray fixes, String unit, double lon, double lat,
                                                   int n, double stepDegrees, Instant first) {
        for (int k = 0; k < n; k++) {
            fixes.add(new JsonObject().put("unit", unit).put("lon", lon + k * stepDegrees).put("lat", lat)
                    .put("time", first.plusSeconds(60L * k).toString()));
        }
        return fixes;
    }

    /** Posts a batch of positions with the city-wide key; fails unless 200. */
    public void positions(io.vertx.core.json.JsonArray fixes) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v1/positions", fixes.encode());
        if (r.statusCode() != 200) {
            throw new AssertionError("positions refused: " + r.statusCode() + " " + r.body());
        }
    }

    /**
     * The history of an incident answer's {@code properties} without the steps the overdue monitor
     * records by itself ({@code action} overdue): a test of something else need not race its tick
     * when its incident was reported long ago.
     */
    public static io.vertx.core.json.JsonArray caseSteps(JsonObject properties) {
        io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
        for (Object o : properties.getJsonArray("history")) {
            if (!"overdue".equals(((JsonObject) o).getString("action"))) {
                out.add(o);
            }
        }
        return out;
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

package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridwatch.patrol.Position;
import org.gridwatch.testsupport.ServerProcess;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under {@code kill -9}, run against each store: a server in a child JVM ingests
 * incidents and positions from two client threads; once enough writes were acknowledged it is
 * killed with SIGKILL while requests are still in flight; a new server on the same store must
 * hold every incident and every position that got an acknowledgement (201, or 200 without the
 * item among the rejected). Writes without an answer may or may not be there. Likewise for
 * JT/T 808 terminals: every location answered success survives ({@link Jt808KillRecovery}).
 */
public abstract class KillRecoveryContract {
    private static final int UNITS = 20;
    private static final int PER_UNIT_PER_BATCH = 5;
    private static final int MIN_INCIDENTS = 40;
    private static final int MIN_POSITION_BATCHES = 15;

    @TempDir
    protected Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The API key the writes are sent with. */
    private String token;

    /** {@code GRIDWATCH_STORE_*} variables selecting the store under test, keeping its data under {@code dir}. */
    protected abstract Map<String, String> storeEnv(Path dir);

    private record AckedIncident(long id, String title) {
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(storeEnv(dir));
        ConcurrentLinkedQueue<AckedIncident> incidents = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Position> positions = new ConcurrentLinkedQueue<>();
        Instant base = Instant.now().minus(50, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        int positionBatches;
        // The operator's first step: a key for the integration that will send the writes.
        token = ServerProcess.command(env, "apikey", "add", "kill-test", "--role", "dispatcher,gateway", "--jurisdiction",
                "371600").strip();
        try (ServerProcess server = ServerProcess.start(env, dir.resolve("server.log"), 180)) {
            String root = "http://127.0.0.1:" + server.port();
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, Throwable> ended = new ConcurrentHashMap<>();
            // Each client opens its latch when it has enough acknowledgements, or when it ends early.
            CountDownLatch enoughIncidents = new CountDownLatch(1);
            CountDownLatch enoughPositions = new CountDownLatch(1);
            Thread reporter = new Thread(() -> {
                try {
                    reportIncidents(root, stop, incidents, ended, enoughIncidents);
                } finally {
                    enoughIncidents.countDown();
                }
            }, "ingest-incidents");
            int[] batches = {0};
            Thread tracker = new Thread(() -> {
                try {
                    batches[0] = reportPositions(root, base, stop, positions, ended, enoughPositions);
                } finally {
                    enoughPositions.countDown();
                }
            }, "ingest-positions");
            reporter.start();
            tracker.start();
            enoughIncidents.await(3, TimeUnit.MINUTES);
            enoughPositions.await(3, TimeUnit.MINUTES);
            assertThat(ended).as("ingest ended before the kill; server log:\n%s", server.log()).isEmpty();
            assertThat(incidents.size()).as("incidents acknowledged before the deadline").isGreaterThanOrEqualTo(MIN_INCIDENTS);
            server.kill(); // while both threads are still sending
            stop.set(true);
            reporter.join(30_000);
            tracker.join(30_000);
            positionBatches = batches[0];
        }
        assertThat(positionBatches).isGreaterThanOrEqualTo(MIN_POSITION_BATCHES);

        try (TestServer s = TestServer.start(dir, env)) {
            for (AckedIncident a : incidents) {
                HttpResponse<String> r = s.get("/api/v1/incidents/" + a.id());
                assertThat(r.statusCode()).as("acknowledged incident %d after kill -9", a.id()).isEqualTo(200);
                assertThat(TestServer.json(r).getJsonObject("properties").getString("title")).isEqualTo(a.title());
            }
            Map<String, Set<Position>> stored = new ConcurrentHashMap<>();
            for (int u = 1; u <= UNITS; u++) {
                String id = unitId(u);
                stored.put(id, new HashSet<>(s.server().store().track(id, base, base.plus(1, ChronoUnit.HOURS))));
            }
            for (Position p : positions) {
                assertThat(stored.get(p.unitId())).as("acknowledged position of %s at %s after kill -9", p.unitId(), p.time())
                        .contains(p);
            }
        }
    }

    /** The same through the JT/T 808 gateway: every location answered 0x8001 success survives ({@link Jt808KillRecovery}). */
    @Test
    void everyJt808LocationAnsweredSuccessSurvivesKill9() throws Exception {
        Jt808KillRecovery.check(dir, storeEnv(dir), getClass().getSimpleName());
    }

    private static String unitId(int u) {
        return String.format("U%06d", u);
    }

    private void reportIncidents(String root, AtomicBoolean stop, ConcurrentLinkedQueue<AckedIncident> acked,
                                 Map<String, Throwable> ended, CountDownLatch enough) {
        boolean counted = false;
        for (int i = 0; i < 100_000 && !stop.get(); i++) {
            if (!counted && acked.size() >= MIN_INCIDENTS) {
                counted = true;
                enough.countDown();
            }
            String title = "巡查发现 kill-" + i;
            String body = "{\"category\":\"public_order\",\"source\":\"grid_report\",\"lon\":" + (117.95 + (i % 50) * 0.002)
                    + ",\"lat\":37.40,\"reportedAt\":\"" + Instant.now() + "\",\"title\":\"" + title + "\"}";
            try {
                HttpResponse<String> r = post(root + "/api/v1/incidents", body);
                if (r.statusCode() == 201) {
                    acked.add(new AckedIncident(new JsonObject(r.body()).getLong("id"), title));
                } else if (!stop.get()) {
                    ended.put("incidents", new AssertionError("incident report got " + r.statusCode() + ": " + r.body()));
                    return;
                }
            } catch (IOException e) {
                if (!stop.get()) {
                    // The kill may come before stop is set: only a failure before the kill counts.
                    ended.putIfAbsent("incidents-io", e);
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int reportPositions(String root, Instant base, AtomicBoolean stop, ConcurrentLinkedQueue<Position> acked,
                                Map<String, Throwable> ended, CountDownLatch enough) {
        int batches = 0;
        boolean counted = false;
        // One fix per unit per second of simulated time, 0.5 m apart: never implausible, never out of order.
        for (int b = 0; b < 500 && !stop.get(); b++) {
            List<Position> batch = new ArrayList<>();
            JsonArray body = new JsonArray();
            for (int u = 1; u <= UNITS; u++) {
                for (int k = 0; k < PER_UNIT_PER_BATCH; k++) {
                    int step = b * PER_UNIT_PER_BATCH + k;
                    Position p = Position.of(unitId(u), 117.9 + u * 0.01 + step * 5e-6, 37.35 + u * 0.005,
                            base.plusSeconds(step));
                    batch.add(p);
                    body.add(new JsonObject().put("unit", p.unitId()).put("lon", p.lon()).put("lat", p.lat())
                            .put("time", p.time().toString()));
                }
            }
            try {
                HttpResponse<String> r = post(root + "/api/v1/positions", body.encode());
                if (r.statusCode() != 200) {
                    if (!stop.get()) {
                        ended.put("positions", new AssertionError("positions got " + r.statusCode() + ": " + r.body()));
                    }
                    return batches;
                }
                Set<Integer> rejected = new HashSet<>();
                JsonArray rj = new JsonObject(r.body()).getJsonArray("rejected");
                for (int i = 0; i < rj.size(); i++) {
                    rejected.add(rj.getJsonObject(i).getInteger("index"));
                }
                for (int i = 0; i < batch.size(); i++) {
                    if (!rejected.contains(i)) {
                        acked.add(batch.get(i));
                    }
                }
                batches++;
                if (!counted && acked.size() >= MIN_POSITION_BATCHES * UNITS * PER_UNIT_PER_BATCH) {
                    counted = true;
                    enough.countDown();
                }
            } catch (IOException e) {
                if (!stop.get()) {
                    ended.putIfAbsent("positions-io", e);
                }
                return batches;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batches;
            }
        }
        return batches;
    }

    private HttpResponse<String> post(String uri, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

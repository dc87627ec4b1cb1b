package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridwatch.store.Store;
import org.gridwatch.store.postgis.PostgisStore;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.gridwatch.testsupport.TcpProxy;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away while the server ingests, then comes back. The outage is a TCP proxy
 * between server and database that drops every connection and refuses new ones (as a stopped
 * server does) without stopping the database other tests share. Writes meanwhile get 503 with
 * Retry-After (GridWatch does not buffer them), {@code /ready} says not ready, and once the
 * database is back the same process recovers by itself and nothing acknowledged is missing.
 */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PostgisOutageTest {
    @TempDir
    Path dir;
    private final String schema = PostgisTestDatabase.freshSchema();

    @AfterEach
    void drop() {
        PostgisTestDatabase.dropSchema(schema);
    }

    private static String incident(int i) {
        return "{\"category\":\"traffic\",\"source\":\"hotline\",\"lon\":" + (117.95 + i * 0.001) + ",\"lat\":37.4,"
                + "\"reportedAt\":\"2026-11-27T09:00:00+08:00\",\"title\":\"占道 " + i + "\"}";
    }

    /**
     * Probes the store (as the server does every second) until it answers {@code up}, at most 20
     * probes (each waits for the pool, a few seconds at most): the pool's reconnection takes a
     * probe or two once the database is back.
     */
    private static void probeUntil(TestServer s, boolean up) throws Exception {
        for (int i = 0; i < 20; i++) {
            if (s.server().probeStore().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS) == up) {
                return;
            }
        }
        throw new AssertionError("the store probe never answered " + up);
    }

    @Test
    void writesGet503WhileTheDatabaseIsAwayAndTheServerRecoversWithoutRestart() throws Exception {
        PostgisTestDatabase.Settings db = PostgisTestDatabase.get();
        URI target = URI.create(db.url().substring("jdbc:".length()));
        List<Long> acknowledged = new ArrayList<>();
        try (TcpProxy proxy = TcpProxy.start(target.getHost(), target.getPort());
             TestServer s = TestServer.start(dir, PostgisTestDatabase.serverEnv(
                     "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath(), schema))) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = s.post("/api/v1/incidents", incident(i));
                assertThat(r.statusCode()).isEqualTo(201);
                acknowledged.add(json(r).getLong("id"));
            }
            assertThat(s.get("/ready").statusCode()).isEqualTo(200);

            proxy.cut(); // PostgreSQL is gone
            HttpResponse<String> refused = s.post("/api/v1/incidents", incident(100));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> positions = s.post("/api/v1/positions", "[{\"unit\":\"U000001\",\"lon\":118.0,"
                    + "\"lat\":37.4,\"time\":\"" + Instant.now().minusSeconds(5) + "\"}]");
            assertThat(positions.statusCode()).isEqualTo(503);
            assertThat(positions.headers().firstValue("Retry-After")).isPresent();
            probeUntil(s, false);
            assertThat(s.get("/ready").statusCode()).as("/ready says not ready while the database is away").isEqualTo(503);
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
            // What was refused is not shown either.
            assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(5);

            proxy.restore(); // PostgreSQL is back
            probeUntil(s, true);
            assertThat(s.get("/ready").statusCode()).as("/ready says ready once the database is back").isEqualTo(200);
            for (int i = 5; i < 10; i++) {
                HttpResponse<String> r = s.post("/api/v1/incidents", incident(i));
                assertThat(r.statusCode()).as("write after recovery").isEqualTo(201);
                acknowledged.add(json(r).getLong("id"));
            }
            assertThat(s.post("/api/v1/positions", "[{\"unit\":\"U000001\",\"lon\":118.0,\"lat\":37.4,\"time\":\""
                    + Instant.now().minusSeconds(1) + "\"}]").statusCode()).isEqualTo(200);
        }
        // Everything acknowledged, before and after the outage, is in the database.
        try (Store store = PostgisStore.open(db.url(), db.user(), db.password(), schema)) {
            List<Long> stored = new ArrayList<>();
            store.forEachIncident(i -> stored.add(i.id()));
            assertThat(stored).containsExactlyElementsOf(acknowledged);
            assertThat(stored).doesNotHaveDuplicates();
        }
    }
}

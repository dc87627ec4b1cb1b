package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.testsupport.TestServer.json;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridwatch.testsupport.ServerProcess;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is watched, not assumed (issue 11, row 5): a GeoPackage file deleted or replaced while
 * the server runs makes writes fail with 503 (nothing acknowledged into an unlinked file) and
 * {@code /ready} not ready; and no command silently starts over on a new, empty store where one
 * is expected.
 */
class StoreWatchTest {
    private static final String BODY = "{\"category\":\"traffic\",\"source\":\"hotline\",\"lon\":118.0,\"lat\":37.4,"
            + "\"reportedAt\":\"2026-11-27T09:00:00+08:00\",\"title\":\"占道\"}";

    @TempDir
    Path dir;

    @Test
    void row5_aStoreFileDeletedWhileRunningRefusesWritesAndTurnsNotReady() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.post("/api/v1/incidents", BODY).statusCode()).isEqualTo(201);
            long before = json(s.get("/api/v1/incidents?count=true")).getLong("count");
            Path file = dir.resolve("gridwatch.gpkg");
            Path kept = dir.resolve("kept.gpkg");
            Files.move(file, kept);   // deleted, as far as the path is concerned
            HttpResponse<String> r = s.post("/api/v1/incidents", BODY);
            ApiTest.assertProblem(r, 503, null);   // the detail stays generic: the log names the file
            assertThat(s.server().probeStore().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(s.get("/ready").statusCode()).isEqualTo(503);
            assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(before);
            assertThat(Files.exists(file)).as("no new file was made").isFalse();

            // Another file under the same name (a copy restored over it) is not the file the server opened.
            Files.copy(kept, file, StandardCopyOption.REPLACE_EXISTING);
            HttpResponse<String> replaced = s.post("/api/v1/incidents", BODY);
            ApiTest.assertProblem(replaced, 503, null);
            assertThat(s.server().probeStore().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(s.get("/health").statusCode()).isEqualTo(200);

            // The file itself back: writes go on, and nothing acknowledged was lost.
            Files.move(kept, file, StandardCopyOption.REPLACE_EXISTING);
            assertThat(s.server().probeStore().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(s.post("/api/v1/incidents", BODY).statusCode()).isEqualTo(201);
        }
        try (TestServer s = TestServer.start(dir)) {
            assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(2);
        }
    }

    @Test
    void row5_noCommandStartsOverOnANewEmptyStoreWhereOneIsExpected() throws Exception {
        Path file = dir.resolve("missing.gpkg");
        Map<String, String> env = Map.of("GRIDWATCH_STORE_PATH", file.toString());
        assertThatThrownBy(() -> ServerProcess.command(env, "serve")).hasMessageContaining("failed");
        assertThat(Files.exists(file)).as("serve made no store").isFalse();
        assertThatThrownBy(() -> ServerProcess.command(env, "user", "list")).hasMessageContaining("failed");
        assertThatThrownBy(() -> ServerProcess.command(env, "audit", "verify")).hasMessageContaining("failed");
        assertThat(Files.exists(file)).isFalse();
        // A first credential of a new installation makes the store (the README's first step).
        String key = ServerProcess.command(env, "apikey", "add", "first", "--role", "screen", "--jurisdiction", "371600");
        assertThat(key.trim()).startsWith("gwk_");
        assertThat(Files.exists(file)).isTrue();
        assertThat(ServerProcess.command(env, "apikey", "list")).contains("first");
    }
}

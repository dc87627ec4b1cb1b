package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the store cannot write, a report gets 503 with Retry-After, is not acknowledged and is not indexed. */
class StoreFailureTest {
    @TempDir
    Path dir;

    @Test
    void failedWritesAreNotAcknowledgedNorIndexed() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            String body = "{\"category\":\"traffic\",\"source\":\"hotline\",\"lon\":118.0,\"lat\":37.4,"
                    + "\"reportedAt\":\"2026-11-27T09:00:00+08:00\",\"title\":\"占道\"}";
            assertThat(s.post("/api/v1/incidents", body).statusCode()).isEqualTo(201);
            long before = json(s.get("/api/v1/incidents?count=true")).getLong("count");
            s.server().store().close(); // the disk went away
            HttpResponse<String> r = s.post("/api/v1/incidents", body);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(before);
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
        }
    }
}

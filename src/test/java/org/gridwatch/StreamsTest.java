package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running server's streams have exactly the stages, in exactly the order, that {@link Streams} documents. */
class StreamsTest {
    @TempDir
    Path dir;

    @Test
    void everyStreamRunsItsDeclaredStagesInOrder() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.server().streams().keySet()).containsExactly("positions", "incidents", "alerts", "posts");
            assertThat(s.server().streams()).isEqualTo(Map.of(
                    "positions", List.of("index", "alarms", "arrival", "coverage", "duty", "key places", "tiles", "live"),
                    "incidents", List.of("index", "heat", "near-repeat", "dispatch", "overdue", "tiles", "live"),
                    "alerts", List.of("live"),
                    "posts", List.of("tiles", "live")));
            assertThat(Streams.ingest(GridWatch.newRegistry()).stageNames())
                    .containsExactly("validate", "crs", "known unit", "order", "jump filter");
        }
        try (TestServer demo = TestServer.start(dir.resolve("demo"), Map.of(), java.time.Clock.systemUTC(), true)) {
            assertThat(demo.server().streams().get("incidents"))
                    .containsExactly("index", "heat", "near-repeat", "dispatch", "overdue", "sim", "tiles", "live");
        }
    }
}

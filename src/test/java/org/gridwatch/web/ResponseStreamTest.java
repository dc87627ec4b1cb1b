package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridwatch.export.ExportFormat;
import org.gridwatch.export.ExportOptions;
import org.gridwatch.export.ExportSchema;
import org.gridwatch.export.FeatureWriter;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure of an export over HTTP: 200,000 synthetic features written by a worker through a
 * {@link ResponseStream} to a client that stops reading. While the client pauses the writer waits for
 * the response to drain (the stream's own signal), having handed over a bounded part of the file;
 * when the client reads on, every row arrives. Features are made one at a time, never held.
 */
class ResponseStreamTest {
    private static final int FEATURES = 200_000;
    /** Socket buffers of both ends, fixed (no auto-tuning) so that what the network holds is known. */
    private static final int SOCKET_BUFFER = 64 * 1024;
    /**
     * What may be handed over while the client pauses: the two socket buffers (the kernel may double what is
     * asked), Netty's write queue before it reports full (64 KiB) and the chunk in flight, with room to spare.
     */
    private static final long BOUND = 2L * 1024 * 1024;
    private static final ExportSchema SCHEMA = new ExportSchema("synthetic", "合成点", "", List.of(Property.string("name", "名称"),
            Property.integer("n", "序号"), Property.timestamp("at", "时间")), GeometryKind.POINT, "name");

    private Vertx vertx;
    private HttpServer server;
    private final CompletableFuture<ResponseStream> stream = new CompletableFuture<>();
    private final CompletableFuture<Long> written = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/export").handler(ctx -> {
            ResponseStream out = new ResponseStream(ctx, r -> r.putHeader("Content-Type", "text/csv; charset=utf-8"), 60);
            stream.complete(out);
            vertx.executeBlocking(() -> {
                try (FeatureWriter w = ExportFormat.CSV.open(out, ExportOptions.of(ZoneId.of("Asia/Shanghai")))) {
                    w.begin(SCHEMA);
                    for (int i = 0; i < FEATURES; i++) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("name", "第" + i + "号点");
                        p.put("n", (long) i);
                        p.put("at", Instant.ofEpochSecond(1_746_000_000L + i));
                        w.write(Feature.of("f" + i, Geo.point(118 + (i % 1000) / 1000.0, 37 + (i % 997) / 1000.0), p));
                    }
                    long n = w.finish();
                    out.end();
                    written.complete(n);
                } catch (IOException | RuntimeException e) {
                    written.completeExceptionally(e);
                }
                return null;
            }, false);
        });
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSendBufferSize(SOCKET_BUFFER))
                .requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPausedReaderHoldsTheWriterNotTheHeap() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(SOCKET_BUFFER);   // before connecting: it sets the TCP window
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
            socket.getOutputStream().write("GET /export HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            // Read the head, then pause: the writer must come to wait for the drain.
            String head = head(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked");
            ResponseStream out = stream.get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!out.waitingForDrain() && !written.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(written).as("the export cannot finish while its client reads nothing").isNotDone();
            assertThat(out.waitingForDrain()).as("the writer waits for the response to drain").isTrue();
            long handedOver = out.bytes();
            assertThat(handedOver).as("bytes handed over while the client pauses").isLessThan(BOUND);
            // Read on: every row arrives, in order.
            byte[] body = dechunk(in);
            assertThat(written.get(60, TimeUnit.SECONDS)).isEqualTo(FEATURES);
            String text = new String(body, StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n");
            assertThat(lines).hasSize(FEATURES + 1);
            assertThat(lines[1]).startsWith("f0,第0号点,0,");
            assertThat(lines[FEATURES]).startsWith("f" + (FEATURES - 1) + ",");
            assertThat((long) body.length).as("the whole file is far larger than what was held").isGreaterThan(2 * handedOver);
            assertThat(out.drainWaits()).isPositive();
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).isNotNegative();
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
    }

    /** The body of a chunked response (RFC 9112 §7.1), to its last chunk. */
    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                assertThat(c).isNotNegative();
                size.append((char) c);
            }
            assertThat(in.read()).isEqualTo('\n');
            int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (n == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            assertThat(in.read()).isEqualTo('\r');
            assertThat(in.read()).isEqualTo('\n');
        }
    }
}

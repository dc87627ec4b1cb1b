package org.gridwatch.web;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's {@link OutputStream} onto an HTTP response, with back-pressure: bytes are gathered into
 * chunks of {@value #CHUNK} bytes; each chunk is handed to the response on the request's event loop,
 * and when the response's write queue is then full the worker waits for its drain before it makes
 * the next. So at most about two chunks and the transport's queue are held per export, whatever its
 * size and however slow its reader; the event loop never waits.
 *
 * <p>The first chunk sends the headers set by {@link #start} (status 200, chunked). When the client
 * goes away (the connection closes before the end) or reads nothing for {@link #stallSeconds}, the
 * next write throws {@link Gone}, so the export stops. Thread-safety: one writing thread (a worker);
 * the callbacks run on the event loop.
 */
final class ResponseStream extends OutputStream {
    /** Bytes per chunk handed to the event loop. */
    static final int CHUNK = 64 * 1024;

    /** The client went away or stopped reading; the response cannot be finished. */
    static final class Gone extends IOException {
        private static final long serialVersionUID = 1L;

        Gone(String message) {
            super(message);
        }
    }

    private final HttpServerResponse response;
    private final Context context;
    private final long stallSeconds;
    private final java.util.function.Consumer<HttpServerResponse> headers;
    private final byte[] buffer = new byte[CHUNK];
    private int size;
    private boolean started;
    private volatile String gone;
    private volatile CompletableFuture<Void> pending;
    private final AtomicLong waits = new AtomicLong();
    /** Set while the writer waits for the response's queue to drain. */
    private volatile boolean draining;
    private long bytes;

    /**
     * Call on the request's event loop, before handing the stream to a worker.
     *
     * @param headers      sets the response's headers before the first byte (runs on the event loop)
     * @param stallSeconds how long the client may take to drain one chunk before the export is given up
     */
    ResponseStream(RoutingContext ctx, java.util.function.Consumer<HttpServerResponse> headers, long stallSeconds) {
        this.response = ctx.response();
        this.context = io.vertx.core.Vertx.currentContext();
        this.headers = headers;
        this.stallSeconds = stallSeconds;
        if (context == null) {
            throw new IllegalStateException("a response stream is made on the request's event loop");
        }
        ctx.addEndHandler(ar -> {
            if (ar.failed()) {
                goneNow("the client went away");
            }
        });
    }

    private void goneNow(String why) {
        gone = why;
        CompletableFuture<Void> p = pending;
        if (p != null) {
            p.completeExceptionally(new Gone(why));
        }
    }

    /** Whether any byte (and so the headers) has been handed to the response. */
    boolean started() {
        return started;
    }

    /** How many times the writer waited for the response's queue to drain (back-pressure applied). */
    long drainWaits() {
        return waits.get();
    }

    /** Whether the writer is waiting for the response's queue to drain now. */
    boolean waitingForDrain() {
        return draining;
    }

    /** Bytes handed to the response. */
    long bytes() {
        return bytes;
    }

    @Override
    public void write(int b) throws IOException {
        if (size == CHUNK) {
            send(false);
        }
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (size == CHUNK) {
                send(false);
            }
            int n = Math.min(len, CHUNK - size);
            System.arraycopy(b, off, buffer, size, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    /** Hands what is buffered to the response (waiting for drain when its queue is full). */
    @Override
    public void flush() throws IOException {
        if (size > 0) {
            send(false);
        }
    }

    /** Sends what remains and ends the response; waits until it is handed over. */
    void end() throws IOException {
        send(true);
    }

    private void send(boolean last) throws IOException {
        if (gone != null) {
            throw new Gone(gone);
        }
        Buffer chunk = Buffer.buffer(Arrays.copyOf(buffer, size));
        bytes += size;
        size = 0;
        boolean first = !started;
        started = true;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pending = ready;
        context.runOnContext(v -> {
            if (gone != null || response.closed()) {
                ready.completeExceptionally(new Gone(gone == null ? "the client went away" : gone));
                return;
            }
            if (first) {
                headers.accept(response);
                response.setChunked(true);
            }
            if (last) {
                response.end(chunk);
                ready.complete(null);
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                waits.incrementAndGet();
                draining = true;
                response.drainHandler(d -> {
                    response.drainHandler(null);
                    draining = false;
                    ready.complete(null);
                });
            } else {
                ready.complete(null);
            }
        });
        if (gone != null) {
            ready.completeExceptionally(new Gone(gone));
        }
        try {
            ready.get(stallSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Gone("interrupted while writing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Gone g ? g : new IOException(e.getCause());
        } catch (TimeoutException e) {
            gone = "the client read nothing for " + stallSeconds + " s";
            throw new Gone(gone);
        } finally {
            pending = null;
            draining = false;
        }
    }

    /** Gives up a started response: the connection is reset, so the client sees an incomplete download, never a short file. */
    void abort() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.reset();
            }
        });
    }
}

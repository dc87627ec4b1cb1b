package org.gridwatch.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.error.StoreException;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes audit events from any thread without blocking and appends them to the store in batches on
 * the store lane, every {@link #FLUSH_MILLIS} ms. A batch the store refuses (it is unreachable) is
 * kept and tried again first, so events are stored in the order they were recorded. Bounded: at
 * most {@code capacity} events wait; beyond it events are dropped, counted
 * ({@code gridwatch.audit.dropped}) and logged — the trail then has a gap the log names, never a
 * forged link.
 *
 * <p>Thread-safe: {@link #record} from anywhere; the batch is the store lane's.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** How often waiting events are appended, ms. */
    public static final long FLUSH_MILLIS = 200;
    private static final int BATCH = 1_000;
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final AuditStore store;
    private final Lane lane;
    private final BlockingQueue<AuditEvent> pending;
    private final Counter appended;
    private final Counter dropped;
    private final Counter failures;
    private final Ticker ticker;
    /** A batch the store refused, to try again first. Store lane. */
    private List<AuditEvent> retry = List.of();
    private volatile long lastWarn;

    /**
     * @param lane     the store lane (appends are store writes)
     * @param capacity most events waiting to be appended
     */
    public AuditLog(Vertx vertx, Lane lane, AuditStore store, int capacity, MeterRegistry registry) {
        this.store = store;
        this.lane = lane;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.appended = Counter.builder("gridwatch.audit.appended").description("audit records appended").register(registry);
        this.dropped = Counter.builder("gridwatch.audit.dropped")
                .description("audit events dropped because too many waited for the store").register(registry);
        this.failures = Counter.builder("gridwatch.audit.failures").description("audit appends the store refused")
                .register(registry);
        this.ticker = Ticker.every(vertx, lane, FLUSH_MILLIS, this::flushNow);
    }

    /** Records an event; returns at once. Any thread. */
    public void record(AuditEvent e) {
        if (!pending.offer(e)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            if (now - lastWarn > WARN_EVERY_MILLIS) {
                lastWarn = now;
                LOG.error("audit trail: {} events wait for the store; dropping {} {} by {} (and others; see "
                        + "gridwatch.audit.dropped)", pending.size(), e.action().id(), e.route(), e.actorId());
            }
        }
    }

    /** Appends everything recorded so far; completes when stored (or fails with the store's error). Any thread. */
    public CompletableFuture<Void> flush() {
        return lane.submit(() -> {
            while (!flushNow()) {
                if (!retry.isEmpty()) {
                    throw new StoreException("the audit trail could not be appended; " + retry.size() + " events wait");
                }
            }
            return null;
        });
    }

    /** One batch on the store lane; true when nothing is left waiting. */
    private boolean flushNow() {
        lane.checkCurrent();
        List<AuditEvent> batch = retry;
        if (batch.isEmpty()) {
            batch = new ArrayList<>(Math.min(BATCH, pending.size()));
            pending.drainTo(batch, BATCH);
        }
        if (batch.isEmpty()) {
            return true;
        }
        try {
            store.appendAudit(batch);
            appended.increment(batch.size());
            retry = List.of();
        } catch (RuntimeException e) {
            failures.increment();
            retry = batch;
            long now = System.currentTimeMillis();
            if (now - lastWarn > WARN_EVERY_MILLIS) {
                lastWarn = now;
                LOG.warn("audit trail: {} events not appended yet ({}); retrying", batch.size(), e.getMessage());
            }
            return false;
        }
        return pending.isEmpty();
    }

    /** Events waiting. */
    public int waiting() {
        return pending.size() + retry.size();
    }

    /** Stops the periodic flush (call {@link #flush()} first to store what waits). */
    @Override
    public void close() {
        ticker.close();
    }
}

package org.gridwatch.pipeline;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named thread that runs tasks one at a time, in submission order: the owner of some state (the
 * state thread, the store writer, the live hub). Built on a Vert.x {@link WorkerExecutor} of one
 * thread, so the thread is Vert.x's ({@code name-0}) and its blocked-thread checker warns when a
 * task runs longer than {@code maxTaskMillis}.
 *
 * <p>A task that throws is logged and the lane goes on. {@link #checkCurrent()} lets methods that
 * must run on the lane say so. Thread-safe: tasks may be submitted from any thread.
 */
public final class Lane implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final ThreadLocal<Lane> CURRENT = new ThreadLocal<>();

    private final String name;
    private final WorkerExecutor worker;
    private final AtomicLong submitted = new AtomicLong();
    private volatile boolean closed;
    /** Lane-confined: depth of {@link #asConsequence} calls running. */
    private int consequenceDepth;

    /**
     * @param vertx         whose worker pool machinery and blocked-thread checker to use
     * @param name          thread name prefix, e.g. {@code gridwatch-state}
     * @param maxTaskMillis a task running longer is reported by the blocked-thread checker
     */
    public Lane(Vertx vertx, String name, long maxTaskMillis) {
        this.name = name;
        this.worker = vertx.createSharedWorkerExecutor(name, 1, maxTaskMillis, TimeUnit.MILLISECONDS);
    }

    /** The lane's name. */
    public String name() {
        return name;
    }

    /** Runs {@code task} on the lane after the tasks submitted before it. Any thread. */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            LOG.debug("lane {} closed: task dropped", name);
            return;
        }
        submitted.incrementAndGet();
        worker.executeBlocking(() -> {
            run(task);
            return null;
        }, false);
    }

    /** Runs {@code task} on the lane and completes with its result (or failure) there. Any thread. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("lane " + name + " is closed"));
            return f;
        }
        execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void run(Runnable task) {
        CURRENT.set(this);
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("task on {} failed; the lane goes on", name, e);
        } finally {
            CURRENT.remove();
        }
    }

    /** True when the calling thread is running a task of this lane. */
    public boolean isCurrent() {
        return CURRENT.get() == this;
    }

    /**
     * Fails unless called from a task of this lane: for methods that own state confined to it.
     *
     * @throws IllegalStateException naming the lane and the calling thread
     */
    public void checkCurrent() {
        if (CURRENT.get() != this) {
            throw new IllegalStateException("must run on " + name + ", not on " + Thread.currentThread().getName());
        }
    }

    /**
     * Runs {@code r} now, on this lane, marked as the server's own reaction to what it saw (a stage
     * of a change stream, a periodic check): writes it queues are consequences
     * ({@link CommitQueue}), not client writes.
     */
    public void asConsequence(Runnable r) {
        checkCurrent();
        consequenceDepth++;
        try {
            r.run();
        } finally {
            consequenceDepth--;
        }
    }

    /** True while the calling task runs inside {@link #asConsequence}. */
    public boolean inConsequence() {
        return isCurrent() && consequenceDepth > 0;
    }

    /** Completes once every task submitted before this call has run. Any thread. */
    public CompletableFuture<Void> drain() {
        return submit(() -> null);
    }

    /** Tasks submitted so far (for quiescence checks). */
    public long submitted() {
        return submitted.get();
    }

    /** Stops accepting tasks; those queued still run. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            worker.close();
        }
    }
}

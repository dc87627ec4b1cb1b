package org.gridwatch.pipeline;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A periodic task on a {@link Lane}, coalesced: a tick that is still queued (the lane is busy) is
 * not queued again, so a slow lane runs each periodic task at most once per backlog instead of
 * piling up ticks. The timer is Vert.x's; the task runs on the lane. Thread-safe.
 */
public final class Ticker implements AutoCloseable {
    private final Vertx vertx;
    private final long timer;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Lane lane;
    private final Runnable task;

    private Ticker(Vertx vertx, Lane lane, long periodMillis, Runnable task) {
        this.vertx = vertx;
        this.lane = lane;
        this.task = task;
        this.timer = vertx.setPeriodic(periodMillis, id -> fire());
    }

    /** One period elapsed: queues the task unless a run of it is still queued. Any thread. */
    void fire() {
        if (queued.compareAndSet(false, true)) {
            lane.execute(() -> {
                queued.set(false);
                task.run();
            });
        }
    }

    /** Runs {@code task} on {@code lane} every {@code periodMillis} (the first after one period), coalesced. */
    public static Ticker every(Vertx vertx, Lane lane, long periodMillis, Runnable task) {
        return new Ticker(vertx, lane, periodMillis, task);
    }

    /** Stops the timer (a tick already queued still runs). */
    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}

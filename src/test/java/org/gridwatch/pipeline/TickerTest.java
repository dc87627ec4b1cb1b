package org.gridwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickerTest {
    final Vertx vertx = Vertx.vertx();
    final Lane lane = new Lane(vertx, "tick-lane", 10_000);

    @AfterEach
    void close() throws Exception {
        lane.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTickStillQueuedIsNotQueuedAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Ticker t = Ticker.every(vertx, lane, 3_600_000, runs::incrementAndGet); // the timer itself never fires here
        lane.execute(() -> {
            try {
                release.await(30, TimeUnit.SECONDS); // the lane is busy
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            t.fire();                        // a hundred periods pass while the lane is busy
        }
        release.countDown();
        lane.drain().get(30, TimeUnit.SECONDS);
        assertThat(runs).hasValue(1);
        t.fire();                            // the lane is idle again: the next period runs the task again
        lane.drain().get(30, TimeUnit.SECONDS);
        assertThat(runs).hasValue(2);
        t.close();
    }

    @Test
    void runsOnTheLaneEveryPeriodUntilClosed() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        AtomicInteger offLane = new AtomicInteger();
        Ticker t = Ticker.every(vertx, lane, 5, () -> {
            if (!lane.isCurrent()) {
                offLane.incrementAndGet();
            }
            three.countDown();
        });
        assertThat(three.await(30, TimeUnit.SECONDS)).isTrue();
        t.close();
        assertThat(offLane).hasValue(0);
    }
}

package org.gridwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {
    final Vertx vertx = Vertx.vertx();
    final Lane lane = new Lane(vertx, "test-lane", 10_000);

    @AfterEach
    void close() throws Exception {
        lane.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void runsTasksOneAtATimeInSubmissionOrderOnItsNamedThread() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        for (int i = 0; i < 500; i++) {
            int k = i;
            lane.execute(() -> {
                if (running.incrementAndGet() > 1) {
                    overlap.incrementAndGet();
                }
                order.add(k);
                threads.add(Thread.currentThread().getName());
                running.decrementAndGet();
            });
        }
        lane.drain().get(30, TimeUnit.SECONDS);
        assertThat(order).hasSize(500).isSorted();
        assertThat(overlap).hasValue(0);
        assertThat(threads).allSatisfy(t -> assertThat(t).isEqualTo("test-lane-0"));
        assertThat(lane.submitted()).isEqualTo(501);
    }

    @Test
    void knowsWhetherTheCallerIsOnIt() throws Exception {
        assertThat(lane.isCurrent()).isFalse();
        assertThatThrownBy(lane::checkCurrent).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must run on test-lane");
        assertThat(lane.submit(lane::isCurrent).get(10, TimeUnit.SECONDS)).isTrue();
        Lane other = new Lane(vertx, "other-lane", 10_000);
        assertThat(other.submit(lane::isCurrent).get(10, TimeUnit.SECONDS)).isFalse();
        other.close();
    }

    @Test
    void aFailingTaskIsContainedAndTheLaneGoesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> lane.submit(() -> {
            throw new IllegalArgumentException("refused");
        }).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedLaneTakesNoMoreTasks() throws Exception {
        lane.close();
        assertThatThrownBy(() -> lane.submit(() -> 1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}

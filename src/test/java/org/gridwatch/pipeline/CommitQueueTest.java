package org.gridwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.NotFoundException;
import org.gridwatch.error.StoreException;
import org.gridwatch.pipeline.CommitQueue.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The commit queue over a "store" that is a list (the committed values) and a "memory" that is
 * another (the applied ones): writes are prepared against what the previous ones applied, refused
 * and failed writes change nothing, and client writes are answered by their deadline honestly.
 */
class CommitQueueTest {
    final Vertx vertx = Vertx.vertx();
    final Lane state = new Lane(vertx, "state", 10_000);
    final Lane store = new Lane(vertx, "store", 60_000);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<Integer> stored = new CopyOnWriteArrayList<>();
    /** State lane only. */
    final List<Integer> memory = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        state.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    CommitQueue queue(Duration timeout) {
        return new CommitQueue(vertx, state, store, timeout, 1_000, registry);
    }

    /** A write appending "the last value applied + step", checked against memory at prepare time. */
    CommitQueue.Write<Integer> next(int step) {
        return () -> {
            state.checkCurrent();
            int value = (memory.isEmpty() ? 0 : memory.get(memory.size() - 1)) + step;
            return Plan.of(() -> {
                store.checkCurrent();
                stored.add(value);
            }, () -> {
                state.checkCurrent();
                memory.add(value);
                return value;
            });
        };
    }

    static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("completed normally");
    }

    @Test
    void eachWriteIsPreparedAgainstWhatThePreviousOnesApplied() throws Exception {
        CommitQueue q = queue(Duration.ofSeconds(10));
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(q.submit(next(1)));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        q.whenIdle().get(10, TimeUnit.SECONDS);
        assertThat(stored).hasSize(200).isSorted().doesNotHaveDuplicates();
        assertThat(state.submit(() -> List.copyOf(memory)).get(10, TimeUnit.SECONDS)).isEqualTo(stored);
    }

    @Test
    void aRefusedOrFailedWriteChangesNothingAndTheNextOneGoesOn() throws Exception {
        CommitQueue q = queue(Duration.ofSeconds(10));
        List<String> undone = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> refused = q.submit(() -> {
            throw new NotFoundException("id", "no such thing");
        });
        CompletableFuture<Integer> failed = q.submit(() -> Plan.<Integer>of(() -> {
            throw new StoreException("disk full");
        }, () -> 1).onFailure(e -> undone.add(e.getMessage())));
        CompletableFuture<Integer> ok = q.submit(next(5));
        assertThat(cause(refused)).isInstanceOf(NotFoundException.class);
        assertThat(cause(failed)).isInstanceOf(StoreException.class);
        assertThat(ok.get(30, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(undone).containsExactly("disk full");
        assertThat(stored).containsExactly(5);
    }

    @Test
    void aClientWriteTheStoreHasNotTakenByItsDeadlineIsDroppedAndSaysNothingWasStored() throws Exception {
        CommitQueue q = queue(Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        store.execute(() -> await(release));               // the store hangs
        CompletableFuture<Integer> first = q.submit(next(1));  // taken: its commit waits behind the hang
        CompletableFuture<Integer> second = q.submit(next(1)); // still queued at its deadline
        Throwable late = cause(second);
        assertThat(late).isInstanceOf(StoreException.class).hasMessageContaining("nothing was stored");
        assertThat(((StoreException) late).maybeStored()).isFalse();
        assertThat(((StoreException) late).kind()).isEqualTo(FailureKind.UNAVAILABLE);
        Throwable unconfirmed = cause(first);
        assertThat(((StoreException) unconfirmed).maybeStored()).as("taken, not confirmed: may be stored").isTrue();
        release.countDown();
        q.whenIdle().get(10, TimeUnit.SECONDS);
        // The first did commit after its answer, and memory followed the store; the second never ran.
        assertThat(stored).containsExactly(1);
        assertThat(state.submit(() -> List.copyOf(memory)).get(10, TimeUnit.SECONDS)).containsExactly(1);
    }

    @Test
    void aConsequenceHasNoDeadlineButACallbackOnTheStateLaneIsStillAClient() throws Exception {
        CommitQueue q = queue(Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        store.execute(() -> await(release));
        List<CompletableFuture<Integer>> made = new ArrayList<>();
        state.submit(() -> {
            state.asConsequence(() -> made.add(q.submit(next(7))));  // as a stage does
            made.add(q.submit(next(1)));                              // as a client's callback would
            return null;
        }).get(10, TimeUnit.SECONDS);
        CompletableFuture<Integer> consequence = made.get(0);
        assertThat(cause(made.get(1))).as("outside a stage: a client write").isInstanceOf(StoreException.class);
        CompletableFuture<Integer> grouped = q.submitWithoutDeadline(next(1));
        CompletableFuture<Integer> client = q.submit(next(1));
        assertThat(cause(client)).isInstanceOf(StoreException.class);   // answered at its deadline
        assertThat(consequence).isNotDone();
        assertThat(grouped).isNotDone();
        release.countDown();
        assertThat(consequence.get(30, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(grouped.get(30, TimeUnit.SECONDS)).isEqualTo(8);
    }

    @Test
    void tooManyWaitingWritesAreRefusedAtOnceAndWhenIdleTellsWhenAllIsDone() throws Exception {
        CommitQueue q = new CommitQueue(vertx, state, store, Duration.ofSeconds(30), 3, registry);
        CountDownLatch release = new CountDownLatch(1);
        store.execute(() -> await(release));
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        accepted.add(q.submit(next(1)));     // taken: its commit waits for the store
        state.drain().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            accepted.add(q.submit(next(1))); // queued behind it
        }
        assertThat(q.queued()).isEqualTo(3);
        CompletableFuture<Integer> refused = q.submit(next(1));
        assertThat(cause(refused)).isInstanceOf(StoreException.class).hasMessageContaining("not keeping up");
        CompletableFuture<Void> idle = q.whenIdle();
        assertThat(idle).isNotDone();
        release.countDown();
        idle.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> f : accepted) {
            assertThat(f).isCompleted();
        }
        assertThat(stored).containsExactly(1, 2, 3, 4);
        assertThat(q.whenIdle()).isDone();
    }

    @Test
    void answeredWithinFailsAtTheDeadlineSayingTheOutcomeIsUnknown() throws Exception {
        CommitQueue q = queue(Duration.ofMillis(100));
        CompletableFuture<String> never = new CompletableFuture<>();
        Throwable t = cause(q.answeredWithin(never));
        assertThat(((StoreException) t).maybeStored()).isTrue();
        CompletableFuture<String> soon = new CompletableFuture<>();
        CompletableFuture<String> answered = q.answeredWithin(soon);
        soon.complete("done");
        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

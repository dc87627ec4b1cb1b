package org.gridwatch.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.pipeline.Stage;

/**
 * The server's threads for a unit test of a service: a Vert.x instance, the state and store lanes
 * and a commit queue over them, with helpers to run code on the state lane and wait for it, and to
 * wait until every write is applied ({@link #quiesce()}), so tests wait on signals, never on sleeps.
 */
public final class TestLanes implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final Lane state = new Lane(vertx, "test-state", 10_000);
    public final Lane store = new Lane(vertx, "test-store", 60_000);
    public final CommitQueue writes;

    public TestLanes() {
        this(Duration.ofSeconds(10));
    }

    /** @param timeout the client write deadline of the commit queue */
    public TestLanes(Duration timeout) {
        this.writes = new CommitQueue(vertx, state, store, timeout, 100_000, registry);
    }

    /** Runs {@code c} on the state lane and returns its result (or throws its exception). */
    public <T> T onState(Callable<T> c) throws Exception {
        try {
            return state.submit(c).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    /** Runs {@code r} on the state lane and waits for it. */
    public void run(Runnable r) throws Exception {
        onState(() -> {
            r.run();
            return null;
        });
    }

    /** Runs {@code r} on the state lane as a stage or a periodic check does ({@link Lane#asConsequence}), and waits. */
    public void asStage(Runnable r) throws Exception {
        run(() -> state.asConsequence(r));
    }

    /** Waits until no write is waiting or in progress and the state lane ran everything before. */
    public void quiesce() throws Exception {
        for (int i = 0; i < 10; i++) {
            writes.whenIdle().get(30, TimeUnit.SECONDS);
            state.drain().get(30, TimeUnit.SECONDS);
            if (writes.whenIdle().isDone()) {
                return;
            }
        }
        throw new AssertionError("writes did not settle");
    }

    /** A stream on the state lane with the given stages. */
    @SafeVarargs
    public final <C> Pipeline<C> pipeline(String name, Stage<? super C>... stages) {
        Pipeline<C> p = new Pipeline<>(name, state, registry);
        p.declare(stages);
        return p;
    }

    /** A stage that records every change record it sees, in order. */
    public static <C> Recorder<C> recorder() {
        return new Recorder<>();
    }

    /** Records change records; read from any thread. */
    public static final class Recorder<C> implements Stage<C> {
        public final List<C> seen = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void apply(List<? extends C> changes) {
            seen.addAll(changes);
        }
    }

    @Override
    public void close() throws Exception {
        state.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}

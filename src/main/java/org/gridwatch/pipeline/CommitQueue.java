package org.gridwatch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of the server, one at a time in submission order: each is <b>prepared</b> on the
 * state lane against the current in-memory state (checked, given its ids; a refusal changes
 * nothing), <b>committed</b> on the store lane (blocking JDBC or SQLite), then <b>applied</b> on the
 * state lane, where it publishes its change records to its stream's {@link Pipeline}. The next
 * write is prepared only after the previous one was applied, so every write is checked against the
 * state its predecessors left, and the in-memory state follows the store's commit order.
 *
 * <p>The state lane never waits for the store: while a commit is in progress it runs pipelines,
 * ticks and reads. A store that hangs delays acknowledgements, boundedly:
 * <ul>
 *   <li>A <i>client's</i> write (submitted from any thread but the state lane: an HTTP request, a
 *       device, the simulator) is answered by its deadline, {@code timeout} after submission: if the
 *       store has not taken it by then it is dropped and fails with a {@link StoreException} of kind
 *       {@link FailureKind#UNAVAILABLE} saying nothing was stored; if it was taken but not
 *       confirmed, it fails saying it may have been stored ({@link StoreException#maybeStored()}) —
 *       and when it commits later it is still applied, so memory never disagrees with the store.</li>
 *   <li>A <i>consequence</i> (submitted by a stage of a change stream or a periodic check, i.e. inside
 *       {@link Lane#asConsequence} on the state lane: an arrival on scene, a dispatched unit made busy,
 *       an alert) has no deadline: it is the server's own effect of a
 *       committed write. Consequences go before the client writes waiting, so the next client write
 *       is checked against a state that includes them (a unit dispatched once is busy before a
 *       second dispatch of it is checked).</li>
 *   <li>At most {@code maxQueued} writes wait; beyond that a write fails at once as above.</li>
 * </ul>
 *
 * <p>Thread-safe: {@link #submit} from any thread.
 */
public final class CommitQueue {
    private static final Logger LOG = LoggerFactory.getLogger(CommitQueue.class);
    /** How often client deadlines are checked, ms: a deadline is met within this much. */
    static final long SWEEP_MILLIS = 50;

    /** Blocking store work of a plan, returning what the apply step needs (or null). */
    @FunctionalInterface
    public interface Commit<T> {
        T run();
    }

    /**
     * A write. {@link #prepare} runs on the state lane, after every write submitted before it was
     * applied: it checks the write against the current state and returns its plan, or throws (a
     * {@link org.gridwatch.error.GridWatchException} naming the input) to refuse it; nothing changes then.
     *
     * @param <R> the result the submitter gets
     */
    @FunctionalInterface
    public interface Write<R> {
        Plan<?, R> prepare();
    }

    /**
     * What a prepared write does: {@code commit} on the store lane (null: nothing to store), then
     * {@code apply} on the state lane with the commit's result, which publishes the write's change
     * records and returns the submitter's result; or, when the commit fails, {@code failed} on the
     * state lane (null: nothing to undo) before the submitter sees the failure.
     */
    public record Plan<T, R>(Commit<T> commit, Function<? super T, ? extends R> apply,
                             Consumer<RuntimeException> failed) {
        public Plan {
            Objects.requireNonNull(apply, "apply");
        }

        public Plan(Commit<T> commit, Function<? super T, ? extends R> apply) {
            this(commit, apply, null);
        }

        /** This plan, telling {@code failed} (state lane) when its commit fails. */
        public Plan<T, R> onFailure(Consumer<RuntimeException> failed) {
            return new Plan<>(commit, apply, failed);
        }

        /** Stores with {@code commit}, then applies. */
        public static <R> Plan<Void, R> of(Runnable commit, Supplier<? extends R> apply) {
            Objects.requireNonNull(commit, "commit");
            return new Plan<>(() -> {
                commit.run();
                return null;
            }, v -> apply.get());
        }

        /** Stores with {@code commit}, then applies with what it returned. */
        public static <T, R> Plan<T, R> withResult(Commit<T> commit, Function<? super T, ? extends R> apply) {
            return new Plan<>(Objects.requireNonNull(commit, "commit"), apply);
        }

        /** Nothing to store (e.g. a report seen before): applies at once. */
        public static <R> Plan<Void, R> nothingToStore(Supplier<? extends R> apply) {
            return new Plan<>(null, v -> apply.get());
        }
    }

    private record Entry<R>(Write<R> write, Ticket<R> ticket) {
    }

    private final Vertx vertx;
    private final Lane state;
    private final Lane store;
    private final Duration timeout;
    private final int maxQueued;
    private final Queue<Entry<?>> queue = new ConcurrentLinkedQueue<>();
    /** Writes submitted from the state lane: they go first. */
    private final Queue<Entry<?>> consequences = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Object idleLock = new Object();
    /** Guarded by idleLock: a write is being prepared, committed or applied, or is about to be. */
    private boolean running;
    /** Guarded by idleLock: completed whenever nothing is running and nothing waits. */
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
    /**
     * Client tickets in deadline order (the timeout is the same for all, so submission order),
     * finished ones dropped lazily: one periodic sweep expires them, instead of a timer per write.
     */
    private final Queue<Ticket<?>> deadlines = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();
    private final Counter expiredQueued;
    private final Counter expiredTaken;
    private final Counter refusedFull;

    /**
     * @param state     the state lane (prepare, apply)
     * @param store     the store lane (commit)
     * @param timeout   how long a client's write may wait for its answer ({@code store.write-timeout})
     * @param maxQueued most writes waiting at once
     */
    public CommitQueue(Vertx vertx, Lane state, Lane store, Duration timeout, int maxQueued, MeterRegistry registry) {
        this.vertx = vertx;
        this.state = state;
        this.store = store;
        this.timeout = timeout;
        this.maxQueued = maxQueued;
        Gauge.builder("gridwatch.writes.queued", size, AtomicInteger::get).description("writes waiting for the store")
                .register(registry);
        this.expiredQueued = Counter.builder("gridwatch.writes.expired").tag("when", "queued")
                .description("client writes answered 503 at their deadline").register(registry);
        this.expiredTaken = Counter.builder("gridwatch.writes.expired").tag("when", "committing")
                .description("client writes answered 503 at their deadline").register(registry);
        this.refusedFull = Counter.builder("gridwatch.writes.refused").description("writes refused: too many waiting")
                .register(registry);
    }

    /** The state lane writes are prepared and applied on. */
    public Lane state() {
        return state;
    }

    /**
     * Queues a write. The future completes (on the state lane) with the write's result once it is
     * applied, or fails: with the exception {@code prepare} threw, with the store's exception, or,
     * for a client's write, at its deadline (see the class comment).
     */
    public <R> CompletableFuture<R> submit(Write<R> write) {
        return enqueue(write, ticket(), state.inConsequence());
    }

    /**
     * Queues a write that has no deadline of its own, whoever submits it, behind the writes waiting
     * (never before them, even from the state lane): for a group commit whose members hold their
     * own {@link #ticket()}s (position batches), which must be drained even when its submitter's
     * deadline passes, and must not overtake other clients' writes however often it is queued.
     */
    public <R> CompletableFuture<R> submitWithoutDeadline(Write<R> write) {
        return enqueue(write, new Ticket<>(), false);
    }

    private <R> CompletableFuture<R> enqueue(Write<R> write, Ticket<R> t, boolean consequence) {
        if (t.result().isDone()) {
            return t.result();
        }
        (consequence ? consequences : queue).add(new Entry<>(write, t));
        size.incrementAndGet();
        pump();
        return t.result();
    }

    /**
     * A ticket for a client's (or a consequence's) write that its owner queues
     * itself before handing it to {@link #submit} as part of a group (position batches): it expires
     * at the same deadline. Fails at once when too many writes wait.
     */
    public <R> Ticket<R> ticket() {
        Ticket<R> t = new Ticket<>();
        if (size.get() >= maxQueued) {
            refusedFull.increment();
            t.fail(new StoreException(FailureKind.UNAVAILABLE, "the store is not keeping up: " + size.get()
                    + " writes are waiting; nothing was stored", null, false));
            return t;
        }
        if (!state.inConsequence()) {
            t.deadline = System.nanoTime() + timeout.toNanos();
            deadlines.add(t);
            armSweeper();
        }
        return t;
    }

    /**
     * {@code f}, or a failure at the client deadline from now, whichever comes first: for a result
     * that waits on consequences of a write (which have no deadline of their own). The failure says
     * the outcome is unknown ({@link StoreException#maybeStored()}).
     */
    public <T> CompletableFuture<T> answeredWithin(CompletableFuture<T> f) {
        if (f.isDone()) {
            return f;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (out.completeExceptionally(new StoreException(FailureKind.UNAVAILABLE, "the store did not confirm the"
                    + " write and its consequences within " + timeout.toSeconds() + " s; they may still be stored", null,
                    true))) {
                expiredTaken.increment();
            }
        });
        f.whenComplete((v, e) -> {
            vertx.cancelTimer(timer);
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        });
        return out;
    }

    /** Starts the deadline sweep if it is not running; it stops itself when no ticket is left. */
    private void armSweeper() {
        if (sweeping.compareAndSet(false, true)) {
            vertx.setTimer(SWEEP_MILLIS, id -> sweep());
        }
    }

    /** Expires the tickets whose deadline passed; runs every {@link #SWEEP_MILLIS} while tickets wait. */
    private void sweep() {
        long now = System.nanoTime();
        for (Ticket<?> t; (t = deadlines.peek()) != null && (t.finished() || t.deadline - now <= 0); ) {
            deadlines.poll();
            if (!t.finished()) {
                expire(t);
            }
        }
        if (deadlines.isEmpty()) {
            sweeping.set(false);
            if (!deadlines.isEmpty()) {
                armSweeper(); // a ticket arrived between the check and the flag
            }
        } else {
            vertx.setTimer(SWEEP_MILLIS, id -> sweep());
        }
    }

    /** Writes waiting (not yet prepared). */
    public int queued() {
        return size.get();
    }

    /** Completes once no write is waiting or in progress (at once when idle now). Any thread. */
    public CompletableFuture<Void> whenIdle() {
        synchronized (idleLock) {
            return idle;
        }
    }

    private void pump() {
        synchronized (idleLock) {
            if (running) {
                return;
            }
            running = true;
            if (idle.isDone()) {
                idle = new CompletableFuture<>();
            }
        }
        state.execute(this::next);
    }

    /** State lane: prepares the next write that is still wanted, or goes idle. */
    private void next() {
        while (true) {
            Entry<?> e = consequences.poll();
            if (e == null) {
                e = queue.poll();
            }
            if (e == null) {
                CompletableFuture<Void> done;
                synchronized (idleLock) {
                    if (!queue.isEmpty() || !consequences.isEmpty()) {
                        continue;
                    }
                    running = false;
                    done = idle;
                }
                done.complete(null);
                return;
            }
            size.decrementAndGet();
            if (e.ticket().take() && start(e)) {
                return; // the commit runs; its apply calls next()
            }
        }
    }

    /** Prepares {@code e}; true when its commit was handed to the store lane, false when it is done already. */
    private <T, R> boolean start(Entry<R> e) {
        Plan<T, R> plan;
        try {
            @SuppressWarnings("unchecked")
            Plan<T, R> p = (Plan<T, R>) e.write().prepare();
            plan = p;
        } catch (RuntimeException ex) {
            e.ticket().fail(ex);
            return false;
        }
        if (plan.commit() == null) {
            apply(e, plan, null);
            return false;
        }
        store.execute(() -> {
            T value;
            try {
                value = plan.commit().run();
            } catch (RuntimeException ex) {
                state.execute(() -> {
                    if (plan.failed() != null) {
                        try {
                            plan.failed().accept(ex);
                        } catch (RuntimeException again) {
                            LOG.error("handling a failed commit failed", again);
                        }
                    }
                    e.ticket().fail(ex);
                    next();
                });
                return;
            }
            state.execute(() -> {
                apply(e, plan, value);
                next();
            });
        });
        return true;
    }

    private <T, R> void apply(Entry<R> e, Plan<T, R> plan, T value) {
        try {
            e.ticket().complete(plan.apply().apply(value));
        } catch (RuntimeException ex) {
            LOG.error("applying a committed write failed; memory may lag the store until restart", ex);
            e.ticket().fail(ex);
        }
    }

    private void expire(Ticket<?> t) {
        int was = t.expire();
        if (was == Ticket.QUEUED) {
            expiredQueued.increment();
            t.result().completeExceptionally(new StoreException(FailureKind.UNAVAILABLE, "the store did not take the write"
                    + " within " + timeout.toSeconds() + " s (" + size.get() + " writes waiting); nothing was stored",
                    null, false));
        } else if (was == Ticket.TAKEN) {
            expiredTaken.increment();
            t.result().completeExceptionally(new StoreException(FailureKind.UNAVAILABLE, "the store did not confirm the"
                    + " write within " + timeout.toSeconds() + " s; it may still be stored", null, true));
        }
    }

    /**
     * The fate of one write: queued, then taken by a prepare (or expired first), then done. Its
     * {@link #result()} is completed once, by whichever comes first: the outcome or the deadline.
     * Thread-safe.
     *
     * @param <R> the result type
     */
    public final class Ticket<R> {
        static final int QUEUED = 0;
        static final int TAKEN = 1;
        static final int DONE = 2;
        static final int EXPIRED = 3;

        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CompletableFuture<R> result = new CompletableFuture<>();
        /** {@link System#nanoTime()} of the client deadline; unused for consequences. */
        private volatile long deadline;

        private Ticket() {
        }

        /** What the submitter waits for. */
        public CompletableFuture<R> result() {
            return result;
        }

        /** Takes the write for preparing; false when its deadline passed first (or it is finished). */
        public boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** The write's outcome. */
        public void complete(R value) {
            finish();
            result.complete(value);
        }

        /** The write failed (nothing stored, unless the exception says otherwise). */
        public void fail(Throwable t) {
            finish();
            result.completeExceptionally(t);
        }

        private void finish() {
            state.set(DONE);
        }

        private boolean finished() {
            return state.get() == DONE || result.isDone();
        }

        /** Marks a queued ticket expired; returns the state it was in. */
        private int expire() {
            while (true) {
                int s = state.get();
                if (s != QUEUED || state.compareAndSet(QUEUED, EXPIRED)) {
                    return s;
                }
            }
        }
    }
}

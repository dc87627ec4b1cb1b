package org.gridwatch.patrol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gridwatch.error.ConflictException;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.NotFoundException;
import org.gridwatch.error.StoreException;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.CommitQueue.Plan;
import org.gridwatch.pipeline.CommitQueue.Ticket;
import org.gridwatch.pipeline.Pipeline;

/**
 * The unit roster and the position stream. Every change is a write on the {@link CommitQueue}:
 * checked on the state lane against the {@link Roster} (position batches through the
 * {@link PositionPipeline} stages), stored through the {@link UnitStore}, then published as
 * {@link UnitChange} records to the {@code positions} stream, whose first stage
 * ({@link RosterStage}) updates the roster and the live index.
 *
 * <p>Group commit: position batches that arrive while a write is in progress wait together and
 * are checked and stored in one transaction (up to {@link #GROUP_LIMIT} positions), so a thousand
 * devices each sending one fix cost a few transactions, not a thousand. Each batch keeps its own
 * deadline: one the store has not taken by then is answered 503 and left out.
 *
 * <p>Reads ({@link #unit}, {@link #units}, {@link #index}) are lock-free from any thread. Thread-safe.
 */
public final class PositionService {
    /** Most positions stored in one group-commit transaction. */
    static final int GROUP_LIMIT = 20_000;
    /** Most positions waiting for a group; beyond it a batch is refused at once (503). */
    static final int MAX_WAITING_POSITIONS = 200_000;

    /**
     * The outcome of one batch.
     *
     * @param accepted number of positions stored and applied
     * @param rejected dropped reports, by ascending batch index
     */
    public record IngestResult(int accepted, List<Rejected> rejected) {
    }

    /**
     * A dropped report.
     *
     * @param index  its index in the batch (0-based)
     * @param reason why
     */
    public record Rejected(int index, RejectReason reason) {
    }

    private record Pending(List<PositionReport> batch, Ticket<IngestResult> ticket) {
    }

    private final UnitStore store;
    private final Roster roster;
    private final PositionPipeline checks;
    private final Clock clock;
    private final CommitQueue writes;
    private final Pipeline<UnitChange> changes;
    private final Counter accepted;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingPositions = new AtomicInteger();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /**
     * @param roster  the units in memory, kept by the stream's {@link RosterStage}
     * @param checks  the ingest stages positions pass before their commit
     * @param writes  the server's commit queue
     * @param changes the {@code positions} stream every committed unit write is published to
     */
    public PositionService(UnitStore store, Roster roster, PositionPipeline checks, Clock clock, CommitQueue writes,
                           Pipeline<UnitChange> changes, MeterRegistry registry) {
        this.store = store;
        this.roster = roster;
        this.checks = checks;
        this.clock = clock;
        this.writes = writes;
        this.changes = changes;
        this.accepted = Counter.builder("gridwatch.positions.accepted").description("positions stored and applied")
                .register(registry);
    }

    /**
     * Loads the stored units into the roster; when the store has none, stores the {@code roster}
     * (asked for only then; every unit available, no position) first. Blocking; call once at
     * start-up, before the lanes run anything for this service.
     *
     * @return the number of units loaded
     */
    public int load(Supplier<? extends Collection<Unit>> initial) {
        List<UnitRecord> stored = store.loadUnits();
        if (stored.isEmpty()) {
            stored = initial.get().stream().map(u -> new UnitRecord(u, UnitStatus.AVAILABLE, null)).toList();
            if (!stored.isEmpty()) {
                store.upsertUnits(stored);
            }
        }
        for (UnitRecord u : stored) {
            roster.apply(u);
        }
        return stored.size();
    }

    /**
     * The store positions are written to and tracks are read from: every acknowledged position is
     * in its reads (with a position journal, also those not yet written into the store behind it).
     */
    public UnitStore tracks() {
        return store;
    }

    /** The live index of positioned units (value: the unit's current record). */
    public MovingPointIndex<UnitRecord> index() {
        return roster.index();
    }

    /** The unit with this id. */
    public Optional<UnitRecord> unit(String id) {
        return roster.unit(id);
    }

    /** Every unit of the roster, positioned or not, in no particular order. */
    public List<UnitRecord> units() {
        return roster.units();
    }

    /** Positions waiting for their group commit (for quiescence checks). */
    public int waiting() {
        return waitingPositions.get();
    }

    /**
     * Checks, stores and applies a batch (group commit, see the class comment). Fails (nothing
     * stored, nothing applied) only when the store fails or does not take it in time; bad reports
     * are listed in the result and never affect the good ones.
     */
    public CompletableFuture<IngestResult> ingest(List<PositionReport> batch) {
        Ticket<IngestResult> t = writes.ticket();
        if (t.result().isDone()) {
            return t.result();
        }
        if (waitingPositions.addAndGet(batch.size()) > MAX_WAITING_POSITIONS && waitingPositions.get() > batch.size()) {
            waitingPositions.addAndGet(-batch.size());
            t.fail(new StoreException(FailureKind.UNAVAILABLE, "the store is not keeping up: more than "
                    + MAX_WAITING_POSITIONS + " positions are waiting; nothing was stored", null, false));
            return t.result();
        }
        pending.add(new Pending(batch, t));
        queueDrain();
        return t.result();
    }

    private void queueDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            writes.submitWithoutDeadline(this::group);
        }
    }

    /** State lane: takes the waiting batches still wanted, checks them and plans their one transaction. */
    private Plan<?, Void> group() {
        drainQueued.set(false); // a batch arriving from now on queues another group
        List<Pending> group = new ArrayList<>();
        int size = 0;
        while (size < GROUP_LIMIT) {
            Pending p = pending.poll();
            if (p == null) {
                break;
            }
            waitingPositions.addAndGet(-p.batch().size());
            if (p.ticket().take()) {
                group.add(p);
                size += p.batch().size();
            }
        }
        IngestGroup g = new IngestGroup(clock.instant(), roster::get);
        List<Position> ok = new ArrayList<>(size);
        List<IngestResult> results = new ArrayList<>(group.size());
        for (Pending p : group) {
            int before = ok.size();
            List<Rejected> bad = new ArrayList<>();
            for (PositionPipeline.Rejection r : checks.run(p.batch(), g, ok)) {
                bad.add(new Rejected(r.index(), r.reason()));
            }
            results.add(new IngestResult(ok.size() - before, bad));
        }
        Map<String, UnitRecord> current = new HashMap<>();
        List<UnitChange> out = new ArrayList<>(ok.size());
        for (Position p : ok) {
            UnitRecord before = current.computeIfAbsent(p.unitId(), roster::get);
            UnitRecord after = before.withLastPosition(p);
            current.put(p.unitId(), after);
            out.add(new UnitChange(before, after));
        }
        Supplier<Void> apply = () -> {
            accepted.increment(ok.size());
            changes.publish(out);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).ticket().complete(results.get(i));
            }
            rescheduleIfWaiting();
            return null;
        };
        if (ok.isEmpty()) {
            return Plan.nothingToStore(apply);
        }
        return Plan.of(() -> store.appendPositions(ok), apply).onFailure(e -> {
            // Nothing of the group was acknowledged: fail every batch of it.
            group.forEach(p -> p.ticket().fail(e));
            rescheduleIfWaiting();
        });
    }

    private void rescheduleIfWaiting() {
        if (!pending.isEmpty()) {
            queueDrain();
        }
    }

    /** Changes a unit's duty status. Fails with {@link NotFoundException} for an unknown unit. */
    public CompletableFuture<UnitRecord> setStatus(String id, UnitStatus status) {
        return writes.submit(() -> {
            UnitRecord before = roster.unit(id).orElseThrow(() -> new NotFoundException("id", "no unit '" + id + "'"));
            UnitRecord after = before.withStatus(status);
            return Plan.of(() -> store.upsertUnits(List.of(after)), () -> {
                changes.publish(List.of(new UnitChange(before, after)));
                return after;
            });
        });
    }

    /** Adds a unit to the roster (available, no position). Fails with {@link ConflictException} if the id exists. */
    public CompletableFuture<UnitRecord> add(Unit unit) {
        return writes.submit(() -> {
            if (roster.unit(unit.id()).isPresent()) {
                throw new ConflictException("id", null, "id: unit " + unit.id() + " exists already");
            }
            UnitRecord after = new UnitRecord(unit, UnitStatus.AVAILABLE, null);
            return Plan.of(() -> store.upsertUnits(List.of(after)), () -> {
                changes.publish(List.of(new UnitChange(null, after)));
                return after;
            });
        });
    }
}

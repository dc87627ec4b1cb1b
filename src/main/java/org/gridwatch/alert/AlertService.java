package org.gridwatch.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.gridwatch.area.Scope;
import org.gridwatch.error.ConflictException;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.error.NotFoundException;
import org.gridwatch.error.StoreException;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.CommitQueue.Plan;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises, lists and acknowledges {@link Alert}s; every change is published as an
 * {@link AlertChange} to the {@code alerts} stream.
 *
 * <p>An alert is the server's own finding, not a client's write, so neither a slow nor a refusing
 * store may delay or lose it: {@link #raise} (state lane; the monitors' {@link AlertSink}) tells it
 * at once (the command center sees it) and queues its store write behind the current ones. When the
 * store refuses it, it is held in memory (at most {@link #MAX_UNSAVED}; beyond that the oldest held
 * is dropped, logged as an error) and stored, in raise order, with the next alert write or on
 * {@link #storeUnsaved()}. An acknowledgement is a person's write: stored before it shows (of a
 * held alert: held with it), refused while the store refuses it (they retry).
 *
 * <p>Writes go through the {@link CommitQueue}; the held alerts and the id counter belong to the
 * state lane; reads are lock-free from any thread. Alerts of the last {@link #RECENT} are kept in
 * memory for the lists; older ones stay in the store. Thread-safe.
 */
public final class AlertService implements AlertSink {
    /** How far back the in-memory list reaches. */
    public static final Duration RECENT = Duration.ofDays(30);
    /** Most alerts held in memory while the store refuses them. */
    public static final int MAX_UNSAVED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertStore store;
    private final Clock clock;
    private final CommitQueue writes;
    private final Lane state;
    private final Pipeline<AlertChange> changes;
    private final NavigableMap<Long, Alert> recent = new ConcurrentSkipListMap<>();
    /** State lane: the largest id raised. */
    private long lastId;
    /** State lane: alerts raised but not (yet) stored, by id (raise order). */
    private final LinkedHashMap<Long, Alert> unsaved = new LinkedHashMap<>();
    private final AtomicInteger unsavedCount = new AtomicInteger();
    /** Changes told so far (raised, acknowledged): a version of the alerts for those who poll them. */
    private final AtomicLong version = new AtomicLong();
    /** State lane: a flush of the held alerts is queued and not yet prepared. */
    private boolean flushQueued;

    /**
     * @param writes  the server's commit queue
     * @param changes the {@code alerts} stream
     */
    public AlertService(AlertStore store, Clock clock, CommitQueue writes, Pipeline<AlertChange> changes) {
        this.store = store;
        this.clock = clock;
        this.writes = writes;
        this.state = writes.state();
        this.changes = changes;
    }

    /** Loads the recent alerts. Blocking; call once at start-up. @return how many */
    public int load() {
        for (Alert a : store.loadAlerts(clock.instant().minus(RECENT))) {
            recent.put(a.id(), a);
        }
        lastId = store.maxAlertId();
        return recent.size();
    }

    /**
     * Raises an alert: told at once ({@code alerts} stream), stored behind the current writes, or
     * held while the store refuses it (see the class comment). State lane.
     *
     * @param lon WGS84 degrees, or null with {@code lat} null when the alert has no place
     */
    @Override
    public void raise(String kind, String severity, String title, String detail, String areaCode, Double lon, Double lat) {
        state.checkCurrent();
        Alert a = new Alert(++lastId, kind, severity, title, detail, areaCode, lon, lat, clock.instant(), null, null);
        recent.put(a.id(), a);
        unsaved.put(a.id(), a);
        trim();
        unsavedCount.set(unsaved.size());
        version.incrementAndGet();
        changes.publish(List.of(new AlertChange(null, a)));
        if (!flushQueued) {
            flushQueued = true;
            writes.submit(this::planFlush).whenComplete((left, e) -> {
                if (e != null) {
                    LOG.warn("storing alerts failed: {}", e.toString());
                }
            });
        }
    }

    /**
     * Raises an alert from any thread (a device gateway, an integration, a test) by way of the state
     * lane; completes there with the alert once it is told, as {@link #raise}.
     */
    public CompletableFuture<Alert> raiseFromAnyThread(String kind, String severity, String title, String detail,
                                                       String areaCode, Double lon, Double lat) {
        return state.submit(() -> {
            state.asConsequence(() -> raise(kind, severity, title, detail, areaCode, lon, lat));
            return recent.lastEntry().getValue();
        });
    }

    /**
     * Queues the store writes of the alerts not yet stored, in raise order; completes with how many
     * are still held afterwards. Any thread.
     */
    public CompletableFuture<Integer> storeUnsaved() {
        return writes.submit(this::planFlush);
    }

    /** State lane: stores the held alerts in order, stopping at the first refusal. */
    private Plan<?, Integer> planFlush() {
        flushQueued = false; // an alert raised from now on queues another flush
        List<Alert> batch = List.copyOf(unsaved.values());
        if (batch.isEmpty()) {
            return Plan.nothingToStore(() -> 0);
        }
        return Plan.withResult(() -> {
            int stored = 0;
            for (Alert a : batch) {
                try {
                    store.insertAlert(a);
                } catch (DuplicateIdException e) {
                    // an earlier attempt committed after all
                } catch (StoreException e) {
                    LOG.warn("{} alerts not stored ({}); held until the store takes them", batch.size() - stored,
                            e.getMessage());
                    break;
                }
                stored++;
            }
            return stored;
        }, stored -> {
            // Writes are sequential: nothing changed the held alerts between this prepare and now.
            for (int i = 0; i < stored; i++) {
                unsaved.remove(batch.get(i).id());
            }
            trim();
            unsavedCount.set(unsaved.size());
            return unsaved.size();
        });
    }

    /** State lane: drops the oldest held alerts beyond {@link #MAX_UNSAVED}. */
    private void trim() {
        while (unsaved.size() > MAX_UNSAVED) {
            Alert dropped = unsaved.remove(unsaved.keySet().iterator().next());
            LOG.error("more than {} alerts held while the store refuses them: alert {} ({}) dropped unstored",
                    MAX_UNSAVED, dropped.id(), dropped.title());
        }
    }

    /** Alerts held in memory because the store has not taken them (yet). Any thread. */
    public int unsavedCount() {
        return unsavedCount.get();
    }

    /**
     * Acknowledges an alert. Fails with {@link NotFoundException} when there is no such alert in
     * {@code scope}, with {@link ConflictException} when it was acknowledged already.
     */
    public CompletableFuture<Alert> ack(Scope scope, long id, String by) {
        return writes.submit(() -> {
            Alert a = recent.get(id);
            if (a == null || !visible(scope, a)) {
                throw new NotFoundException("id", "no alert " + id);
            }
            if (a.acknowledged()) {
                throw new ConflictException("id", "Already acknowledged", "id: alert " + id + " was acknowledged by "
                        + a.ackedBy() + " at " + a.ackedAt());
            }
            Instant now = clock.instant();
            Alert acked = a.acknowledge(by, now);
            if (unsaved.containsKey(id)) {
                return Plan.nothingToStore(() -> {
                    unsaved.put(id, acked); // stored with its acknowledgement
                    return told(a, acked);
                });
            }
            return Plan.of(() -> store.ackAlert(id, by, now), () -> told(a, acked));
        });
    }

    /**
     * Acknowledges at once every open alert visible in {@code scope} that {@code members} accepts (a
     * group of alerts, see {@link AlertGroups}): all of them, stored in one transaction, or none
     * (fails with the store's error). Alerts outside the scope are never touched. Completes with
     * the alerts acknowledged, in id order; empty when none was open.
     */
    public CompletableFuture<List<Alert>> ackAll(Scope scope, Predicate<? super Alert> members, String by) {
        return writes.submit(() -> {
            List<Alert> before = new ArrayList<>();
            for (Alert a : recent.values()) {
                if (!a.acknowledged() && visible(scope, a) && members.test(a)) {
                    before.add(a);
                }
            }
            if (before.isEmpty()) {
                return Plan.nothingToStore(List::<Alert>of);
            }
            Instant now = clock.instant();
            List<Alert> after = before.stream().map(a -> a.acknowledge(by, now)).toList();
            // Held alerts are stored later with their acknowledgement; the others now, together.
            List<Long> stored = before.stream().map(Alert::id).filter(id -> !unsaved.containsKey(id)).toList();
            Supplier<List<Alert>> apply = () -> {
                for (Alert a : after) {
                    unsaved.computeIfPresent(a.id(), (id, held) -> a);
                }
                return told(before, after);
            };
            return stored.isEmpty() ? Plan.nothingToStore(apply) : Plan.of(() -> store.ackAlerts(stored, by, now), apply);
        });
    }

    private Alert told(Alert before, Alert after) {
        return told(List.of(before), List.of(after)).get(0);
    }

    private List<Alert> told(List<Alert> before, List<Alert> after) {
        List<AlertChange> out = new ArrayList<>(after.size());
        for (int i = 0; i < after.size(); i++) {
            recent.put(after.get(i).id(), after.get(i));
            out.add(new AlertChange(before.get(i), after.get(i)));
        }
        version.incrementAndGet();
        changes.publish(out);
        return after;
    }

    /** A number that grows with every alert raised or acknowledged. Any thread. */
    public long version() {
        return version.get();
    }

    /**
     * Recent alerts visible in {@code scope}, newest first. Any thread; O(alerts scanned).
     *
     * @param openOnly only those not yet acknowledged
     * @param since    raised at or after; null for all recent ones
     * @param limit    at most this many
     */
    public List<Alert> list(Scope scope, boolean openOnly, Instant since, int limit) {
        return list(scope, openOnly, since, limit, a -> true);
    }

    /** {@link #list(Scope, boolean, Instant, int)} of those {@code filter} accepts (a group's members). */
    public List<Alert> list(Scope scope, boolean openOnly, Instant since, int limit, Predicate<? super Alert> filter) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : recent.descendingMap().values()) {
            if (out.size() == limit || (since != null && a.raisedAt().isBefore(since))) {
                break;
            }
            if (visible(scope, a) && (!openOnly || !a.acknowledged()) && filter.test(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** An alert without an area concerns everyone; otherwise those whose scope holds the area. */
    private static boolean visible(Scope scope, Alert a) {
        return a.areaCode() == null || scope.includes(a.areaCode());
    }
}

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridwatch.area.Scope;
import org.gridwatch.error.ConflictException;
import org.gridwatch.error.NotFoundException;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises, lists and acknowledges {@link Alert}s. An alert is stored before anyone is told of it
 * (listeners, lists), and an acknowledgement is stored before it shows.
 *
 * <p>An alert is the server's own finding, not a client's write, so a store outage must not lose
 * it: when the store refuses it, the alert is still raised and told (the command center sees it),
 * held in memory (at most {@link #MAX_UNSAVED}; beyond that the oldest held is dropped, logged as an
 * error) and stored, in raise order, before the next write of this service or on
 * {@link #storeUnsaved()}. An acknowledgement of a held alert is held with it; an
 * acknowledgement of a stored alert fails while the store does (a person's write: they retry).
 *
 * <p>Writes run one at a time on the shared single-threaded {@code writer}; reads are lock-free
 * from any thread. Alerts of the last {@link #RECENT} are kept in memory for the lists; older
 * ones stay in the store. Thread-safe.
 */
public final class AlertService {
    /** How far back the in-memory list reaches. */
    public static final Duration RECENT = Duration.ofDays(30);
    /** Most alerts held in memory while the store refuses them. */
    public static final int MAX_UNSAVED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertStore store;
    private final Clock clock;
    private final Executor writer;
    private final NavigableMap<Long, Alert> recent = new ConcurrentSkipListMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
    /** Alerts raised while the store refused them, by id (raise order); writer thread only. */
    private final LinkedHashMap<Long, Alert> unsaved = new LinkedHashMap<>();
    private final AtomicInteger unsavedCount = new AtomicInteger();

    public AlertService(AlertStore store, Clock clock, Executor writer) {
        this.store = store;
        this.clock = clock;
        this.writer = writer;
    }

    /** Loads the recent alerts. Blocking; call before serving. @return how many */
    public int load() {
        for (Alert a : store.loadAlerts(clock.instant().minus(RECENT))) {
            recent.put(a.id(), a);
        }
        lastId.set(store.maxAlertId());
        return recent.size();
    }

    /** Registers a listener told of every alert raised or acknowledged, on the writer thread, after the commit. */
    public void onAlert(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    /**
     * Raises an alert: stored, or held while the store refuses it (see the class comment); then told.
     *
     * @param lon WGS84 degrees, or null with {@code lat} null when the alert has no place
     */
    public CompletableFuture<Alert> raise(String kind, String severity, String title, String detail, String areaCode,
                                          Double lon, Double lat) {
        return CompletableFuture.supplyAsync(() -> {
            Alert a = new Alert(lastId.get() + 1, kind, severity, title, detail, areaCode, lon, lat, clock.instant(), null, null);
            if (!flushUnsaved()) {
                hold(a);
            } else {
                try {
                    store.insertAlert(a);
                } catch (StoreException e) {
                    LOG.warn("alert {} not stored ({}); held until the store takes it", a.id(), e.getMessage());
                    hold(a);
                }
            }
            lastId.set(a.id());
            recent.put(a.id(), a);
            tell(a);
            return a;
        }, writer);
    }

    /**
     * Acknowledges an alert. Fails with {@link NotFoundException} when there is no such alert in
     * {@code scope}, with {@link ConflictException} when it was acknowledged already.
     */
    public CompletableFuture<Alert> ack(Scope scope, long id, String by) {
        return CompletableFuture.supplyAsync(() -> {
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
                unsaved.put(id, acked);      // stored with its acknowledgement
            } else {
                store.ackAlert(id, by, now);
            }
            recent.put(id, acked);
            tell(acked);
            return acked;
        }, writer);
    }

    /**
     * Stores the alerts held while the store refused them, in raise order, stopping at the first
     * refusal. Runs on the writer.
     *
     * @return how many are still held afterwards
     */
    public CompletableFuture<Integer> storeUnsaved() {
        return CompletableFuture.supplyAsync(() -> {
            flushUnsaved();
            return unsaved.size();
        }, writer);
    }

    /** Alerts held in memory because the store refused them. Any thread. */
    public int unsavedCount() {
        return unsavedCount.get();
    }

    /** Writer thread: stores the held alerts in order; true when none is left. */
    private boolean flushUnsaved() {
        var it = unsaved.values().iterator();
        while (it.hasNext()) {
            Alert a = it.next();
            try {
                store.insertAlert(a);
            } catch (DuplicateIdException e) {
                // the earlier attempt committed after all
            } catch (StoreException e) {
                unsavedCount.set(unsaved.size());
                return false;
            }
            it.remove();
            if (unsaved.isEmpty()) {
                LOG.info("the store took the alerts held during its outage");
            }
        }
        unsavedCount.set(0);
        return true;
    }

    /** Writer thread: holds an alert the store refused. */
    private void hold(Alert a) {
        if (unsaved.size() >= MAX_UNSAVED) {
            Alert dropped = unsaved.remove(unsaved.keySet().iterator().next());
            LOG.error("more than {} alerts held while the store refuses them: alert {} ({}) dropped unstored",
                    MAX_UNSAVED, dropped.id(), dropped.title());
        }
        unsaved.put(a.id(), a);
        unsavedCount.set(unsaved.size());
    }

    /**
     * Recent alerts visible in {@code scope}, newest first.
     *
     * @param openOnly only those not yet acknowledged
     * @param since    raised at or after; null for all recent ones
     * @param limit    at most this many
     */
    public List<Alert> list(Scope scope, boolean openOnly, Instant since, int limit) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : recent.descendingMap().values()) {
            if (out.size() == limit || (since != null && a.raisedAt().isBefore(since))) {
                break;
            }
            if (visible(scope, a) && (!openOnly || !a.acknowledged())) {
                out.add(a);
            }
        }
        return out;
    }

    /** An alert without an area concerns everyone; otherwise those whose scope holds the area. */
    private static boolean visible(Scope scope, Alert a) {
        return a.areaCode() == null || scope.includes(a.areaCode());
    }

    private void tell(Alert a) {
        for (Consumer<Alert> l : listeners) {
            try {
                l.accept(a);
            } catch (RuntimeException e) {
                LOG.error("alert listener failed", e);
            }
        }
    }
}

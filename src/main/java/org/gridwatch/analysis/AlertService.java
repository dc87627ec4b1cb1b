package org.gridwatch.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridwatch.area.Scope;
import org.gridwatch.store.Store;

/**
 * Raises, lists and acknowledges {@link Alert}s. An alert is stored before anyone is told of it
 * (listeners, lists), and an acknowledgement is stored before it shows.
 *
 * <p>Writes run one at a time on the shared single-threaded {@code writer}; reads are lock-free
 * from any thread. Alerts of the last {@link #RECENT} are kept in memory for the lists; older
 * ones stay in the store. Thread-safe.
 */
public final class AlertService {
    /** How far back the in-memory list reaches. */
    public static final Duration RECENT = Duration.ofDays(30);

    private final Store store;
    private final Clock clock;
    private final Executor writer;
    private final NavigableMap<Long, Alert> recent = new ConcurrentSkipListMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

    public AlertService(Store store, Clock clock, Executor writer) {
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
     * Raises an alert.
     *
     * @param lon WGS84 degrees, or null with {@code lat} null when the alert has no place
     */
    public CompletableFuture<Alert> raise(String kind, String severity, String title, String detail, String areaCode,
                                          Double lon, Double lat) {
        return CompletableFuture.supplyAsync(() -> {
            Alert a = new Alert(lastId.get() + 1, kind, severity, title, detail, areaCode, lon, lat, clock.instant(), null, null);
            store.insertAlert(a);
            lastId.set(a.id());
            recent.put(a.id(), a);
            tell(a);
            return a;
        }, writer);
    }

    /**
     * Acknowledges an alert. Fails with {@link IllegalArgumentException} when there is no such alert
     * in {@code scope}, with {@link IllegalStateException} when it was acknowledged already.
     */
    public CompletableFuture<Alert> ack(Scope scope, long id, String by) {
        return CompletableFuture.supplyAsync(() -> {
            Alert a = recent.get(id);
            if (a == null || !visible(scope, a)) {
                throw new IllegalArgumentException("no alert " + id);
            }
            if (a.acknowledged()) {
                throw new IllegalStateException("alert " + id + " was acknowledged by " + a.ackedBy() + " at " + a.ackedAt());
            }
            Instant now = clock.instant();
            store.ackAlert(id, by, now);
            Alert acked = a.acknowledge(by, now);
            recent.put(id, acked);
            tell(acked);
            return acked;
        }, writer);
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
                org.slf4j.LoggerFactory.getLogger(AlertService.class).error("alert listener failed", e);
            }
        }
    }
}

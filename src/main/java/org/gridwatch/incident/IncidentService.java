package org.gridwatch.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.LonLat;
import org.slf4j.LoggerFactory;

/**
 * Accepts incident reports and status changes: converts coordinates to WGS84, assigns the grid,
 * writes through the {@link IncidentStore} and only then updates the {@link IncidentIndex}, so that an
 * acknowledged write is durable and queries never see an unstored incident.
 *
 * <p>All writes run, one at a time, on the {@code writer} executor given at construction (a
 * single thread): that makes it the index's single writer and orders writes. Methods return at
 * once with a future completed on the writer thread. Thread-safe.
 */
public final class IncidentService {
    private final IncidentStore store;
    private final IncidentIndex index;
    private final GridIndex grids;
    private final Clock clock;
    private final Executor writer;
    private final AtomicLong lastId;

    /**
     * @param writer a single-threaded executor; every write of this service and every change to
     *               {@code index} must go through it
     */
    public IncidentService(IncidentStore store, IncidentIndex index, GridIndex grids, Clock clock, Executor writer) {
        this.store = store;
        this.index = index;
        this.grids = grids;
        this.clock = clock;
        this.writer = writer;
        this.lastId = new AtomicLong(store.maxIncidentId());
    }

    private final List<Consumer<Incident>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<Consumer<Incident>> reportListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers a listener for new incidents; called on the writer thread after each committed report. */
    public void onReport(Consumer<Incident> listener) {
        reportListeners.add(listener);
    }

    private void reported(Incident i) {
        for (Consumer<Incident> l : reportListeners) {
            try {
                l.accept(i);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(IncidentService.class).error("report listener failed", e);
            }
        }
    }

    /** Registers a listener for status changes; called on the writer thread after each committed change. */
    public void onTransition(Consumer<Incident> listener) {
        listeners.add(listener);
    }

    /** Loads every stored incident into the index. Blocking; call before serving. */
    public int loadFromStore() {
        int[] n = {0};
        store.forEachIncident(i -> {
            index.add(i);
            n[0]++;
        });
        lastId.set(Math.max(lastId.get(), store.maxIncidentId()));
        return n[0];
    }

    /** The index this service writes to. */
    public IncidentIndex index() {
        return index;
    }

    /**
     * The outcome of a report.
     *
     * @param incident the stored incident
     * @param created  false when the same source and external id had been reported before; then
     *                 nothing new was stored and {@code incident} is the earlier one
     */
    public record Reported(Incident incident, boolean created) {
    }

    /**
     * Stores a new incident. Fails with {@link IncidentException} ({@code OUTSIDE_CITY}) when the
     * location is in no grid, or with the store's exception; either way nothing is stored.
     */
    public CompletableFuture<Reported> report(IncidentReport r) {
        LonLat wgs = r.crs().toWgs84(r.lon(), r.lat());
        AdminArea grid = grids.locateGrid(wgs.lon(), wgs.lat());
        if (grid == null) {
            return CompletableFuture.failedFuture(new IncidentException(IncidentException.Reason.OUTSIDE_CITY, "lon",
                    "location (" + r.lon() + ", " + r.lat() + ") in " + r.crs().id() + " is outside the city's grids"));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (r.externalId() != null) {
                var earlier = index.findByExternalId(r.source(), r.externalId());
                if (earlier.isPresent()) {
                    return new Reported(earlier.get(), false);
                }
            }
            Instant now = clock.instant();
            long id = lastId.get() + 1;
            Incident incident = new Incident(id, r.source(), r.externalId(), r.category(), r.severity(), wgs.lon(),
                    wgs.lat(), r.crs(), r.lon(), r.lat(), grid.code(), r.title(), r.description(), r.reportedAt(), now,
                    Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, r.actor(), now, null)));
            store.insertIncident(incident);
            lastId.set(id);
            index.add(incident);
            reported(incident);
            return new Reported(incident, true);
        }, writer);
    }

    /**
     * Stores many reports in one transaction (all or nothing), skipping those outside the city's
     * grids; for bulk loads such as the demo history. Completes with the number stored.
     */
    public CompletableFuture<Integer> importReports(List<IncidentReport> reports) {
        return CompletableFuture.supplyAsync(() -> {
            Instant now = clock.instant();
            long id = lastId.get();
            List<Incident> batch = new java.util.ArrayList<>(reports.size());
            for (IncidentReport r : reports) {
                LonLat wgs = r.crs().toWgs84(r.lon(), r.lat());
                AdminArea grid = grids.locateGrid(wgs.lon(), wgs.lat());
                if (grid == null) {
                    continue;
                }
                id++;
                batch.add(new Incident(id, r.source(), r.externalId(), r.category(), r.severity(), wgs.lon(), wgs.lat(),
                        r.crs(), r.lon(), r.lat(), grid.code(), r.title(), r.description(), r.reportedAt(), now,
                        Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, r.actor(), now, null))));
            }
            store.insertIncidents(batch);
            lastId.set(id);
            for (Incident i : batch) {
                index.add(i);
                reported(i);
            }
            return batch.size();
        }, writer);
    }

    /**
     * Changes an incident's status. Fails with {@link IncidentException}: {@code NOT_FOUND} when
     * there is no such incident in {@code scope}, {@code INVALID_TRANSITION} when the workflow
     * forbids it (see {@link Status}); nothing changes then.
     *
     * @param rating citizen rating 1–5, only with {@code to} = closed; may be {@code null}
     */
    public CompletableFuture<Incident> transition(Scope scope, long id, Status to, String actor, String note,
                                                  Integer rating) {
        return transition(scope, id, to, actor, note, rating, null);
    }

    /**
     * Like {@link #transition(Scope, long, Status, String, String, Integer)}, recording the patrol
     * unit the change concerns (dispatched or arriving), and telling the change listeners.
     */
    public CompletableFuture<Incident> transition(Scope scope, long id, Status to, String actor, String note,
                                                  Integer rating, String unitId) {
        return CompletableFuture.supplyAsync(() -> {
            Incident current = index.get(id).filter(i -> scope.includes(i.gridCode()))
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "id",
                            "no incident " + id));
            if (!current.status().canBecome(to)) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "to",
                        "incident " + id + " is " + current.status().id() + "; it cannot become " + to.id()
                                + (current.status().isTerminal() ? " (the case is finished)"
                                : "; allowed: " + current.status().next().stream().map(Status::id).toList()));
            }
            if (rating != null && to != Status.CLOSED) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "rating",
                        "a rating is given only when closing the case");
            }
            Transition t = new Transition(current.status(), to, actor, clock.instant(), note, unitId);
            Incident next = current.apply(t, rating);
            store.updateIncident(next, t);
            index.update(next);
            for (Consumer<Incident> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(IncidentService.class).error("incident listener failed", e);
                }
            }
            return next;
        }, writer);
    }
}

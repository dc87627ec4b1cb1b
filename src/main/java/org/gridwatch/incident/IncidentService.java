package org.gridwatch.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.error.StoreException;
import org.gridwatch.geo.LonLat;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.CommitQueue.Plan;
import org.gridwatch.pipeline.Pipeline;

/**
 * Accepts incident reports and status changes: converts coordinates to WGS84, assigns the grid,
 * and queues each as a write on the {@link CommitQueue}: checked against the indexed state, stored
 * through the {@link IncidentStore}, and only then published as an {@link IncidentChange} to the
 * {@code incidents} stream, whose first stage ({@link IncidentIndexStage}) updates the
 * {@link IncidentIndex}. So an acknowledged write is durable and queries never see an unstored
 * incident.
 *
 * <p>Methods return at once with a future; it completes on the state lane after the write was
 * applied. Thread-safe.
 */
public final class IncidentService {
    private final IncidentStore store;
    private final IncidentIndex index;
    private final GridIndex grids;
    private final Clock clock;
    private final CommitQueue writes;
    private final Pipeline<IncidentChange> changes;
    /**
     * Largest id stored or given out; state lane (set at load, then by apply and failure steps). An id is
     * never given twice: a report whose write failed may still have been stored.
     */
    private long lastId;
    /** Reports whose commit failed with an unknown outcome ({@link StoreException#maybeStored()}); state lane. */
    private final java.util.Set<Long> unsettled = new java.util.LinkedHashSet<>();
    /** How many there are, for any thread. */
    private volatile int unsettledCount;
    /** Idempotency keys of reports ({@link #report(Scope, IncidentReport, String, String)}) → incident id; state lane. */
    private final java.util.Map<String, Long> keys = new java.util.HashMap<>();

    /**
     * @param writes  the server's commit queue
     * @param changes the {@code incidents} stream every committed write is published to
     */
    public IncidentService(IncidentStore store, IncidentIndex index, GridIndex grids, Clock clock, CommitQueue writes,
                           Pipeline<IncidentChange> changes) {
        this.store = store;
        this.index = index;
        this.grids = grids;
        this.clock = clock;
        this.writes = writes;
        this.changes = changes;
    }

    /**
     * Loads every stored incident into the index. Blocking; call once at start-up, before the
     * lanes run anything for this service.
     */
    public int loadFromStore() {
        int[] n = {0};
        store.forEachIncident(i -> {
            index.add(i);
            n[0]++;
        });
        lastId = Math.max(lastId, store.maxIncidentId());
        keys.putAll(store.incidentKeys());
        return n[0];
    }

    /** The index this service's stream keeps. */
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
        return report(null, r, null);
    }

    /**
     * Stores a new incident reported by {@code actorId} inside {@code scope}: fails with
     * {@link IncidentException} {@code OUTSIDE_SCOPE} when the location lies in a grid outside it
     * (a grid worker reports in their own grids), {@code OUTSIDE_CITY} when in no grid.
     *
     * @param scope   where the reporter may report; null for anywhere in the city
     * @param actorId the authenticated reporter, recorded on the first transition; null for the system
     */
    public CompletableFuture<Reported> report(Scope scope, IncidentReport r, String actorId) {
        return report(scope, r, actorId, null);
    }

    /**
     * As {@link #report(Scope, IncidentReport, String)}, with an idempotency key: a report with a key
     * seen before is not stored again; it answers the incident the first one made (created false),
     * also after a restart and after a first attempt whose commit had an unknown outcome (then the
     * store is asked; when the first attempt was not stored after all, this one is).
     *
     * @param key a hash naming the reporter and the client's {@code Idempotency-Key}; null for none
     */
    public CompletableFuture<Reported> report(Scope scope, IncidentReport r, String actorId, String key) {
        LonLat wgs = r.crs().toWgs84(r.lon(), r.lat());
        AdminArea grid = grids.locateGrid(wgs.lon(), wgs.lat());
        if (grid == null) {
            return CompletableFuture.failedFuture(new IncidentException(IncidentException.Reason.OUTSIDE_CITY, "lon",
                    "location (" + r.lon() + ", " + r.lat() + ") in " + r.crs().id() + " is outside the city's grids"));
        }
        if (scope != null && !scope.includes(grid.code())) {
            return CompletableFuture.failedFuture(new IncidentException(IncidentException.Reason.OUTSIDE_SCOPE, "lon",
                    "location (" + r.lon() + ", " + r.lat() + ") lies in grid " + grid.code() + " (" + grid.name()
                            + "), outside your jurisdiction (" + scope.names() + ")"));
        }
        return writes.submit(() -> {
            Long first = key == null ? null : keys.get(key);
            if (first != null) {
                var made = index.get(first);
                if (made.isPresent()) {
                    return Plan.nothingToStore(() -> new Reported(made.get(), false));
                }
                if (unsettled.contains(first)) {
                    // The first attempt's commit had an unknown outcome: the store knows. Stored: answer it;
                    // not stored: store this one, in the same store call.
                    Incident incident = newIncident(lastId + 1, r, wgs, grid, clock.instant(), actorId);
                    lastId = incident.id();
                    return Plan.withResult(() -> {
                        var stored = store.incident(first);
                        if (stored.isEmpty()) {
                            store.insertIncident(incident, key);
                        }
                        return stored;
                    }, stored -> {
                        unsettled.remove(first);
                        unsettledCount = unsettled.size();
                        Incident answer = stored.orElse(incident);
                        keys.put(key, answer.id());
                        changes.publish(List.of(IncidentChange.reported(answer)));
                        return new Reported(answer, stored.isEmpty());
                    }).onFailure(e -> failed(List.of(incident.id()), e));
                }
                keys.remove(key);   // its incident is gone (a failed first attempt that was settled as not stored)
            }
            if (r.externalId() != null) {
                var earlier = index.findByExternalId(r.source(), r.externalId());
                if (earlier.isPresent()) {
                    return Plan.nothingToStore(() -> new Reported(earlier.get(), false));
                }
            }
            Incident incident = newIncident(lastId + 1, r, wgs, grid, clock.instant(), actorId);
            if (key != null) {
                keys.put(key, incident.id());   // taken now: a retry while this write is in flight waits behind it
            }
            return Plan.of(() -> {
                if (key == null) {
                    store.insertIncident(incident);
                } else {
                    store.insertIncident(incident, key);
                }
            }, () -> {
                lastId = incident.id();
                changes.publish(List.of(IncidentChange.reported(incident)));
                return new Reported(incident, true);
            }).onFailure(e -> {
                failed(List.of(incident.id()), e);
                if (key != null && !(e instanceof StoreException se && se.maybeStored())) {
                    keys.remove(key);   // certainly not stored: a retry makes it
                }
            });
        });
    }

    /** State lane: a write of these new ids failed; they are not given again, and settled later if it may have committed. */
    private void failed(List<Long> ids, RuntimeException e) {
        for (long id : ids) {
            lastId = Math.max(lastId, id);
            if (e instanceof StoreException se && se.maybeStored()) {
                unsettled.add(id);
            }
        }
        unsettledCount = unsettled.size();
    }

    /** True when reports wait to be settled ({@link #settle()}). Any thread. */
    public boolean unsettled() {
        return unsettledCount > 0;
    }

    /**
     * Settles the reports whose commit had an unknown outcome: reads each from the store, and
     * those that were stored after all join the index and the {@code incidents} stream (so the
     * server shows what it holds); those that were not are forgotten. Call when the store answers
     * again; a failed read leaves them for the next call.
     *
     * @return how many turned out stored
     */
    public CompletableFuture<Integer> settle() {
        return writes.submit(() -> {
            if (unsettled.isEmpty()) {
                return Plan.nothingToStore(() -> 0);
            }
            List<Long> ids = List.copyOf(unsettled);
            return Plan.withResult(() -> {
                List<Incident> found = new ArrayList<>();
                for (long id : ids) {
                    store.incident(id).ifPresent(found::add);
                }
                return found;
            }, found -> {
                ids.forEach(unsettled::remove);
                unsettledCount = unsettled.size();
                List<Incident> fresh = found.stream().filter(i -> index.get(i.id()).isEmpty()).toList();
                if (!fresh.isEmpty()) {
                    changes.publish(fresh.stream().map(IncidentChange::reported).toList());
                }
                return fresh.size();
            });
        });
    }

    private static Incident newIncident(long id, IncidentReport r, LonLat wgs, AdminArea grid, Instant now,
                                        String actorId) {
        return new Incident(id, r.source(), r.externalId(), r.category(), r.severity(), wgs.lon(), wgs.lat(), r.crs(),
                r.lon(), r.lat(), grid.code(), r.title(), r.description(), r.reportedAt(), now, Status.REPORTED, null,
                List.of(new Transition(null, Status.REPORTED, r.actor(), now, null, null, actorId)));
    }

    /**
     * Stores many reports in one transaction (all or nothing), skipping those outside the city's
     * grids; for bulk loads such as the demo history. Completes with the number stored.
     */
    public CompletableFuture<Integer> importReports(List<IncidentReport> reports) {
        return importReports(reports, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #importReports(List)}, each new incident replaced by {@code settle} of it before it
     * is stored: past cases loaded with the steps they went through (a demo's history, a migration
     * from another system). {@code settle} returns the incident with the same id, location and
     * report; it may add steps.
     */
    public CompletableFuture<Integer> importReports(List<IncidentReport> reports,
                                                   java.util.function.UnaryOperator<Incident> settle) {
        return writes.submit(() -> {
            Instant now = clock.instant();
            long id = lastId;
            List<Incident> batch = new ArrayList<>(reports.size());
            for (IncidentReport r : reports) {
                LonLat wgs = r.crs().toWgs84(r.lon(), r.lat());
                AdminArea grid = grids.locateGrid(wgs.lon(), wgs.lat());
                if (grid != null) {
                    batch.add(settle.apply(newIncident(++id, r, wgs, grid, now, null)));
                }
            }
            long last = id;
            return Plan.of(() -> store.insertIncidents(batch), () -> {
                lastId = last;
                changes.publish(batch.stream().map(IncidentChange::reported).toList());
                return batch.size();
            }).onFailure(e -> failed(batch.stream().map(Incident::id).toList(), e));
        });
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
     * unit the change concerns (dispatched or arriving).
     */
    public CompletableFuture<Incident> transition(Scope scope, long id, Status to, String actor, String note,
                                                  Integer rating, String unitId) {
        return transition(scope, id, to, Actor.system(actor), note, rating, unitId);
    }

    /** Like {@link #transition(Scope, long, Status, String, String, Integer, String)}, by an authenticated actor. */
    public CompletableFuture<Incident> transition(Scope scope, long id, Status to, Actor actor, String note,
                                                  Integer rating, String unitId) {
        return record(scope, id, Step.status(to, note, rating, unitId), actor);
    }

    /**
     * Records a step of a case that changes nothing else (a status change, a merge, 督办, 流转, an
     * arrival): checked ({@link #check(Scope, long, Step, Actor)}), stored, then published. Fails
     * as {@link #check(Scope, long, Step, Actor)}; nothing changes then.
     */
    public CompletableFuture<Incident> record(Scope scope, long id, Step step, Actor actor) {
        return writes.submit(() -> {
            Transitioned t = check(scope, id, step, actor);
            return stored(t);
        });
    }

    /** The write of a checked step: stored, then published. */
    private Plan<Void, Incident> stored(Transitioned t) {
        return Plan.of(() -> store.updateIncident(t.next(), t.transition()), () -> {
            changes.publish(List.of(new IncidentChange(t.current(), t.next())));
            return t.next();
        });
    }

    /**
     * Moves a case to another handling level (流转) with the reason: recorded as
     * {@link CaseAction#TRANSFER}. Fails as {@link #check(Scope, long, Step, Actor)}, and with
     * {@code INVALID_TRANSITION} when the case is at that level already; nothing changes then.
     */
    public CompletableFuture<Incident> transfer(Scope scope, long id, HandlingLevel level, String reason, Actor actor) {
        return writes.submit(() -> {
            Transitioned t = check(scope, id, new Step(null, CaseAction.TRANSFER, reason, null, null, level.id(), null),
                    actor);
            if (t.current().level() == level) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "level",
                        "incident " + id + " is handled at " + level.id() + " (" + level.label() + ") already");
            }
            return stored(t);
        });
    }

    /**
     * A step a caller asks for.
     *
     * @param to     the status after it; {@code null} to keep the current one (support, reassign,
     *               督办, 流转…: {@link CaseAction#recordedIn(Status)})
     * @param action what it does
     * @param note   free text; may be {@code null}
     * @param rating citizen rating 1–5, only when closing; may be {@code null}
     * @param unitId the unit it concerns; may be {@code null}
     * @param target what the action names besides the unit (see {@link Transition#target()})
     * @param due    a 督办's deadline; {@code null} otherwise
     */
    public record Step(Status to, CaseAction action, String note, Integer rating, String unitId, String target,
                       Instant due) {
        public Step {
            java.util.Objects.requireNonNull(action, "action");
        }

        /** A plain status change to {@code to} (a merge when {@code to} is merged: use {@link #merge} to name the target). */
        public static Step status(Status to, String note, Integer rating, String unitId) {
            return new Step(java.util.Objects.requireNonNull(to, "to"), Transition.implied(to, unitId), note, rating,
                    unitId, null, null);
        }

        /** The case merged into incident {@code into}. */
        public static Step merge(long into, String note) {
            return new Step(Status.MERGED, CaseAction.MERGE, note, null, null, Long.toString(into), null);
        }
    }

    /**
     * A checked transition: the incident as indexed, the incident after the transition, and the
     * transition.
     */
    public record Transitioned(Incident current, Incident next, Transition transition) {
    }

    /**
     * The checks of a status change against the indexed state, without any effect: as
     * {@link #check(Scope, long, Step, Actor)} with {@link Step#status}.
     */
    public Transitioned check(Scope scope, long id, Status to, Actor actor, String note, Integer rating,
                              String unitId) {
        return check(scope, id, Step.status(to, note, rating, unitId), actor);
    }

    /**
     * The checks of a step against the indexed state, without any effect: for writes that change
     * an incident together with something else (a dispatch changes a unit too). State lane, inside
     * a write's prepare. Fails with {@link IncidentException}: {@code NOT_FOUND} when there is no
     * such incident in {@code scope} (or no incident to merge into), {@code INVALID_TRANSITION}
     * when the workflow forbids the step (see {@link Status} and {@link CaseAction}), a dispatched
     * names no unit, a merge names no other open incident, or a rating comes without closing.
     */
    public Transitioned check(Scope scope, long id, Step step, Actor actor) {
        Incident current = index.get(id).filter(i -> scope.includes(i.gridCode()))
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "id", "no incident " + id));
        Status to = step.to() == null ? current.status() : step.to();
        boolean allowed = to != current.status() ? current.status().canBecome(to) : step.action().recordedIn(to);
        if (!allowed) {
            String field = step.to() == null ? "action" : "to";
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, field,
                    "incident " + id + " is " + current.status().id() + "; "
                            + (to != current.status() || step.action() == CaseAction.STATUS
                            ? "it cannot become " + to.id() + (current.status().isTerminal() ? " (the case is finished)"
                            : "; allowed: " + current.status().next().stream().map(Status::id).toList())
                            : step.action().label() + " (" + step.action().id() + ") is not possible now"));
        }
        if (to == Status.DISPATCHED && to != current.status() && step.unitId() == null) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "to",
                    "dispatched names the unit sent: POST /api/v1/incidents/" + id + "/dispatch {\"unit\": …}");
        }
        if (to == Status.MERGED) {
            checkMerge(scope, current, step.target());
        }
        if (step.rating() != null && to != Status.CLOSED) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "rating",
                    "a rating is given only when closing the case");
        }
        Transition t = new Transition(current.status(), to, actor.name(), clock.instant(), step.note(), step.unitId(),
                actor.id(), step.action(), step.target(), step.due());
        return new Transitioned(current, current.apply(t, step.rating()), t);
    }

    /** A merge names another incident in scope that is not itself merged away or rejected. */
    private void checkMerge(Scope scope, Incident current, String target) {
        if (target == null) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "into",
                    "merged names the incident this one merges into: {\"to\":\"merged\",\"into\": <id>}");
        }
        long into = Long.parseLong(target);
        if (into == current.id()) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "into",
                    "incident " + into + " cannot merge into itself");
        }
        Incident other = index.get(into).filter(i -> scope.includes(i.gridCode()))
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "into",
                        "no incident " + into + " to merge into"));
        if (other.status() == Status.MERGED || other.status() == Status.REJECTED) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "into",
                    "incident " + into + " is " + other.status().id() + "; merge into the case it became"
                            + other.mergedInto().map(m -> " (" + m + ")").orElse(""));
        }
    }
}

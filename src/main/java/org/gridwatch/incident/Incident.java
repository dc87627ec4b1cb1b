package org.gridwatch.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridwatch.geo.Crs;

/**
 * An incident (事件). Immutable: a status change yields a new instance with the transition
 * appended to {@link #history()}.
 *
 * @param id            server-assigned id, positive
 * @param source        where the report came from
 * @param externalId    the source system's own id (e.g. a 110 call number); with {@code source}
 *                      it identifies a report for de-duplication; may be {@code null}
 * @param category      category
 * @param severity      grade 1 (Ⅰ级 特别重大, the most serious) to 4 (Ⅳ级 一般), see {@link Severity}
 * @param lon           WGS84 longitude, degrees
 * @param lat           WGS84 latitude, degrees
 * @param originalCrs   CRS of the coordinates as reported
 * @param originalLon   longitude as reported, in {@code originalCrs}
 * @param originalLat   latitude as reported, in {@code originalCrs}
 * @param gridCode      15-digit code of the grid containing the location, computed on ingest
 * @param title         short title
 * @param description   free text; may be empty
 * @param reportedAt    when the event was reported at its source
 * @param receivedAt    when GridWatch accepted the report
 * @param status        current workflow status
 * @param rating        citizen rating 1–5 (评价) once closed; {@code null} if none
 * @param history       every status change, oldest first; the first is the report itself
 */
public record Incident(long id, Source source, String externalId, Category category, int severity,
                       double lon, double lat, Crs originalCrs, double originalLon, double originalLat,
                       String gridCode, String title, String description, Instant reportedAt, Instant receivedAt,
                       Status status, Integer rating, List<Transition> history) {
    /** The smallest grade number: Ⅰ级 特别重大, the most serious. */
    public static final int MIN_SEVERITY = 1;
    /** The largest grade number: Ⅳ级 一般, the least serious. */
    public static final int MAX_SEVERITY = 4;

    public Incident {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(originalCrs, "originalCrs");
        Objects.requireNonNull(gridCode, "gridCode");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(status, "status");
        if (severity < MIN_SEVERITY || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException("incident " + id + ": severity must be 1 (Ⅰ级) to 4 (Ⅳ级): " + severity);
        }
        history = List.copyOf(history);
    }

    /** The grade ({@link #severity()} as a {@link Severity}). */
    public Severity grade() {
        return Severity.of(severity);
    }

    /**
     * The unit of record: the last lead unit sent to the case (dispatched, or put in by a
     * reassignment of the lead), also once it was released; empty if none was sent.
     */
    public Optional<String> assignedUnit() {
        String lead = null;
        for (Transition t : history) {
            if (t.action() == CaseAction.DISPATCH) {
                lead = t.unitId();
            } else if (t.action() == CaseAction.REASSIGN && t.target() != null && t.target().equals(lead)) {
                lead = t.unitId();
            }
        }
        return Optional.ofNullable(lead);
    }

    /** The lead unit on the case now ({@link #units()}), if it has one. */
    public Optional<String> lead() {
        for (CaseUnit u : units()) {
            if (u.lead()) {
                return Optional.of(u.unitId());
            }
        }
        return Optional.empty();
    }

    /**
     * The units on the case now, in the order they were sent: replayed from the history. A unit
     * joins with {@link CaseAction#DISPATCH} (lead) or {@link CaseAction#SUPPORT}, is replaced by
     * {@link CaseAction#REASSIGN} (the new unit in its role), leaves with {@link CaseAction#RECALL}, is on scene after
     * {@link CaseAction#ARRIVE}; every unit leaves when the case goes back to {@code accepted},
     * on to {@code handled} or ends.
     */
    public List<CaseUnit> units() {
        List<CaseUnit> on = new ArrayList<>(2);
        for (Transition t : history) {
            switch (t.action()) {
                case DISPATCH -> {
                    on.removeIf(u -> u.unitId().equals(t.unitId()));
                    on.add(new CaseUnit(t.unitId(), true, false, t.at()));
                }
                case SUPPORT -> {
                    on.removeIf(u -> u.unitId().equals(t.unitId()));
                    on.add(new CaseUnit(t.unitId(), false, false, t.at()));
                }
                case REASSIGN -> {
                    boolean lead = on.stream().anyMatch(u -> u.unitId().equals(t.target()) && u.lead());
                    on.removeIf(u -> u.unitId().equals(t.target()) || u.unitId().equals(t.unitId()));
                    on.add(new CaseUnit(t.unitId(), lead, false, t.at()));
                }
                case RECALL -> on.removeIf(u -> u.unitId().equals(t.unitId()));
                case ARRIVE -> on.replaceAll(u -> u.unitId().equals(t.unitId())
                        ? new CaseUnit(u.unitId(), u.lead(), true, u.sentAt()) : u);
                default -> {
                }
            }
            if (t.to() == Status.ACCEPTED || t.to() == Status.HANDLED || t.to().isTerminal()) {
                on.clear();
            }
        }
        return List.copyOf(on);
    }

    /** The unit {@code unitId} on the case now, if it is. */
    public Optional<CaseUnit> unit(String unitId) {
        return units().stream().filter(u -> u.unitId().equals(unitId)).findFirst();
    }

    /** The incident this one was merged into ({@link CaseAction#MERGE}), if it was and the merge named it. */
    public Optional<Long> mergedInto() {
        for (int k = history.size() - 1; k >= 0; k--) {
            Transition t = history.get(k);
            if (t.action() == CaseAction.MERGE && t.target() != null) {
                return Optional.of(Long.parseLong(t.target()));
            }
        }
        return Optional.empty();
    }

    /** The level handling the case now: the last 流转's, {@link HandlingLevel#VILLAGE} before any. */
    public HandlingLevel level() {
        for (int k = history.size() - 1; k >= 0; k--) {
            Transition t = history.get(k);
            if (t.action() == CaseAction.TRANSFER) {
                return HandlingLevel.parse(t.target()).orElse(HandlingLevel.VILLAGE);
            }
        }
        return HandlingLevel.VILLAGE;
    }

    /** The last 督办 of the case ({@link CaseAction#SUPERVISE}), if it has one. */
    public Optional<Transition> supervision() {
        for (int k = history.size() - 1; k >= 0; k--) {
            if (history.get(k).action() == CaseAction.SUPERVISE) {
                return Optional.of(history.get(k));
            }
        }
        return Optional.empty();
    }

    /** When the case first reached {@code s}, if it did. */
    public Optional<Instant> reached(Status s) {
        for (Transition t : history) {
            if (t.to() == s && t.changesStatus()) {
                return Optional.of(t.at());
            }
        }
        return Optional.empty();
    }

    /** Time from the report to the first unit sent ({@code dispatched}), if one was (1-3-5: 派警时间). */
    public Optional<Duration> dispatchTime() {
        return reached(Status.DISPATCHED).map(t -> Duration.between(reportedAt, t));
    }

    /** Time from the report to the first arrival on scene ({@code on_scene}), if the case had one. */
    public Optional<Duration> responseTime() {
        return reached(Status.ON_SCENE).map(t -> Duration.between(reportedAt, t));
    }

    /** Time of the last status change (the report itself if none). */
    public Instant updatedAt() {
        return history.isEmpty() ? receivedAt : history.get(history.size() - 1).at();
    }

    /**
     * This incident after {@code t}; {@code rating} replaces the current one when not null.
     *
     * @throws IllegalStateException if the workflow does not allow the change
     */
    public Incident apply(Transition t, Integer newRating) {
        boolean allowed = t.from() == status
                && (t.changesStatus() ? status.canBecome(t.to()) : t.action().recordedIn(status));
        if (!allowed) {
            throw new IllegalStateException("cannot change incident " + id + " from " + status.id()
                    + " to " + t.to().id() + " (" + t.action().id() + ")");
        }
        List<Transition> h = new ArrayList<>(history.size() + 1);
        h.addAll(history);
        h.add(t);
        return new Incident(id, source, externalId, category, severity, lon, lat, originalCrs, originalLon,
                originalLat, gridCode, title, description, reportedAt, receivedAt, t.to(),
                newRating != null ? newRating : rating, h);
    }
}

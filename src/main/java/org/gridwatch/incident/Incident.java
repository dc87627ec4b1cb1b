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

    /** The unit of the last {@code dispatched} transition that names one, if any: the unit sent to the case. */
    public Optional<String> assignedUnit() {
        for (int k = history.size() - 1; k >= 0; k--) {
            Transition t = history.get(k);
            if (t.to() == Status.DISPATCHED && t.unitId() != null) {
                return Optional.of(t.unitId());
            }
        }
        return Optional.empty();
    }

    /** Time from the report to the first arrival on scene ({@code on_scene}), if the case had one. */
    public Optional<Duration> responseTime() {
        return history.stream().filter(t -> t.to() == Status.ON_SCENE).findFirst()
                .map(t -> Duration.between(reportedAt, t.at()));
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
        if (t.from() != status || !status.canBecome(t.to())) {
            throw new IllegalStateException("cannot change incident " + id + " from " + status.id()
                    + " to " + t.to().id());
        }
        List<Transition> h = new ArrayList<>(history.size() + 1);
        h.addAll(history);
        h.add(t);
        return new Incident(id, source, externalId, category, severity, lon, lat, originalCrs, originalLon,
                originalLat, gridCode, title, description, reportedAt, receivedAt, t.to(),
                newRating != null ? newRating : rating, h);
    }
}

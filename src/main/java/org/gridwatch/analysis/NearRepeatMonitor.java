package org.gridwatch.analysis;

import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.alert.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;

/**
 * Near-repeat risk (近重复): a new incident within {@code radiusMetres} and {@code window} before it
 * of at least {@code minEarlier} earlier incidents of the same category raises a risk zone (a
 * circle around it, open until {@code window} after the incident) and a {@code near_repeat} alert.
 *
 * <p>Only live reports count as triggers (received within {@link #LIVE} of happening); imported
 * history still counts among the earlier incidents.
 *
 * <p>Reacts to new incidents on the writer thread ({@link #onReport}); {@link #zones} may be read
 * from any thread. Thread-safe.
 */
public final class NearRepeatMonitor implements Stage<IncidentChange> {
    /**
     * A risk zone.
     *
     * @param incidentId   the incident that raised it
     * @param category     its category id
     * @param lon          centre longitude, WGS84
     * @param lat          centre latitude, WGS84
     * @param radiusMetres radius, metres
     * @param earlier      how many earlier incidents of the category lay within reach
     * @param until        when the zone lapses
     */
    public record RiskZone(long incidentId, String category, double lon, double lat, double radiusMetres, int earlier,
                           Instant until) {
    }

    private final IncidentIndex incidents;
    private final AlertSink alerts;
    private final Scope city;
    private final double radiusMetres;
    private final Duration window;
    private final int minEarlier;
    private final List<RiskZone> zones = new CopyOnWriteArrayList<>();

    public NearRepeatMonitor(IncidentIndex incidents, AlertSink alerts, Scope city, double radiusMetres, Duration window,
                             int minEarlier) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.city = city;
        this.radiusMetres = radiusMetres;
        this.window = window;
        this.minEarlier = minEarlier;
    }

    /** Reports received this long after they happened are history, not live risk: no alert. */
    static final Duration LIVE = Duration.ofHours(1);

    @Override
    public String name() {
        return "near-repeat";
    }

    /** Stage {@code near-repeat} of the {@code incidents} stream: checks each new report. State thread. */
    @Override
    public void apply(List<? extends IncidentChange> changes) {
        for (IncidentChange c : changes) {
            if (c.isReport()) {
                onReport(c.after());
            }
        }
    }

    /** Checks a new incident (already in the index); historical imports and late reports are skipped. State thread. */
    public void onReport(Incident i) {
        if (Duration.between(i.reportedAt(), i.receivedAt()).compareTo(LIVE) > 0) {
            return;
        }
        IncidentQuery q = new IncidentQuery(city, null, null, new IncidentQuery.Circle(i.lon(), i.lat(), radiusMetres),
                i.reportedAt().minus(window), i.reportedAt().plusMillis(1), java.util.EnumSet.of(i.category()), null, null,
                null, 0);
        long earlier = incidents.count(q) - 1; // the new incident is in its own circle and window
        if (earlier < minEarlier) {
            return;
        }
        RiskZone z = new RiskZone(i.id(), i.category().id(), i.lon(), i.lat(), radiusMetres, (int) earlier,
                i.reportedAt().plus(window));
        zones.add(z);
        alerts.raise(AlertKind.NEAR_REPEAT.id(), AlertSeverity.WARNING.id(), i.category().label() + "近重复风险：" + (radiusMetres >= 1000
                        ? radiusMetres / 1000 + " 公里" : (long) radiusMetres + " 米") + "内 " + window.toDays() + " 天已有 "
                        + earlier + " 起", "事件 " + i.id() + "（" + i.title() + "）", i.gridCode(), i.lon(), i.lat());
    }

    /** Risk zones still open at {@code now}; lapsed ones are dropped. */
    public List<RiskZone> zones(Instant now) {
        zones.removeIf(z -> !z.until().isAfter(now));
        return new ArrayList<>(zones);
    }
}

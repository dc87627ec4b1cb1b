package org.gridwatch.patrol;

import java.time.Duration;
import java.util.Map;
import org.gridwatch.geo.Geodesy;

/**
 * Ingest stage {@code jump filter}: a fix the unit cannot have reached from its previous one is an
 * {@link RejectReason#IMPLAUSIBLE_JUMP}. Allowed distance (geodesic metres) = {@code slackMetres}
 * (GPS noise, always allowed) + the kind's fastest plausible speed (m/s) × the seconds between the
 * fixes.
 */
public final class JumpFilterStage implements IngestStage {
    private final Map<UnitKind, Double> maxSpeed;
    private final double slackMetres;

    /**
     * @param maxSpeed    fastest plausible ground speed per kind, m/s (every kind present)
     * @param slackMetres distance always allowed between consecutive fixes, metres
     */
    public JumpFilterStage(Map<UnitKind, Double> maxSpeed, double slackMetres) {
        for (UnitKind k : UnitKind.values()) {
            if (!maxSpeed.containsKey(k)) {
                throw new IllegalArgumentException("no maximum speed for " + k.id());
            }
        }
        this.maxSpeed = new java.util.EnumMap<>(maxSpeed);
        this.slackMetres = slackMetres;
    }

    @Override
    public String name() {
        return "jump filter";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        Position last = group.last(c.unit());
        if (last == null) {
            return null;
        }
        Position p = c.position();
        double seconds = Duration.between(last.time(), p.time()).toMillis() / 1000.0;
        double allowed = slackMetres + maxSpeed.get(c.unit().unit().kind()) * seconds;
        // The flat-earth figure decides unless it is within 1 % of the limit (then the geodesic does).
        return Geodesy.withinDistance(last.lon(), last.lat(), p.lon(), p.lat(), allowed) ? null
                : RejectReason.IMPLAUSIBLE_JUMP;
    }
}

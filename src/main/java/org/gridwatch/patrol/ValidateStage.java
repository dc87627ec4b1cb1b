package org.gridwatch.patrol;

import java.time.Duration;
import org.gridwatch.geo.Geo;

/**
 * Ingest stage {@code validate}: a report needs a unit id, a time, a CRS and coordinates in range;
 * speed (m/s, [0, 1000)), heading (degrees, [0, 360]) and accuracy (metres, [0, 100 000)) are
 * optional (NaN) but must be in range when given; the time may lie at most {@code futureSkew} after
 * the group's receipt time (device clocks run fast).
 */
public final class ValidateStage implements IngestStage {
    private final Duration futureSkew;

    public ValidateStage(Duration futureSkew) {
        this.futureSkew = futureSkew;
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        PositionReport r = c.report();
        if (r.unit() == null || r.unit().isBlank() || r.time() == null || r.crs() == null
                || !Geo.isValidLonLat(r.lon(), r.lat()) || invalidOptional(r)) {
            return RejectReason.INVALID;
        }
        return r.time().isAfter(group.now().plus(futureSkew)) ? RejectReason.FUTURE_TIME : null;
    }

    private static boolean invalidOptional(PositionReport r) {
        return (!Double.isNaN(r.speed()) && !(r.speed() >= 0 && r.speed() < 1_000))
                || (!Double.isNaN(r.heading()) && !(r.heading() >= 0 && r.heading() <= 360))
                || (!Double.isNaN(r.accuracy()) && !(r.accuracy() >= 0 && r.accuracy() < 100_000));
    }
}

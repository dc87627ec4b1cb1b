package org.gridwatch.patrol;

import java.time.Duration;
import java.time.Instant;
import org.gridwatch.geo.Geo;

/**
 * Ingest stage {@code validate}: a report needs a unit id, a time, a CRS and coordinates in range;
 * speed (m/s, [0, 1000)), heading (degrees, [0, 360]) and accuracy (metres, [0, 100 000)) are
 * optional (NaN) but must be in range when given; the time may lie at most {@code futureSkew} after
 * the group's receipt time (device clocks run fast: {@link RejectReason#FUTURE_TIME}) and not before
 * {@code earliest} (clocks never set: {@link RejectReason#EARLY_TIME}). Immutable.
 */
public final class ValidateStage implements IngestStage {
    /** Speeds must lie below this, m/s (3,600 km/h: faster than anything a unit drives or flies). */
    public static final double MAX_SPEED = 1_000;
    /** Accuracy radii must lie below this, metres. */
    public static final double MAX_ACCURACY = 100_000;
    /** Headings lie in [0, this], degrees clockwise from north. */
    public static final double MAX_HEADING = 360;

    private final Duration futureSkew;
    private final Instant earliest;

    /** With the earliest time {@link PositionPipeline#EARLIEST_FIX}. */
    public ValidateStage(Duration futureSkew) {
        this(futureSkew, PositionPipeline.EARLIEST_FIX);
    }

    /**
     * @param futureSkew how far after the receipt time a fix time may lie
     * @param earliest   the earliest fix time accepted
     */
    public ValidateStage(Duration futureSkew, Instant earliest) {
        this.futureSkew = futureSkew;
        this.earliest = earliest;
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
        if (r.time().isBefore(earliest)) {
            return RejectReason.EARLY_TIME;
        }
        return r.time().isAfter(group.now().plus(futureSkew)) ? RejectReason.FUTURE_TIME : null;
    }

    private static boolean invalidOptional(PositionReport r) {
        return (!Double.isNaN(r.speed()) && !(r.speed() >= 0 && r.speed() < MAX_SPEED))
                || (!Double.isNaN(r.heading()) && !(r.heading() >= 0 && r.heading() <= MAX_HEADING))
                || (!Double.isNaN(r.accuracy()) && !(r.accuracy() >= 0 && r.accuracy() < MAX_ACCURACY));
    }
}

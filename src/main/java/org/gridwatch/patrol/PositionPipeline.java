package org.gridwatch.patrol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.geo.LonLat;

/**
 * The checking half of position ingest, as an explicit ordered list of stages: validate → convert
 * to WGS84 → known unit → per-unit order and duplicate drop → implausible-jump filter. Each
 * stage either passes a report on or rejects it with a {@link RejectReason}; a bad report never
 * affects the good ones of its batch. Storing and applying follow in {@link PositionService}.
 *
 * <p>Not thread-safe: one instance per batch, run on the service's writer thread.
 */
final class PositionPipeline {
    /** A stage: returns null to pass the report on (possibly after updating it), or the reason to drop it. */
    interface Stage {
        RejectReason apply(Candidate c);
    }

    /** One report travelling through the stages. */
    static final class Candidate {
        final int index;
        final PositionReport report;
        Position position;
        UnitRecord unit;

        Candidate(int index, PositionReport report) {
            this.index = index;
            this.report = report;
        }
    }

    /**
     * A dropped report.
     *
     * @param index  its index in the batch
     * @param reason why
     */
    record Rejection(int index, RejectReason reason) {
    }

    private final List<Stage> stages;
    /** Latest accepted fix per unit, including those accepted earlier in this batch. */
    private final Map<String, Position> latest = new HashMap<>();

    /**
     * @param units      the roster lookup (id → current record, or null)
     * @param now        receipt time
     * @param futureSkew how far in the future a fix may lie
     * @param maxSpeed   fastest plausible speed per unit kind, m/s
     * @param jumpSlack  distance always allowed between fixes regardless of speed (GPS noise), metres
     */
    PositionPipeline(Function<String, UnitRecord> units, Instant now, Duration futureSkew,
                     Function<UnitKind, Double> maxSpeed, double jumpSlack) {
        Instant latestAllowed = now.plus(futureSkew);
        this.stages = List.of(
                // 1. validate
                c -> {
                    PositionReport r = c.report;
                    if (r.unit() == null || r.unit().isBlank() || r.time() == null || r.crs() == null
                            || !Geo.isValidLonLat(r.lon(), r.lat()) || invalidOptional(r)) {
                        return RejectReason.INVALID;
                    }
                    return r.time().isAfter(latestAllowed) ? RejectReason.FUTURE_TIME : null;
                },
                // 2. convert to WGS84
                c -> {
                    PositionReport r = c.report;
                    LonLat w = r.crs().toWgs84(r.lon(), r.lat());
                    c.position = new Position(r.unit(), w.lon(), w.lat(), r.time(), r.speed(), r.heading(), r.accuracy());
                    return null;
                },
                // 3. known unit
                c -> {
                    c.unit = units.apply(c.position.unitId());
                    return c.unit == null ? RejectReason.UNKNOWN_UNIT : null;
                },
                // 4. per-unit order and duplicates
                c -> {
                    Position last = last(c);
                    if (last == null) {
                        return null;
                    }
                    int cmp = c.position.time().compareTo(last.time());
                    return cmp < 0 ? RejectReason.OUT_OF_ORDER : cmp == 0 ? RejectReason.DUPLICATE : null;
                },
                // 5. implausible jumps
                c -> {
                    Position last = last(c);
                    if (last == null) {
                        return null;
                    }
                    double metres = Geodesy.distance(last.lon(), last.lat(), c.position.lon(), c.position.lat());
                    double seconds = Duration.between(last.time(), c.position.time()).toMillis() / 1000.0;
                    double allowed = jumpSlack + maxSpeed.apply(c.unit.unit().kind()) * seconds;
                    return metres > allowed ? RejectReason.IMPLAUSIBLE_JUMP : null;
                });
    }

    private static boolean invalidOptional(PositionReport r) {
        return (!Double.isNaN(r.speed()) && !(r.speed() >= 0 && r.speed() < 1_000))
                || (!Double.isNaN(r.heading()) && !(r.heading() >= 0 && r.heading() <= 360))
                || (!Double.isNaN(r.accuracy()) && !(r.accuracy() >= 0 && r.accuracy() < 100_000));
    }

    private Position last(Candidate c) {
        Position inBatch = latest.get(c.position.unitId());
        return inBatch != null ? inBatch : c.unit.lastPosition();
    }

    /**
     * Runs the stages over a batch in order.
     *
     * @param accepted receives the accepted positions, in batch order
     * @return the rejections, by ascending index
     */
    List<Rejection> run(List<PositionReport> batch, List<Position> accepted) {
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Candidate c = new Candidate(i, batch.get(i));
            RejectReason why = null;
            for (Stage s : stages) {
                why = s.apply(c);
                if (why != null) {
                    break;
                }
            }
            if (why == null) {
                accepted.add(c.position);
                latest.put(c.position.unitId(), c.position);
            } else {
                rejected.add(new Rejection(i, why));
            }
        }
        return rejected;
    }
}

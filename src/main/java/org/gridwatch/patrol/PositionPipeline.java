package org.gridwatch.patrol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checking half of position ingest: the ordered {@link IngestStage}s every report passes
 * before its group is committed (declared in {@code org.gridwatch.Streams}: validate → crs → known
 * unit → order → jump filter). A stage that throws is logged and counted
 * ({@code gridwatch_stage_failures_total{stream="positions"}}) and the report is dropped as
 * {@link RejectReason#INVALID}; the batch goes on. Storing and applying follow in
 * {@link PositionService}.
 *
 * <p>Immutable; {@link #run} is called on the state thread, one group at a time.
 */
public final class PositionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(PositionPipeline.class);

    /** How far in the future a device's fix time may lie (clock skew). */
    public static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    /**
     * The earliest fix time accepted: with {@link #FUTURE_SKEW} the documented range of fix (and
     * incident report) times, 2000-01-01T00:00:00Z … now + 5 min.
     */
    public static final Instant EARLIEST_FIX = Instant.parse("2000-01-01T00:00:00Z");
    /** Distance always allowed between consecutive fixes, whatever the time between (GPS noise), metres. */
    public static final double JUMP_SLACK_METRES = 200;
    /**
     * Fastest plausible ground speed per kind, m/s: beyond it a fix is an implausible jump.
     * Police cars on expressways reach ~50 m/s (180 km/h); the others move on foot, bicycles or
     * e-bikes, with headroom for a lift in a car.
     */
    public static final Map<UnitKind, Double> MAX_SPEED = Map.of(
            UnitKind.POLICE_CAR, 50.0,
            UnitKind.FOOT_PATROL, 25.0,
            UnitKind.SECURITY_GUARD, 25.0,
            UnitKind.GRID_WORKER, 25.0,
            UnitKind.POLICE_ASSISTANT, 25.0);

    /**
     * A dropped report.
     *
     * @param index  its index in the batch
     * @param reason why
     */
    record Rejection(int index, RejectReason reason) {
    }

    private record Named(IngestStage stage, Counter failures) {
    }

    private final List<Named> stages;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    /** @param stages the stages, in order */
    public PositionPipeline(List<? extends IngestStage> stages, MeterRegistry registry) {
        List<Named> named = new ArrayList<>();
        for (IngestStage s : stages) {
            named.add(new Named(s, Counter.builder("gridwatch.stage.failures").tag("stream", "positions")
                    .tag("stage", s.name()).description("change record batches a stage failed on").register(registry)));
        }
        this.stages = List.copyOf(named);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("gridwatch.positions.rejected").tag("reason", r.id())
                    .description("positions dropped by the ingest pipeline").register(registry));
        }
    }

    /** The stage names, in order. */
    public List<String> stageNames() {
        return stages.stream().map(n -> n.stage().name()).toList();
    }

    /**
     * Runs the stages over one batch of a group, in order.
     *
     * @param accepted receives the accepted positions, in batch order
     * @return the rejections, by ascending index
     */
    List<Rejection> run(List<PositionReport> batch, IngestGroup group, List<Position> accepted) {
        List<Rejection> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            IngestStage.Candidate c = new IngestStage.Candidate(i, batch.get(i));
            RejectReason why = null;
            for (Named n : stages) {
                try {
                    why = n.stage().check(c, group);
                } catch (RuntimeException e) {
                    n.failures().increment();
                    LOG.error("ingest stage {} failed on report {} of a batch; dropped as invalid", n.stage().name(), i, e);
                    why = RejectReason.INVALID;
                }
                if (why != null) {
                    break;
                }
            }
            if (why == null) {
                accepted.add(c.position);
                group.accept(c.position);
            } else {
                rejected.get(why).increment();
                out.add(new Rejection(i, why));
            }
        }
        return out;
    }
}

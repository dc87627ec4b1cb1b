package org.gridwatch.patrol;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Why the position pipeline dropped a report; also the {@code reason} tag of the rejection metric. */
public enum RejectReason implements Term {
    /** Missing unit or time, coordinates not finite or out of range, negative speed or accuracy, heading outside 0–360. */
    INVALID("invalid", "数据无效"),
    /** The fix time lies too far in the future (device clock wrong). */
    FUTURE_TIME("future_time", "时间超前"),
    /**
     * The fix time lies before {@link PositionPipeline#EARLIEST_FIX} (2000-01-01T00:00:00Z): a
     * device clock that was never set or was reset (1970, 1980).
     */
    EARLY_TIME("early_time", "时间过早"),
    /** The unit is not in the roster. */
    UNKNOWN_UNIT("unknown_unit", "未登记单位"),
    /** Older than the unit's latest accepted fix. */
    OUT_OF_ORDER("out_of_order", "时间倒序"),
    /** Same fix time as the unit's latest accepted fix. */
    DUPLICATE("duplicate", "重复上报"),
    /** Reaching it from the previous fix needs an impossible speed for the unit's kind. */
    IMPLAUSIBLE_JUMP("implausible_jump", "位置跳变"),
    /**
     * The sender may not report for this unit: a device reports for its own unit only, an
     * integration for the units of its jurisdiction. Decided at the edge, before the pipeline.
     */
    NOT_PERMITTED("not_permitted", "无权上报");

    private final String id;
    private final String label;

    RejectReason(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<RejectReason> parse(String text) {
        return Term.parse(RejectReason.class, text);
    }
}

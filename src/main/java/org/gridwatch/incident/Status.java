package org.gridwatch.incident;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.gridwatch.vocab.Term;

/**
 * The incident workflow: 上报 reported → 受理 accepted → 派遣 dispatched → 处置 on_scene →
 * 反馈 handled → 核查 verified → 结案 closed, plus the terminal 驳回 rejected and 合并 merged.
 *
 * <p>Allowed transitions ({@link #canBecome(Status)}):
 * <ul>
 *   <li>reported → accepted | rejected | merged</li>
 *   <li>accepted → dispatched | handled (settled without sending anyone) | rejected | merged</li>
 *   <li>dispatched → on_scene | accepted (dispatch recalled)</li>
 *   <li>on_scene → handled</li>
 *   <li>handled → verified | dispatched (verification failed, sent again)</li>
 *   <li>verified → closed</li>
 *   <li>closed, rejected, merged: terminal</li>
 * </ul>
 */
public enum Status implements Term {
    REPORTED("reported", "上报"),
    ACCEPTED("accepted", "受理"),
    DISPATCHED("dispatched", "派遣"),
    ON_SCENE("on_scene", "处置"),
    HANDLED("handled", "反馈"),
    VERIFIED("verified", "核查"),
    CLOSED("closed", "结案"),
    REJECTED("rejected", "驳回"),
    MERGED("merged", "合并");

    private final String id;
    private final String label;

    Status(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "on_scene"}. */
    @Override
    public String id() {
        return id;
    }

    /** Chinese label. */
    @Override
    public String label() {
        return label;
    }

    /** The statuses this one may change to; empty for terminal statuses. */
    public Set<Status> next() {
        return switch (this) {
            case REPORTED -> EnumSet.of(ACCEPTED, REJECTED, MERGED);
            case ACCEPTED -> EnumSet.of(DISPATCHED, HANDLED, REJECTED, MERGED);
            case DISPATCHED -> EnumSet.of(ON_SCENE, ACCEPTED);
            case ON_SCENE -> EnumSet.of(HANDLED);
            case HANDLED -> EnumSet.of(VERIFIED, DISPATCHED);
            case VERIFIED -> EnumSet.of(CLOSED);
            case CLOSED, REJECTED, MERGED -> EnumSet.noneOf(Status.class);
        };
    }

    /** True when the workflow allows changing from this status to {@code to}. */
    public boolean canBecome(Status to) {
        return next().contains(to);
    }

    /** True for closed, rejected and merged. */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<Status> parse(String text) {
        return Term.parse(Status.class, text);
    }
}

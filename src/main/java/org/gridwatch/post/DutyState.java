package org.gridwatch.post;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/**
 * State of a school-guard post (护学岗) in one duty window, with API identifiers and Chinese labels.
 * See {@link PostDutyMonitor} for the rules.
 */
public enum DutyState implements Term {
    /** 待到岗: the window has not started, or its grace period is running and the post is not yet staffed. */
    PENDING("pending", "待到岗"),
    /** 已到岗: the required staff were present at once (on time, or late when {@code late} is set). */
    STAFFED("staffed", "已到岗"),
    /** 到岗不足: grace over, some but never all of the required staff were present. */
    UNDERSTAFFED("understaffed", "到岗不足"),
    /** 未到岗: grace over and nobody has been present. */
    MISSED("missed", "未到岗"),
    /**
     * 无值守时段: no window to show today — not a school day, or every window of the day had passed
     * its deadline before monitoring began.
     */
    NONE("none", "无值守时段");

    private final String id;
    private final String label;

    DutyState(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "understaffed"}. */
    @Override
    public String id() {
        return id;
    }

    /** Chinese label. */
    @Override
    public String label() {
        return label;
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<DutyState> parse(String text) {
        return Term.parse(DutyState.class, text);
    }
}

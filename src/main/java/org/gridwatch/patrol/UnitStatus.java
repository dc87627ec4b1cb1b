package org.gridwatch.patrol;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Duty status of a patrol unit (执勤状态), with API identifiers and Chinese labels. */
public enum UnitStatus implements Term {
    /** 可用: on duty and free to be dispatched. */
    AVAILABLE("available", "可用"),
    /** 忙碌: on duty but dispatched to an incident. */
    BUSY("busy", "忙碌"),
    /** 离岗: off duty; not dispatched and not counted in coverage. */
    OFF_DUTY("off_duty", "离岗");

    private final String id;
    private final String label;

    UnitStatus(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "off_duty"}. */
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
    public static Optional<UnitStatus> parse(String text) {
        return Term.parse(UnitStatus.class, text);
    }
}

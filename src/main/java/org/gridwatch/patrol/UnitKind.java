package org.gridwatch.patrol;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Kinds of patrol unit (巡防力量), with API identifiers and Chinese labels. */
public enum UnitKind implements Term {
    /** 巡逻车: a police patrol car. */
    POLICE_CAR("police_car", "巡逻车"),
    /** 步巡: police on foot. */
    FOOT_PATROL("foot_patrol", "步巡"),
    /** 保安: a security guard taking part in patrols. */
    SECURITY_GUARD("security_guard", "保安"),
    /** 网格员: a grid worker. */
    GRID_WORKER("grid_worker", "网格员"),
    /** 警务助理: an auxiliary police assistant. */
    POLICE_ASSISTANT("police_assistant", "警务助理");

    private final String id;
    private final String label;

    UnitKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "police_car"}. */
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
    public static Optional<UnitKind> parse(String text) {
        return Term.parse(UnitKind.class, text);
    }
}

package org.gridwatch.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gridwatch.vocab.Term;

/**
 * The patrol coverage state of a grid for a window: when an on-duty unit was last inside it, as
 * the big screen colours it.
 */
public enum CoverageState implements Term {
    /** No visit known (since start-up). */
    NEVER("never", "从未巡到"),
    /** Visited within the last third of the window. */
    FRESH("fresh", "新近巡到"),
    /** Visited within the window. */
    COVERED("covered", "窗口内巡到"),
    /** Last visited before the window. */
    UNCOVERED("uncovered", "超时未巡");

    private final String id;
    private final String label;

    CoverageState(String id, String label) {
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

    /** The state of a grid last visited at {@code lastVisit} (null = never), for {@code window} ending at {@code now}. */
    public static CoverageState of(Instant lastVisit, Instant now, Duration window) {
        if (lastVisit == null) {
            return NEVER;
        }
        long age = now.toEpochMilli() - lastVisit.toEpochMilli();
        long w = window.toMillis();
        if (age < w / 3) {
            return FRESH;
        }
        return age < w ? COVERED : UNCOVERED;
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<CoverageState> parse(String text) {
        return Term.parse(CoverageState.class, text);
    }
}

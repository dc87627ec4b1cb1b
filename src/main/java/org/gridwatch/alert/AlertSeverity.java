package org.gridwatch.alert;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** How urgent an alert is ({@link Alert#severity()} holds the identifier). */
public enum AlertSeverity implements Term {
    CRITICAL("critical", "紧急"),
    WARNING("warning", "警告"),
    INFO("info", "提示");

    private final String id;
    private final String label;

    AlertSeverity(String id, String label) {
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
    public static Optional<AlertSeverity> parse(String text) {
        return Term.parse(AlertSeverity.class, text);
    }
}

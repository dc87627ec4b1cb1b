package org.gridwatch.post;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Kinds of school with a guard post (护学岗), with API identifiers and Chinese labels. */
public enum SchoolKind implements Term {
    /** 幼儿园. */
    KINDERGARTEN("kindergarten", "幼儿园"),
    /** 小学. */
    PRIMARY("primary", "小学"),
    /** 中学 (junior and senior middle schools). */
    MIDDLE("middle", "中学");

    private final String id;
    private final String label;

    SchoolKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "primary"}. */
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
    public static Optional<SchoolKind> parse(String text) {
        return Term.parse(SchoolKind.class, text);
    }
}

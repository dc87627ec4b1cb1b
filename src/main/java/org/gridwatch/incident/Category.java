package org.gridwatch.incident;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Incident categories (事件类别), with API identifiers and Chinese labels. */
public enum Category implements Term {
    PUBLIC_ORDER("public_order", "治安"),
    CRIMINAL("criminal", "刑事"),
    /** Fraud, including elder fraud (养老诈骗). */
    FRAUD("fraud", "诈骗"),
    DISPUTE("dispute", "矛盾纠纷"),
    TRAFFIC("traffic", "交通"),
    FIRE_SAFETY("fire_safety", "消防/安全隐患"),
    ENVIRONMENT("environment", "生态环境"),
    STABILITY("stability", "涉稳"),
    CULT("cult", "邪教"),
    OTHER("other", "其他");

    private final String id;
    private final String label;

    Category(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "public_order"}. */
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
    public static Optional<Category> parse(String text) {
        return Term.parse(Category.class, text);
    }
}

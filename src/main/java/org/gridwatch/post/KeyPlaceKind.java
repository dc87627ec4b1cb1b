package org.gridwatch.post;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Kinds of key place (重点部位), with API identifiers and Chinese labels. */
public enum KeyPlaceKind implements Term {
    /** 夜市. */
    NIGHT_MARKET("night_market", "夜市"),
    /** 车站 (bus and railway stations). */
    STATION("station", "车站"),
    /** 医院. */
    HOSPITAL("hospital", "医院"),
    /** 校园周边. */
    SCHOOL_AREA("school_area", "校园周边"),
    /** 广场. */
    SQUARE("square", "广场"),
    /** 银行网点. */
    BANK("bank", "银行网点"),
    /** 商场. */
    MALL("mall", "商场");

    private final String id;
    private final String label;

    KeyPlaceKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "night_market"}. */
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
    public static Optional<KeyPlaceKind> parse(String text) {
        return Term.parse(KeyPlaceKind.class, text);
    }
}

package org.gridwatch.incident;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** Where an incident report came from (事件来源). */
public enum Source implements Term {
    /** 网格上报: reported by a grid worker. */
    GRID_REPORT("grid_report", "网格上报"),
    /** 平安码: a citizen through the 百姓管家 mini-program (GCJ-02 coordinates). */
    CITIZEN("citizen", "平安码"),
    /** 110警情: a police call. */
    POLICE_CALL("police_call", "110警情"),
    /** 雪亮工程: video surveillance. */
    VIDEO("video", "雪亮"),
    /** 12345 hotline. */
    HOTLINE("hotline", "12345");

    private final String id;
    private final String label;

    Source(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** API identifier, e.g. {@code "citizen"}. */
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
    public static Optional<Source> parse(String text) {
        return Term.parse(Source.class, text);
    }
}

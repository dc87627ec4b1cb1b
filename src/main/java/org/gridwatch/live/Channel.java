package org.gridwatch.live;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** The channels of the {@code /live} WebSocket, with API identifiers and Chinese labels. */
public enum Channel implements Term {
    /** Unit positions and statuses; state channel keyed by unit id. */
    UNITS("units", "巡防力量", false),
    /** Incident counts per H3 cell; state channel keyed by cell. */
    HEAT("heat", "热力", false),
    /** Patrol coverage per grid; state channel keyed by grid code. */
    COVERAGE("coverage", "巡防覆盖", false),
    /** Incidents as reported and as they move through the workflow; log channel. */
    INCIDENTS("incidents", "警情事件", true),
    /** School-guard post duty (护学岗); state channel keyed by post id. */
    POSTS("posts", "护学岗", false),
    /** Alerts raised and acknowledged; log channel, never dropped. */
    ALERTS("alerts", "预警", true),
    /** Open alerts grouped by kind and area; state channel keyed by group id. */
    ALERT_GROUPS("alertGroups", "告警归并", false),
    /** Headline statistics; one conflated object. */
    STATS("stats", "统计", false),
    /** Vector tiles whose content changed, at the change log's zoom; state channel keyed by tileset and tile. */
    TILES("tiles", "瓦片更新", false);

    private final String id;
    private final String label;
    private final boolean log;

    Channel(String id, String label, boolean log) {
        this.id = id;
        this.label = label;
        this.log = log;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /** True for log channels (every event delivered in order), false for conflated state channels. */
    public boolean log() {
        return log;
    }

    /** Parses an API identifier. */
    public static Optional<Channel> parse(String text) {
        return Term.parse(Channel.class, text);
    }
}

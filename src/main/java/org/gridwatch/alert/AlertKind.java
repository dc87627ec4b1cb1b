package org.gridwatch.alert;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/** What raised an alert ({@link Alert#kind()} holds the identifier). */
public enum AlertKind implements Term {
    /** A school-guard post not staffed at window start + grace (护学岗未到岗). */
    POST_UNSTAFFED("post_unstaffed", "护学岗未到岗"),
    /** A grid with key places without patrol too long during their key periods. */
    GRID_UNCOVERED("grid_uncovered", "网格长时未巡"),
    /** A live incident near earlier ones of its category (近重复). */
    NEAR_REPEAT("near_repeat", "近重复风险"),
    /** A step of a case past its time limit, or a 督办 past its deadline (案件超时). */
    OVERDUE("overdue", "案件超时"),
    /** A unit's emergency button (紧急报警) on its terminal: the highest severity, with the nearest help. */
    SOS("sos", "紧急求助"),
    /** Another safety alarm of a unit's terminal (超速, 掉电, 碰撞, …; {@code org.gridwatch.patrol.DeviceAlarm}). */
    DEVICE_ALARM("device_alarm", "终端报警");

    private final String id;
    private final String label;

    AlertKind(String id, String label) {
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
    public static Optional<AlertKind> parse(String text) {
        return Term.parse(AlertKind.class, text);
    }
}

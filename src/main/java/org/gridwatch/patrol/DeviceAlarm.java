package org.gridwatch.patrol;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/**
 * A safety alarm a unit's terminal reports with a fix (JT/T 808 alarm flags, Traccar Client's and
 * OsmAnd's {@code alarm} parameter). Each raises an alert at its onset ({@code device_alarm}, or
 * {@code sos} for {@link #SOS}); {@link #urgent()} ones at the highest severity.
 */
public enum DeviceAlarm implements Term {
    /** The emergency button (紧急报警, JT/T 808 alarm bit 0; Traccar {@code sos}). */
    SOS("sos", "紧急报警", true),
    /** Over the speed limit (超速报警, bit 1). */
    OVERSPEED("overspeed", "超速报警", false),
    /** Driving too long without rest (疲劳驾驶, bit 2). */
    FATIGUE("fatigue", "疲劳驾驶", false),
    /** A danger warning from the terminal (危险预警, bit 3). */
    DANGER("danger", "危险预警", false),
    /** The satellite positioning module or its antenna failed (定位模块故障, bits 4–6). */
    GNSS_FAULT("gnss_fault", "定位模块故障", false),
    /** The main power runs low (主电源欠压, bit 7; Traccar {@code lowPower}, {@code lowBattery}). */
    POWER_LOW("power_low", "电源欠压", false),
    /** The main power was cut (主电源掉电, bit 8; Traccar {@code powerCut}): a terminal torn out. */
    POWER_CUT("power_cut", "电源掉电", true),
    /** The vehicle was moved without ignition or stolen (非法位移、车辆被盗, bits 26–28). */
    TAMPER("tamper", "非法位移", true),
    /** A collision or rollover (碰撞侧翻报警, bit 29; Traccar {@code accident}). */
    COLLISION("collision", "碰撞侧翻", true),
    /** A fall of the wearer (跌倒报警; Traccar {@code fallDown}). */
    FALL_DOWN("fall_down", "跌倒报警", true);

    private final String id;
    private final String label;
    private final boolean urgent;

    DeviceAlarm(String id, String label, boolean urgent) {
        this.id = id;
        this.label = label;
        this.urgent = urgent;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /** True when a person may be in danger now: the alert goes out at the highest severity. */
    public boolean urgent() {
        return urgent;
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<DeviceAlarm> parse(String text) {
        return Term.parse(DeviceAlarm.class, text);
    }
}

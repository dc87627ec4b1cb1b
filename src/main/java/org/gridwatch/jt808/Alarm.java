package org.gridwatch.jt808;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The alarm flag bits of a location report (the DWORD at offset 0 of 0x0200; JT/T 808-2013 table
 * 24, with the bits 2019 added). Bits 12–14 and 30–31 were reserved in 2011; bits 15–17 are 2019's
 * (reserved before). 2019 renamed bit 3 危险驾驶行为报警 and bit 29 碰撞侧翻报警; the labels below
 * are the 2013 ones.
 *
 * <p>Some flags stay set until the platform answers ({@link #clearedByAnswer()}: "收到应答后清零"),
 * the others until the condition ends ("标志维持至报警条件解除"): a terminal keeps reporting an SOS in
 * every position until a general response acknowledges it.
 */
public enum Alarm {
    /** 紧急报警: the SOS button. */
    EMERGENCY(0, "emergency", "紧急报警", true, Edition.V2011),
    /** 超速报警. */
    OVERSPEED(1, "overspeed", "超速报警", false, Edition.V2011),
    /** 疲劳驾驶. */
    FATIGUE(2, "fatigue", "疲劳驾驶", false, Edition.V2011),
    /** 危险预警 (2019: 危险驾驶行为报警). */
    DANGER_WARNING(3, "danger_warning", "危险预警", true, Edition.V2011),
    /** GNSS 模块发生故障. */
    GNSS_FAULT(4, "gnss_fault", "GNSS模块故障", false, Edition.V2011),
    /** GNSS 天线未接或被剪断. */
    GNSS_ANTENNA_CUT(5, "gnss_antenna_cut", "GNSS天线未接或被剪断", false, Edition.V2011),
    /** GNSS 天线短路. */
    GNSS_ANTENNA_SHORT(6, "gnss_antenna_short", "GNSS天线短路", false, Edition.V2011),
    /** 终端主电源欠压. */
    POWER_LOW(7, "power_low", "终端主电源欠压", false, Edition.V2011),
    /** 终端主电源掉电: the terminal runs on its backup battery (cut wire, removed unit). */
    POWER_CUT(8, "power_cut", "终端主电源掉电", false, Edition.V2011),
    /** 终端 LCD 或显示器故障. */
    DISPLAY_FAULT(9, "display_fault", "终端LCD或显示器故障", false, Edition.V2011),
    /** TTS 模块故障. */
    TTS_FAULT(10, "tts_fault", "TTS模块故障", false, Edition.V2011),
    /** 摄像头故障. */
    CAMERA_FAULT(11, "camera_fault", "摄像头故障", false, Edition.V2011),
    /** 道路运输证 IC 卡模块故障 (2013). */
    IC_CARD_FAULT(12, "ic_card_fault", "道路运输证IC卡模块故障", false, Edition.V2013),
    /** 超速预警 (2013). */
    OVERSPEED_WARNING(13, "overspeed_warning", "超速预警", false, Edition.V2013),
    /** 疲劳驾驶预警 (2013). */
    FATIGUE_WARNING(14, "fatigue_warning", "疲劳驾驶预警", false, Edition.V2013),
    /** 违规行驶报警 (2019). */
    DRIVING_VIOLATION(15, "driving_violation", "违规行驶报警", false, Edition.V2019),
    /** 胎压预警 (2019). */
    TIRE_PRESSURE_WARNING(16, "tire_pressure_warning", "胎压预警", false, Edition.V2019),
    /** 右转盲区异常报警 (2019). */
    RIGHT_TURN_BLIND_SPOT(17, "right_turn_blind_spot", "右转盲区异常报警", false, Edition.V2019),
    /** 当天累计驾驶超时. */
    DAILY_DRIVING_EXCEEDED(18, "daily_driving_exceeded", "当天累计驾驶超时", false, Edition.V2011),
    /** 超时停车. */
    PARKING_TIMEOUT(19, "parking_timeout", "超时停车", false, Edition.V2011),
    /** 进出区域. */
    AREA(20, "area", "进出区域", true, Edition.V2011),
    /** 进出路线. */
    ROUTE(21, "route", "进出路线", true, Edition.V2011),
    /** 路段行驶时间不足/过长. */
    ROUTE_TIME(22, "route_time", "路段行驶时间不足/过长", true, Edition.V2011),
    /** 路线偏离报警. */
    ROUTE_DEVIATION(23, "route_deviation", "路线偏离报警", false, Edition.V2011),
    /** 车辆 VSS 故障. */
    VSS_FAULT(24, "vss_fault", "车辆VSS故障", false, Edition.V2011),
    /** 车辆油量异常. */
    FUEL_ABNORMAL(25, "fuel_abnormal", "车辆油量异常", false, Edition.V2011),
    /** 车辆被盗 (通过车辆防盗器). */
    THEFT(26, "theft", "车辆被盗", false, Edition.V2011),
    /** 车辆非法点火. */
    ILLEGAL_IGNITION(27, "illegal_ignition", "车辆非法点火", true, Edition.V2011),
    /** 车辆非法位移. */
    ILLEGAL_MOVEMENT(28, "illegal_movement", "车辆非法位移", true, Edition.V2011),
    /** 碰撞预警 (2019: 碰撞侧翻报警). */
    COLLISION(29, "collision", "碰撞预警", false, Edition.V2011),
    /** 侧翻预警 (2013). */
    ROLLOVER(30, "rollover", "侧翻预警", false, Edition.V2013),
    /** 非法开门报警 (2013; not judged when the terminal has no area set). */
    ILLEGAL_DOOR_OPEN(31, "illegal_door_open", "非法开门报警", true, Edition.V2013);

    private static final Alarm[] BY_BIT = new Alarm[32];

    static {
        for (Alarm a : values()) {
            BY_BIT[a.bit] = a;
        }
    }

    private final int bit;
    private final String id;
    private final String label;
    private final boolean clearedByAnswer;
    private final Edition since;

    Alarm(int bit, String id, String label, boolean clearedByAnswer, Edition since) {
        this.bit = bit;
        this.id = id;
        this.label = label;
        this.clearedByAnswer = clearedByAnswer;
        this.since = since;
    }

    /** The bit of the alarm flags, 0..31. */
    public int bit() {
        return bit;
    }

    /** The stable English id, snake_case (an API and metric vocabulary). */
    public String id() {
        return id;
    }

    /** The Chinese label for the user interface. */
    public String label() {
        return label;
    }

    /** Whether the terminal clears the flag when the platform answers the report, rather than when the condition ends. */
    public boolean clearedByAnswer() {
        return clearedByAnswer;
    }

    /** The first edition that defines the bit (reserved before it). */
    public Edition since() {
        return since;
    }

    /** This alarm's bit as a flag value. */
    public long mask() {
        return 1L << bit;
    }

    /** The alarms whose bits are set in the low 32 bits of {@code flags}; unmodifiable. */
    public static Set<Alarm> of(long flags) {
        EnumSet<Alarm> set = EnumSet.noneOf(Alarm.class);
        for (int b = 0; b < 32; b++) {
            if ((flags & 1L << b) != 0) {
                set.add(BY_BIT[b]);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    /** The flag value with the bits of {@code alarms} set. */
    public static long flags(Set<Alarm> alarms) {
        long f = 0;
        for (Alarm a : alarms) {
            f |= a.mask();
        }
        return f;
    }
}

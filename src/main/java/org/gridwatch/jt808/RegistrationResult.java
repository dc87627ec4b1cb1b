package org.gridwatch.jt808;

/** The result byte of a registration response 0x8100 (2011, 2013, 2019). */
public final class RegistrationResult {
    /** 成功: the response carries the authentication code. */
    public static final int SUCCESS = 0;
    /** 车辆已被注册. */
    public static final int VEHICLE_REGISTERED = 1;
    /** 数据库中无该车辆. */
    public static final int NO_SUCH_VEHICLE = 2;
    /** 终端已被注册. */
    public static final int TERMINAL_REGISTERED = 3;
    /** 数据库中无该终端. */
    public static final int NO_SUCH_TERMINAL = 4;

    private RegistrationResult() {
    }
}

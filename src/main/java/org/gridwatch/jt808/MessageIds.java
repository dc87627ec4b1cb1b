package org.gridwatch.jt808;

/**
 * The message ids GridWatch reads or writes (the same ids in 2011, 2013 and 2019), and
 * a bounded name for each for metric labels.
 */
public final class MessageIds {
    /** 终端通用应答: the terminal's answer to a platform command (reply serial, reply id, result). */
    public static final int TERMINAL_GENERAL_RESPONSE = 0x0001;
    /** 终端心跳: empty body. */
    public static final int HEARTBEAT = 0x0002;
    /** 终端注销: empty body. */
    public static final int LOGOUT = 0x0003;
    /** 终端注册: {@link Registration}. */
    public static final int REGISTRATION = 0x0100;
    /** 终端鉴权: {@link Authentication}. */
    public static final int AUTHENTICATION = 0x0102;
    /** 位置信息汇报: {@link Location}. */
    public static final int LOCATION = 0x0200;
    /** 定位数据批量上传: {@link LocationBatch}. */
    public static final int LOCATION_BATCH = 0x0704;
    /** 平台通用应答: {@link GeneralResponse}. */
    public static final int PLATFORM_GENERAL_RESPONSE = 0x8001;
    /** 终端注册应答: {@link RegistrationResponse}. */
    public static final int REGISTRATION_RESPONSE = 0x8100;

    private MessageIds() {
    }

    /**
     * A snake_case name for the ids above, {@code "other"} for every other id: a label of bounded
     * cardinality whatever a terminal sends.
     */
    public static String name(int messageId) {
        return switch (messageId) {
            case TERMINAL_GENERAL_RESPONSE -> "terminal_general_response";
            case HEARTBEAT -> "heartbeat";
            case LOGOUT -> "logout";
            case REGISTRATION -> "registration";
            case AUTHENTICATION -> "authentication";
            case LOCATION -> "location";
            case LOCATION_BATCH -> "location_batch";
            case PLATFORM_GENERAL_RESPONSE -> "platform_general_response";
            case REGISTRATION_RESPONSE -> "registration_response";
            default -> "other";
        };
    }
}

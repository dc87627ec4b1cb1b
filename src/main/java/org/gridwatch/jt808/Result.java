package org.gridwatch.jt808;

/** The result byte of a general response, 0x8001 and 0x0001. */
public final class Result {
    /** 成功/确认. */
    public static final int SUCCESS = 0;
    /** 失败. */
    public static final int FAILURE = 1;
    /** 消息有误: the body could not be read. */
    public static final int MESSAGE_ERROR = 2;
    /** 不支持: a message id this platform does not handle. */
    public static final int NOT_SUPPORTED = 3;
    /** 报警处理确认 (0x8001 only): the alarm is acknowledged; the terminal clears the flags that clear on an answer. */
    public static final int ALARM_CONFIRMED = 4;

    private Result() {
    }
}

package org.gridwatch.jt808;

/**
 * A general response: the platform's 0x8001 平台通用应答, or the terminal's 0x0001 终端通用应答, which
 * has the same body.
 *
 * <table>
 * <caption>0x8001 / 0x0001 body</caption>
 * <tr><th>field</th><th>type</th></tr>
 * <tr><td>reply serial 应答流水号: the serial of the message answered</td><td>WORD</td></tr>
 * <tr><td>reply id 应答 ID: the message id answered</td><td>WORD</td></tr>
 * <tr><td>result 结果 ({@link Result})</td><td>BYTE</td></tr>
 * </table>
 *
 * @param replySerial    the serial of the message answered, 0..65535
 * @param replyMessageId the id of the message answered, 0..65535
 * @param result         the result, 0..255 ({@link Result})
 */
public record GeneralResponse(int replySerial, int replyMessageId, int result) {

    /**
     * Reads a 0x8001 or 0x0001 body.
     *
     * @throws Jt808Exception if the message is neither, or its body is shorter than 5 bytes
     */
    public static GeneralResponse decode(Message m) {
        int id = m.header().messageId() == MessageIds.TERMINAL_GENERAL_RESPONSE ? MessageIds.TERMINAL_GENERAL_RESPONSE
                : MessageIds.PLATFORM_GENERAL_RESPONSE;
        BodyReader r = BodyReader.of(m, id, "general response");
        return new GeneralResponse(r.u16("reply serial"), r.u16("reply id"), r.u8("result"));
    }

    /** This response's body. */
    public byte[] encode() {
        return new BodyWriter().u16(replySerial, "reply serial").u16(replyMessageId, "reply id").u8(result, "result").toByteArray();
    }
}

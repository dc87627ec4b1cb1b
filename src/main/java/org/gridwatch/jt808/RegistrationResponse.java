package org.gridwatch.jt808;

/**
 * Registration response 终端注册应答, message 0x8100.
 *
 * <table>
 * <caption>0x8100 body</caption>
 * <tr><th>field</th><th>type</th></tr>
 * <tr><td>reply serial 应答流水号: the serial of the 0x0100 answered</td><td>WORD</td></tr>
 * <tr><td>result 结果 ({@link RegistrationResult})</td><td>BYTE</td></tr>
 * <tr><td>authentication code 鉴权码, only when the result is 0</td><td>STRING, the rest</td></tr>
 * </table>
 *
 * @param replySerial the serial of the registration answered, 0..65535
 * @param result      the result, 0..255 ({@link RegistrationResult})
 * @param authCode    the authentication code when the result is {@link RegistrationResult#SUCCESS}, else {@code null}
 */
public record RegistrationResponse(int replySerial, int result, String authCode) {

    /**
     * Reads a 0x8100 body.
     *
     * @throws Jt808Exception if the message is not 0x8100 or its body is shorter than 3 bytes
     */
    public static RegistrationResponse decode(Message m) {
        BodyReader r = BodyReader.of(m, MessageIds.REGISTRATION_RESPONSE, "registration response");
        int serial = r.u16("reply serial");
        int result = r.u8("result");
        return new RegistrationResponse(serial, result, result == RegistrationResult.SUCCESS ? r.rest("authentication code") : null);
    }

    /**
     * This response's body; the code is written only for a success.
     *
     * @throws IllegalArgumentException if the result is a success without a code
     */
    public byte[] encode() {
        BodyWriter w = new BodyWriter().u16(replySerial, "reply serial").u8(result, "result");
        if (result == RegistrationResult.SUCCESS) {
            if (authCode == null || authCode.isEmpty()) {
                throw new IllegalArgumentException("a successful registration response needs an authentication code");
            }
            w.string(authCode);
        }
        return w.toByteArray();
    }
}

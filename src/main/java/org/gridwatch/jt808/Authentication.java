package org.gridwatch.jt808;

/**
 * Terminal authentication 终端鉴权, message 0x0102: the terminal presents the code the platform
 * gave it in the registration response, on every (re)connection.
 *
 * <table>
 * <caption>0x0102 body</caption>
 * <tr><th>edition</th><th>layout</th></tr>
 * <tr><td>2011, 2013</td><td>authentication code: STRING, the whole body</td></tr>
 * <tr><td>2019</td><td>code length n: BYTE; code: STRING[n]; IMEI: BYTE[15]; software version: BYTE[20]</td></tr>
 * </table>
 *
 * Strings are GBK with NUL padding and surrounding white space removed.
 *
 * @param code            the authentication code
 * @param imei            the terminal's IMEI (2019), {@code null} before 2019
 * @param softwareVersion the terminal's software version (2019), {@code null} before 2019
 */
public record Authentication(String code, String imei, String softwareVersion) {
    private static final int IMEI_BYTES = 15;
    private static final int VERSION_BYTES = 20;

    /**
     * Reads a 0x0102 body in the layout of the message's header edition.
     *
     * @throws Jt808Exception if the message is not 0x0102, or a 2019 body is shorter than its fields
     */
    public static Authentication decode(Message m) {
        BodyReader r = BodyReader.of(m, MessageIds.AUTHENTICATION, "authentication");
        if (!m.header().v2019()) {
            return new Authentication(r.rest("code"), null, null);
        }
        int n = r.u8("code length");
        String code = r.string(n, "code");
        return new Authentication(code, r.string(IMEI_BYTES, "IMEI"), r.string(VERSION_BYTES, "software version"));
    }

    /**
     * This authentication's body: the 2019 layout if {@code v2019} (a {@code null} IMEI or version
     * is written as NULs), else the code alone.
     *
     * @throws IllegalArgumentException if the code is longer than 255 GBK bytes in 2019, or a field does not fit
     */
    public byte[] encode(boolean v2019) {
        BodyWriter w = new BodyWriter();
        if (!v2019) {
            return w.string(code).toByteArray();
        }
        byte[] c = code.getBytes(BodyReader.GBK);
        return w.u8(c.length, "code length").bytes(c)
                .string(imei == null ? "" : imei, IMEI_BYTES, "IMEI")
                .string(softwareVersion == null ? "" : softwareVersion, VERSION_BYTES, "software version")
                .toByteArray();
    }
}

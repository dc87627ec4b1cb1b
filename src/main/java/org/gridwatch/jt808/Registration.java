package org.gridwatch.jt808;

/**
 * Terminal registration 终端注册, message 0x0100. Body layout (STRING fields GBK, fixed-length ones
 * padded with 0x00):
 *
 * <table>
 * <caption>0x0100 body, bytes per edition</caption>
 * <tr><th>field</th><th>type</th><th>2011</th><th>2013</th><th>2019</th></tr>
 * <tr><td>province 省域 ID (the first two digits of the GB/T 2260 code)</td><td>WORD</td><td>2</td><td>2</td><td>2</td></tr>
 * <tr><td>city 市县域 ID (the last four digits)</td><td>WORD</td><td>2</td><td>2</td><td>2</td></tr>
 * <tr><td>manufacturer 制造商 ID</td><td>BYTE[n]</td><td>5</td><td>5</td><td>11</td></tr>
 * <tr><td>model 终端型号</td><td>BYTE[n]</td><td>8</td><td>20</td><td>30</td></tr>
 * <tr><td>terminal id 终端 ID</td><td>BYTE[n]</td><td>7</td><td>7</td><td>30</td></tr>
 * <tr><td>plate colour 车牌颜色 (0: no plate, then {@code plate} is the VIN)</td><td>BYTE</td><td>1</td><td>1</td><td>1</td></tr>
 * <tr><td>plate 车辆标识</td><td>STRING, the rest</td><td>…</td><td>…</td><td>…</td></tr>
 * </table>
 *
 * A 2019 header means the 2019 layout; otherwise a body shorter than 37 bytes (the 2013 fixed part)
 * is read as 2011, a longer one as 2013. A 2011 body with a plate of 12 bytes or more would be
 * misread as 2013 (a plate is 7–9 GBK bytes, but a VIN is 17). The strings have their NUL padding and surrounding
 * white space removed; a terminal that puts binary in a field gets it decoded as GBK all the same.
 *
 * @param province     province id, 0..65535
 * @param city         city or county id, 0..65535
 * @param manufacturer manufacturer id
 * @param model        terminal model
 * @param terminalId   terminal id (the manufacturer's, not the phone number)
 * @param plateColor   plate colour code (JT/T 415/697.7: 1 blue, 2 yellow, 3 black, 4 white, 9 other), 0..255
 * @param plate        licence plate (e.g. 鲁M12345), or the VIN when {@code plateColor} is 0
 * @param edition      the edition whose layout the body has
 */
public record Registration(int province, int city, String manufacturer, String model, String terminalId, int plateColor,
        String plate, Edition edition) {

    private static final int FIXED_2013 = 37;

    /**
     * Reads a 0x0100 body.
     *
     * @throws Jt808Exception if the message is not 0x0100 or its body is shorter than the fixed fields
     */
    public static Registration decode(Message m) {
        BodyReader r = BodyReader.of(m, MessageIds.REGISTRATION, "registration");
        Edition e = m.header().v2019() ? Edition.V2019 : m.body().length < FIXED_2013 ? Edition.V2011 : Edition.V2013;
        int province = r.u16("province");
        int city = r.u16("city");
        String manufacturer = r.string(manufacturerBytes(e), "manufacturer");
        String model = r.string(modelBytes(e), "model");
        String terminalId = r.string(terminalIdBytes(e), "terminal id");
        int plateColor = r.u8("plate colour");
        return new Registration(province, city, manufacturer, model, terminalId, plateColor, r.rest("plate"), e);
    }

    /**
     * This registration's body in its edition's layout.
     *
     * @throws IllegalArgumentException if a field does not fit its edition's length
     */
    public byte[] encode() {
        BodyWriter w = new BodyWriter().u16(province, "province").u16(city, "city")
                .string(manufacturer, manufacturerBytes(edition), "manufacturer")
                .string(model, modelBytes(edition), "model")
                .string(terminalId, terminalIdBytes(edition), "terminal id")
                .u8(plateColor, "plate colour")
                .string(plate);
        if (edition == Edition.V2011 && w.size() >= FIXED_2013) {
            throw new IllegalArgumentException("a 2011 body of 37 bytes or more would be read as 2013: plate " + plate);
        }
        return w.toByteArray();
    }

    private static int manufacturerBytes(Edition e) {
        return e == Edition.V2019 ? 11 : 5;
    }

    private static int modelBytes(Edition e) {
        return switch (e) {
            case V2011 -> 8;
            case V2013 -> 20;
            case V2019 -> 30;
        };
    }

    private static int terminalIdBytes(Edition e) {
        return e == Edition.V2019 ? 30 : 7;
    }
}

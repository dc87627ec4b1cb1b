package org.gridwatch.jt808;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Frames built byte by byte from the standard (JT/T 808-2013 and 2019; body layouts in each
 * record's Javadoc and docs/JT808.md), as they travel on the wire: delimiters, escaping and check
 * code written out. The check codes were computed apart from the code under test (a short Python
 * XOR over the hex), so a wrong check code or escape in the codec cannot hide here.
 */
final class HandBuiltFrames {
    private HandBuiltFrames() {
    }

    /** The bytes of the hex strings, concatenated. */
    static byte[] wire(String... hex) {
        return HexFormat.of().parseHex(String.join("", hex));
    }

    /** Everything {@code bytes} decodes to with a fresh decoder of the standard size, fed in one piece. */
    static List<Decoded> decodeAll(byte[] bytes) {
        List<Decoded> out = new ArrayList<>();
        new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES).feed(bytes, 0, bytes.length, out::add);
        return out;
    }

    /** The hex strings {@code fields[from..to)}, concatenated. */
    static String join(String[] fields, int from, int to) {
        return String.join("", java.util.Arrays.asList(fields).subList(from, to));
    }

    /** All the hex strings of {@code fields}, concatenated. */
    static String join(String[] fields) {
        return join(fields, 0, fields.length);
    }

    /** The one message {@code frame} decodes to; fails if it decodes to anything else. */
    static Message message(byte[] frame) {
        List<Decoded> out = decodeAll(frame);
        if (out.size() != 1 || !(out.get(0) instanceof Message m)) {
            throw new AssertionError("expected one message, got " + out);
        }
        return m;
    }

    /** The body of the location reports below: an SOS at Binzhou with every typed item and one unknown, 54 bytes. */
    static final String[] LOCATION_BODY = {
        "00000001", // alarm flags: bit 0 emergency
        "00000003", // status: bit 0 ACC on, bit 1 positioned
        "023a6b58", // latitude 37383000 = 37.383000° N
        "07081450", // longitude 117970000 = 117.970000° E
        "000c", // altitude 12 m
        "01c8", // speed 456 = 45.6 km/h
        "005a", // direction 90°
        "260315083000", // time 26-03-15 08:30:00 GMT+8
        "0104", // item 0x01 mileage, 4 bytes
        "00000bb8", // 3000 = 300.0 km
        "0202", // item 0x02 fuel, 2 bytes
        "01f4", // 500 = 50.0 L
        "0302", // item 0x03 recorder speed, 2 bytes
        "01c6", // 454 = 45.4 km/h
        "3001", // item 0x30 signal, 1 byte
        "1a", // 26
        "3101", // item 0x31 satellites, 1 byte
        "0c", // 12
        "2504", // item 0x25 extended vehicle signals, 4 bytes (kept raw)
        "00000102", // 0x00000102
    };

    /** The body of the batch uploads below: two blind-area reports, 66 bytes. */
    static final String[] BATCH_BODY = {
        "0002", // item count 2
        "01", // type 1: blind-area supplement
        "001c", // item 1 length 28
        "00000000", // alarm flags
        "00000002", // status: positioned
        "023a6b58", // 37.383000° N
        "07081450", // 117.970000° E
        "000a", // 10 m
        "0064", // 10.0 km/h
        "0000", // 0°
        "260314235958", // 26-03-14 23:59:58
        "001f", // item 2 length 31
        "00000000", // alarm flags
        "00000003", // status: ACC on, positioned
        "023a6bbc", // 37.383100° N
        "070814b4", // 117.970100° E
        "000b", // 11 m
        "00c8", // 20.0 km/h
        "002d", // 45°
        "260315000008", // 26-03-15 00:00:08
        "3101", // item 0x31 satellites
        "09", // 9
    };

    /** Heartbeat 0x0002, 2013 header, empty body. */
    static final byte[] HEARTBEAT_2013 = wire(
            "7e", // delimiter
            "0002", // message id 0x0002 heartbeat
            "0000", // attributes: body length 0, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0001", // serial 1
            "77", // check code: XOR of header and body
            "7e"); // delimiter

    /** Logout 0x0003, 2019 header, empty body. */
    static final byte[] LOGOUT_2019 = wire(
            "7e", // delimiter
            "0003", // message id 0x0003 logout
            "4000", // attributes: bit 14 version flag, body length 0
            "01", // protocol version 1
            "00000000013912344329", // phone BCD[10]: 00000000013912344329
            "0002", // serial 2
            "34", // check code: XOR of header and body
            "7e"); // delimiter

    /** Location 0x0200, 2013 header, {@link #LOCATION_BODY}. */
    static final byte[] LOCATION_2013 = wire(
            "7e", // delimiter
            "0200", // message id 0x0200 location report
            "0036", // attributes: body length 54, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0007", // serial 7
            join(LOCATION_BODY), // the body
            "22", // check code: XOR of header and body
            "7e"); // delimiter

    /** Location 0x0200, 2019 header, {@link #LOCATION_BODY}. */
    static final byte[] LOCATION_2019 = wire(
            "7e", // delimiter
            "0200", // message id 0x0200 location report
            "4036", // attributes: bit 14 version flag, body length 54
            "01", // protocol version 1
            "00000000013912344329", // phone BCD[10]: 00000000013912344329
            "0008", // serial 8
            join(LOCATION_BODY), // the body
            "6c", // check code: XOR of header and body
            "7e"); // delimiter

    /** Location 0x0200, 2013 header: south and west, negative int16 altitude, no items, the last second of 2099. */
    static final byte[] LOCATION_SOUTH_WEST = wire(
            "7e", // delimiter
            "0200", // message id 0x0200 location report
            "001c", // attributes: body length 28, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0009", // serial 9
            "00000000", // alarm flags: none
            "0000000e", // status: positioned, bit 2 south, bit 3 west
            "01c9c380", // latitude 30000000 = 30.000000° S
            "03938700", // longitude 60000000 = 60.000000° W
            "ffce", // altitude 0xffce: 65486 as WORD, -50 as int16
            "0000", // speed 0
            "0167", // direction 359°
            "991231235959", // time 99-12-31 23:59:59 GMT+8
            "3f", // check code: XOR of header and body
            "7e"); // delimiter

    /** Registration 0x0100 in the 2011 layout (model 8 bytes): body of 33 bytes, under the 37 of 2013. */
    static final byte[] REGISTRATION_2011 = wire(
            "7e", // delimiter
            "0100", // message id 0x0100 registration
            "0021", // attributes: body length 33, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0000", // serial 0
            "0025", // province 37 (Shandong)
            "0640", // city 1600 (Binzhou 3716xx)
            "4757313233", // manufacturer "GW123", 5 bytes
            "4757310000000000", // model "GW1", NUL-padded to 8 bytes
            "41424344313233", // terminal id "ABCD123", 7 bytes
            "01", // plate colour 1 blue
            "c2b34d3132333435", // plate 鲁M12345 (GBK)
            "0e", // check code: XOR of header and body
            "7e"); // delimiter

    /** Registration 0x0100 in the 2013 layout (model 20 bytes). */
    static final byte[] REGISTRATION_2013 = wire(
            "7e", // delimiter
            "0100", // message id 0x0100 registration
            "002d", // attributes: body length 45, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0000", // serial 0
            "0025", // province 37
            "0640", // city 1600
            "4757313233", // manufacturer "GW123", 5 bytes
            "47572d5433303030000000000000000000000000", // model "GW-T3000", NUL-padded to 20 bytes
            "41424344313233", // terminal id "ABCD123", 7 bytes
            "02", // plate colour 2 yellow
            "c2b34d3132333435", // plate 鲁M12345 (GBK)
            "4a", // check code: XOR of header and body
            "7e"); // delimiter

    /** Registration 0x0100 in the 2019 layout (11/30/30 bytes). */
    static final byte[] REGISTRATION_2019 = wire(
            "7e", // delimiter
            "0100", // message id 0x0100 registration
            "4054", // attributes: bit 14 version flag, body length 84
            "01", // protocol version 1
            "00000000013912344329", // phone BCD[10]: 00000000013912344329
            "0000", // serial 0
            "0025", // province 37
            "0640", // city 1600
            "4757313233000000000000", // manufacturer "GW123", NUL-padded to 11 bytes
            "47572d543330303000000000000000000000000000000000000000000000", // model "GW-T3000", NUL-padded to 30 bytes
            "000000000000000000003836373839303132333435363738393031323334", // terminal id "86789012345678901234", NUL-padded in front to 30 bytes
            "01", // plate colour 1 blue
            "c2b34d3132333435", // plate 鲁M12345 (GBK)
            "48", // check code: XOR of header and body
            "7e"); // delimiter

    /** Authentication 0x0102, 2013: the code is the whole body; it holds 0x7e and 0x7d. */
    static final byte[] AUTHENTICATION_2013 = wire(
            "7e", // delimiter
            "0102", // message id 0x0102 authentication
            "0005", // attributes: body length 5, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0003", // serial 3
            "617d02627d0163", // code "a~b}c": 0x7e and 0x7d in the body (escaped)
            "12", // check code: XOR of header and body
            "7e"); // delimiter

    /** Authentication 0x0102, 2019: code length, code, IMEI, software version. */
    static final byte[] AUTHENTICATION_2019 = wire(
            "7e", // delimiter
            "0102", // message id 0x0102 authentication
            "4029", // attributes: bit 14 version flag, body length 41
            "01", // protocol version 1
            "00000000013912344329", // phone BCD[10]: 00000000013912344329
            "0001", // serial 1
            "05", // code length 5
            "4142433132", // code "ABC12"
            "383637383930313233343536373839", // IMEI 867890123456789, 15 bytes
            "56322e312e300000000000000000000000000000", // software version "V2.1.0", NUL-padded to 20 bytes
            "04", // check code: XOR of header and body
            "7e"); // delimiter

    /** Batch upload 0x0704, 2013 header, {@link #BATCH_BODY}. */
    static final byte[] BATCH_2013 = wire(
            "7e", // delimiter
            "0704", // message id 0x0704 location batch
            "0042", // attributes: body length 66, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "000a", // serial 10
            join(BATCH_BODY), // the body
            "ac", // check code: XOR of header and body
            "7e"); // delimiter

    /** Batch upload 0x0704, 2019 header, {@link #BATCH_BODY}. */
    static final byte[] BATCH_2019 = wire(
            "7e", // delimiter
            "0704", // message id 0x0704 location batch
            "4042", // attributes: bit 14 version flag, body length 66
            "01", // protocol version 1
            "00000000013912344329", // phone BCD[10]: 00000000013912344329
            "000b", // serial 11
            join(BATCH_BODY), // the body
            "ec", // check code: XOR of header and body
            "7e"); // delimiter
    /** Heartbeat 0x0002 whose check code is 0x7e itself, sent escaped. */
    static final byte[] HEARTBEAT_CHECK_0X7E = wire(
            "7e", // delimiter
            "0002", // message id 0x0002 heartbeat
            "0000", // attributes: body length 0, 2011/2013 header
            "013912344329", // phone BCD[6]: 013912344329
            "0008", // serial 8
            "7d02", // check code: XOR of header and body (0x7e, escaped)
            "7e"); // delimiter

    /** Package 1 of 2 of {@link #LOCATION_BODY} (its first 16 bytes), serial 20. */
    static final byte[] LOCATION_PART_1 = wire(
            "7e", // delimiter
            "0200", // message id 0x0200 location report
            "2010", // attributes: bit 13 sub-packaged, body length 16
            "013912344329", // phone BCD[6]: 013912344329
            "0014", // serial 20
            "0002", // package count 2
            "0001", // package index 1
            join(LOCATION_BODY, 0, 4), // the body
            "13", // check code: XOR of header and body
            "7e"); // delimiter

    /** Package 2 of 2 (the other 38 bytes), serial 21. */
    static final byte[] LOCATION_PART_2 = wire(
            "7e", // delimiter
            "0200", // message id 0x0200 location report
            "2026", // attributes: bit 13 sub-packaged, body length 38
            "013912344329", // phone BCD[6]: 013912344329
            "0015", // serial 21
            "0002", // package count 2
            "0002", // package index 2
            join(LOCATION_BODY, 4, 20), // the body
            "42", // check code: XOR of header and body
            "7e"); // delimiter

}

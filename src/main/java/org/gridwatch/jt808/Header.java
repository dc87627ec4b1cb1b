package org.gridwatch.jt808;

/**
 * A JT/T 808 message header (2011/2013 and 2019 forms). Byte layout, after the
 * opening {@code 0x7e} and unescaping:
 *
 * <table>
 * <caption>Header</caption>
 * <tr><th>offset 2011/2013</th><th>offset 2019</th><th>field</th><th>type</th></tr>
 * <tr><td>0</td><td>0</td><td>message id</td><td>WORD</td></tr>
 * <tr><td>2</td><td>2</td><td>body attributes: bits 0–9 body length, 10–12 encryption (bit 10 RSA),
 *     13 sub-packaged, 14 version flag (2019 only; 0 before), 15 reserved</td><td>WORD</td></tr>
 * <tr><td>–</td><td>4</td><td>protocol version (1 for the first 2019 edition, then incremented)</td><td>BYTE</td></tr>
 * <tr><td>4</td><td>5</td><td>terminal phone number</td><td>BCD[6] (12 digits) / BCD[10] (20 digits)</td></tr>
 * <tr><td>10</td><td>15</td><td>serial number (流水号), from 0 in sending order, wrapping</td><td>WORD</td></tr>
 * <tr><td>12</td><td>17</td><td>only when sub-packaged: package count, package index from 1</td><td>WORD, WORD</td></tr>
 * </table>
 *
 * The header is 12 or 16 bytes (2011/2013), 17 or 21 bytes (2019). Immutable and thread-safe.
 *
 * @param messageId       the message id, 0..65535
 * @param v2019           whether the version flag (attribute bit 14) is set: a 2019 header
 * @param protocolVersion the 2019 version byte, 0..255; 0 for a 2011/2013 header
 * @param phone           the terminal phone number: the BCD digits as sent, leading zeros kept,
 *                        12 digits (2011/2013) or 20 (2019)
 * @param serial          the serial number, 0..65535
 * @param encrypted       whether attribute bit 10 (RSA) is set; GridWatch does not decrypt
 * @param packageCount    the number of packages of a sub-packaged message, 1..65535; 0 when not sub-packaged
 * @param packageIndex    this package's index, 1..packageCount; 0 when not sub-packaged
 * @param bodyLength      the body length from the attributes, 0..1023 on the wire (a reassembled
 *                        message's may be longer)
 */
public record Header(int messageId, boolean v2019, int protocolVersion, String phone, int serial, boolean encrypted,
        int packageCount, int packageIndex, int bodyLength) {

    /** Header length in bytes of a 2011/2013 header that is not sub-packaged. */
    public static final int LENGTH_2013 = 12;
    /** Header length in bytes of a 2019 header that is not sub-packaged. */
    public static final int LENGTH_2019 = 17;
    /** Bytes the package items add to a sub-packaged header. */
    public static final int PACKAGE_ITEMS = 4;
    /** Phone digits of a 2011/2013 header. */
    public static final int PHONE_DIGITS_2013 = 12;
    /** Phone digits of a 2019 header. */
    public static final int PHONE_DIGITS_2019 = 20;

    static final int LENGTH_MASK = 0x03ff;
    static final int RSA = 1 << 10;
    static final int SUBPACKAGED = 1 << 13;
    static final int VERSION_FLAG = 1 << 14;

    /** Checks the ranges. */
    public Header {
        requireRange("messageId", messageId, 0xffff);
        requireRange("protocolVersion", protocolVersion, v2019 ? 0xff : 0);
        requireRange("serial", serial, 0xffff);
        requireRange("packageCount", packageCount, 0xffff);
        requireRange("packageIndex", packageIndex, packageCount);
        if (packageCount > 0 && packageIndex == 0) {
            throw new IllegalArgumentException("packageIndex must be 1.." + packageCount + " for a sub-packaged header");
        }
        if (bodyLength < 0) {
            throw new IllegalArgumentException("bodyLength must not be negative: " + bodyLength);
        }
        int digits = v2019 ? PHONE_DIGITS_2019 : PHONE_DIGITS_2013;
        if (phone == null || phone.length() != digits || !phone.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("phone must be " + digits + " decimal digits: " + phone);
        }
    }

    /**
     * A 2011/2013 header, not sub-packaged, not encrypted, body length 0 (the frame writer sets it).
     *
     * @param phone up to 12 digits; shorter ones are padded with leading zeros
     */
    public static Header of2013(int messageId, String phone, int serial) {
        return new Header(messageId, false, 0, pad(phone, PHONE_DIGITS_2013), serial, false, 0, 0, 0);
    }

    /**
     * A 2019 header, not sub-packaged, not encrypted, body length 0 (the frame writer sets it).
     *
     * @param protocolVersion the version byte (1 for the first 2019 edition)
     * @param phone           up to 20 digits; shorter ones are padded with leading zeros
     */
    public static Header of2019(int messageId, int protocolVersion, String phone, int serial) {
        return new Header(messageId, true, protocolVersion, pad(phone, PHONE_DIGITS_2019), serial, false, 0, 0, 0);
    }

    /**
     * The header of another message in this header's form (same phone, edition and version): the
     * way a reply addresses the terminal. Not sub-packaged, not encrypted, body length 0.
     */
    public Header withMessage(int messageId, int serial) {
        return new Header(messageId, v2019, protocolVersion, phone, serial, false, 0, 0, 0);
    }

    /** This header with another body length (for a {@link Message} built by hand). */
    public Header withBodyLength(int bodyLength) {
        return new Header(messageId, v2019, protocolVersion, phone, serial, encrypted, packageCount, packageIndex, bodyLength);
    }

    /** Whether this message is one package of a sub-packaged message (attribute bit 13). */
    public boolean subpackaged() {
        return packageCount > 0;
    }

    /** This header's length in bytes on the wire (before escaping): 12, 16, 17 or 21. */
    public int length() {
        return (v2019 ? LENGTH_2019 : LENGTH_2013) + (subpackaged() ? PACKAGE_ITEMS : 0);
    }

    /**
     * A terminal phone number without its leading zeros, for matching an id a person typed
     * ({@code "013912344329"} and {@code "00000000013912344329"} both give {@code "13912344329"});
     * all zeros give {@code "0"}. Other characters are kept as they are.
     */
    public static String normalisedPhone(String phone) {
        int i = 0;
        while (i < phone.length() - 1 && phone.charAt(i) == '0') {
            i++;
        }
        return phone.substring(i);
    }

    /** Writes this header with {@code bodyLength} in its attributes; {@code out} has {@link #length()} bytes from {@code at}. */
    void write(byte[] out, int at, int bodyLength) {
        if (bodyLength > LENGTH_MASK) {
            throw new IllegalArgumentException("a body longer than " + LENGTH_MASK + " bytes must be sub-packaged: " + bodyLength);
        }
        int attributes = bodyLength | (encrypted ? RSA : 0) | (subpackaged() ? SUBPACKAGED : 0) | (v2019 ? VERSION_FLAG : 0);
        int p = at;
        p = putWord(out, p, messageId);
        p = putWord(out, p, attributes);
        if (v2019) {
            out[p++] = (byte) protocolVersion;
        }
        for (int i = 0; i < phone.length(); i += 2) {
            out[p++] = (byte) ((phone.charAt(i) - '0') << 4 | (phone.charAt(i + 1) - '0'));
        }
        p = putWord(out, p, serial);
        if (subpackaged()) {
            p = putWord(out, p, packageCount);
            putWord(out, p, packageIndex);
        }
    }

    /** Why {@link #parse} refused a header. */
    enum Problem { SHORT, BAD_PHONE, BAD_PACKAGE }

    /** A refusal of {@link #parse}, with the header when it could be read. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        final Problem problem;
        final transient Header header;

        ParseException(Problem problem, Header header, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
            this.header = header;
        }
    }

    /**
     * Reads the header at the start of {@code content[0..length)} (unescaped, check code excluded).
     *
     * @throws ParseException when there are fewer bytes than the header needs, the phone is not
     *                        BCD, or the package items are out of range
     */
    static Header parse(byte[] content, int length) throws ParseException {
        if (length < 4) {
            throw new ParseException(Problem.SHORT, null, length + " bytes, shorter than any header");
        }
        int messageId = word(content, 0);
        int attributes = word(content, 2);
        boolean v2019 = (attributes & VERSION_FLAG) != 0;
        boolean sub = (attributes & SUBPACKAGED) != 0;
        int need = (v2019 ? LENGTH_2019 : LENGTH_2013) + (sub ? PACKAGE_ITEMS : 0);
        if (length < need) {
            throw new ParseException(Problem.SHORT, null,
                    length + " bytes, shorter than the " + need + "-byte header the attributes announce");
        }
        int p = 4;
        int version = 0;
        if (v2019) {
            version = content[p++] & 0xff;
        }
        int phoneBytes = (v2019 ? PHONE_DIGITS_2019 : PHONE_DIGITS_2013) / 2;
        char[] digits = new char[phoneBytes * 2];
        for (int i = 0; i < phoneBytes; i++) {
            int b = content[p + i] & 0xff;
            int hi = b >> 4;
            int lo = b & 0x0f;
            if (hi > 9 || lo > 9) {
                throw new ParseException(Problem.BAD_PHONE, null,
                        String.format("phone byte %d is 0x%02x, not two BCD digits", i, b));
            }
            digits[2 * i] = (char) ('0' + hi);
            digits[2 * i + 1] = (char) ('0' + lo);
        }
        p += phoneBytes;
        int serial = word(content, p);
        p += 2;
        int count = 0;
        int index = 0;
        if (sub) {
            count = word(content, p);
            index = word(content, p + 2);
        }
        String phone = new String(digits);
        int bodyLength = attributes & LENGTH_MASK;
        boolean encrypted = (attributes & RSA) != 0;
        if (sub && (count == 0 || index == 0 || index > count)) {
            Header flat = new Header(messageId, v2019, version, phone, serial, encrypted, 0, 0, bodyLength);
            throw new ParseException(Problem.BAD_PACKAGE, flat, "package " + index + " of " + count);
        }
        return new Header(messageId, v2019, version, phone, serial, encrypted, count, index, bodyLength);
    }

    static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int putWord(byte[] out, int at, int value) {
        out[at] = (byte) (value >> 8);
        out[at + 1] = (byte) value;
        return at + 2;
    }

    private static String pad(String phone, int digits) {
        if (phone.length() > digits) {
            throw new IllegalArgumentException("phone must have at most " + digits + " digits: " + phone);
        }
        return "0".repeat(digits - phone.length()) + phone;
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " must be 0.." + max + ": " + value);
        }
    }
}

package org.gridwatch.jt808;

/**
 * A frame {@link FrameDecoder} could not accept. Per the standard a receiver drops it without an
 * answer; the terminal retransmits what it does not see answered.
 *
 * @param reason why, one of a bounded set (a metric label)
 * @param header the header when it could be read (for the log: which terminal), else {@code null}
 * @param detail a short English description for the log
 */
public record Malformed(Reason reason, Header header, String detail) implements Decoded {

    /** Why a frame was refused. */
    public enum Reason {
        /** The check code is not the XOR of header and body. */
        BAD_CHECK,
        /** {@code 0x7d} followed by something other than {@code 0x01} or {@code 0x02}. */
        BAD_ESCAPE,
        /** Shorter than its header, or the body length in the header differs from the bytes present. */
        TRUNCATED,
        /** More than the decoder's maximum frame size before a closing delimiter; the rest up to the next {@code 0x7e} is dropped. */
        OVERSIZE,
        /** An unreadable header: phone digits that are not BCD, package index 0 or beyond the count. */
        BAD_HEADER;

        /** The lower-case name, for metric labels and logs. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

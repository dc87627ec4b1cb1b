package org.gridwatch.jt808;

import java.util.Locale;

/**
 * A message body that cannot be read as its message id says: too short, a bad BCD time, a
 * truncated additional item, a length field that runs past the end. The message's header is good
 * (the frame decoder checked it), so the terminal can still be answered, with
 * {@link Result#MESSAGE_ERROR}.
 */
public final class Jt808Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the body, one of a bounded set (a metric label). */
    public enum Reason {
        /** Fewer bytes than the message's fixed fields need. */
        SHORT_BODY,
        /** A BCD time that has non-decimal digits or is no date (month 13, 30 February, …). */
        BAD_TIME,
        /** An additional item (or batch item) whose length runs past the end of the body. */
        BAD_ITEM,
        /** A field out of its range, or a message id that is not the one this decoder reads. */
        BAD_VALUE;

        /** The lower-case name, for metric labels and logs. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public Jt808Exception(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }
}

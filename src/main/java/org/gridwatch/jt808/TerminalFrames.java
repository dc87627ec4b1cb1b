package org.gridwatch.jt808;

/**
 * The terminal's side, for simulators and tests: every terminal message GridWatch reads, as a
 * frame. Each method takes a header {@code form} of which it uses the phone, the 2019 flag and
 * version byte and the serial (the message id, package items, encryption and length are its own);
 * the bodies follow the form's edition. The platform's answers are read with
 * {@link GeneralResponse#decode} and {@link RegistrationResponse#decode}. Stateless and thread-safe.
 */
public final class TerminalFrames {
    private TerminalFrames() {
    }

    /**
     * A registration 0x0100.
     *
     * @throws IllegalArgumentException if the registration's edition is not the form's (2019 with a
     *                                  2019 header, 2011 or 2013 with an older one)
     */
    public static byte[] registration(Header form, Registration r) {
        if ((r.edition() == Edition.V2019) != form.v2019()) {
            throw new IllegalArgumentException("a " + r.edition() + " registration in a " + (form.v2019() ? "2019" : "2011/2013") + " header");
        }
        return frame(form, MessageIds.REGISTRATION, r.encode());
    }

    /** An authentication 0x0102, in the 2019 layout if the form is 2019. */
    public static byte[] authentication(Header form, Authentication a) {
        return frame(form, MessageIds.AUTHENTICATION, a.encode(form.v2019()));
    }

    /** A heartbeat 0x0002. */
    public static byte[] heartbeat(Header form) {
        return frame(form, MessageIds.HEARTBEAT, new byte[0]);
    }

    /** A logout 0x0003. */
    public static byte[] logout(Header form) {
        return frame(form, MessageIds.LOGOUT, new byte[0]);
    }

    /** A location report 0x0200. */
    public static byte[] location(Header form, Location l) {
        return frame(form, MessageIds.LOCATION, l.encode());
    }

    /**
     * A batch upload 0x0704 in one frame.
     *
     * @throws IllegalArgumentException if the body exceeds {@link Frames#MAX_BODY}: then send
     *                                  {@code Frames.encodeSplit(form.withMessage(MessageIds.LOCATION_BATCH, serial), batch.encode(), n)}
     */
    public static byte[] locationBatch(Header form, LocationBatch batch) {
        return frame(form, MessageIds.LOCATION_BATCH, batch.encode());
    }

    /** A terminal general response 0x0001 to a platform message. */
    public static byte[] generalResponse(Header form, GeneralResponse r) {
        return frame(form, MessageIds.TERMINAL_GENERAL_RESPONSE, r.encode());
    }

    private static byte[] frame(Header form, int messageId, byte[] body) {
        return Frames.encode(form.withMessage(messageId, form.serial()), body);
    }
}

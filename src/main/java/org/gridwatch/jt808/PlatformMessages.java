package org.gridwatch.jt808;

/**
 * The platform's answers, as frames ready to write to the terminal's connection. Each answer is
 * addressed in the form of the header it answers (same phone, same 2019 flag and version byte),
 * carries the platform's own serial, is neither sub-packaged nor encrypted. Stateless and thread-safe.
 */
public final class PlatformMessages {
    private PlatformMessages() {
    }

    /**
     * A general response 0x8001 to {@code answered}.
     *
     * @param platformSerial the platform's serial for this connection, 0..65535
     * @param result         {@link Result}, 0..255
     */
    public static byte[] generalResponse(Header answered, int platformSerial, int result) {
        return Frames.encode(answered.withMessage(MessageIds.PLATFORM_GENERAL_RESPONSE, platformSerial),
                new GeneralResponse(answered.serial(), answered.messageId(), result).encode());
    }

    /**
     * A registration response 0x8100 to the registration {@code answered}.
     *
     * @param platformSerial the platform's serial for this connection, 0..65535
     * @param result         {@link RegistrationResult}, 0..255
     * @param authCode       the authentication code (GBK), required for a success, ignored otherwise
     */
    public static byte[] registrationResponse(Header answered, int platformSerial, int result, String authCode) {
        return Frames.encode(answered.withMessage(MessageIds.REGISTRATION_RESPONSE, platformSerial),
                new RegistrationResponse(answered.serial(), result, result == RegistrationResult.SUCCESS ? authCode : null).encode());
    }
}

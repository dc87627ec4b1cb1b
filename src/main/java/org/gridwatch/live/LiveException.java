package org.gridwatch.live;

/**
 * A client frame the server refuses: becomes an {@code error} frame with {@link #code()}; the
 * frame changes nothing and the connection stays open.
 */
final class LiveException extends RuntimeException {
    private final String code;

    /**
     * @param code    the protocol error code, e.g. {@code bad_param}
     * @param message what was wrong, naming the field
     */
    LiveException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}

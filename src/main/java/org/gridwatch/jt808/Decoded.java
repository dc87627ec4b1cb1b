package org.gridwatch.jt808;

/**
 * What {@link FrameDecoder} makes of the bytes between two {@code 0x7e} delimiters: a
 * {@link Message} whose check code and header are right, or a {@link Malformed} frame and why.
 */
public sealed interface Decoded permits Message, Malformed {
}

/**
 * The JT/T 808 codec (部标 808, the transport ministry's terminal protocol, editions 2011, 2013 and
 * 2019): pure Java, no I/O, no threads, no other GridWatch package.
 *
 * <ul>
 * <li>Framing: {@link org.gridwatch.jt808.FrameDecoder} splits a TCP byte stream into
 *     {@link org.gridwatch.jt808.Decoded} frames (a {@link org.gridwatch.jt808.Message} or a
 *     {@link org.gridwatch.jt808.Malformed} one with its reason), {@link org.gridwatch.jt808.Frames}
 *     writes them; {@link org.gridwatch.jt808.Subpackages} reassembles sub-packaged messages.</li>
 * <li>Terminal → platform bodies: {@link org.gridwatch.jt808.Registration} (0x0100),
 *     {@link org.gridwatch.jt808.Authentication} (0x0102), {@link org.gridwatch.jt808.Location}
 *     (0x0200) with its {@link org.gridwatch.jt808.Alarm} flags, {@link org.gridwatch.jt808.LocationBatch}
 *     (0x0704); heartbeat (0x0002) and logout (0x0003) have empty bodies. A body that cannot be
 *     read throws {@link org.gridwatch.jt808.Jt808Exception}.</li>
 * <li>Platform → terminal: {@link org.gridwatch.jt808.PlatformMessages} (0x8001, 0x8100) and the
 *     terminal side for simulators and tests, {@link org.gridwatch.jt808.TerminalFrames}.</li>
 * </ul>
 *
 * <h2>Wire conventions (JT/T 808-2013 and 2019)</h2>
 * Big-endian; BYTE/WORD/DWORD are unsigned 8/16/32-bit integers; BCD[n] is n bytes of two decimal
 * digits each; STRING is GBK. A frame is {@code 0x7e | header | body | check code | 0x7e}; the check
 * code is the XOR of every byte of header and body; then {@code 0x7e} becomes {@code 0x7d 0x02} and
 * {@code 0x7d} becomes {@code 0x7d 0x01} between the delimiters. docs/JT808.md has the tables.
 *
 * <h2>Threads</h2>
 * Records and the static codecs are immutable and thread-safe. {@code FrameDecoder} and
 * {@code Subpackages} hold one connection's state and are not thread-safe: use each from the one
 * thread that owns the connection (in GridWatch, its event loop).
 */
package org.gridwatch.jt808;

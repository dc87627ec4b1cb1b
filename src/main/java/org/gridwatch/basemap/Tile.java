package org.gridwatch.basemap;

/**
 * One tile as stored in its archive.
 *
 * @param data the stored bytes (not to be modified)
 * @param gzip true when {@code data} is gzip-compressed (served with {@code Content-Encoding: gzip})
 */
public record Tile(byte[] data, boolean gzip) {
    /** True when {@code data} starts with the gzip magic number (1f 8b). */
    public static boolean gzipped(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }
}

package org.gridwatch.basemap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The PMTiles v3 encoding (protomaps, {@code spec/v3/spec.md}): the 127-byte little-endian header,
 * tile ids on the Hilbert curves of each zoom, varint-encoded directories. Stateless; thread-safe.
 */
final class PmTiles {
    static final int HEADER_BYTES = 127;
    static final int MAX_ZOOM = 26;
    /** Compression codes of the header's internal and tile compression fields. */
    static final int UNKNOWN = 0;
    static final int NONE = 1;
    static final int GZIP = 2;
    static final int BROTLI = 3;
    static final int ZSTD = 4;
    private static final List<String> COMPRESSIONS = List.of("unknown", "none", "gzip", "brotli", "zstd");
    private static final byte[] MAGIC = "PMTiles".getBytes(StandardCharsets.US_ASCII);

    private PmTiles() {
    }

    /** The header's fields; offsets and lengths in bytes from the start of the file. */
    record Header(long rootOffset, long rootLength, long metadataOffset, long metadataLength, long leafOffset,
                  long leafLength, long dataOffset, long dataLength, long addressedTiles, long tileEntries,
                  long tileContents, boolean clustered, int internalCompression, int tileCompression, int tileType,
                  int minZoom, int maxZoom, double minLon, double minLat, double maxLon, double maxLat, int centerZoom,
                  double centerLon, double centerLat) {
    }

    /**
     * A directory entry: tile ids {@code tileId … tileId + runLength − 1} hold the bytes at
     * {@code offset} (from the tile data section), or, with {@code runLength} 0, a leaf directory at
     * {@code offset} from the leaf section whose first id is {@code tileId}.
     */
    record Entry(long tileId, long offset, int length, long runLength) {
    }

    /** The name of a compression code, for messages. */
    static String compressionName(int code) {
        return code >= 0 && code < COMPRESSIONS.size() ? COMPRESSIONS.get(code) : "code " + code;
    }

    /** Reads the header from the file's first {@value #HEADER_BYTES} bytes. */
    static Header header(ByteBuffer b) throws IOException {
        if (b.remaining() < HEADER_BYTES) {
            throw new IOException("shorter than the 127-byte PMTiles header");
        }
        b = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw new IOException("not a PMTiles file (no 'PMTiles' magic number)");
            }
        }
        int version = b.get(7) & 0xff;
        if (version != 3) {
            throw new IOException("PMTiles version " + version + " (only version 3 is read)");
        }
        return new Header(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40), b.getLong(48),
                b.getLong(56), b.getLong(64), b.getLong(72), b.getLong(80), b.getLong(88), b.get(96) == 1,
                b.get(97) & 0xff, b.get(98) & 0xff, b.get(99) & 0xff, b.get(100) & 0xff, b.get(101) & 0xff,
                b.getInt(102) / 1e7, b.getInt(106) / 1e7, b.getInt(110) / 1e7, b.getInt(114) / 1e7, b.get(118) & 0xff,
                b.getInt(119) / 1e7, b.getInt(123) / 1e7);
    }

    /** The tile id of z/x/y: the tiles of all lower zooms, then the position on zoom z's Hilbert curve. */
    static long tileId(int z, long x, long y) {
        if (z > MAX_ZOOM) {
            throw new IllegalArgumentException("z: " + z + " is above " + MAX_ZOOM + ", the deepest PMTiles zoom");
        }
        long base = ((1L << (2 * z)) - 1) / 3;
        long n = 1L << z;
        long d = 0;
        for (long s = n / 2; s > 0; s /= 2) {
            long rx = (x & s) > 0 ? 1 : 0;
            long ry = (y & s) > 0 ? 1 : 0;
            d += s * s * ((3 * rx) ^ ry);
            long[] r = rotate(n, x, y, rx, ry);
            x = r[0];
            y = r[1];
        }
        return base + d;
    }

    /** The Hilbert curve's quadrant rotation of x, y in a square of side n. */
    private static long[] rotate(long n, long x, long y, long rx, long ry) {
        if (ry != 0) {
            return new long[] {x, y};
        }
        return rx == 1 ? new long[] {n - 1 - y, n - 1 - x} : new long[] {y, x};
    }

    /** The z/x/y of a tile id, as {@code {z, x, y}}: the inverse of {@link #tileId}. */
    static long[] zxy(long id) {
        long acc = 0;
        for (int z = 0; z <= MAX_ZOOM; z++) {
            long count = 1L << (2 * z);
            if (acc + count > id) {
                long t = id - acc;
                long x = 0;
                long y = 0;
                for (long s = 1; s < (1L << z); s *= 2) {
                    long rx = 1 & (t / 2);
                    long ry = 1 & (t ^ rx);
                    long[] r = rotate(s, x, y, rx, ry);
                    x = r[0] + s * rx;
                    y = r[1] + s * ry;
                    t /= 4;
                }
                return new long[] {z, x, y};
            }
            acc += count;
        }
        throw new IllegalArgumentException("tile id " + id + " lies beyond zoom " + MAX_ZOOM);
    }

    /** Decompresses {@code bytes} compressed with {@code compression} (none or gzip). */
    static byte[] decompress(byte[] bytes, int compression) throws IOException {
        return switch (compression) {
            case NONE -> bytes;
            case GZIP -> {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    yield in.readAllBytes();
                }
            }
            default -> throw new IOException("compression " + compressionName(compression)
                    + " is not supported (only none and gzip)");
        };
    }

    /** Decodes a (decompressed) directory. */
    static Entry[] directory(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long count = varint(b);
        if (count <= 0 || count > bytes.length) {
            throw new IOException("directory with " + count + " entries in " + bytes.length + " bytes");
        }
        int n = (int) count;
        long[] ids = new long[n];
        long last = 0;
        for (int i = 0; i < n; i++) {
            last += varint(b);
            ids[i] = last;
        }
        long[] runs = new long[n];
        for (int i = 0; i < n; i++) {
            runs[i] = varint(b);
        }
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            long l = varint(b);
            if (l <= 0 || l > Integer.MAX_VALUE) {
                throw new IOException("directory entry " + i + " has length " + l);
            }
            lengths[i] = (int) l;
        }
        Entry[] entries = new Entry[n];
        for (int i = 0; i < n; i++) {
            long v = varint(b);
            long offset = v == 0 && i > 0 ? entries[i - 1].offset() + entries[i - 1].length() : v - 1;
            if (offset < 0) {
                throw new IOException("directory entry " + i + " has no offset");
            }
            entries[i] = new Entry(ids[i], offset, lengths[i], runs[i]);
        }
        return entries;
    }

    /**
     * The entry covering {@code tileId}: the entry with that id, one whose run covers it, or the
     * leaf directory entry (run length 0) before it; null when none does.
     */
    static Entry find(Entry[] entries, long tileId) {
        int lo = 0;
        int hi = entries.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long c = entries[mid].tileId();
            if (c < tileId) {
                lo = mid + 1;
            } else if (c > tileId) {
                hi = mid - 1;
            } else {
                return entries[mid];
            }
        }
        if (hi >= 0) {
            Entry e = entries[hi];
            if (e.runLength() == 0 || tileId - e.tileId() < e.runLength()) {
                return e;
            }
        }
        return null;
    }

    /** An unsigned LEB128 varint (at most 64 bits). */
    static long varint(ByteBuffer b) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw new IOException("directory ends inside a number");
            }
            int x = b.get() & 0xff;
            value |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("directory number longer than 64 bits");
    }
}

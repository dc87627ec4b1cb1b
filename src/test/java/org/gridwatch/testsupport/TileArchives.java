package org.gridwatch.testsupport;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writers of small tile archives for tests, written from the specifications independently of the
 * readers under test: MBTiles 1.3 (SQLite, TMS rows) and PMTiles v3 (header, varint directories,
 * run lengths, leaf directories, gzip). Stateless.
 */
public final class TileArchives {
    private TileArchives() {
    }

    /** A tile address (XYZ, row 0 at the north). */
    public record Zxy(int z, int x, int y) {
    }

    /** gzip of {@code data}. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An MBTiles file with {@code metadata} and the tiles as given (stored with TMS rows). */
    public static Path mbtiles(Path file, Map<String, String> metadata, Map<Zxy, byte[]> tiles) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
            s.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metadata VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tiles VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<Zxy, byte[]> e : tiles.entrySet()) {
                    Zxy t = e.getKey();
                    ps.setInt(1, t.z());
                    ps.setInt(2, t.x());
                    ps.setInt(3, (1 << t.z()) - 1 - t.y());
                    ps.setBytes(4, e.getValue());
                    ps.executeUpdate();
                }
            }
        }
        return file;
    }

    /** The settings of a PMTiles file: header fields other than the sections' places. */
    public record PmSettings(int tileType, int tileCompression, int internalCompression, int minZoom, int maxZoom,
                             double[] bounds, double[] center, JsonObject metadata, int leafSize) {
        /** Vector tiles, gzip everywhere, a root directory only. */
        public static PmSettings vector(int minZoom, int maxZoom, JsonObject metadata) {
            return new PmSettings(1, 2, 2, minZoom, maxZoom, new double[] {117.3, 36.7, 118.4, 38.3},
                    new double[] {117.9, 37.4, 9}, metadata, 0);
        }

        /** The same with leaf directories of {@code n} entries each. */
        public PmSettings withLeaves(int n) {
            return new PmSettings(tileType, tileCompression, internalCompression, minZoom, maxZoom, bounds, center,
                    metadata, n);
        }

        /** The same with other compressions. */
        public PmSettings withCompression(int tiles, int internal) {
            return new PmSettings(tileType, tiles, internal, minZoom, maxZoom, bounds, center, metadata, leafSize);
        }
    }

    private record Entry(long tileId, long offset, int length, long runLength) {
    }

    /**
     * A PMTiles v3 file holding {@code tiles} by tile id (stored as given: compress them as
     * {@code s.tileCompression()} says). Consecutive ids with identical bytes become one entry with a
     * run length; identical bytes elsewhere share one blob.
     */
    public static Path pmtiles(Path file, PmSettings s, SortedMap<Long, byte[]> tiles) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Entry> entries = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        List<Long> blobOffsets = new ArrayList<>();
        for (Map.Entry<Long, byte[]> t : tiles.entrySet()) {
            Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            int known = -1;
            for (int i = 0; i < blobs.size(); i++) {
                if (Arrays.equals(blobs.get(i), t.getValue())) {
                    known = i;
                }
            }
            if (last != null && known >= 0 && blobOffsets.get(known) == last.offset()
                    && last.tileId() + last.runLength() == t.getKey()) {
                entries.set(entries.size() - 1, new Entry(last.tileId(), last.offset(), last.length(), last.runLength() + 1));
                continue;
            }
            long offset;
            if (known >= 0) {
                offset = blobOffsets.get(known);
            } else {
                offset = data.size();
                data.write(t.getValue());
                blobs.add(t.getValue());
                blobOffsets.add(offset);
            }
            entries.add(new Entry(t.getKey(), offset, t.getValue().length, 1));
        }
        byte[] root;
        ByteArrayOutputStream leaves = new ByteArrayOutputStream();
        if (s.leafSize() > 0) {
            List<Entry> rootEntries = new ArrayList<>();
            for (int i = 0; i < entries.size(); i += s.leafSize()) {
                List<Entry> part = entries.subList(i, Math.min(entries.size(), i + s.leafSize()));
                byte[] leaf = compress(directory(part), s.internalCompression());
                rootEntries.add(new Entry(part.get(0).tileId(), leaves.size(), leaf.length, 0));
                leaves.write(leaf);
            }
            root = compress(directory(rootEntries), s.internalCompression());
        } else {
            root = compress(directory(entries), s.internalCompression());
        }
        byte[] meta = compress(s.metadata().encode().getBytes(StandardCharsets.UTF_8), s.internalCompression());
        long rootOffset = 127;
        long metaOffset = rootOffset + root.length;
        long leafOffset = metaOffset + meta.length;
        long dataOffset = leafOffset + leaves.size();
        ByteBuffer h = ByteBuffer.allocate(127).order(ByteOrder.LITTLE_ENDIAN);
        h.put("PMTiles".getBytes(StandardCharsets.US_ASCII)).put((byte) 3);
        h.putLong(rootOffset).putLong(root.length).putLong(metaOffset).putLong(meta.length)
                .putLong(leafOffset).putLong(leaves.size()).putLong(dataOffset).putLong(data.size())
                .putLong(entries.stream().mapToLong(Entry::runLength).sum()).putLong(entries.size()).putLong(blobs.size());
        h.put((byte) 1).put((byte) s.internalCompression()).put((byte) s.tileCompression()).put((byte) s.tileType())
                .put((byte) s.minZoom()).put((byte) s.maxZoom());
        for (double v : s.bounds()) {
            h.putInt((int) Math.round(v * 1e7));
        }
        h.put((byte) s.center()[2]).putInt((int) Math.round(s.center()[0] * 1e7)).putInt((int) Math.round(s.center()[1] * 1e7));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.array());
        out.write(root);
        out.write(meta);
        out.write(leaves.toByteArray());
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] compress(byte[] bytes, int compression) {
        return compression == 2 ? gzip(bytes) : bytes;
    }

    /** A directory as the spec serializes it: count, delta ids, run lengths, lengths, offsets (0 = contiguous, else offset + 1). */
    private static byte[] directory(List<Entry> entries) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, entries.size());
        long last = 0;
        for (Entry e : entries) {
            varint(b, e.tileId() - last);
            last = e.tileId();
        }
        for (Entry e : entries) {
            varint(b, e.runLength());
        }
        for (Entry e : entries) {
            varint(b, e.length());
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean contiguous = i > 0 && e.offset() == entries.get(i - 1).offset() + entries.get(i - 1).length();
            varint(b, contiguous ? 0 : e.offset() + 1);
        }
        return b.toByteArray();
    }

    /** An unsigned LEB128 varint. */
    public static void varint(ByteArrayOutputStream b, long v) {
        while ((v & ~0x7fL) != 0) {
            b.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
    }
}

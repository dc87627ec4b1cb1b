package org.gridwatch.tile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the protobuf of a Mapbox Vector Tile 2.1 directly: layers (name, features, keys, values,
 * extent, version 2), features (id, tags, type, geometry commands) and values, with no message
 * objects and no boxed command lists. Geometry comes as {@link TileShape} parts in tile units; the
 * writer only encodes it (MoveTo / LineTo / ClosePath with zigzag deltas, the cursor carried across
 * rings and parts), so a shape must already be what MVT 2.1 asks for: polygons' exterior rings of
 * positive surveyor's area in tile coordinates (clockwise, y down), holes negative, no repeated
 * consecutive points, rings without their closing point. Keys and values are written once per
 * layer, each feature's tags index them.
 *
 * <p>Field numbers from the MVT 2.1 {@code vector_tile.proto}: Tile.layers 3; Layer.name 1,
 * features 2, keys 3, values 4, extent 5, version 15; Feature.id 1, tags 2 (packed), type 3,
 * geometry 4 (packed); Value.string 1, double 3, sint 6, bool 7.
 *
 * <p>One instance per tile, one thread.
 */
final class MvtWriter {
    static final int POINT = 1;
    static final int LINESTRING = 2;
    static final int POLYGON = 3;

    private static final int MOVE_TO = 1;
    private static final int LINE_TO = 2;
    private static final int CLOSE_PATH = 7;

    private final int extent;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    /** Geometry commands of the feature being written (unsigned 32-bit values). */
    private int[] commands = new int[256];
    /** Tags of the feature being written. */
    private int[] tags = new int[32];
    private int tagCount;

    MvtWriter(int extent) {
        this.extent = extent;
    }

    /** Starts a feature's tags (call {@link #tag} for each, then {@link #feature}). */
    void beginTags() {
        tagCount = 0;
    }

    /**
     * Adds a tag to the feature being written.
     *
     * @param value a String, Boolean, Long or Double (see {@link TileEncoder#value})
     */
    void tag(String layer, String key, Object value) {
        Layer l = layer(layer);
        if (tagCount + 2 > tags.length) {
            tags = Arrays.copyOf(tags, tags.length * 2);
        }
        tags[tagCount++] = l.key(key);
        tags[tagCount++] = l.value(value);
    }

    /**
     * Writes a feature with the tags given since {@link #beginTags}: the shape's parts moved by
     * (dx, dy) tile units.
     *
     * @param id the MVT feature id, or negative for none
     */
    void feature(String layer, long id, TileShape shape, int dx, int dy) {
        int n = commands(shape, dx, dy);
        Layer l = layer(layer);
        Sink out = l.features;
        int tagBytes = 0;
        for (int i = 0; i < tagCount; i++) {
            tagBytes += Sink.varintSize(tags[i]);
        }
        int geomBytes = 0;
        for (int i = 0; i < n; i++) {
            geomBytes += Sink.varintSize(commands[i] & 0xffffffffL);
        }
        int size = (id >= 0 ? 1 + Sink.varintSize(id) : 0)
                + (tagCount > 0 ? 1 + Sink.varintSize(tagBytes) + tagBytes : 0)
                + 2 + 1 + Sink.varintSize(geomBytes) + geomBytes;
        out.tag(2, 2);
        out.varint(size);
        if (id >= 0) {
            out.tag(1, 0);
            out.varint(id);
        }
        if (tagCount > 0) {
            out.tag(2, 2);
            out.varint(tagBytes);
            for (int i = 0; i < tagCount; i++) {
                out.varint(tags[i]);
            }
        }
        out.tag(3, 0);
        out.varint(shape.type());
        out.tag(4, 2);
        out.varint(geomBytes);
        for (int i = 0; i < n; i++) {
            out.varint(commands[i] & 0xffffffffL);
        }
        l.count++;
    }

    /** Features written in all layers. */
    int features() {
        int n = 0;
        for (Layer l : layers.values()) {
            n += l.count;
        }
        return n;
    }

    /** The tile: every layer with a feature, in order of first use; zero bytes when none has one. */
    byte[] toByteArray() {
        List<byte[]> bodies = new ArrayList<>();
        int size = 0;
        for (Layer l : layers.values()) {
            if (l.count > 0) {
                byte[] b = l.body(extent);
                bodies.add(b);
                size += 1 + Sink.varintSize(b.length) + b.length;
            }
        }
        Sink tile = new Sink(size);
        for (byte[] b : bodies) {
            tile.tag(3, 2);
            tile.varint(b.length);
            tile.bytes(b, b.length);
        }
        return tile.size == tile.buf.length ? tile.buf : Arrays.copyOf(tile.buf, tile.size);
    }

    private Layer layer(String name) {
        Layer l = layers.get(name);
        if (l == null) {
            l = new Layer(name);
            layers.put(name, l);
        }
        return l;
    }

    /** The geometry commands of the shape moved by (dx, dy) into {@link #commands}; their count. */
    private int commands(TileShape shape, int dx, int dy) {
        int n = 0;
        int cx = 0;
        int cy = 0;
        int[][][] parts = shape.parts();
        for (int[][] part : parts) {
            for (int[] ring : part) {
                int points = ring.length / 2;
                ensure(n + points * 2 + 3);
                // Points: one MoveTo of them all; a line or ring: MoveTo its first, LineTo the rest.
                boolean point = shape.type() == POINT;
                for (int i = 0; i < ring.length; i += 2) {
                    if (i == 0) {
                        commands[n++] = command(MOVE_TO, point ? points : 1);
                    } else if (i == 2 && !point) {
                        commands[n++] = command(LINE_TO, points - 1);
                    }
                    int x = ring[i] + dx;
                    int y = ring[i + 1] + dy;
                    commands[n++] = zigzag(x - cx);
                    commands[n++] = zigzag(y - cy);
                    cx = x;
                    cy = y;
                }
                if (shape.type() == POLYGON) {
                    commands[n++] = command(CLOSE_PATH, 1);
                }
            }
        }
        return n;
    }

    private void ensure(int size) {
        if (size > commands.length) {
            commands = Arrays.copyOf(commands, Math.max(size, commands.length * 2));
        }
    }

    static int command(int id, int count) {
        return (id & 0x7) | (count << 3);
    }

    static int zigzag(int n) {
        return (n << 1) ^ (n >> 31);
    }

    /** One layer: its features' bytes so far, its keys and values. */
    private static final class Layer {
        final String name;
        final Sink features = new Sink(4096);
        final Map<String, Integer> keys = new LinkedHashMap<>();
        final Map<Object, Integer> values = new HashMap<>();
        final List<Object> valueList = new ArrayList<>();
        int count;

        Layer(String name) {
            this.name = name;
        }

        int key(String k) {
            Integer i = keys.get(k);
            if (i == null) {
                i = keys.size();
                keys.put(k, i);
            }
            return i;
        }

        int value(Object v) {
            Integer i = values.get(v);
            if (i == null) {
                i = valueList.size();
                values.put(v, i);
                valueList.add(v);
            }
            return i;
        }

        /** The Layer message's bytes. */
        byte[] body(int extent) {
            Sink out = new Sink(features.size + 64 * (keys.size() + valueList.size()) + 64);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            out.tag(1, 2);
            out.varint(n.length);
            out.bytes(n, n.length);
            out.bytes(features.buf, features.size);
            for (String k : keys.keySet()) {
                byte[] b = k.getBytes(StandardCharsets.UTF_8);
                out.tag(3, 2);
                out.varint(b.length);
                out.bytes(b, b.length);
            }
            Sink value = new Sink(64);
            for (Object v : valueList) {
                value.size = 0;
                writeValue(value, v);
                out.tag(4, 2);
                out.varint(value.size);
                out.bytes(value.buf, value.size);
            }
            out.tag(5, 0);
            out.varint(extent);
            out.tag(15, 0);
            out.varint(2);
            return Arrays.copyOf(out.buf, out.size);
        }

        private static void writeValue(Sink out, Object v) {
            if (v instanceof String s) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.tag(1, 2);
                out.varint(b.length);
                out.bytes(b, b.length);
            } else if (v instanceof Double d) {
                out.tag(3, 1);
                out.fixed64(Double.doubleToRawLongBits(d));
            } else if (v instanceof Long l) {
                out.tag(6, 0);
                out.varint((l << 1) ^ (l >> 63));
            } else if (v instanceof Boolean b) {
                out.tag(7, 0);
                out.varint(b ? 1 : 0);
            } else {
                throw new IllegalArgumentException("not an MVT value: " + v.getClass().getName());
            }
        }
    }

    /** A growable byte buffer with protobuf's varints. */
    static final class Sink {
        byte[] buf;
        int size;

        Sink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        static int varintSize(long v) {
            return v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 6) / 7;
        }

        void tag(int field, int wireType) {
            varint((field << 3) | wireType);
        }

        void varint(long v) {
            if (size + 10 > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void fixed64(long v) {
            if (size + 8 > buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            for (int i = 0; i < 8; i++) {
                buf[size++] = (byte) (v >>> (8 * i));
            }
        }

        void bytes(byte[] b, int length) {
            if (size + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + length, buf.length * 2));
            }
            System.arraycopy(b, 0, buf, size, length);
            size += length;
        }
    }
}

package org.gridwatch.gpkg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Codec for the GeoPackage binary geometry format (GeoPackage 1.3, clause 2.1.3): the header
 * {@code "GP"}, version 0, a flags byte, the {@code srs_id}, an optional envelope, then standard
 * (ISO, 2D) WKB.
 *
 * <p>Written blobs are little-endian throughout (header and WKB), carry an XY envelope
 * {@code [minx, maxx, miny, maxy]} except for points (whose envelope is the point itself, so the
 * specification recommends omitting it), and never use the extended-geometry flag. Reading
 * accepts either byte order and every envelope kind (XY, XYZ, XYM, XYZM).
 *
 * <p>Thread-safe: stateless; JTS {@link WKBWriter}/{@link WKBReader} are not thread-safe, so
 * each call makes its own.
 */
public final class GeoPackageGeometry {
    /** Length of the fixed header: magic (2), version (1), flags (1), srs_id (4). */
    static final int HEADER_LENGTH = 8;

    private static final byte MAGIC_0 = 'G';
    private static final byte MAGIC_1 = 'P';
    private static final byte VERSION_1 = 0;
    private static final int FLAG_LITTLE_ENDIAN = 0x01;
    private static final int ENVELOPE_XY = 1;
    private static final int FLAG_EMPTY = 0x10;
    private static final int FLAG_EXTENDED = 0x20;
    /** Envelope byte length by envelope-contents indicator 0..4 (none, XY, XYZ, XYM, XYZM). */
    private static final int[] ENVELOPE_LENGTH = {0, 32, 48, 48, 64};
    /** WKB of a 2D point: byte order (1), type (4), x (8), y (8). */
    private static final int WKB_POINT_LENGTH = 21;
    private static final int WKB_POINT = 1;

    private GeoPackageGeometry() {
    }

    /**
     * Encodes {@code geometry} (2D; Z/M are dropped) with the given {@code srs_id}.
     *
     * @throws IllegalArgumentException if {@code geometry} is null
     */
    public static byte[] encode(Geometry geometry, int srsId) {
        if (geometry == null) {
            throw new IllegalArgumentException("geometry is null");
        }
        boolean empty = geometry.isEmpty();
        // A point's envelope is the point: the specification recommends leaving it out.
        boolean withEnvelope = !empty && !(geometry instanceof Point);
        byte[] wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(geometry);
        int envelopeLength = withEnvelope ? ENVELOPE_LENGTH[ENVELOPE_XY] : 0;
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + envelopeLength + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        int flags = FLAG_LITTLE_ENDIAN | (withEnvelope ? ENVELOPE_XY << 1 : 0) | (empty ? FLAG_EMPTY : 0);
        b.put(MAGIC_0).put(MAGIC_1).put(VERSION_1).put((byte) flags).putInt(srsId);
        if (withEnvelope) {
            Envelope e = geometry.getEnvelopeInternal();
            b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        }
        b.put(wkb);
        return b.array();
    }

    /**
     * Encodes a 2D point without going through JTS: incidents are bulk-loaded by the million and
     * this is the hot path of the store's {@code insertIncidents}.
     */
    public static byte[] encodePoint(double x, double y, int srsId) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + WKB_POINT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC_0).put(MAGIC_1).put(VERSION_1).put((byte) FLAG_LITTLE_ENDIAN).putInt(srsId);
        b.put((byte) 1).putInt(WKB_POINT).putDouble(x).putDouble(y);
        return b.array();
    }

    /** The {@code srs_id} in the header of {@code blob}. */
    public static int srsId(byte[] blob) {
        checkHeader(blob);
        return header(blob).getInt(4);
    }

    /**
     * Decodes a GeoPackage geometry blob into a geometry of {@link Geo#FACTORY} whose SRID is the
     * blob's {@code srs_id}.
     *
     * @throws IllegalArgumentException if the blob is not a GeoPackage geometry or its WKB is invalid
     */
    public static Geometry decode(byte[] blob) {
        int flags = checkHeader(blob);
        if ((flags & FLAG_EXTENDED) != 0) {
            throw new IllegalArgumentException("extended GeoPackage geometry types are not supported");
        }
        int indicator = (flags >> 1) & 0x07;
        if (indicator >= ENVELOPE_LENGTH.length) {
            throw new IllegalArgumentException("invalid GeoPackage envelope indicator " + indicator);
        }
        int srsId = header(blob).getInt(4);
        int wkbStart = HEADER_LENGTH + ENVELOPE_LENGTH[indicator];
        if (blob.length <= wkbStart) {
            throw new IllegalArgumentException("GeoPackage geometry of " + blob.length + " bytes has no WKB");
        }
        try {
            Geometry g = new WKBReader(Geo.FACTORY).read(Arrays.copyOfRange(blob, wkbStart, blob.length));
            g.setSRID(srsId);
            return g;
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid WKB in GeoPackage geometry: " + e.getMessage(), e);
        }
    }

    /** True when {@code blob}'s header flags it empty (GeoPackage 1.3, clause 2.1.3.1.1). */
    public static boolean isEmpty(byte[] blob) {
        return (checkHeader(blob) & FLAG_EMPTY) != 0;
    }

    /**
     * The XY envelope of {@code blob}: the header's when it has one; else, for a 2D point, the
     * point read from the WKB without decoding; else the decoded geometry's. A null envelope for
     * an empty geometry.
     *
     * @throws IllegalArgumentException if the blob is not a GeoPackage geometry
     */
    public static Envelope envelope(byte[] blob) {
        int flags = checkHeader(blob);
        if ((flags & FLAG_EMPTY) != 0) {
            return new Envelope();
        }
        int indicator = (flags >> 1) & 0x07;
        if (indicator > 0 && indicator < ENVELOPE_LENGTH.length) {
            ByteBuffer b = ByteBuffer.wrap(blob).order(header(blob).order());
            return new Envelope(b.getDouble(HEADER_LENGTH), b.getDouble(HEADER_LENGTH + 8),
                    b.getDouble(HEADER_LENGTH + 16), b.getDouble(HEADER_LENGTH + 24));
        }
        if (indicator == 0 && blob.length == HEADER_LENGTH + WKB_POINT_LENGTH) {
            ByteBuffer wkb = ByteBuffer.wrap(blob, HEADER_LENGTH, WKB_POINT_LENGTH)
                    .order(blob[HEADER_LENGTH] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            if (wkb.getInt(HEADER_LENGTH + 1) == WKB_POINT) {
                double x = wkb.getDouble(HEADER_LENGTH + 5);
                double y = wkb.getDouble(HEADER_LENGTH + 13);
                return Double.isNaN(x) || Double.isNaN(y) ? new Envelope() : new Envelope(x, x, y, y);
            }
        }
        return decode(blob).getEnvelopeInternal();
    }

    /** Checks magic and version; returns the flags byte. */
    private static int checkHeader(byte[] blob) {
        if (blob == null || blob.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("GeoPackage geometry shorter than its 8-byte header");
        }
        if (blob[0] != MAGIC_0 || blob[1] != MAGIC_1) {
            throw new IllegalArgumentException("GeoPackage geometry does not start with \"GP\"");
        }
        if (blob[2] != VERSION_1) {
            throw new IllegalArgumentException("unsupported GeoPackage geometry version " + blob[2]);
        }
        return blob[3] & 0xFF;
    }

    private static ByteBuffer header(byte[] blob) {
        ByteOrder order = (blob[3] & FLAG_LITTLE_ENDIAN) != 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        return ByteBuffer.wrap(blob, 0, HEADER_LENGTH).order(order);
    }
}

package org.gridwatch.tile;

import org.locationtech.jts.geom.Envelope;

/**
 * One tile of the WebMercatorQuad tile matrix set (OGC TMS 2.0; the XYZ scheme of OpenStreetMap
 * and MapLibre): zoom {@code z} (the tile matrix), column {@code x} from the antimeridian eastward,
 * row {@code y} from the north (±85.0511°) southward, both in [0, 2^z). Immutable.
 *
 * @param z zoom, 0 to {@link #MAX_ZOOM}
 * @param x column, 0 to 2^z − 1
 * @param y row, 0 to 2^z − 1
 */
public record TileId(int z, int x, int y) {
    /**
     * The deepest zoom served: at z22 a tile spans about 7.6 m at Binzhou's latitude and one of
     * its 4096 units under 2 mm, finer than any position GridWatch holds; clients overzoom beyond.
     */
    public static final int MAX_ZOOM = 22;

    public TileId {
        if (z < 0 || z > MAX_ZOOM) {
            throw new InvalidTileException("z", "z: zoom " + z + " is outside 0.." + MAX_ZOOM);
        }
        int n = 1 << z;
        if (x < 0 || x >= n) {
            throw new InvalidTileException("x", "x: column " + x + " is outside 0.." + (n - 1) + " at zoom " + z);
        }
        if (y < 0 || y >= n) {
            throw new InvalidTileException("y", "y: row " + y + " is outside 0.." + (n - 1) + " at zoom " + z);
        }
    }

    /** Parses a tile address from path segments, naming the field that is not a valid number. */
    public static TileId parse(String z, String x, String y) {
        return new TileId(number("z", z), number("x", x), number("y", y));
    }

    private static int number(String field, String text) {
        if (text == null || text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidTileException(field, field + ": '" + (text == null ? "" : text)
                    + "' is not a tile " + (field.equals("z") ? "zoom" : field.equals("x") ? "column" : "row")
                    + " (a non-negative integer)");
        }
        return Integer.parseInt(text);
    }

    /** The tile's WGS84 lon/lat envelope (exact edges, no buffer). */
    public Envelope envelope() {
        return buffered(0);
    }

    /**
     * The WGS84 lon/lat envelope of the tile grown by {@code fraction} of its width on every side
     * (a buffer of b units at extent e is {@code b / e}); clamped to the WebMercatorQuad square.
     */
    public Envelope buffered(double fraction) {
        double n = 1 << z;
        double x0 = Math.max(0, x - fraction);
        double x1 = Math.min(n, x + 1 + fraction);
        double y0 = Math.max(0, y - fraction);
        double y1 = Math.min(n, y + 1 + fraction);
        return new Envelope(WebMercator.lon(x0, z), WebMercator.lon(x1, z), WebMercator.lat(y1, z), WebMercator.lat(y0, z));
    }

    /** The tile at zoom {@code zoom} ≤ {@link #z()} that contains this one. */
    public TileId ancestor(int zoom) {
        if (zoom > z || zoom < 0) {
            throw new IllegalArgumentException("zoom " + zoom + " is not an ancestor level of " + this);
        }
        int shift = z - zoom;
        return new TileId(zoom, x >> shift, y >> shift);
    }

    /** x and y packed in one long (unique within a zoom). */
    long packed() {
        return ((long) x << 32) | (y & 0xffffffffL);
    }

    /** {@code z/x/y}, as in tile URLs. */
    @Override
    public String toString() {
        return z + "/" + x + "/" + y;
    }
}

package org.gridwatch.tile;

import java.util.Arrays;

/**
 * Rings of whole tile units, as {@code int[]} x, y pairs without the closing point: their area,
 * whether they are simple, and clipping to a box. Exact: integer arithmetic in {@code long}, for
 * coordinates of magnitude below {@link #MAX_COORDINATE}. Stateless.
 */
final class Rings {
    /** Coordinates must stay below this magnitude for the arithmetic to be exact. */
    static final int MAX_COORDINATE = 1 << 29;
    /** Up to this many segments every pair is tested; above, a sweep along x. */
    private static final int PAIRWISE = 24;

    private Rings() {
    }

    /** Twice the surveyor's (signed) area: positive for a ring clockwise with y down (an MVT exterior). */
    static long area2(int[] ring) {
        int n = ring.length / 2;
        if (n < 3) {
            return 0;
        }
        long x0 = ring[0];
        long y0 = ring[1];
        long sum = 0;
        for (int i = 1; i + 1 < n; i++) {
            long ax = ring[2 * i] - x0;
            long ay = ring[2 * i + 1] - y0;
            long bx = ring[2 * i + 2] - x0;
            long by = ring[2 * i + 3] - y0;
            sum += ax * by - bx * ay;
        }
        return sum;
    }

    /** The ring with its points in the opposite order (a new array). */
    static int[] reversed(int[] ring) {
        int n = ring.length / 2;
        int[] out = new int[ring.length];
        for (int i = 0; i < n; i++) {
            out[2 * i] = ring[2 * (n - 1 - i)];
            out[2 * i + 1] = ring[2 * (n - 1 - i) + 1];
        }
        return out;
    }

    /**
     * True when the ring is simple: at least three points, no segment meets another except its two
     * neighbours at the shared point, and no segment turns straight back over its neighbour (a spike).
     * Repeated consecutive points must have been removed.
     */
    static boolean simple(int[] ring) {
        int n = ring.length / 2;
        if (n < 3) {
            return false;
        }
        if (n <= PAIRWISE) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (!apart(ring, n, i, j)) {
                        return false;
                    }
                }
            }
            return true;
        }
        // Sweep: segments in order of their least x; a pair is tested only when their x ranges overlap.
        long[] order = new long[n];
        int minX = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, ring[2 * i]);
        }
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            long lo = Math.min(ring[2 * i], ring[2 * j]) - (long) minX;
            order[i] = (lo << 32) | i;
        }
        Arrays.sort(order);
        for (int a = 0; a < n; a++) {
            int i = (int) order[a];
            int j = (i + 1) % n;
            int hi = Math.max(ring[2 * i], ring[2 * j]);
            for (int b = a + 1; b < n; b++) {
                if ((order[b] >>> 32) + minX > hi) {
                    break;
                }
                int k = (int) order[b];
                if (!apart(ring, n, Math.min(i, k), Math.max(i, k))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Segments i and j (i < j) of the ring meet only as neighbours may. */
    private static boolean apart(int[] r, int n, int i, int j) {
        int i1 = i + 1 == n ? 0 : i + 1;
        int j1 = j + 1 == n ? 0 : j + 1;
        if (j == i + 1) {
            return !backtracks(r, i, j, j1);
        }
        if (i == 0 && j == n - 1) {
            return !backtracks(r, j, 0, 1);
        }
        return !meet(r[2 * i], r[2 * i + 1], r[2 * i1], r[2 * i1 + 1], r[2 * j], r[2 * j + 1], r[2 * j1], r[2 * j1 + 1]);
    }

    /** Segment a→b followed by b→c goes straight back along itself. */
    private static boolean backtracks(int[] r, int a, int b, int c) {
        long ux = r[2 * b] - (long) r[2 * a];
        long uy = r[2 * b + 1] - (long) r[2 * a + 1];
        long vx = r[2 * c] - (long) r[2 * b];
        long vy = r[2 * c + 1] - (long) r[2 * b + 1];
        return ux * vy - uy * vx == 0 && ux * vx + uy * vy < 0;
    }

    /** Closed segments p1p2 and q1q2 have a point in common. */
    static boolean meet(long p1x, long p1y, long p2x, long p2y, long q1x, long q1y, long q2x, long q2y) {
        if (Math.max(p1x, p2x) < Math.min(q1x, q2x) || Math.max(q1x, q2x) < Math.min(p1x, p2x)
                || Math.max(p1y, p2y) < Math.min(q1y, q2y) || Math.max(q1y, q2y) < Math.min(p1y, p2y)) {
            return false;
        }
        int o1 = orient(p1x, p1y, p2x, p2y, q1x, q1y);
        int o2 = orient(p1x, p1y, p2x, p2y, q2x, q2y);
        int o3 = orient(q1x, q1y, q2x, q2y, p1x, p1y);
        int o4 = orient(q1x, q1y, q2x, q2y, p2x, p2y);
        if (o1 * o2 < 0 && o3 * o4 < 0) {
            return true;
        }
        // Envelopes overlap: a collinear or touching endpoint lies on the other segment.
        return o1 == 0 && within(p1x, p1y, p2x, p2y, q1x, q1y) || o2 == 0 && within(p1x, p1y, p2x, p2y, q2x, q2y)
                || o3 == 0 && within(q1x, q1y, q2x, q2y, p1x, p1y) || o4 == 0 && within(q1x, q1y, q2x, q2y, p2x, p2y);
    }

    private static int orient(long ax, long ay, long bx, long by, long cx, long cy) {
        return Long.signum((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
    }

    /** Point c, collinear with a and b, lies between them. */
    private static boolean within(long ax, long ay, long bx, long by, long cx, long cy) {
        return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
    }

    /**
     * The ring clipped to the box [lo, hi] × [lo, hi] (Sutherland–Hodgman), new points rounded to
     * whole units, repeated points removed; null when fewer than three points are left. The result
     * may touch itself along the box's edges (a ring leaving and entering through one side): callers
     * check it with {@link #simple}.
     */
    static int[] clip(int[] ring, int lo, int hi) {
        int n = ring.length / 2;
        double[] a = new double[ring.length];
        for (int i = 0; i < ring.length; i++) {
            a[i] = ring[i];
        }
        double[] b = new double[Math.max(8, ring.length * 2)];
        int[] size = {n};
        for (int edge = 0; edge < 4 && size[0] > 0; edge++) {
            b = pass(a, size, b, edge, lo, hi);
            double[] t = a;
            a = b;
            b = t;
        }
        int m = size[0];
        int[] out = new int[2 * m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            int x = (int) Math.round(a[2 * i]);
            int y = (int) Math.round(a[2 * i + 1]);
            if (k > 0 && out[k - 2] == x && out[k - 1] == y) {
                continue;
            }
            out[k++] = x;
            out[k++] = y;
        }
        while (k >= 4 && out[0] == out[k - 2] && out[1] == out[k - 1]) {
            k -= 2;
        }
        return k < 6 ? null : Arrays.copyOf(out, k);
    }

    /** One Sutherland–Hodgman pass: edge 0 x ≥ lo, 1 x ≤ hi, 2 y ≥ lo, 3 y ≤ hi. */
    private static double[] pass(double[] in, int[] size, double[] out, int edge, int lo, int hi) {
        int n = size[0];
        int axis = edge < 2 ? 0 : 1;
        double bound = edge % 2 == 0 ? lo : hi;
        boolean above = edge % 2 == 0;
        if (out.length < 4 * n + 4) {
            out = new double[4 * n + 4];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            double pv = in[2 * i + axis];
            double qv = in[2 * j + axis];
            boolean pIn = above ? pv >= bound : pv <= bound;
            boolean qIn = above ? qv >= bound : qv <= bound;
            if (pIn) {
                out[k++] = in[2 * i];
                out[k++] = in[2 * i + 1];
            }
            if (pIn != qIn) {
                double t = (bound - pv) / (qv - pv);
                double ox = in[2 * i + 1 - axis] + t * (in[2 * j + 1 - axis] - in[2 * i + 1 - axis]);
                out[k + axis] = bound;
                out[k + 1 - axis] = ox;
                k += 2;
            }
        }
        size[0] = k / 2;
        return out;
    }
}

package org.gridwatch.area;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.algorithm.RayCrossingCounter;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * Locates WGS84 points in the grid hierarchy: point → grid → village → township → county → city.
 *
 * <p><b>Two phases.</b> The city's envelope is cut into a regular raster of cells, each about an
 * eighth of the median grid's side. Each cell knows the grids whose envelopes meet it and, when
 * no grid boundary comes near the cell, the one grid holding it wholly: most lookups end there
 * with no geometry test. Other points are tested exactly against each candidate, ring by ring
 * for small polygons and with a thread-safe {@link IndexedPointInAreaLocator} for large ones.
 *
 * <p><b>Boundary rule.</b> A point in the interior of a grid belongs to that grid. A point on the
 * shared boundary of several grids (an edge or a vertex) belongs to the one with the smallest
 * code among the grids whose boundary it lies on. A point in no grid (outside the city) is not
 * found; that is an answer, not an error.
 *
 * <p>Grids are static between imports, so the index is built once and never changes.
 * Thread-safe and immutable.
 */
public final class GridIndex {
    /** Raster cells per median grid envelope side: most cells then fall inside one grid. */
    private static final double CELLS_PER_GRID_SIDE = 8.0;
    /** Upper bound on raster cells per axis, to bound memory and build time. */
    private static final int MAX_CELLS_PER_AXIS = 2048;
    /** Cells are tested with this margin so a grid "covering" a cell has the closed cell in its interior. */
    private static final double CELL_MARGIN_DEGREES = 1e-9;
    /** Polygons with at most this many vertices are tested ring by ring, without an index. */
    private static final int SMALL_POLYGON_VERTICES = 64;

    private final AreaHierarchy hierarchy;
    private final AdminArea[] grids;
    private final GridLocation[] locations;
    /** Per grid: an indexed locator for large polygons, null for small ones (tested ring by ring). */
    private final IndexedPointInAreaLocator[] locators;
    /** Per grid: minX, maxX, minY, maxY, packed for cache locality. */
    private final double[] envelopes;
    private final double minX;
    private final double minY;
    private final double cellW;
    private final double cellH;
    private final int cols;
    private final int rows;
    /** Per cell: the sole grid whose interior holds the closed cell, or -1. */
    private final int[] owner;
    /**
     * Candidates per cell in compressed-row form: cell {@code c}'s grids are
     * {@code flat[offsets[c] .. offsets[c+1])}, indexes into {@link #grids}, ascending = by code.
     */
    private final int[] offsets;
    private final int[] flat;

    private GridIndex(AreaHierarchy hierarchy) {
        this.hierarchy = hierarchy;
        List<AdminArea> gs = hierarchy.level(AdminLevel.GRID);
        this.grids = gs.toArray(new AdminArea[0]); // ordered by code
        this.locations = new GridLocation[grids.length];
        this.locators = new IndexedPointInAreaLocator[grids.length];
        this.envelopes = new double[grids.length * 4];
        Envelope extent = new Envelope();
        for (int i = 0; i < grids.length; i++) {
            AdminArea g = grids[i];
            AdminArea village = hierarchy.parent(g).orElseThrow();
            AdminArea township = hierarchy.parent(village).orElseThrow();
            AdminArea county = hierarchy.parent(township).orElseThrow();
            locations[i] = new GridLocation(g, village, township, county, hierarchy.city());
            locators[i] = g.geometry().getNumPoints() > SMALL_POLYGON_VERTICES
                    ? new IndexedPointInAreaLocator(g.geometry()) : null;
            Envelope e = g.geometry().getEnvelopeInternal();
            envelopes[4 * i] = e.getMinX();
            envelopes[4 * i + 1] = e.getMaxX();
            envelopes[4 * i + 2] = e.getMinY();
            envelopes[4 * i + 3] = e.getMaxY();
            extent.expandToInclude(e);
        }
        if (extent.isNull()) {
            extent = new Envelope(0, 0, 0, 0);
        }
        double cell = medianSide(grids) / CELLS_PER_GRID_SIDE;
        this.cols = Math.max(1, Math.min(MAX_CELLS_PER_AXIS, (int) Math.ceil(extent.getWidth() / cell)));
        this.rows = Math.max(1, Math.min(MAX_CELLS_PER_AXIS, (int) Math.ceil(extent.getHeight() / cell)));
        this.minX = extent.getMinX();
        this.minY = extent.getMinY();
        this.cellW = Math.max(extent.getWidth(), 1e-9) / cols;
        this.cellH = Math.max(extent.getHeight(), 1e-9) / rows;
        this.owner = new int[cols * rows];
        this.offsets = new int[cols * rows + 1];
        this.flat = candidates();
        assignOwners();
    }

    /** Builds the index over the grids of {@code hierarchy}. Takes about a second for 10,000 grids. */
    public static GridIndex build(AreaHierarchy hierarchy) {
        return new GridIndex(hierarchy);
    }

    /** The hierarchy this index was built from. */
    public AreaHierarchy hierarchy() {
        return hierarchy;
    }

    /** Median of the grids' envelope sides (width and height), degrees; a scale for the raster. */
    private static double medianSide(AdminArea[] grids) {
        if (grids.length == 0) {
            return 1;
        }
        double[] sides = new double[grids.length * 2];
        for (int i = 0; i < grids.length; i++) {
            Envelope e = grids[i].geometry().getEnvelopeInternal();
            sides[2 * i] = e.getWidth();
            sides[2 * i + 1] = e.getHeight();
        }
        Arrays.sort(sides);
        return Math.max(sides[sides.length / 2], 1e-6);
    }

    /** Fills {@link #offsets}; returns the flat candidate array. */
    private int[] candidates() {
        // Pass 1: count candidates per cell; pass 2: fill. Grids are visited in code order, so
        // every cell's candidates ascend by code.
        int[] counts = new int[cols * rows];
        for (AdminArea g : grids) {
            Envelope e = g.geometry().getEnvelopeInternal();
            for (int r = row(e.getMinY()); r <= row(e.getMaxY()); r++) {
                for (int c = col(e.getMinX()); c <= col(e.getMaxX()); c++) {
                    counts[r * cols + c]++;
                }
            }
        }
        for (int i = 0; i < counts.length; i++) {
            offsets[i + 1] = offsets[i] + counts[i];
            counts[i] = 0;
        }
        int[] flat = new int[offsets[counts.length]];
        for (int gi = 0; gi < grids.length; gi++) {
            Envelope e = grids[gi].geometry().getEnvelopeInternal();
            for (int r = row(e.getMinY()); r <= row(e.getMaxY()); r++) {
                for (int c = col(e.getMinX()); c <= col(e.getMaxX()); c++) {
                    int cell = r * cols + c;
                    flat[offsets[cell] + counts[cell]++] = gi;
                }
            }
        }
        return flat;
    }

    /** Fills {@link #owner}: the grid whose interior holds each cell wholly, or -1. */
    private void assignOwners() {
        // A cell that no grid boundary comes near lies wholly inside one grid (or outside all):
        // mark the cells each boundary segment's envelope touches, then give every unmarked cell
        // the grid containing its centre.
        boolean[] nearBoundary = new boolean[cols * rows];
        for (AdminArea g : grids) {
            Geometry geom = g.geometry();
            for (int i = 0; i < geom.getNumGeometries(); i++) {
                Polygon poly = (Polygon) geom.getGeometryN(i);
                markRing(poly.getExteriorRing().getCoordinateSequence(), nearBoundary);
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    markRing(poly.getInteriorRingN(h).getCoordinateSequence(), nearBoundary);
                }
            }
        }
        Arrays.fill(owner, -1);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int cell = r * cols + c;
                if (nearBoundary[cell] || offsets[cell] == offsets[cell + 1]) {
                    continue;
                }
                owner[cell] = scan(cell, minX + (c + 0.5) * cellW, minY + (r + 0.5) * cellH);
            }
        }
    }

    private void markRing(CoordinateSequence ring, boolean[] marks) {
        for (int i = 0; i + 1 < ring.size(); i++) {
            markSegment(ring.getX(i), ring.getY(i), ring.getX(i + 1), ring.getY(i + 1), marks);
        }
    }

    /**
     * Marks every cell that the segment, widened by the margin, passes through: column by column,
     * the rows its y-range spans within that column (not its whole envelope, which for long
     * diagonal edges would mark far too many cells).
     */
    private void markSegment(double x0, double y0, double x1, double y1, boolean[] marks) {
        if (x0 > x1) {
            double t = x0;
            x0 = x1;
            x1 = t;
            t = y0;
            y0 = y1;
            y1 = t;
        }
        double m = CELL_MARGIN_DEGREES;
        for (int c = col(x0 - m), c1 = col(x1 + m); c <= c1; c++) {
            double sx0 = Math.max(x0, minX + c * cellW - m);
            double sx1 = Math.min(x1, minX + (c + 1) * cellW + m);
            double ya;
            double yb;
            if (x1 - x0 <= 0) {
                ya = Math.min(y0, y1);
                yb = Math.max(y0, y1);
            } else {
                double slope = (y1 - y0) / (x1 - x0);
                double ys0 = y0 + slope * (Math.min(Math.max(sx0, x0), x1) - x0);
                double ys1 = y0 + slope * (Math.min(Math.max(sx1, x0), x1) - x0);
                ya = Math.min(ys0, ys1);
                yb = Math.max(ys0, ys1);
            }
            for (int r = row(ya - m), r1 = row(yb + m); r <= r1; r++) {
                marks[r * cols + c] = true;
            }
        }
    }

    private int col(double x) {
        return clamp((int) Math.floor((x - minX) / cellW), cols);
    }

    private int row(double y) {
        return clamp((int) Math.floor((y - minY) / cellH), rows);
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }

    /**
     * The grid containing a WGS84 point and its enclosing areas, following the boundary rule in the
     * class comment; empty when the point is in no grid or is not a finite lon/lat.
     */
    public Optional<GridLocation> locate(double lon, double lat) {
        int i = locateIndex(lon, lat);
        return i < 0 ? Optional.empty() : Optional.of(locations[i]);
    }

    /** Like {@link #locate} but returns only the grid, or {@code null}: the hot path (no Optional, no allocation for most points). */
    public AdminArea locateGrid(double lon, double lat) {
        int i = locateIndex(lon, lat);
        return i < 0 ? null : grids[i];
    }

    private int locateIndex(double lon, double lat) {
        if (!(lon >= minX && lon <= minX + cols * cellW && lat >= minY && lat <= minY + rows * cellH)) {
            return -1; // also rejects NaN
        }
        int cell = row(lat) * cols + col(lon);
        int o = owner[cell];
        return o >= 0 ? o : scan(cell, lon, lat);
    }

    /** Phase two: exact tests against the cell's candidates, applying the boundary rule. */
    private int scan(int cell, double lon, double lat) {
        int onBoundary = -1;
        Coordinate p = null;
        for (int k = offsets[cell], end = offsets[cell + 1]; k < end; k++) {
            int gi = flat[k];
            int e = 4 * gi;
            if (lon < envelopes[e] || lon > envelopes[e + 1] || lat < envelopes[e + 2] || lat > envelopes[e + 3]) {
                continue;
            }
            if (p == null) {
                p = new Coordinate(lon, lat);
            }
            int loc = locators[gi] != null ? locators[gi].locate(p) : locateSmall(p, grids[gi].geometry());
            if (loc == Location.INTERIOR) {
                return gi;
            }
            if (loc == Location.BOUNDARY && onBoundary < 0) {
                onBoundary = gi; // candidates ascend by code: the first is the smallest
            }
        }
        return onBoundary;
    }

    /** Location of a point in a small Polygon or MultiPolygon, ring by ring (JTS's robust ray-crossing test). */
    private static int locateSmall(Coordinate p, Geometry g) {
        int result = Location.EXTERIOR;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon poly = (Polygon) g.getGeometryN(i);
            int loc = RayCrossingCounter.locatePointInRing(p, poly.getExteriorRing().getCoordinateSequence());
            if (loc == Location.INTERIOR) {
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    int inHole = RayCrossingCounter.locatePointInRing(p, poly.getInteriorRingN(h).getCoordinateSequence());
                    if (inHole == Location.BOUNDARY) {
                        loc = Location.BOUNDARY;
                        break;
                    }
                    if (inHole == Location.INTERIOR) {
                        loc = Location.EXTERIOR;
                        break;
                    }
                }
            }
            if (loc == Location.INTERIOR) {
                return loc;
            }
            if (loc == Location.BOUNDARY) {
                result = loc;
            }
        }
        return result;
    }

    /** Number of grids indexed. */
    public int size() {
        return grids.length;
    }
}

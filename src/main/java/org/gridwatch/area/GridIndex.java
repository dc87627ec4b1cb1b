package org.gridwatch.area;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Locates WGS84 points in the grid hierarchy: point → grid → village → township → county → city.
 *
 * <p><b>Two phases.</b> The city's envelope is cut into a regular raster of cells (about 100 m a
 * side). Each cell knows the grids whose envelopes meet it and, when one grid's interior covers
 * the whole closed cell, that grid alone: most lookups end there with no geometry test. Other
 * points are tested exactly against each candidate with a thread-safe
 * {@link IndexedPointInAreaLocator}.
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
    /** Target raster cell size in degrees (≈ 100 m of latitude). */
    private static final double TARGET_CELL_DEGREES = 0.001;
    /** Upper bound on raster cells per axis, to bound memory for very large areas. */
    private static final int MAX_CELLS_PER_AXIS = 2048;
    /** Cells are tested with this margin so a grid "covering" a cell has the closed cell in its interior. */
    private static final double CELL_MARGIN_DEGREES = 1e-9;
    private static final int[] NONE = new int[0];

    private final AreaHierarchy hierarchy;
    private final AdminArea[] grids;
    private final GridLocation[] locations;
    private final IndexedPointInAreaLocator[] locators;
    private final double minX;
    private final double minY;
    private final double cellW;
    private final double cellH;
    private final int cols;
    private final int rows;
    /** Per cell: the sole grid whose interior holds the closed cell, or -1. */
    private final int[] owner;
    /** Per cell: indexes (into {@link #grids}, ascending = by code) of grids whose envelope meets it. */
    private final int[][] candidates;

    private GridIndex(AreaHierarchy hierarchy) {
        this.hierarchy = hierarchy;
        List<AdminArea> gs = hierarchy.level(AdminLevel.GRID);
        this.grids = gs.toArray(new AdminArea[0]); // ordered by code
        this.locations = new GridLocation[grids.length];
        this.locators = new IndexedPointInAreaLocator[grids.length];
        Envelope extent = new Envelope();
        for (int i = 0; i < grids.length; i++) {
            AdminArea g = grids[i];
            AdminArea village = hierarchy.parent(g).orElseThrow();
            AdminArea township = hierarchy.parent(village).orElseThrow();
            AdminArea county = hierarchy.parent(township).orElseThrow();
            locations[i] = new GridLocation(g, village, township, county, hierarchy.city());
            locators[i] = new IndexedPointInAreaLocator(g.geometry());
            extent.expandToInclude(g.geometry().getEnvelopeInternal());
        }
        if (extent.isNull()) {
            extent = new Envelope(0, 0, 0, 0);
        }
        this.cols = Math.max(1, Math.min(MAX_CELLS_PER_AXIS, (int) Math.ceil(extent.getWidth() / TARGET_CELL_DEGREES)));
        this.rows = Math.max(1, Math.min(MAX_CELLS_PER_AXIS, (int) Math.ceil(extent.getHeight() / TARGET_CELL_DEGREES)));
        this.minX = extent.getMinX();
        this.minY = extent.getMinY();
        this.cellW = Math.max(extent.getWidth(), 1e-9) / cols;
        this.cellH = Math.max(extent.getHeight(), 1e-9) / rows;
        this.owner = new int[cols * rows];
        this.candidates = new int[cols * rows][];
        rasterize();
    }

    /** Builds the index over the grids of {@code hierarchy}. Takes about a second for 10,000 grids. */
    public static GridIndex build(AreaHierarchy hierarchy) {
        return new GridIndex(hierarchy);
    }

    /** The hierarchy this index was built from. */
    public AreaHierarchy hierarchy() {
        return hierarchy;
    }

    private void rasterize() {
        List<List<Integer>> lists = new ArrayList<>(cols * rows);
        for (int i = 0; i < cols * rows; i++) {
            lists.add(null);
        }
        Arrays.fill(owner, -1);
        PreparedGeometryFactory pgf = new PreparedGeometryFactory();
        for (int gi = 0; gi < grids.length; gi++) {
            Geometry geom = grids[gi].geometry();
            Envelope e = geom.getEnvelopeInternal();
            int c0 = col(e.getMinX());
            int c1 = col(e.getMaxX());
            int r0 = row(e.getMinY());
            int r1 = row(e.getMaxY());
            PreparedGeometry prepared = null;
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    int cell = r * cols + c;
                    List<Integer> l = lists.get(cell);
                    if (l == null) {
                        l = new ArrayList<>(4);
                        lists.set(cell, l);
                    }
                    l.add(gi);
                    // Only interior cells of a large envelope can be owned; test those.
                    if (r > r0 && r < r1 && c > c0 && c < c1) {
                        if (prepared == null) {
                            prepared = pgf.create(geom);
                        }
                        Envelope cellEnv = new Envelope(minX + c * cellW - CELL_MARGIN_DEGREES,
                                minX + (c + 1) * cellW + CELL_MARGIN_DEGREES,
                                minY + r * cellH - CELL_MARGIN_DEGREES,
                                minY + (r + 1) * cellH + CELL_MARGIN_DEGREES);
                        if (prepared.containsProperly(Geo.FACTORY.toGeometry(cellEnv))) {
                            owner[cell] = gi;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < lists.size(); i++) {
            List<Integer> l = lists.get(i);
            candidates[i] = l == null ? NONE : l.stream().mapToInt(Integer::intValue).toArray();
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

    /** Like {@link #locate} but returns only the grid, or {@code null}: the allocation-free hot path. */
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
        if (o >= 0) {
            return o;
        }
        int[] cs = candidates[cell];
        int onBoundary = -1;
        Coordinate p = null;
        for (int gi : cs) {
            Envelope e = grids[gi].geometry().getEnvelopeInternal();
            if (!e.covers(lon, lat)) {
                continue;
            }
            if (p == null) {
                p = new Coordinate(lon, lat);
            }
            int loc = locators[gi].locate(p);
            if (loc == Location.INTERIOR) {
                return gi;
            }
            if (loc == Location.BOUNDARY && onBoundary < 0) {
                onBoundary = gi; // candidates ascend by code: the first is the smallest
            }
        }
        return onBoundary;
    }

    /** Number of grids indexed. */
    public int size() {
        return grids.length;
    }
}

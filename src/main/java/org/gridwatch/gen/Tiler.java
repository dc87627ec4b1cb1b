package org.gridwatch.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Splits every parent polygon of one level into the Voronoi cells of its seeds, so that all the
 * children of the level, across all parents, form one exact polygonal coverage.
 *
 * <p>Why it is built this way: clipping each Voronoi cell to its parent with a separate overlay
 * lets snap-rounding add different nodes to the two sides of a shared edge, which leaves
 * centimetre gaps and overlaps. Instead, the clipped Voronoi edges of all parents and the parent
 * boundaries are noded together in a single snap-rounded union under {@link #PRECISION}, the
 * noded linework is polygonized into faces, and each face goes to the parent containing it and
 * the seed nearest to it. Neighbouring children then share identical vertices by construction,
 * and unions of faces ({@link CoverageUnion}) are exact.
 *
 * <p>Degenerate children are resolved deterministically inside their parent: a part of a cell
 * not connected to the part holding the seed goes to the neighbour sharing the longest boundary
 * with it; then children smaller than the minimum area, or small and very elongated, are merged
 * into the neighbour sharing the longest boundary, smallest first. Every returned child is a
 * single valid {@link Polygon}.
 *
 * <p>Coordinates are WGS84 lon/lat degrees (x = longitude); areas in m² and lengths in metres are
 * local planar approximations used only for these thresholds. Voronoi distances are measured
 * with longitude scaled by {@link #LON_SCALE} so that cells are not stretched east–west.
 *
 * <p>Not thread-safe; stateless between calls of {@link #split}.
 */
final class Tiler {
    /** The one precision model of every generated geometry: 1e-7° (about 1 cm). */
    static final PrecisionModel PRECISION = new PrecisionModel(1e7);
    /** cos(37.5°): the east–west shrink of a degree of longitude at Binzhou's latitude. */
    static final double LON_SCALE = Math.cos(Math.toRadians(37.5));
    private static final double M_PER_DEG_LAT = 110_574.0;
    private static final double M_PER_DEG_LON_EQUATOR = 111_320.0;

    /** One child of a parent: the index of its seed in the parent's seed list and its polygon. */
    record Cell(int seedIndex, Coordinate seed, Polygon polygon) {
    }

    private Tiler() {
    }

    /**
     * Splits each parent into cells of its seeds.
     *
     * @param parents        parent polygons forming a valid coverage, vertices on {@link #PRECISION}
     * @param seeds          for each parent, at least one distinct seed inside it
     * @param minAreaSqm     children smaller than this are merged into a neighbour
     * @param minCompactness children with 4πA/P² below this and smaller than 4 × minAreaSqm are merged
     * @return for each parent, its cells in ascending seed index (merged seeds are absent)
     */
    static List<List<Cell>> split(List<Polygon> parents, List<List<Coordinate>> seeds, double minAreaSqm,
                                  double minCompactness) {
        List<Geometry> lines = new ArrayList<>();
        for (int p = 0; p < parents.size(); p++) {
            Polygon parent = parents.get(p);
            addRings(parent, lines);
            if (seeds.get(p).size() > 1) {
                Geometry clipped = OverlayNG.overlay(voronoiEdges(parent, seeds.get(p)), parent,
                        OverlayNG.INTERSECTION, PRECISION);
                for (int i = 0; i < clipped.getNumGeometries(); i++) {
                    if (clipped.getGeometryN(i) instanceof LineString l && !l.isEmpty()) {
                        lines.add(l);
                    }
                }
            }
        }
        Geometry noded = UnaryUnionNG.union(Geo.FACTORY.buildGeometry(lines), PRECISION);
        Polygonizer polygonizer = new Polygonizer(false);
        polygonizer.add(noded);
        List<Polygon> faces = new ArrayList<>();
        for (Object o : polygonizer.getPolygons()) {
            faces.add((Polygon) o);
        }
        Collection<?> bad = polygonizer.getInvalidRingLines();
        if (!bad.isEmpty()) {
            throw new IllegalStateException("noding produced " + bad.size() + " invalid rings");
        }
        return new Resolver(parents, seeds, faces, minAreaSqm, minCompactness).resolve();
    }

    private static void addRings(Polygon p, List<Geometry> lines) {
        lines.add(Geo.FACTORY.createLineString(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            lines.add(Geo.FACTORY.createLineString(p.getInteriorRingN(i).getCoordinates()));
        }
    }

    /** Edges of the Voronoi diagram of the seeds, in lon/lat, over an area larger than the parent. */
    private static Geometry voronoiEdges(Polygon parent, List<Coordinate> seeds) {
        List<Coordinate> scaled = new ArrayList<>(seeds.size());
        for (Coordinate c : seeds) {
            scaled.add(new Coordinate(c.x * LON_SCALE, c.y));
        }
        Envelope env = parent.getEnvelopeInternal();
        Envelope clip = new Envelope(env.getMinX() * LON_SCALE, env.getMaxX() * LON_SCALE, env.getMinY(),
                env.getMaxY());
        clip.expandBy(Math.max(clip.getWidth(), clip.getHeight()) * 0.2 + 0.01);
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(scaled);
        builder.setClipEnvelope(clip);
        Geometry diagram = builder.getDiagram(Geo.FACTORY);
        List<LineString> rings = new ArrayList<>();
        for (int i = 0; i < diagram.getNumGeometries(); i++) {
            Coordinate[] cs = ((Polygon) diagram.getGeometryN(i)).getExteriorRing().getCoordinates();
            Coordinate[] back = new Coordinate[cs.length];
            for (int j = 0; j < cs.length; j++) {
                back[j] = new Coordinate(cs[j].x / LON_SCALE, cs[j].y);
            }
            rings.add(Geo.FACTORY.createLineString(back));
        }
        return Geo.FACTORY.createMultiLineString(rings.toArray(new LineString[0]));
    }

    /** Squared seed distance with longitude scaled, the metric the Voronoi diagram was built in. */
    static double dist2(Coordinate a, double x, double y) {
        double dx = (a.x - x) * LON_SCALE;
        double dy = a.y - y;
        return dx * dx + dy * dy;
    }

    static double metresPerDegLon(double lat) {
        return M_PER_DEG_LON_EQUATOR * Math.cos(Math.toRadians(lat));
    }

    /** Planar approximation of a polygon's area in m², for thresholds and weights only. */
    static double approxAreaSqm(Polygon p) {
        double lat = p.getEnvelopeInternal().centre().y;
        double a = Math.abs(Area.ofRingSigned(p.getExteriorRing().getCoordinateSequence()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            a -= Math.abs(Area.ofRingSigned(p.getInteriorRingN(i).getCoordinateSequence()));
        }
        return a * metresPerDegLon(lat) * M_PER_DEG_LAT;
    }

    private static double segmentMetres(Coordinate a, Coordinate b) {
        double dx = (b.x - a.x) * metresPerDegLon((a.y + b.y) / 2);
        double dy = (b.y - a.y) * M_PER_DEG_LAT;
        return Math.sqrt(dx * dx + dy * dy);
    }

    private record SegKey(long ax, long ay, long bx, long by) {
        static SegKey of(Coordinate a, Coordinate b) {
            long ax = Math.round(a.x * 1e7);
            long ay = Math.round(a.y * 1e7);
            long bx = Math.round(b.x * 1e7);
            long by = Math.round(b.y * 1e7);
            return ax < bx || (ax == bx && ay <= by) ? new SegKey(ax, ay, bx, by) : new SegKey(bx, by, ax, ay);
        }
    }

    /** Assigns faces to parents and seeds and resolves degenerate children. */
    private static final class Resolver {
        private final List<Polygon> parents;
        private final List<List<Coordinate>> seeds;
        private final List<Polygon> faces;
        private final double minAreaSqm;
        private final double minCompactness;
        private final int[] parentOf;
        private final int[] owner;
        private final double[] areaSqm;
        private final double[] perimeter;
        /** Per face: neighbour face → shared boundary length in metres; TreeMap for a fixed order. */
        private final List<TreeMap<Integer, Double>> adjacent = new ArrayList<>();

        Resolver(List<Polygon> parents, List<List<Coordinate>> seeds, List<Polygon> faces, double minAreaSqm,
                 double minCompactness) {
            this.parents = parents;
            this.seeds = seeds;
            this.faces = faces;
            this.minAreaSqm = minAreaSqm;
            this.minCompactness = minCompactness;
            int n = faces.size();
            parentOf = new int[n];
            owner = new int[n];
            areaSqm = new double[n];
            perimeter = new double[n];
        }

        List<List<Cell>> resolve() {
            assign();
            adjacency();
            List<List<Integer>> facesOfParent = new ArrayList<>();
            for (int p = 0; p < parents.size(); p++) {
                facesOfParent.add(new ArrayList<>());
            }
            for (int f = 0; f < faces.size(); f++) {
                facesOfParent.get(parentOf[f]).add(f);
            }
            List<List<Cell>> result = new ArrayList<>();
            for (int p = 0; p < parents.size(); p++) {
                List<Integer> fs = facesOfParent.get(p);
                if (fs.isEmpty()) {
                    throw new IllegalStateException("parent " + p + " received no face");
                }
                reattachDetachedParts(p, fs);
                mergeSlivers(p, fs);
                result.add(cells(p, fs));
            }
            return result;
        }

        private void assign() {
            STRtree tree = new STRtree();
            for (int p = 0; p < parents.size(); p++) {
                tree.insert(parents.get(p).getEnvelopeInternal(), p);
            }
            IndexedPointInAreaLocator[] locators = new IndexedPointInAreaLocator[parents.size()];
            for (int f = 0; f < faces.size(); f++) {
                Polygon face = faces.get(f);
                Coordinate ip = face.getInteriorPoint().getCoordinate();
                List<?> hits = tree.query(new Envelope(ip));
                int best = -1;
                for (Object o : hits) {
                    int p = (Integer) o;
                    if (locators[p] == null) {
                        locators[p] = new IndexedPointInAreaLocator(parents.get(p));
                    }
                    if (locators[p].locate(ip) != Location.EXTERIOR && (best < 0 || p < best)) {
                        best = p;
                    }
                }
                if (best < 0) {
                    // Snap-rounding moved a boundary by a few mm past an interior point of a
                    // sliver: the nearest parent is the right one.
                    Point pt = Geo.FACTORY.createPoint(ip);
                    double bestD = Double.MAX_VALUE;
                    for (int p = 0; p < parents.size(); p++) {
                        double d = parents.get(p).distance(pt);
                        if (d < bestD) {
                            bestD = d;
                            best = p;
                        }
                    }
                }
                parentOf[f] = best;
                List<Coordinate> ss = seeds.get(best);
                int nearest = 0;
                double bestD = Double.MAX_VALUE;
                for (int s = 0; s < ss.size(); s++) {
                    double d = dist2(ss.get(s), ip.x, ip.y);
                    if (d < bestD) {
                        bestD = d;
                        nearest = s;
                    }
                }
                owner[f] = nearest;
                areaSqm[f] = approxAreaSqm(face);
            }
        }

        private void adjacency() {
            Map<SegKey, Integer> firstFace = new HashMap<>();
            for (int f = 0; f < faces.size(); f++) {
                adjacent.add(new TreeMap<>());
                Polygon face = faces.get(f);
                double per = 0;
                for (int r = -1; r < face.getNumInteriorRing(); r++) {
                    Coordinate[] cs = (r < 0 ? face.getExteriorRing() : face.getInteriorRingN(r)).getCoordinates();
                    for (int i = 0; i + 1 < cs.length; i++) {
                        double len = segmentMetres(cs[i], cs[i + 1]);
                        per += len;
                        Integer other = firstFace.putIfAbsent(SegKey.of(cs[i], cs[i + 1]), f);
                        if (other != null && other != f) {
                            adjacent.get(f).merge(other, len, Double::sum);
                            adjacent.get(other).merge(f, len, Double::sum);
                        }
                    }
                }
                perimeter[f] = per;
            }
        }

        /** Gives every part of a cell not connected to the part holding its seed to a neighbour. */
        private void reattachDetachedParts(int p, List<Integer> fs) {
            for (int round = 0; round < 10; round++) {
                boolean changed = false;
                int seedCount = seeds.get(p).size();
                for (int s = 0; s < seedCount; s++) {
                    List<List<Integer>> comps = components(p, s, fs);
                    if (comps.size() < 2) {
                        continue;
                    }
                    int main = mainComponent(p, s, comps);
                    for (int c = 0; c < comps.size(); c++) {
                        if (c == main) {
                            continue;
                        }
                        int target = bestNeighbour(p, comps.get(c), s);
                        if (target >= 0) {
                            for (int f : comps.get(c)) {
                                owner[f] = target;
                            }
                            changed = true;
                        }
                    }
                }
                if (!changed) {
                    return;
                }
            }
        }

        private List<List<Integer>> components(int p, int s, List<Integer> fs) {
            List<List<Integer>> comps = new ArrayList<>();
            boolean[] seen = new boolean[faces.size()];
            for (int f : fs) {
                if (owner[f] != s || seen[f]) {
                    continue;
                }
                List<Integer> comp = new ArrayList<>();
                Deque<Integer> queue = new ArrayDeque<>();
                queue.add(f);
                seen[f] = true;
                while (!queue.isEmpty()) {
                    int g = queue.poll();
                    comp.add(g);
                    for (int h : adjacent.get(g).keySet()) {
                        if (!seen[h] && parentOf[h] == p && owner[h] == s) {
                            seen[h] = true;
                            queue.add(h);
                        }
                    }
                }
                comps.add(comp);
            }
            return comps;
        }

        private int mainComponent(int p, int s, List<List<Integer>> comps) {
            Point seed = Geo.FACTORY.createPoint(seeds.get(p).get(s));
            int largest = 0;
            double largestArea = -1;
            for (int c = 0; c < comps.size(); c++) {
                double a = 0;
                for (int f : comps.get(c)) {
                    if (faces.get(f).covers(seed)) {
                        return c;
                    }
                    a += areaSqm[f];
                }
                if (a > largestArea) {
                    largestArea = a;
                    largest = c;
                }
            }
            return largest;
        }

        /** The owner other than {@code self} sharing the longest boundary with the faces, or -1. */
        private int bestNeighbour(int p, List<Integer> group, int self) {
            TreeMap<Integer, Double> shared = new TreeMap<>();
            for (int f : group) {
                for (Map.Entry<Integer, Double> e : adjacent.get(f).entrySet()) {
                    int h = e.getKey();
                    if (parentOf[h] == p && owner[h] != self) {
                        shared.merge(owner[h], e.getValue(), Double::sum);
                    }
                }
            }
            int best = -1;
            double bestLen = 0;
            for (Map.Entry<Integer, Double> e : shared.entrySet()) {
                if (e.getValue() > bestLen) {
                    bestLen = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }

        /** Merges too small or small-and-thin children into a neighbour, smallest first. */
        private void mergeSlivers(int p, List<Integer> fs) {
            int seedCount = seeds.get(p).size();
            boolean[] exempt = new boolean[seedCount];
            while (true) {
                double[] area = new double[seedCount];
                double[] per = new double[seedCount];
                int live = 0;
                for (int f : fs) {
                    int s = owner[f];
                    if (area[s] == 0) {
                        live++;
                    }
                    area[s] += areaSqm[f];
                    per[s] += perimeter[f];
                    for (Map.Entry<Integer, Double> e : adjacent.get(f).entrySet()) {
                        int h = e.getKey();
                        if (parentOf[h] == p && owner[h] == s) {
                            per[s] -= e.getValue();
                        }
                    }
                }
                if (live <= 1) {
                    return;
                }
                int worst = -1;
                for (int s = 0; s < seedCount; s++) {
                    if (area[s] == 0 || exempt[s]) {
                        continue;
                    }
                    double compactness = 4 * Math.PI * area[s] / (per[s] * per[s]);
                    boolean sliver = area[s] < minAreaSqm
                            || (compactness < minCompactness && area[s] < 4 * minAreaSqm);
                    if (sliver && (worst < 0 || area[s] < area[worst])) {
                        worst = s;
                    }
                }
                if (worst < 0) {
                    return;
                }
                List<Integer> group = new ArrayList<>();
                for (int f : fs) {
                    if (owner[f] == worst) {
                        group.add(f);
                    }
                }
                int target = bestNeighbour(p, group, worst);
                if (target < 0) {
                    exempt[worst] = true;
                    continue;
                }
                for (int f : group) {
                    owner[f] = target;
                }
            }
        }

        private List<Cell> cells(int p, List<Integer> fs) {
            List<Coordinate> ss = seeds.get(p);
            List<List<Polygon>> bySeed = new ArrayList<>();
            for (int s = 0; s < ss.size(); s++) {
                bySeed.add(new ArrayList<>());
            }
            for (int f : fs) {
                bySeed.get(owner[f]).add(faces.get(f));
            }
            List<Cell> cells = new ArrayList<>();
            for (int s = 0; s < ss.size(); s++) {
                List<Polygon> parts = bySeed.get(s);
                if (parts.isEmpty()) {
                    continue;
                }
                Geometry g = parts.size() == 1 ? parts.get(0)
                        : CoverageUnion.union(parts.toArray(new Geometry[0]));
                if (!(g instanceof Polygon poly) || !g.isValid()) {
                    throw new IllegalStateException("cell " + s + " of parent " + p + " is not one valid polygon: "
                            + g.getGeometryType() + " " + Arrays.toString(g.getEnvelopeInternal().toString().split(",")));
                }
                cells.add(new Cell(s, ss.get(s), poly));
            }
            return cells;
        }
    }
}

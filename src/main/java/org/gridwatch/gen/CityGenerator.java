package org.gridwatch.gen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.geo.GeoJson;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the deterministic demo city of Binzhou (滨州市) from a frame (city outline and county
 * seats, WGS84 lon/lat) and a seed, and writes it to a directory: {@code city.geojson},
 * {@code counties.geojson}, {@code townships.geojson}, {@code villages.geojson},
 * {@code grids.geojson}, {@code school-posts.geojson}, {@code key-places.geojson},
 * {@code units.json} (see {@link org.gridwatch.city.CityData} for the reader), and the demo basemap
 * {@code basemap.mbtiles} ({@link DemoBasemap}). All geometry is demo data, not official boundaries.
 *
 * <h2>Geometry</h2>
 * Counties are the Voronoi cells of the seats clipped to the outline; townships, villages and
 * grids are Voronoi cells of density-weighted seeds inside their parent (denser near county
 * seats: urban grids about 0.2–0.5 km², rural ones about 1 km²). All levels are built with one
 * fixed precision model of 1e-7° (about 1 cm), noded together, so every level exactly tiles its
 * parent with identical shared vertices; at the end each village, township, county and the city
 * is rebuilt as the exact union of its children. Every area is a single valid Polygon; polygons
 * are written with counter-clockwise shells (RFC 7946).
 *
 * <h2>Codes</h2>
 * Counties keep their GB/T 2260 codes from the frame. Townships: county code + 3 digits, streets
 * (街道) 001…, towns (镇) 100…, townships (乡) 200…. Villages: township code + 3 digits,
 * communities (社区) 001…, villages (村) 200…. Grids: village code + 3-digit serial 001….
 * Within each of these number ranges, siblings are numbered in <em>reading order</em>:
 * <ol>
 *   <li>the anchor of an area is its centroid ({@link Geometry#getCentroid()} of the written
 *       polygon);</li>
 *   <li>{@code north} is the largest latitude of all the siblings (the parent's envelope maxY);</li>
 *   <li>row = {@code floor((north − anchor.y) / h)} with h = {@value #TOWNSHIP_ROW_DEG}° for
 *       townships, {@value #VILLAGE_ROW_DEG}° for villages and {@value #GRID_ROW_DEG}° (about
 *       555 m) for grids;</li>
 *   <li>siblings are sorted by row ascending (north to south), then anchor.x ascending (west to
 *       east), then anchor.y descending, and numbered from the first number of their range.</li>
 * </ol>
 * A grid's name is its village's name + "第" + serial + "网格", e.g. "张家村第1网格".
 *
 * <h2>Determinism</h2>
 * The same frame and seed give byte-identical files: every random choice draws from
 * {@link SplittableRandom}s derived from the seed, collections are lists or sorted maps, and
 * nothing depends on time or hash order. The default seed is {@value #DEFAULT_SEED}.
 *
 * <p>Thread-safety: {@link #generate} keeps all state on its own stack and can run concurrently
 * with itself on different output directories.
 */
public final class CityGenerator {
    /** The seed of the committed demo data in {@code gis-data/binzhou}. */
    public static final long DEFAULT_SEED = 371600L;
    /** The demo data directory, relative to the repository root. */
    public static final Path DEFAULT_DIR = Path.of("gis-data", "binzhou");
    /** File name of the frame inside {@link #DEFAULT_DIR}. */
    public static final String FRAME_FILE = "frame.geojson";

    /** Row heights of the reading-order numbering, degrees of latitude. */
    public static final double TOWNSHIP_ROW_DEG = 0.05;
    public static final double VILLAGE_ROW_DEG = 0.01;
    public static final double GRID_ROW_DEG = 0.005;

    private static final Logger LOG = LoggerFactory.getLogger(CityGenerator.class);

    private static final int TARGET_TOWNSHIPS = 91;
    private static final int TARGET_VILLAGES = 4560;
    private static final int TARGET_GRIDS = 10_860;
    private static final long TARGET_POPULATION = 3_900_000L;
    /** Urbanness at a township's or village's seed above which it is a street or community. */
    private static final double URBAN_THRESHOLD = 0.3;
    /** Density weights: 1 in the countryside, 1 + k at a county seat. */
    private static final double TOWNSHIP_DENSITY = 14.0;
    private static final double VILLAGE_DENSITY = 2.5;
    private static final double GRID_DENSITY = 3.6;
    private static final int LATTICE = 12;
    private static final int CANDIDATES = 8;

    private final Frame frame;
    private final long seed;

    private CityGenerator(Frame frame, long seed) {
        this.frame = frame;
        this.seed = seed;
    }

    /**
     * Generates the demo city from the frame and writes its files into {@code outDir} (created
     * if missing; existing files of the same names are replaced).
     *
     * @param framePath GeoJSON FeatureCollection with one {@code kind=city} polygon and
     *                  {@code kind=county} seat points (properties {@code adcode}, {@code name})
     * @param outDir    output directory
     * @param seed      random seed; {@link #DEFAULT_SEED} reproduces the committed data
     * @throws IOException if the frame cannot be read or is malformed, or a file cannot be written
     */
    public static void generate(Path framePath, Path outDir, long seed) throws IOException {
        long t0 = System.nanoTime();
        Frame frame = Frame.read(framePath);
        DemoCity city = new CityGenerator(frame, seed).build();
        CityWriter.write(city, outDir);
        DemoBasemap.Written basemap = DemoBasemap.write(city, outDir.resolve(org.gridwatch.city.CityData.BASEMAP_FILE));
        LOG.info("wrote the demo basemap: {} tiles (per zoom {}), {} bytes", basemap.tiles(), basemap.tilesPerZoom(),
                basemap.bytes());
        LOG.info("generated demo city (seed {}): {} counties, {} townships, {} villages, {} grids, {} posts, "
                        + "{} key places, {} units in {} ms", seed, city.counties().size(), city.townships().size(),
                city.villages().size(), city.grids().size(), city.posts().size(), city.keyPlaces().size(),
                city.units().size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Command line: {@code CityGenerator [frame [outDir [seed]]]}, defaulting to
     * {@code gis-data/binzhou/frame.geojson}, {@code gis-data/binzhou} and {@value #DEFAULT_SEED}.
     */
    public static void main(String[] args) throws IOException {
        Path frame = args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR.resolve(FRAME_FILE);
        Path out = args.length > 1 ? Path.of(args[1]) : DEFAULT_DIR;
        long s = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        generate(frame, out, s);
    }

    /**
     * Urbanness in [0, 1] of a WGS84 point: a Gaussian bump around each county seat, radius
     * 7.5 km for the city seat (滨城区), 5.5 km for 邹平市, 4.5 km elsewhere; the maximum over seats.
     */
    double urbanness(double lon, double lat) {
        double best = 0;
        double kx = Tiler.metresPerDegLon(lat) / 1000;
        for (Frame.Seat s : frame.seats()) {
            double dx = (lon - s.point().x) * kx;
            double dy = (lat - s.point().y) * 110.574;
            double r = s.radiusKm();
            best = Math.max(best, Math.exp(-(dx * dx + dy * dy) / (r * r)));
        }
        return best;
    }

    private SplittableRandom random(int stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L);
    }

    // ------------------------------------------------------------------ hierarchy

    private DemoCity build() {
        GenArea city = new GenArea(AdminLevel.CITY, null, null);
        city.code = frame.cityCode();
        city.name = frame.cityName();
        city.polygon = frame.outline();

        List<Coordinate> seats = new ArrayList<>();
        for (Frame.Seat s : frame.seats()) {
            seats.add(s.point());
        }
        List<Tiler.Cell> countyCells = Tiler.split(List.of(city.polygon), List.of(seats), 10e6, 0).get(0);
        if (countyCells.size() != seats.size()) {
            throw new IllegalStateException("a county vanished while tiling the outline");
        }
        List<GenArea> counties = new ArrayList<>();
        for (Tiler.Cell cell : countyCells) {
            Frame.Seat s = frame.seats().get(cell.seedIndex());
            GenArea county = new GenArea(AdminLevel.COUNTY, city, s.point());
            county.code = s.code();
            county.name = s.name();
            county.polygon = cell.polygon();
            county.urbanness = 1;
            city.children.add(county);
            counties.add(county);
        }
        List<GenArea> townships = level(counties, AdminLevel.TOWNSHIP, TARGET_TOWNSHIPS, TOWNSHIP_DENSITY,
                c -> List.of(c.seed), 3e6, 0.15, random(1));
        List<GenArea> villages = level(townships, AdminLevel.VILLAGE, TARGET_VILLAGES, VILLAGE_DENSITY,
                t -> List.of(), 0.08e6, 0.15, random(2));
        List<GenArea> grids = level(villages, AdminLevel.GRID, TARGET_GRIDS, GRID_DENSITY,
                v -> List.of(), 0.03e6, 0.2, random(3));

        // The grid level was noded last: rebuild every coarser area as the exact union of its
        // children so that all levels share the grids' vertices.
        for (List<GenArea> parents : List.of(villages, townships, counties, List.of(city))) {
            for (GenArea a : parents) {
                Geometry[] parts = new Geometry[a.children.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = a.children.get(i).polygon;
                }
                Geometry u = parts.length == 1 ? parts[0] : CoverageUnion.union(parts);
                if (!(u instanceof Polygon p)) {
                    throw new IllegalStateException(a.level.id() + " is not one polygon after union: "
                            + u.getGeometryType());
                }
                a.polygon = p;
            }
        }
        for (GenArea county : counties) {
            if (!county.polygon.covers(Geo.FACTORY.createPoint(county.seed))) {
                throw new IllegalStateException("county " + county.code + " does not contain its seat");
            }
        }
        classify(townships, villages);
        assignCodes(city);
        List<GenArea> all = new ArrayList<>();
        all.add(city);
        all.addAll(counties);
        all.addAll(townships);
        all.addAll(villages);
        all.addAll(grids);
        for (GenArea a : all) {
            a.polygon = canonical(a.polygon);
            a.areaSqm = geodesicAreaSqm(a.polygon);
        }
        sortByCode(counties);
        sortByCode(townships);
        sortByCode(villages);
        sortByCode(grids);
        assignNames(townships, villages, grids);
        demographics(grids, villages, townships, counties, city);

        PlaceGenerator places = new PlaceGenerator(counties, grids, this::urbanness);
        return new DemoCity(seed, city, counties, townships, villages, grids,
                places.schoolPosts(random(10)), places.keyPlaces(random(11)), places.units(random(12)));
    }

    /** Splits every parent into children of the given level; returns them in parent order. */
    private List<GenArea> level(List<GenArea> parents, AdminLevel childLevel, int target, double densityK,
                                Function<GenArea, List<Coordinate>> fixed, double minAreaSqm, double minCompactness,
                                SplittableRandom rnd) {
        DoubleBinaryOperator density = (x, y) -> 1 + densityK * urbanness(x, y);
        int[] counts = allocate(parents, density, target);
        List<Polygon> polygons = new ArrayList<>();
        List<List<Coordinate>> seeds = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            Polygon p = parents.get(i).polygon;
            polygons.add(p);
            seeds.add(sample(p, counts[i], density, 1 + densityK, rnd, fixed.apply(parents.get(i))));
        }
        List<List<Tiler.Cell>> cells = Tiler.split(polygons, seeds, minAreaSqm, minCompactness);
        List<GenArea> children = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            GenArea parent = parents.get(i);
            for (Tiler.Cell cell : cells.get(i)) {
                GenArea child = new GenArea(childLevel, parent, cell.seed());
                child.polygon = cell.polygon();
                child.urbanness = urbanness(cell.seed().x, cell.seed().y);
                parent.children.add(child);
                children.add(child);
            }
        }
        LOG.debug("{}: {} seeds, {} areas", childLevel.id(), seeds.stream().mapToInt(List::size).sum(),
                children.size());
        return children;
    }

    /** Shares {@code total} among parents in proportion to ∫density over each, at least 1 each. */
    private static int[] allocate(List<GenArea> parents, DoubleBinaryOperator density, int total) {
        int n = parents.size();
        double[] weight = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weight[i] = integral(parents.get(i).polygon, density);
            sum += weight[i];
        }
        int[] counts = new int[n];
        double[] frac = new double[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            double exact = total * weight[i] / sum;
            counts[i] = Math.max(1, (int) Math.floor(exact));
            frac[i] = exact - Math.floor(exact);
            used += counts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -frac[i]).thenComparingInt(i -> i));
        for (int k = 0; used < total && k < n; k++, used++) {
            counts[order.get(k)]++;
        }
        return counts;
    }

    /** ∫density dA over the polygon (m² × weight), estimated on a regular lattice. */
    private static double integral(Polygon p, DoubleBinaryOperator density) {
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(p);
        Envelope env = p.getEnvelopeInternal();
        double sum = 0;
        int inside = 0;
        for (int i = 0; i < LATTICE; i++) {
            for (int j = 0; j < LATTICE; j++) {
                double x = env.getMinX() + (i + 0.5) * env.getWidth() / LATTICE;
                double y = env.getMinY() + (j + 0.5) * env.getHeight() / LATTICE;
                if (locator.locate(new Coordinate(x, y)) == Location.INTERIOR) {
                    sum += density.applyAsDouble(x, y);
                    inside++;
                }
            }
        }
        double mean;
        if (inside == 0) {
            Coordinate c = p.getInteriorPoint().getCoordinate();
            mean = density.applyAsDouble(c.x, c.y);
        } else {
            mean = sum / inside;
        }
        return Tiler.approxAreaSqm(p) * mean;
    }

    /**
     * Best-candidate sampling with density-scaled spacing: of {@value #CANDIDATES} density-weighted
     * candidates the one farthest from the chosen seeds (distance × √density) wins, which gives
     * evenly spread seeds whose spacing shrinks where the density is high.
     */
    private static List<Coordinate> sample(Polygon p, int n, DoubleBinaryOperator density, double maxDensity,
                                           SplittableRandom rnd, List<Coordinate> fixed) {
        List<Coordinate> out = new ArrayList<>(fixed);
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(p);
        Envelope env = p.getEnvelopeInternal();
        while (out.size() < n) {
            Coordinate best = null;
            double bestScore = -1;
            for (int k = 0; k < CANDIDATES; k++) {
                Coordinate c = candidate(locator, env, density, maxDensity, rnd);
                if (c == null) {
                    break;
                }
                double d2 = Double.MAX_VALUE;
                for (Coordinate o : out) {
                    d2 = Math.min(d2, Tiler.dist2(o, c.x, c.y));
                }
                double score = out.isEmpty() ? 1 : Math.sqrt(d2 * density.applyAsDouble(c.x, c.y));
                if (d2 > 0 && score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (best == null) {
                break;
            }
            out.add(best);
        }
        if (out.isEmpty()) {
            out.add(p.getInteriorPoint().getCoordinate());
        }
        return out;
    }

    private static Coordinate candidate(IndexedPointInAreaLocator locator, Envelope env, DoubleBinaryOperator density,
                                        double maxDensity, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 5000; attempt++) {
            Coordinate c = new Coordinate(env.getMinX() + rnd.nextDouble() * env.getWidth(),
                    env.getMinY() + rnd.nextDouble() * env.getHeight());
            Tiler.PRECISION.makePrecise(c);
            if (locator.locate(c) == Location.INTERIOR
                    && rnd.nextDouble() * maxDensity < density.applyAsDouble(c.x, c.y)) {
                return c;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ codes and names

    private void classify(List<GenArea> townships, List<GenArea> villages) {
        SplittableRandom rnd = random(4);
        for (GenArea t : townships) {
            t.urban = t.seed.equals2D(t.parent.seed) || t.urbanness >= URBAN_THRESHOLD;
            // A few remote rural townships are 乡 rather than 镇, as in most Shandong counties.
            t.xiang = !t.urban && t.urbanness < 0.02 && rnd.nextInt(100) < 12;
        }
        for (GenArea v : villages) {
            v.urban = v.urbanness >= URBAN_THRESHOLD;
        }
    }

    private static void assignCodes(GenArea city) {
        for (GenArea county : city.children) {
            numberChildren(county, TOWNSHIP_ROW_DEG, t -> t.urban ? 1 : t.xiang ? 200 : 100);
            for (GenArea t : county.children) {
                numberChildren(t, VILLAGE_ROW_DEG, v -> v.urban ? 1 : 200);
                for (GenArea v : t.children) {
                    numberChildren(v, GRID_ROW_DEG, g -> 1);
                }
            }
        }
    }

    /** Numbers the children of {@code parent} in reading order within each number range. */
    private static void numberChildren(GenArea parent, double rowDeg, Function<GenArea, Integer> rangeStart) {
        double north = -Double.MAX_VALUE;
        for (GenArea c : parent.children) {
            north = Math.max(north, canonical(c.polygon).getEnvelopeInternal().getMaxY());
        }
        List<GenArea> sorted = new ArrayList<>(parent.children);
        sorted.sort(readingOrder(north, rowDeg));
        java.util.TreeMap<Integer, Integer> next = new java.util.TreeMap<>();
        for (GenArea c : sorted) {
            int start = rangeStart.apply(c);
            int number = next.merge(start, 1, Integer::sum) - 1 + start;
            if (number > 999) {
                throw new IllegalStateException("more than 999 children under " + parent.code);
            }
            c.code = parent.code + String.format("%03d", number);
        }
        sortByCode(parent.children);
    }

    /**
     * The reading-order comparator of the class documentation: rows of {@code rowDeg} degrees
     * from {@code north} southwards, west to east within a row.
     */
    private static Comparator<GenArea> readingOrder(double north, double rowDeg) {
        Function<GenArea, double[]> key = a -> {
            Point c = canonical(a.polygon).getCentroid();
            return new double[] {Math.floor((north - c.getY()) / rowDeg), c.getX(), -c.getY()};
        };
        return (a, b) -> {
            double[] ka = key.apply(a);
            double[] kb = key.apply(b);
            for (int i = 0; i < 3; i++) {
                int c = Double.compare(ka[i], kb[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    private void assignNames(List<GenArea> townships, List<GenArea> villages, List<GenArea> grids) {
        SplittableRandom rnd = random(5);
        Set<String> townshipNames = new HashSet<>();
        for (GenArea t : townships) {
            t.name = t.urban ? Names.street(rnd, townshipNames) : Names.town(rnd, townshipNames, t.xiang);
        }
        for (GenArea t : townships) {
            Set<String> used = new HashSet<>();
            for (GenArea v : t.children) {
                v.name = v.urban ? Names.community(rnd, used) : Names.village(rnd, used);
            }
        }
        for (GenArea g : grids) {
            g.name = g.parent.name + "第" + Integer.parseInt(g.code.substring(12)) + "网格";
            g.gridWorker = Names.person(rnd);
        }
    }

    /**
     * Households and population per grid, summed upwards: urban grids 300–500 households, rural
     * grids scaled so that the city has about {@value #TARGET_POPULATION} people.
     */
    private void demographics(List<GenArea> grids, List<GenArea> villages, List<GenArea> townships,
                              List<GenArea> counties, GenArea city) {
        SplittableRandom rnd = random(6);
        int n = grids.size();
        double[] weight = new double[n];
        double[] size = new double[n];
        boolean[] urban = new boolean[n];
        double urbanPeople = 0;
        double ruralWeighted = 0;
        for (int i = 0; i < n; i++) {
            GenArea g = grids.get(i);
            Point c = g.polygon.getCentroid();
            double u = urbanness(c.getX(), c.getY());
            urban[i] = g.parent.urban || u >= 0.45;
            size[i] = urban[i] ? 2.4 + 0.4 * rnd.nextDouble() : 2.6 + 0.5 * rnd.nextDouble();
            if (urban[i]) {
                g.households = 300 + rnd.nextInt(201);
                urbanPeople += g.households * size[i];
            } else {
                double km2 = g.areaSqm / 1e6;
                weight[i] = (0.6 + 0.8 * rnd.nextDouble()) * (1 + 2 * u) * (0.5 + 0.5 * Math.min(km2, 3));
                ruralWeighted += weight[i] * size[i];
            }
        }
        double perWeight = Math.max(0, TARGET_POPULATION - urbanPeople) / ruralWeighted;
        for (int i = 0; i < n; i++) {
            GenArea g = grids.get(i);
            if (!urban[i]) {
                g.households = Math.max(20, Math.round(perWeight * weight[i]));
            }
            g.population = Math.round(g.households * size[i]);
        }
        for (List<GenArea> level : List.of(villages, townships, counties, List.of(city))) {
            for (GenArea a : level) {
                a.population = 0;
                a.households = 0;
                for (GenArea c : a.children) {
                    a.population += c.population;
                    a.households += c.households;
                }
            }
        }
    }

    // ------------------------------------------------------------------ geometry helpers

    private static void sortByCode(List<GenArea> areas) {
        areas.sort(Comparator.comparing((GenArea a) -> a.code));
    }

    /**
     * The canonical form written to disk: normalized (start at the smallest vertex), shell
     * counter-clockwise and holes clockwise as RFC 7946 recommends. Idempotent.
     */
    static Polygon canonical(Polygon p) {
        Polygon n = (Polygon) p.norm();
        return n.reverse();
    }

    /**
     * Geodesic area of a polygon on the WGS84 ellipsoid in m² (shell minus holes), WGS84 lon/lat
     * input (x = longitude).
     */
    public static double geodesicAreaSqm(Geometry g) {
        return Geodesy.areaSqm(g);
    }

    // ------------------------------------------------------------------ frame

    /** The frame: city outline and county seats. */
    record Frame(String cityCode, String cityName, Polygon outline, List<Seat> seats) {
        record Seat(String code, String name, Coordinate point, double radiusKm) {
        }

        static Frame read(Path path) throws IOException {
            JsonObject fc;
            try {
                fc = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new IOException(path + ": not a JSON object: " + e.getMessage(), e);
            }
            JsonArray features = fc.getJsonArray("features");
            if (features == null) {
                throw new IOException(path + ": no \"features\" array");
            }
            String cityCode = null;
            String cityName = null;
            Polygon outline = null;
            List<Seat> seats = new ArrayList<>();
            for (int i = 0; i < features.size(); i++) {
                try {
                    JsonObject f = features.getJsonObject(i);
                    JsonObject props = f.getJsonObject("properties");
                    Geometry g = GeoJson.read(f.getJsonObject("geometry"));
                    String kind = props.getString("kind");
                    if ("city".equals(kind)) {
                        outline = (Polygon) Geo.FACTORY.createGeometry(g);
                        outline.apply(new org.locationtech.jts.geom.CoordinateFilter() {
                            @Override
                            public void filter(Coordinate c) {
                                Tiler.PRECISION.makePrecise(c);
                            }
                        });
                        outline.geometryChanged();
                        cityCode = props.getString("adcode");
                        cityName = props.getString("name");
                    } else if ("county".equals(kind)) {
                        String code = props.getString("adcode");
                        double r = code.equals(cityCode(code)) ? 7.5 : code.endsWith("81") ? 5.5 : 4.5;
                        Coordinate c = g.getCoordinate().copy();
                        Tiler.PRECISION.makePrecise(c);
                        seats.add(new Seat(code, props.getString("name"), c, r));
                    }
                } catch (RuntimeException e) {
                    throw new IOException(path + ": feature " + i + ": " + e.getMessage(), e);
                }
            }
            if (outline == null || !outline.isValid() || seats.isEmpty()) {
                throw new IOException(path + ": needs one valid city polygon and at least one county seat");
            }
            seats.sort(Comparator.comparing(Seat::code));
            for (Seat s : seats) {
                if (!outline.contains(Geo.FACTORY.createPoint(s.point()))) {
                    throw new IOException(path + ": seat of " + s.code() + " lies outside the city outline");
                }
            }
            return new Frame(cityCode, cityName, outline, List.copyOf(seats));
        }

        /** The first county code of a city (its seat district): 371600 → 371602. */
        private static String cityCode(String countyCode) {
            return countyCode.substring(0, 4) + "02";
        }
    }
}

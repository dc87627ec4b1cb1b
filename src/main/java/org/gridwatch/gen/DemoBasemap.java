package org.gridwatch.gen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.locationtech.jts.triangulate.DelaunayTriangulationBuilder;

/**
 * The demo city's basemap: a small vector MBTiles file (zooms {@value #MIN_ZOOM}–{@value #MAX_ZOOM},
 * gzip-compressed MVT) drawn from data made here, nothing taken from elsewhere:
 * <ul>
 *   <li>{@code boundaries}: the city's and counties' outlines ({@code level=county}, from zoom 6) and
 *       the townships' ({@code level=township}, from zoom 9), as dissolved lines;</li>
 *   <li>{@code places}: the county seats ({@code level=county}) and township seats
 *       ({@code level=township}, from zoom 9) with their names, as points;</li>
 *   <li>{@code roads}: a <em>synthetic</em> network joining the township seats: the minimum spanning
 *       tree of their Delaunay triangulation ({@code class=main}, named 黄河N路 east–west, 渤海N路
 *       north–south) and the shortest other Delaunay edges as links ({@code class=link}, 长江N路,
 *       from zoom 9), each gently curved;</li>
 *   <li>{@code water}: a <em>synthetic</em> meandering river band across the city with its
 *       centre line ({@code name=滨河（演示）}).</li>
 * </ul>
 * Every feature has {@code demo=true}; the metadata says the roads and river are invented. The
 * same city and seed give a byte-identical file. Stateless; thread-safe.
 */
final class DemoBasemap {
    static final int MIN_ZOOM = 6;
    static final int MAX_ZOOM = 14;
    static final int TOWNSHIP_ZOOM = 9;
    static final String BOUNDARIES = "boundaries";
    static final String PLACES = "places";
    static final String ROADS = "roads";
    static final String WATER = "water";
    static final String RIVER_NAME = "滨河（演示）";
    /** Share of the non-tree Delaunay edges, shortest first, that become links. */
    private static final double LINK_SHARE = 0.08;
    /** Half the width of the river band, metres on the ground. */
    private static final double RIVER_HALF_WIDTH = 180;
    private static final GeometryFactory MERCATOR = new GeometryFactory(new PrecisionModel(), 3857);
    static final String NOTE = "演示数据：边界来自演示城市的生成数据；道路与河流为合成示意，不是真实地理。"
            + " Demo data: boundaries from the generated demo city; roads and the river are synthetic, not real geography.";

    private DemoBasemap() {
    }

    /** A feature in Web Mercator metres with its properties, drawn from {@code minZoom}. */
    record Feature(Geometry geometry, Map<String, Object> properties, int minZoom) {
    }

    /** What was written: tiles per zoom, and the file's size in bytes. */
    record Written(Map<Integer, Integer> tilesPerZoom, long bytes) {
        int tiles() {
            return tilesPerZoom.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Builds the features and writes the MBTiles file (replacing one already there). */
    static Written write(DemoCity city, Path file) throws IOException {
        Map<String, List<Feature>> layers = features(city);
        Envelope extent = new Envelope();
        layers.values().forEach(l -> l.forEach(f -> extent.expandToInclude(f.geometry().getEnvelopeInternal())));
        Map<Integer, Integer> perZoom = new LinkedHashMap<>();
        Files.deleteIfExists(file);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size = 4096");
                s.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
                s.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
                s.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metadata (name, value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> m : metadata(extent).entrySet()) {
                    ps.setString(1, m.getKey());
                    ps.setString(2, m.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)")) {
                for (int z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
                    perZoom.put(z, tileZoom(z, layers, extent, ps));
                    ps.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM");
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the demo basemap " + file + ": " + e.getMessage(), e);
        }
        return new Written(perZoom, Files.size(file));
    }

    /** Writes the tiles of zoom {@code z} holding any feature; returns how many. */
    private static int tileZoom(int z, Map<String, List<Feature>> layers, Envelope extent, PreparedStatement ps)
            throws SQLException {
        double tolerance = MvtTiles.unitMetres(z);
        Map<String, STRtree> trees = new LinkedHashMap<>();
        for (Map.Entry<String, List<Feature>> e : layers.entrySet()) {
            STRtree tree = new STRtree();
            int order = 0;
            for (Feature f : e.getValue()) {
                if (f.minZoom() > z) {
                    continue;
                }
                Geometry g = f.geometry().getDimension() == 0 ? f.geometry()
                        : DouglasPeuckerSimplifier.simplify(f.geometry(), tolerance);
                g.setUserData(f.properties());
                tree.insert(g.getEnvelopeInternal(), new Indexed(order++, g));
            }
            trees.put(e.getKey(), tree);
        }
        int n = 1 << z;
        double world = 2 * MvtTiles.HALF_WORLD;
        int x0 = clamp((int) Math.floor((extent.getMinX() + MvtTiles.HALF_WORLD) / world * n), n);
        int x1 = clamp((int) Math.floor((extent.getMaxX() + MvtTiles.HALF_WORLD) / world * n), n);
        int y0 = clamp((int) Math.floor((MvtTiles.HALF_WORLD - extent.getMaxY()) / world * n), n);
        int y1 = clamp((int) Math.floor((MvtTiles.HALF_WORLD - extent.getMinY()) / world * n), n);
        int count = 0;
        for (int x = x0; x <= x1; x++) {
            for (int y = y0; y <= y1; y++) {
                Envelope clip = MvtTiles.tileEnvelope(z, x, y);
                clip.expandBy(clip.getWidth() * MvtTiles.BUFFER / MvtTiles.EXTENT);
                Map<String, List<Geometry>> inTile = new LinkedHashMap<>();
                for (Map.Entry<String, STRtree> t : trees.entrySet()) {
                    List<Indexed> hits = new ArrayList<>();
                    for (Object o : t.getValue().query(clip)) {
                        hits.add((Indexed) o);
                    }
                    if (!hits.isEmpty()) {
                        hits.sort(Comparator.comparingInt(Indexed::order)); // the index's order is not the features'
                        inTile.put(t.getKey(), hits.stream().map(Indexed::geometry).toList());
                    }
                }
                byte[] tile = inTile.isEmpty() ? null : MvtTiles.encode(z, x, y, inTile);
                if (tile != null) {
                    ps.setInt(1, z);
                    ps.setInt(2, x);
                    ps.setInt(3, n - 1 - y);
                    ps.setBytes(4, tile);
                    ps.addBatch();
                    count++;
                }
            }
        }
        return count;
    }

    private record Indexed(int order, Geometry geometry) {
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    private static Map<String, String> metadata(Envelope mercator) {
        double[] sw = lonLat(mercator.getMinX(), mercator.getMinY());
        double[] ne = lonLat(mercator.getMaxX(), mercator.getMaxY());
        JsonObject json = new JsonObject().put("vector_layers", new JsonArray()
                .add(layer(WATER, "synthetic river band (polygon) and centre line", MIN_ZOOM, "name", "demo"))
                .add(layer(BOUNDARIES, "city, county (level=county) and township (level=township) outlines", MIN_ZOOM,
                        "level", "demo"))
                .add(layer(ROADS, "synthetic roads joining the township seats (class=main, link)", MIN_ZOOM, "name",
                        "class", "demo"))
                .add(layer(PLACES, "county and township seats (level=county, township)", MIN_ZOOM, "name", "level",
                        "demo")));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "滨州市演示底图 (GridWatch demo basemap)");
        m.put("format", "pbf");
        m.put("type", "baselayer");
        m.put("version", "1");
        m.put("minzoom", Integer.toString(MIN_ZOOM));
        m.put("maxzoom", Integer.toString(MAX_ZOOM));
        m.put("bounds", round(sw[0]) + "," + round(sw[1]) + "," + round(ne[0]) + "," + round(ne[1]));
        m.put("center", round((sw[0] + ne[0]) / 2) + "," + round((sw[1] + ne[1]) / 2) + ",9");
        m.put("description", NOTE);
        m.put("attribution", "GridWatch 演示数据（合成） / synthetic demo data");
        m.put("json", json.encode());
        return m;
    }

    private static JsonObject layer(String id, String description, int minZoom, String... fields) {
        JsonObject f = new JsonObject();
        for (String field : fields) {
            f.put(field, field.equals("demo") ? "Boolean" : "String");
        }
        return new JsonObject().put("id", id).put("description", description).put("minzoom", minZoom)
                .put("maxzoom", MAX_ZOOM).put("fields", f);
    }

    private static String round(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static double[] lonLat(double x, double y) {
        return new double[] {Math.toDegrees(x / 6_378_137.0),
                Math.toDegrees(2 * Math.atan(Math.exp(y / 6_378_137.0)) - Math.PI / 2)};
    }

    // ------------------------------------------------------------------ features

    /** The features of each layer, in drawing order (water, boundaries, roads, places). */
    static Map<String, List<Feature>> features(DemoCity city) {
        Map<String, List<Feature>> layers = new LinkedHashMap<>();
        layers.put(WATER, water(city));
        layers.put(BOUNDARIES, boundaries(city));
        layers.put(ROADS, roads(city));
        layers.put(PLACES, places(city));
        return layers;
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put("demo", true);
        return m;
    }

    /** A lon/lat geometry in Web Mercator metres (a copy). */
    static Geometry toMercator(Geometry lonLat) {
        Geometry g = MERCATOR.createGeometry(lonLat);
        g.apply((CoordinateFilter) c -> {
            Coordinate m = MvtTiles.mercator(c.x, c.y);
            c.x = m.x;
            c.y = m.y;
        });
        g.geometryChanged();
        return g;
    }

    private static List<Feature> boundaries(DemoCity city) {
        List<Geometry> county = new ArrayList<>();
        for (GenArea c : city.counties()) {
            county.add(c.polygon.getBoundary());
        }
        Geometry countyLines = UnaryUnionNG.union(Geo.FACTORY.buildGeometry(county), Tiler.PRECISION);
        List<Geometry> township = new ArrayList<>();
        for (GenArea t : city.townships()) {
            township.add(t.polygon.getBoundary());
        }
        Geometry townshipLines = OverlayNG.overlay(UnaryUnionNG.union(Geo.FACTORY.buildGeometry(township), Tiler.PRECISION),
                countyLines, OverlayNG.DIFFERENCE, Tiler.PRECISION);
        List<Feature> out = new ArrayList<>();
        for (Geometry line : merged(countyLines)) {
            out.add(new Feature(toMercator(line), props("level", "county"), MIN_ZOOM));
        }
        for (Geometry line : merged(townshipLines)) {
            out.add(new Feature(toMercator(line), props("level", "township"), TOWNSHIP_ZOOM));
        }
        return out;
    }

    /** The lines of {@code g} merged into maximal lines, in a fixed order. */
    private static List<Geometry> merged(Geometry g) {
        LineMerger merger = new LineMerger();
        merger.add(g);
        List<Geometry> lines = new ArrayList<>();
        for (Object o : merger.getMergedLineStrings()) {
            lines.add((Geometry) o);
        }
        lines.sort(Comparator.comparing((Geometry l) -> l.getCoordinate().x).thenComparing(l -> l.getCoordinate().y)
                .thenComparingInt(Geometry::getNumPoints));
        return lines;
    }

    private static List<Feature> places(DemoCity city) {
        List<Feature> out = new ArrayList<>();
        for (GenArea c : city.counties()) {
            out.add(new Feature(toMercator(Geo.point(c.seed.x, c.seed.y)), props("name", c.name, "level", "county"),
                    MIN_ZOOM));
        }
        for (GenArea t : city.townships()) {
            if (!t.seed.equals2D(t.parent.seed)) {
                out.add(new Feature(toMercator(Geo.point(t.seed.x, t.seed.y)), props("name", t.name, "level", "township"),
                        TOWNSHIP_ZOOM));
            }
        }
        return out;
    }

    /** A Delaunay edge between two township seats, by index, with its length in metres. */
    private record Edge(int a, int b, double metres) {
    }

    private static List<Feature> roads(DemoCity city) {
        List<GenArea> towns = city.townships();
        List<Coordinate> seats = new ArrayList<>();
        for (GenArea t : towns) {
            seats.add(t.seed);
        }
        DelaunayTriangulationBuilder dt = new DelaunayTriangulationBuilder();
        dt.setSites(seats);
        Geometry edges = dt.getEdges(Geo.FACTORY);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < seats.size(); i++) {
            index.putIfAbsent(key(seats.get(i)), i);
        }
        List<Edge> candidates = new ArrayList<>();
        for (int i = 0; i < edges.getNumGeometries(); i++) {
            Coordinate[] cs = edges.getGeometryN(i).getCoordinates();
            Integer a = index.get(key(cs[0]));
            Integer b = index.get(key(cs[1]));
            if (a != null && b != null && !a.equals(b)) {
                candidates.add(new Edge(Math.min(a, b), Math.max(a, b), metres(cs[0], cs[1])));
            }
        }
        candidates.sort(Comparator.comparingDouble(Edge::metres).thenComparingInt(Edge::a).thenComparingInt(Edge::b));
        // Kruskal: the minimum spanning tree is a subgraph of the Delaunay triangulation.
        int[] parent = new int[seats.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        List<Edge> tree = new ArrayList<>();
        List<Edge> rest = new ArrayList<>();
        for (Edge e : candidates) {
            int ra = find(parent, e.a());
            int rb = find(parent, e.b());
            if (ra != rb) {
                parent[ra] = rb;
                tree.add(e);
            } else {
                rest.add(e);
            }
        }
        List<Edge> links = rest.subList(0, (int) Math.round(rest.size() * LINK_SHARE));
        SplittableRandom rnd = new SplittableRandom(city.seed() * 0x9E3779B97F4A7C15L + 17);
        List<Feature> out = new ArrayList<>();
        int eastWest = 0;
        int northSouth = 0;
        for (Edge e : tree) {
            Coordinate a = seats.get(e.a());
            Coordinate b = seats.get(e.b());
            boolean ew = Math.abs(b.x - a.x) * Tiler.LON_SCALE >= Math.abs(b.y - a.y);
            String name = ew ? Names.road("黄河", ++eastWest) : Names.road("渤海", ++northSouth);
            out.add(new Feature(toMercator(curve(a, b, rnd)), props("name", name, "class", "main"), MIN_ZOOM));
        }
        int link = 0;
        for (Edge e : links) {
            out.add(new Feature(toMercator(curve(seats.get(e.a()), seats.get(e.b()), rnd)),
                    props("name", Names.road("长江", ++link), "class", "link"), TOWNSHIP_ZOOM));
        }
        return out;
    }

    private static String key(Coordinate c) {
        return c.x + "," + c.y;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static double metres(Coordinate a, Coordinate b) {
        double dx = (b.x - a.x) * Tiler.metresPerDegLon((a.y + b.y) / 2);
        double dy = (b.y - a.y) * 110_574.0;
        return Math.hypot(dx, dy);
    }

    /** A gentle quadratic curve from a to b, bowed sideways by up to a tenth of its length. */
    private static LineString curve(Coordinate a, Coordinate b, SplittableRandom rnd) {
        double bow = (rnd.nextDouble() * 2 - 1) * 0.1;
        double mx = (a.x + b.x) / 2 - (b.y - a.y) * bow / Tiler.LON_SCALE;
        double my = (a.y + b.y) / 2 + (b.x - a.x) * bow * Tiler.LON_SCALE;
        int n = 12;
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i <= n; i++) {
            double t = (double) i / n;
            double u = 1 - t;
            cs[i] = new Coordinate(round7(u * u * a.x + 2 * u * t * mx + t * t * b.x),
                    round7(u * u * a.y + 2 * u * t * my + t * t * b.y));
        }
        return Geo.FACTORY.createLineString(cs);
    }

    private static double round7(double v) {
        return Math.round(v * 1e7) / 1e7;
    }

    /**
     * A river entering the city's envelope in the west-south-west and leaving in the east-north-east,
     * meandering; its band clipped to the city outline grown by 2 km.
     */
    private static List<Feature> water(DemoCity city) {
        Envelope env = city.city().polygon.getEnvelopeInternal();
        SplittableRandom rnd = new SplittableRandom(city.seed() * 0x9E3779B97F4A7C15L + 29);
        double phase = rnd.nextDouble() * 2 * Math.PI;
        double w = env.getWidth();
        double h = env.getHeight();
        int n = 240;
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i <= n; i++) {
            double t = (double) i / n;
            double x = env.getMinX() - 0.02 * w + t * 1.04 * w;
            double y = env.getMinY() + (0.30 + 0.40 * t) * h + 0.035 * h * Math.sin(2 * Math.PI * 3.5 * t + phase)
                    + 0.012 * h * Math.sin(2 * Math.PI * 9 * t + 2 * phase);
            cs[i] = new Coordinate(round7(x), round7(y));
        }
        Geometry centre = toMercator(Geo.FACTORY.createLineString(cs));
        double scale = 1 / Math.cos(Math.toRadians(env.centre().y));
        Geometry area = toMercator(city.city().polygon).buffer(2_000 * scale);
        Geometry line = centre.intersection(area);
        Geometry band = line.buffer(RIVER_HALF_WIDTH * scale, 4);
        List<Feature> out = new ArrayList<>();
        out.add(new Feature(band, props("name", RIVER_NAME), MIN_ZOOM));
        for (int i = 0; i < line.getNumGeometries(); i++) {
            out.add(new Feature(line.getGeometryN(i), props("name", RIVER_NAME), MIN_ZOOM));
        }
        return out;
    }
}

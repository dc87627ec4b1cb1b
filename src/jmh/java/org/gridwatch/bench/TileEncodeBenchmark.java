package org.gridwatch.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.gridwatch.tile.TileEncoder;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.WebMercator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.locationtech.jts.geom.Envelope;

/**
 * One grid tile encoded as MVT, GridWatch's encoder ({@link TileEncoder}: the grids of the tile's
 * buffered square from the area index, projected, clipped, simplified, encoded) beside PostGIS
 * ({@code ST_AsMVT(ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true))}
 * over the same grids in a table with a GiST index), for the same tiles: every tile of zoom
 * {@code zoom} holding a grid of the demo city, walked in order, one tile per operation. Both
 * carry the same attributes (code, name, population) and one thread; the PostGIS figure includes
 * the JDBC round trip on loopback (as a tile server's would). {@code gridwatch} keeps the grids'
 * per-zoom shapes across tiles, as the server does for reference layers (filled by the set-up's
 * first pass: every tile is still encoded, only the grids' projection and simplification are
 * reused); {@code gridwatchFresh} computes them again in every tile.
 *
 * <p>Results: average time per tile, milliseconds. PostGIS from {@code GRIDWATCH_TEST_PG_URL},
 * {@code _USER}, {@code _PASSWORD}; without them the {@code postgis} benchmark fails at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class TileEncodeBenchmark {
    private static final String SQL = "SELECT ST_AsMVT(q, 'grids', 4096, 'geom') FROM (SELECT code, name, population, "
            + "ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?), 4096, 64, true) AS geom "
            + "FROM bench_tiles.grids WHERE geom && ST_Transform(ST_TileEnvelope(?, ?, ?, margin => 64.0 / 4096), 4326)) q";

    @Param({"10", "12"})
    int zoom;

    AreaHierarchy areas;
    List<TileId> tiles;
    int cursor;
    Connection db;
    PreparedStatement query;
    /** Bytes per tile of each side, summed over one pass (printed at set-up, to compare the outputs). */
    long ourBytes;
    long theirBytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        areas = AreaHierarchy.of(CityData.load(Path.of(System.getProperty("gridwatch.bench.city", "gis-data/binzhou"))).areas());
        tiles = tiles(areas, zoom);
        for (TileId t : tiles) {
            ourBytes += encode(t).length;
        }
        String url = System.getenv("GRIDWATCH_TEST_PG_URL");
        if (url != null) {
            db = DriverManager.getConnection(url, System.getenv("GRIDWATCH_TEST_PG_USER"), System.getenv("GRIDWATCH_TEST_PG_PASSWORD"));
            load(db, areas.level(AdminLevel.GRID));
            query = db.prepareStatement(SQL);
            for (TileId t : tiles) {
                theirBytes += postgisTile(t).length;
            }
        }
        System.out.printf("%nz%d: %d tiles; GridWatch %d bytes, PostGIS %d bytes in all%n", zoom, tiles.size(), ourBytes,
                theirBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** Every tile of zoom {@code z} over the city's grids' envelope that holds a grid. */
    static List<TileId> tiles(AreaHierarchy areas, int z) {
        Envelope e = new Envelope();
        areas.level(AdminLevel.GRID).forEach(g -> e.expandToInclude(g.geometry().getEnvelopeInternal()));
        List<TileId> out = new ArrayList<>();
        for (int x = (int) WebMercator.x(e.getMinX(), z); x <= (int) WebMercator.x(e.getMaxX(), z); x++) {
            for (int y = (int) WebMercator.y(e.getMaxY(), z); y <= (int) WebMercator.y(e.getMinY(), z); y++) {
                TileId t = new TileId(z, x, y);
                if (!areas.intersecting(AdminLevel.GRID, t.envelope()).isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    byte[] encode(TileId t) {
        return encode(t, true);
    }

    /** The tile; {@code still}: the grids' shapes kept across tiles (as the server keeps reference layers'). */
    byte[] encode(TileId t, boolean still) {
        TileEncoder enc = new TileEncoder(t);
        for (AdminArea g : areas.intersecting(AdminLevel.GRID, t.buffered((double) TileEncoder.BUFFER / TileEncoder.EXTENT))) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("code", g.code());
            a.put("name", g.name());
            a.put("population", g.population());
            enc.add("grids", g.geometry(), g.code(), a, still);
        }
        return enc.encode();
    }

    byte[] postgisTile(TileId t) throws SQLException {
        for (int i = 0; i < 2; i++) {
            query.setInt(1 + 3 * i, t.z());
            query.setInt(2 + 3 * i, t.x());
            query.setInt(3 + 3 * i, t.y());
        }
        try (ResultSet rs = query.executeQuery()) {
            rs.next();
            byte[] b = rs.getBytes(1);
            return b == null ? new byte[0] : b;
        }
    }

    /** The grids into {@code bench_tiles.grids} (replaced), with a GiST index, analysed. */
    static void load(Connection db, List<AdminArea> grids) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS postgis");
            s.execute("CREATE SCHEMA IF NOT EXISTS bench_tiles");
            s.execute("DROP TABLE IF EXISTS bench_tiles.grids");
            s.execute("CREATE TABLE bench_tiles.grids (code text PRIMARY KEY, name text, population integer, "
                    + "geom geometry(MultiPolygon, 4326) NOT NULL)");
        }
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO bench_tiles.grids VALUES (?, ?, ?, "
                + "ST_Multi(ST_GeomFromText(?, 4326)))")) {
            for (AdminArea g : grids) {
                ins.setString(1, g.code());
                ins.setString(2, g.name());
                ins.setInt(3, (int) g.population());
                ins.setString(4, g.geometry().toText());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        try (Statement s = db.createStatement()) {
            s.execute("CREATE INDEX ON bench_tiles.grids USING gist (geom)");
            s.execute("ANALYZE bench_tiles.grids");
        }
    }

    private TileId next() {
        TileId t = tiles.get(cursor);
        cursor = cursor + 1 == tiles.size() ? 0 : cursor + 1;
        return t;
    }

    @Benchmark
    public byte[] gridwatch() {
        return encode(next());
    }

    /** As {@link #gridwatch}, every grid projected, simplified and checked again in every tile (nothing kept). */
    @Benchmark
    public byte[] gridwatchFresh() {
        return encode(next(), false);
    }

    @Benchmark
    public byte[] postgis() throws SQLException {
        return postgisTile(next());
    }
}

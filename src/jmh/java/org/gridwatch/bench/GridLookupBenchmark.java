package org.gridwatch.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.GridLocation;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Point → grid lookup on the demo city (gis-data/binzhou, or the directory named by the system
 * property {@code gridwatch.bench.city}): {@link GridIndex#locateGrid(double, double)}, the
 * allocation-free hot path of incident ingest and unit tracking, against the obvious JTS
 * implementation (an {@link STRtree} of grid envelopes, then {@link PreparedGeometry#covers} on
 * each candidate).
 *
 * <p>Every benchmark method locates <b>one WGS84 point</b> per operation; results are average
 * time per point in <b>nanoseconds</b>, single-threaded. Points come from arrays of
 * {@value #POINTS} pre-generated in {@link Level#Trial} set-up (fixed seed) and walked in order by
 * a per-thread cursor, so the random-number generator is not measured; consecutive points are
 * unrelated, so each lookup touches a random part of the index (no locality helps it):
 * <ul>
 *   <li>{@code *Uniform}: uniformly random in the envelope of all grids, a mix of points found
 *       and not found (the share found is printed at set-up);</li>
 *   <li>{@code *InGrid}: a uniformly chosen grid, then a uniformly random point inside it
 *       (rejection sampling in the grid's envelope), so every point is found and small urban
 *       grids are as likely as large rural ones.</li>
 * </ul>
 *
 * <p>Target: {@code gridIndexInGrid} and {@code gridIndexUniform} under 1 µs (1,000 ns) per point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class GridLookupBenchmark {
    /** Points per pre-generated array; a power of two so the cursor wraps with a mask. */
    static final int POINTS = 1 << 17;
    private static final int MASK = POINTS - 1;

    /** The demo city, both indexes and the point arrays, built once per trial and shared by threads. */
    @State(Scope.Benchmark)
    public static class City {
        GridIndex gridIndex;
        StrTreeBaseline baseline;
        double[] uniformLon;
        double[] uniformLat;
        double[] inGridLon;
        double[] inGridLat;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            long t0 = System.nanoTime();
            AreaHierarchy hierarchy = AreaHierarchy.of(CityData.load(cityDir()).areas());
            gridIndex = GridIndex.build(hierarchy);
            long t1 = System.nanoTime();
            List<AdminArea> grids = hierarchy.level(AdminLevel.GRID);
            baseline = new StrTreeBaseline(grids);
            long t2 = System.nanoTime();

            SplittableRandom random = new SplittableRandom(20261127L);
            Envelope extent = new Envelope();
            grids.forEach(g -> extent.expandToInclude(g.geometry().getEnvelopeInternal()));
            uniformLon = new double[POINTS];
            uniformLat = new double[POINTS];
            int found = 0;
            for (int i = 0; i < POINTS; i++) {
                uniformLon[i] = extent.getMinX() + random.nextDouble() * extent.getWidth();
                uniformLat[i] = extent.getMinY() + random.nextDouble() * extent.getHeight();
                if (gridIndex.locateGrid(uniformLon[i], uniformLat[i]) != null) {
                    found++;
                }
            }
            inGridLon = new double[POINTS];
            inGridLat = new double[POINTS];
            IndexedPointInAreaLocator[] locators = new IndexedPointInAreaLocator[grids.size()];
            for (int i = 0; i < POINTS; i++) {
                int gi = random.nextInt(grids.size());
                AdminArea g = grids.get(gi);
                if (locators[gi] == null) {
                    locators[gi] = new IndexedPointInAreaLocator(g.geometry());
                }
                Envelope e = g.geometry().getEnvelopeInternal();
                Coordinate c = new Coordinate();
                do {
                    c.x = e.getMinX() + random.nextDouble() * e.getWidth();
                    c.y = e.getMinY() + random.nextDouble() * e.getHeight();
                } while (locators[gi].locate(c) != Location.INTERIOR);
                inGridLon[i] = c.x;
                inGridLat[i] = c.y;
            }
            checkAgreement(uniformLon, uniformLat);
            checkAgreement(inGridLon, inGridLat);
            System.out.printf("%n[city] %d areas, %d grids; GridIndex built in %d ms, STRtree baseline in %d ms;"
                            + " %.1f%% of uniform points fall in a grid; extent %s%n",
                    hierarchy.size(), grids.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    100.0 * found / POINTS, extent);
        }

        /** Both implementations must name the same grid, or the comparison means nothing. */
        private void checkAgreement(double[] lon, double[] lat) {
            for (int i = 0; i < POINTS; i += 7) {
                AdminArea a = gridIndex.locateGrid(lon[i], lat[i]);
                AdminArea b = baseline.locateGrid(lon[i], lat[i]);
                if (a != b) {
                    throw new IllegalStateException("GridIndex and STRtree disagree at POINT (" + lon[i] + " "
                            + lat[i] + "): " + (a == null ? null : a.code()) + " vs " + (b == null ? null : b.code()));
                }
            }
        }
    }

    /** Per-thread position in the point arrays. */
    private int cursor;

    /** {@link GridIndex#locateGrid}, uniformly random point in the city's envelope; ns per point. */
    @Benchmark
    public AdminArea gridIndexUniform(City city) {
        int i = cursor++ & MASK;
        return city.gridIndex.locateGrid(city.uniformLon[i], city.uniformLat[i]);
    }

    /** {@link GridIndex#locateGrid}, random point inside a random grid; ns per point. */
    @Benchmark
    public AdminArea gridIndexInGrid(City city) {
        int i = cursor++ & MASK;
        return city.gridIndex.locateGrid(city.inGridLon[i], city.inGridLat[i]);
    }

    /**
     * {@link GridIndex#locate}, the full grid → village → township → county answer wrapped in an
     * {@code Optional}, random point inside a random grid; ns per point.
     */
    @Benchmark
    public Object gridIndexLocateInGrid(City city) {
        int i = cursor++ & MASK;
        GridLocation l = city.gridIndex.locate(city.inGridLon[i], city.inGridLat[i]).orElse(null);
        return l;
    }

    /** Baseline: STRtree + PreparedGeometry, uniformly random point in the city's envelope; ns per point. */
    @Benchmark
    public AdminArea strtreeUniform(City city) {
        int i = cursor++ & MASK;
        return city.baseline.locateGrid(city.uniformLon[i], city.uniformLat[i]);
    }

    /** Baseline: STRtree + PreparedGeometry, random point inside a random grid; ns per point. */
    @Benchmark
    public AdminArea strtreeInGrid(City city) {
        int i = cursor++ & MASK;
        return city.baseline.locateGrid(city.inGridLon[i], city.inGridLat[i]);
    }

    /** The data directory: system property {@code gridwatch.bench.city}, default {@code gis-data/binzhou}. */
    static Path cityDir() {
        return Path.of(System.getProperty("gridwatch.bench.city", "gis-data/binzhou"));
    }

    /**
     * The obvious implementation, for comparison: a packed R-tree of grid envelopes, then an exact
     * {@link PreparedGeometry#covers} test on each candidate, first hit wins. Unlike
     * {@link GridIndex} it does not apply the smallest-code rule on shared boundaries (random
     * points never land on one). Allocates a {@link Point} and a result list per lookup.
     * Thread-safe once built.
     */
    static final class StrTreeBaseline {
        private final STRtree tree = new STRtree();

        StrTreeBaseline(List<AdminArea> grids) {
            PreparedGeometryFactory factory = new PreparedGeometryFactory();
            for (AdminArea g : grids) {
                tree.insert(g.geometry().getEnvelopeInternal(), new Candidate(g, factory.create(g.geometry())));
            }
            tree.build();
        }

        AdminArea locateGrid(double lon, double lat) {
            Point p = Geo.point(lon, lat);
            for (Object o : tree.query(p.getEnvelopeInternal())) {
                Candidate c = (Candidate) o;
                if (c.prepared.covers(p)) {
                    return c.grid;
                }
            }
            return null;
        }

        private record Candidate(AdminArea grid, PreparedGeometry prepared) {
        }
    }
}

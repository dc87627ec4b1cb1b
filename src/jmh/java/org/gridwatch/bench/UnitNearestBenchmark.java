package org.gridwatch.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridwatch.patrol.MovingPointIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dispatch queries on 15,000 moving units spread over the Binzhou area (WGS84 box
 * 117.3–118.4 E, 36.7–38.3 N, denser around the seven county seats): the 5 nearest units whose
 * status is "available" (≈ 60 % of them), by geodesic distance, in µs per query; and one position
 * update (a unit moving a few metres, sometimes across cells), in ns per update.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class UnitNearestBenchmark {
    /** Units in the index. */
    static final int UNITS = 15_000;
    private static final double[][] SEATS = {{118.01, 37.43}, {118.09, 37.70}, {117.50, 37.49}, {117.60, 37.63},
        {117.62, 37.77}, {118.10, 37.15}, {117.74, 36.86}};

    /** Value stored with each unit: available or not. */
    record State(boolean available) {
    }

    private final MovingPointIndex<State> index = new MovingPointIndex<>();
    private final double[] queries = new double[2 * 4096];
    /** Uniform over the city's bounding box 117.3..118.6 E, 36.9..38.3 N (the worst case: many far from every unit). */
    private final double[] uniform = new double[2 * 4096];
    private final double[] lon = new double[UNITS];
    private final double[] lat = new double[UNITS];
    private final Random random = new Random(1);
    private int q;
    private int u;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(371600);
        for (int i = 0; i < UNITS; i++) {
            double[] seat = SEATS[r.nextInt(SEATS.length)];
            boolean urban = r.nextInt(10) < 6;
            lon[i] = urban ? seat[0] + r.nextGaussian() * 0.03 : 117.3 + r.nextDouble() * 1.1;
            lat[i] = urban ? seat[1] + r.nextGaussian() * 0.03 : 36.7 + r.nextDouble() * 1.6;
            index.put("U" + i, lon[i], lat[i], new State(r.nextInt(10) < 6));
        }
        for (int i = 0; i < uniform.length / 2; i++) {
            uniform[2 * i] = 117.3 + r.nextDouble() * 1.3;
            uniform[2 * i + 1] = 36.9 + r.nextDouble() * 1.4;
        }
        for (int i = 0; i < queries.length / 2; i++) {
            double[] seat = SEATS[r.nextInt(SEATS.length)];
            queries[2 * i] = seat[0] + r.nextGaussian() * 0.05;
            queries[2 * i + 1] = seat[1] + r.nextGaussian() * 0.05;
        }
    }

    /** The 5 nearest available units, no distance limit. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<MovingPointIndex.Hit<State>> nearest5Available() {
        int i = (q++ & 4095) * 2;
        return index.nearest(queries[i], queries[i + 1], 5, Double.POSITIVE_INFINITY, State::available);
    }

    /** The 5 nearest available units within 50 km (the API's default bound), at uniform points of the city's box. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<MovingPointIndex.Hit<State>> nearest5AvailableUniform() {
        int i = (q++ & 4095) * 2;
        return index.nearest(uniform[i], uniform[i + 1], 5, 50_000, State::available);
    }

    /** One unit moves by up to ~30 m (a police car's 5-second step), crossing a cell now and then. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object move() {
        int i = u++ % UNITS;
        lon[i] += (random.nextDouble() - 0.5) * 0.0006;
        lat[i] += (random.nextDouble() - 0.5) * 0.0006;
        return index.put("U" + i, lon[i], lat[i], new State(true));
    }
}

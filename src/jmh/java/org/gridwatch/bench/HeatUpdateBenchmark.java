package org.gridwatch.bench;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
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
 * Heat update per incident, ns: one new incident counted in the four sliding windows, plus the
 * clock moving 30 s and the expiries that causes, amortised (the steady state of a city receiving
 * an incident every 30 s for ever: after warm-up the 30-day window holds ~86,000 incidents).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class HeatUpdateBenchmark {
    private static final int POINTS = 1 << 16;
    private final double[] lon = new double[POINTS];
    private final double[] lat = new double[POINTS];
    private HeatIndex heat;
    private Instant now;
    private long n;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(9);
        for (int i = 0; i < POINTS; i++) {
            lon[i] = 118.0 + r.nextGaussian() * 0.05;
            lat[i] = 37.4 + r.nextGaussian() * 0.05;
        }
        now = Instant.parse("2026-01-01T00:00:00Z");
        heat = new HeatIndex(now);
    }

    @Benchmark
    public Object addOne() {
        now = now.plusSeconds(30);
        heat.advance(now);
        int k = (int) (n++ & (POINTS - 1));
        Incident i = new Incident(n, Source.VIDEO, null, Category.values()[k % 10], 1, lon[k], lat[k], Crs.WGS84, lon[k], lat[k],
                "371602001001001", "t", "", now, now, Status.REPORTED, null,
                List.of(new Transition(null, Status.REPORTED, "bench", now, null)));
        heat.add(i);
        return heat;
    }
}

package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.gridwatch.geo.Geodesy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.locationtech.jts.geom.Envelope;

/** {@link MovingPointIndex} against brute force, with points that keep moving. */
class MovingPointIndexTest {
    /** Value: a kind number, to filter on. */
    record V(int kind) {
    }

    private final MovingPointIndex<V> index = new MovingPointIndex<>();
    private final Map<String, MovingPointIndex.Entry<V>> truth = new HashMap<>();

    private void put(String id, double lon, double lat, int kind) {
        index.put(id, lon, lat, new V(kind));
        truth.put(id, new MovingPointIndex.Entry<>(id, lon, lat, new V(kind)));
    }

    private List<String> bruteNearest(double lon, double lat, int k, double max, Predicate<V> f) {
        return truth.values().stream().filter(e -> f.test(e.value()))
                .map(e -> new MovingPointIndex.Hit<>(e, Geodesy.distance(lon, lat, e.lon(), e.lat())))
                .filter(h -> h.metres() <= max)
                .sorted(Comparator.<MovingPointIndex.Hit<V>>comparingDouble(MovingPointIndex.Hit::metres)
                        .thenComparing(h -> h.entry().id()))
                .limit(k).map(h -> h.entry().id()).toList();
    }

    @Test
    void nearestAndBoxMatchBruteForceWhilePointsMove() {
        Random r = new Random(5);
        for (int i = 0; i < 3_000; i++) {
            put("U" + i, 117.3 + r.nextDouble() * 1.0, 36.7 + r.nextDouble() * 1.5, r.nextInt(4));
        }
        for (int round = 0; round < 20; round++) {
            // Move a third of the points, some far (across many cells), some a little.
            for (int i = 0; i < 1_000; i++) {
                String id = "U" + r.nextInt(3_000);
                MovingPointIndex.Entry<V> e = truth.get(id);
                double step = r.nextInt(10) == 0 ? 0.5 : 0.002;
                put(id, e.lon() + (r.nextDouble() - 0.5) * step, e.lat() + (r.nextDouble() - 0.5) * step, e.value().kind());
            }
            for (int q = 0; q < 20; q++) {
                double lon = 117.2 + r.nextDouble() * 1.2;
                double lat = 36.6 + r.nextDouble() * 1.7;
                int k = 1 + r.nextInt(12);
                double max = r.nextBoolean() ? Double.POSITIVE_INFINITY : 500 + r.nextDouble() * 20_000;
                int kind = r.nextInt(4);
                Predicate<V> f = r.nextBoolean() ? v -> true : v -> v.kind() == kind;
                List<String> got = index.nearest(lon, lat, k, max, f).stream().map(h -> h.entry().id()).toList();
                assertThat(got).as("k=%s max=%s at %s,%s", k, max, lon, lat).isEqualTo(bruteNearest(lon, lat, k, max, f));
                Envelope box = new Envelope(lon, lon + r.nextDouble() * 0.1, lat, lat + r.nextDouble() * 0.1);
                List<String> inBox = new ArrayList<>();
                index.forEachIn(box, f, e -> inBox.add(e.id()));
                assertThat(inBox).containsExactlyInAnyOrderElementsOf(truth.values().stream()
                        .filter(e -> box.covers(e.lon(), e.lat()) && f.test(e.value())).map(MovingPointIndex.Entry::id).toList());
            }
        }
        assertThat(index.size()).isEqualTo(3_000);
    }

    /**
     * Issue 11, row 2: near a pole, across the antimeridian and far from every point the answers
     * stay those of brute force, and come at the cost of a scan at most (the ring search used to
     * grow ring after ring of empty cells: 20 to 40 s for one query at (-179, -89)).
     */
    @Test
    @Timeout(20)
    void nearestAndBoxAreRightAndBoundedNearThePolesAndTheAntimeridian() {
        Random r = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            put("C" + i, 117.3 + r.nextDouble() * 1.0, 36.7 + r.nextDouble() * 1.5, r.nextInt(4));
        }
        for (int i = 0; i < 300; i++) {
            put("S" + i, -180 + r.nextDouble() * 360, -90 + r.nextDouble() * 5, r.nextInt(4));
            put("N" + i, -180 + r.nextDouble() * 360, 85 + r.nextDouble() * 5, r.nextInt(4));
            put("E" + i, r.nextBoolean() ? 179.5 + r.nextDouble() * 0.5 : -180 + r.nextDouble() * 0.5,
                    -60 + r.nextDouble() * 120, r.nextInt(4));
        }
        double[][] at = {{-179, -89}, {179.9, -89.99}, {0, 90}, {0, -90}, {180, 10}, {-180, 10}, {179.99, 45.2},
            {-10, 50}, {117.8, 37.4}, {117.8, 70}, {60, -61}};
        double[] radii = {Double.POSITIVE_INFINITY, 50_000, 500_000, 3_000_000};
        for (double[] q : at) {
            for (double max : radii) {
                for (int k : new int[] {1, 7, 100}) {
                    Predicate<V> f = v -> v.kind() != 3;
                    List<String> got = index.nearest(q[0], q[1], k, max, f).stream().map(h -> h.entry().id()).toList();
                    assertThat(got).as("k=%s max=%s at %s,%s", k, max, q[0], q[1])
                            .isEqualTo(bruteNearest(q[0], q[1], k, max, f));
                }
            }
        }
        for (int q = 0; q < 200; q++) {
            double lon = -180 + r.nextDouble() * 360;
            double lat = -90 + r.nextDouble() * 180;
            double max = r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextDouble() * 2_000_000;
            assertThat(index.nearest(lon, lat, 5, max, v -> true).stream().map(h -> h.entry().id()).toList())
                    .as("max=%s at %s,%s", max, lon, lat).isEqualTo(bruteNearest(lon, lat, 5, max, v -> true));
        }
        for (Envelope box : List.of(new Envelope(-180, 180, -90, 90), new Envelope(-180, -179, -90, 90),
                new Envelope(0, 1, 0, 1), new Envelope(117.5, 117.6, 37.0, 37.1))) {
            List<String> inBox = new ArrayList<>();
            index.forEachIn(box, v -> true, e -> inBox.add(e.id()));
            assertThat(inBox).as("%s", box).containsExactlyInAnyOrderElementsOf(truth.values().stream()
                    .filter(e -> box.covers(e.lon(), e.lat())).map(MovingPointIndex.Entry::id).toList());
        }
    }

    /**
     * Issue 12: the best-first search reads about as many cells as hold the answer, wherever the
     * query lies: 40 km from a city of 3,000 points, or between them, 5 nearest fit in a budget
     * of 300 cells, blocks and points (the ring search read thousands of empty cells out there).
     * Within the budget the answer is the unbudgeted one; a filter that refuses nearly every point
     * runs out of budget and says so (null) instead of answering wrongly.
     */
    @Test
    void aSearchCostsWhatItsAnswerNeedsWhereverTheQueryIs() {
        Random r = new Random(12);
        for (int i = 0; i < 3_000; i++) {
            put("U" + i, 117.6 + r.nextDouble() * 0.5, 37.2 + r.nextDouble() * 0.5, i == 2_999 ? 1 : 0);
        }
        double[][] at = {{117.85, 37.45}, {117.1, 37.45}, {118.6, 37.9}, {117.85, 36.8}, {117.6, 37.2}};
        for (double[] q : at) {
            List<MovingPointIndex.Hit<V>> got = index.nearest(q[0], q[1], 5, 200_000, v -> true, 300);
            assertThat(got).as("at %s,%s", q[0], q[1]).isNotNull();
            assertThat(got.stream().map(h -> h.entry().id()).toList()).isEqualTo(bruteNearest(q[0], q[1], 5, 200_000, v -> true));
        }
        assertThat(index.nearest(117.85, 37.45, 1, Double.POSITIVE_INFINITY, v -> v.kind() == 1, 300))
                .as("one point in 3,000 passes the filter: more than 300 to read").isNull();
        assertThat(index.nearest(117.85, 37.45, 1, Double.POSITIVE_INFINITY, v -> v.kind() == 1, Long.MAX_VALUE))
                .extracting(h -> h.entry().id()).containsExactly("U2999");
    }

    /** The search's lower bound never exceeds the geodesic distance to a point of the box, near or far. */
    @Test
    void theLowerBoundOfABoxIsALowerBound() {
        Random r = new Random(13);
        for (int i = 0; i < 200_000; i++) {
            double lat0 = -59 + r.nextDouble() * 117;
            double lon0 = -170 + r.nextDouble() * 330;
            double size = r.nextInt(3) == 0 ? 0.01 : r.nextInt(2) == 0 ? 0.64 : 5;
            double x0 = lon0 + (r.nextDouble() - 0.5) * (r.nextBoolean() ? 0.2 : 20);
            double y0 = Math.max(-60, Math.min(60 - size, lat0 + (r.nextDouble() - 0.5) * (r.nextBoolean() ? 0.2 : 20)));
            double px = x0 + r.nextDouble() * size;
            double py = y0 + r.nextDouble() * size;
            double floor = MovingPointIndex.floor(lon0, lat0, x0, x0 + size, y0, y0 + size);
            assertThat(floor).as("from %s,%s to a point %s,%s of a %s° box", lon0, lat0, px, py, size)
                    .isLessThanOrEqualTo(Geodesy.distance(lon0, lat0, px, py));
        }
    }

    @Test
    void anEmptyIndexAnswersNothing() {
        assertThat(index.nearest(-179, -89, 100, Double.POSITIVE_INFINITY, v -> true)).isEmpty();
        List<String> inBox = new ArrayList<>();
        index.forEachIn(new Envelope(-180, 180, -90, 90), v -> true, e -> inBox.add(e.id()));
        assertThat(inBox).isEmpty();
    }

    @Test
    void farAwayQueriesStillFindTheNearest() {
        put("a", 118.0, 37.4, 0);
        put("b", 118.5, 37.9, 0);
        assertThat(index.nearest(110.0, 30.0, 1, Double.POSITIVE_INFINITY, v -> true)).extracting(h -> h.entry().id())
                .containsExactly("a");
        assertThat(index.nearest(118.0, 37.4, 5, 10, v -> true)).extracting(h -> h.entry().id()).containsExactly("a");
        assertThat(index.nearest(118.0, 37.4, 0, 10, v -> true)).isEmpty();
    }

    @Test
    void removeAndReinsert() {
        put("a", 118.0, 37.4, 0);
        put("b", 118.0001, 37.4, 0);
        assertThat(index.remove("a")).isNotNull();
        assertThat(index.remove("a")).isNull();
        assertThat(index.get("a")).isEmpty();
        assertThat(index.nearest(118.0, 37.4, 5, 1e6, v -> true)).extracting(h -> h.entry().id()).containsExactly("b");
        put("a", 118.0, 37.4, 0);
        assertThat(index.nearest(118.0, 37.4, 5, 1e6, v -> true)).extracting(h -> h.entry().id()).containsExactly("a", "b");
        assertThatThrownBy(() -> index.put("c", Double.NaN, 37, new V(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readersNeverMissAMovingPoint() throws Exception {
        put("mover", 118.0, 37.4, 0);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                index.put("mover", 118.0 + (i % 2) * 0.05, 37.4, new V(0));
            }
        });
        writer.start();
        Envelope all = new Envelope(117, 119, 37, 38);
        while (writer.isAlive()) {
            List<String> seen = new ArrayList<>();
            index.forEachIn(all, v -> true, e -> seen.add(e.id()));
            assertThat(seen).containsExactly("mover");
            assertThat(index.nearest(118.02, 37.4, 1, 1e6, v -> true)).hasSize(1);
        }
        writer.join();
    }
}

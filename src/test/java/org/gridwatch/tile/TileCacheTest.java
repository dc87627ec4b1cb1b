package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileCacheTest {
    private static TileCache.Entry entry(int size) {
        return new TileCache.Entry(new byte[size], new byte[0], "\"e\"", 0, 0);
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheBudgetIsSpent() {
        long cost = 1000 + 2 + TileCache.OVERHEAD; // a 1000-byte tile under a one-character key
        TileCache<String> c = new TileCache<>(3 * cost);
        c.put("a", entry(1000));
        c.put("b", entry(1000));
        c.put("c", entry(1000));
        assertThat(c.bytes()).isEqualTo(3 * cost);
        assertThat(c.get("a")).isPresent(); // a is now the most recent
        c.put("d", entry(1000));
        assertThat(c.get("b")).as("least recently used").isEmpty();
        assertThat(c.get("a")).isPresent();
        assertThat(c.get("c")).isPresent();
        assertThat(c.get("d")).isPresent();
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.bytes()).isLessThanOrEqualTo(3 * cost);
    }

    @Test
    void aReplacedEntryIsCountedOnceAndATooLargeOneIsNotKept() {
        TileCache<String> c = new TileCache<>(5000);
        c.put("a", entry(1000));
        c.put("a", entry(2000));
        assertThat(c.bytes()).isEqualTo(2000 + 2 + TileCache.OVERHEAD);
        c.put("big", entry(6000));
        assertThat(c.get("big")).isEmpty();
        assertThat(c.get("a")).isPresent();
        assertThat(new TileCache<String>(0).size()).isZero();
    }
}

package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Percentiles of the 1 ms histogram against the sorted values they summarise. */
class LatenciesTest {
    @Test
    void percentilesAreTheBucketsOfTheRanks() {
        Latencies l = new Latencies();
        assertThat(l.percentile(0.5)).isEqualTo(-1);
        assertThat(l.max()).isEqualTo(-1);
        for (int ms = 1; ms <= 100; ms++) {
            l.record(ms * 1_000_000L + 999_999);   // 1.999… ms is in bucket 1
        }
        l.record(-5);
        l.record(3_600_000_000_000L);   // an hour: the last bucket
        assertThat(l.count()).isEqualTo(102);
        assertThat(l.percentile(0.5)).isEqualTo(50);   // rank 51 of 0, 1..100, 60000
        assertThat(l.percentile(0.99)).isEqualTo(100);
        assertThat(l.percentile(1)).isEqualTo(Latencies.MAX_MILLIS);
        assertThat(l.max()).isEqualTo(Latencies.MAX_MILLIS);
        assertThatThrownBy(() -> l.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        l.reset();
        assertThat(l.count()).isZero();
    }
}

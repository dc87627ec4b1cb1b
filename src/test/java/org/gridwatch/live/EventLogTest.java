package org.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ring of log events: what a cursor can still be caught up from, across wrap-around. */
class EventLogTest {
    static Item item(int k) {
        return new Item(Integer.toString(k), "{\"k\":" + k + "}", null, null, Map.of());
    }

    @Test
    void coversExactlyTheCursorsWhoseSuccessorsAreHeld() {
        EventLog log = new EventLog(4, 100);
        assertThat(log.covers(100)).isTrue();      // nothing happened yet
        assertThat(log.covers(99)).isFalse();      // before this run
        assertThat(log.covers(101)).isFalse();     // the future
        for (int k = 1; k <= 10; k++) {
            assertThat(log.append(item(k), 1000L + k)).isEqualTo(100 + k);
        }
        assertThat(log.head()).isEqualTo(110);
        // Events 107–110 are held: a cursor at 106 (next 107) is the oldest that can catch up.
        assertThat(log.covers(106)).isTrue();
        assertThat(log.covers(105)).isFalse();
        assertThat(log.covers(110)).isTrue();
        List<String> after = new ArrayList<>();
        log.forEachAfter(107, i -> after.add(i.key()));
        assertThat(after).containsExactly("8", "9", "10");
        assertThat(log.time(108)).isEqualTo(1008);
        assertThat(log.time(106)).isEqualTo(Long.MIN_VALUE);
    }
}

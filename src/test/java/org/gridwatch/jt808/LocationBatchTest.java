package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.BATCH_2013;
import static org.gridwatch.jt808.HandBuiltFrames.BATCH_2019;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LocationBatch} 0x0704. */
class LocationBatchTest {

    @Test
    void twoBlindAreaReports() {
        LocationBatch b = LocationBatch.decode(message(BATCH_2013));
        assertThat(b.type()).isEqualTo(LocationBatch.TYPE_BLIND_AREA);
        assertThat(b.count()).isEqualTo(2);
        assertThat(b.rejections()).isEmpty();
        Location first = b.items().get(0);
        assertThat(first.latitude()).isEqualTo(37.383);
        assertThat(first.longitude()).isEqualTo(117.97);
        assertThat(first.altitude()).isEqualTo(10);
        assertThat(first.speedKmh()).isEqualTo(10.0);
        assertThat(first.time()).isEqualTo(Instant.parse("2026-03-14T15:59:58Z"));
        assertThat(first.positioned()).isTrue();
        assertThat(first.accOn()).isFalse();
        Location second = b.items().get(1);
        assertThat(second.latitude()).isEqualTo(37.3831);
        assertThat(second.longitude()).isEqualTo(117.9701);
        assertThat(second.direction()).isEqualTo(45);
        assertThat(second.satellites()).isEqualTo(9);
        assertThat(second.time()).isEqualTo(Instant.parse("2026-03-14T16:00:08Z"));
    }

    @Test
    void the2019HeaderCarriesTheSameBody() {
        assertThat(LocationBatch.decode(message(BATCH_2019))).isEqualTo(LocationBatch.decode(message(BATCH_2013)));
    }

    @Test
    void encodesBackToTheFrames() {
        for (byte[] f : new byte[][] {BATCH_2013, BATCH_2019}) {
            Message m = message(f);
            assertThat(TerminalFrames.locationBatch(m.header(), LocationBatch.decode(m))).isEqualTo(f);
        }
    }

    @Test
    void anUnreadableItemIsRejectedAndTheOthersKept() {
        Message m = message(BATCH_2013);
        byte[] body = m.body().clone();
        // The first item's BCD month (body offset 3 + 2 + 23) becomes 13.
        body[3 + 2 + 23] = 0x13;
        LocationBatch b = LocationBatch.decode(new Message(m.header(), body));
        assertThat(b.items()).hasSize(1);
        assertThat(b.items().get(0).satellites()).isEqualTo(9);
        assertThat(b.rejections()).singleElement().asString().startsWith("bad_time").contains("item 0");
        assertThat(b.count()).isEqualTo(2);
    }

    @Test
    void anItemLengthPastTheEndFailsTheBatch() {
        Message m = message(BATCH_2013);
        byte[] body = Arrays.copyOf(m.body(), m.body().length - 1);
        assertThatThrownBy(() -> LocationBatch.decode(new Message(m.header().withBodyLength(body.length), body)))
                .isInstanceOfSatisfying(Jt808Exception.class, e -> assertThat(e.reason()).isEqualTo(Jt808Exception.Reason.BAD_ITEM))
                .hasMessageContaining("item 1");
    }

    @Test
    void anEmptyBatchHasNoItems() {
        LocationBatch empty = new LocationBatch(LocationBatch.TYPE_NORMAL, List.of());
        byte[] body = empty.encode();
        assertThat(body).containsExactly(0, 0, 0);
        assertThat(LocationBatch.decode(new Message(Header.of2013(0x0704, "1", 0).withBodyLength(3), body))).isEqualTo(empty);
    }
}

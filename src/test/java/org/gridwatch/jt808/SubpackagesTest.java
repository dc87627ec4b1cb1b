package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_PART_1;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_PART_2;
import static org.gridwatch.jt808.HandBuiltFrames.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Subpackages}: reassembly in and out of order, duplicates, timeout, bounds. */
class SubpackagesTest {
    private static final Header FORM = Header.of2019(0x0704, 1, "13912344329", 100);

    @Test
    void theHandBuiltPackagesReassembleToTheWholeReport() {
        Subpackages s = new Subpackages(4, 10_000, 30_000);
        assertThat(s.offer(message(LOCATION_PART_1), 0)).isEmpty();
        assertThat(s.inProgress()).isEqualTo(1);
        Message whole = s.offer(message(LOCATION_PART_2), 10).orElseThrow();
        assertThat(whole.header()).isEqualTo(new Header(0x0200, false, 0, "013912344329", 20, false, 0, 0, 54));
        assertThat(whole.body()).isEqualTo(message(LOCATION_2013).body());
        assertThat(Location.decode(whole)).isEqualTo(Location.decode(message(LOCATION_2013)));
        assertThat(s.inProgress()).isZero();
        assertThat(s.bytes()).isZero();
    }

    @Test
    void packagesInAnyOrderAndTwiceGiveTheMessageOnce() {
        byte[] body = body(2500);
        List<Message> parts = parts(FORM, body, 300);
        assertThat(parts).hasSize(9);
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Message> shuffled = new ArrayList<>(parts);
            shuffled.addAll(parts.subList(0, 3));
            Collections.shuffle(shuffled, random);
            Subpackages s = new Subpackages(4, 10_000, 30_000);
            List<Message> done = new ArrayList<>();
            for (Message p : shuffled) {
                s.offer(p, 0).ifPresent(done::add);
            }
            assertThat(done).hasSize(1);
            assertThat(done.get(0).body()).isEqualTo(body);
            assertThat(done.get(0).header().serial()).isEqualTo(100);
        }
    }

    @Test
    void serialsWrapAt65536() {
        List<Message> parts = parts(Header.of2013(0x0704, "1", 65534), body(900), 300);
        assertThat(parts.get(2).header().serial()).isZero();
        Subpackages s = new Subpackages(4, 10_000, 30_000);
        assertThat(s.offer(parts.get(2), 0)).isEmpty();
        assertThat(s.offer(parts.get(0), 0)).isEmpty();
        assertThat(s.offer(parts.get(1), 0)).get().extracting(m -> m.header().serial()).isEqualTo(65534);
    }

    @Test
    void aMissingPackageTimesOut() {
        List<Message> parts = parts(FORM, body(700), 300);
        Subpackages s = new Subpackages(4, 10_000, 30_000);
        s.offer(parts.get(0), 0);
        s.offer(parts.get(1), 29_999);
        assertThat(s.expire(59_998)).isZero();
        assertThat(s.inProgress()).isEqualTo(1);
        assertThat(s.expire(59_999)).isEqualTo(1);
        assertThat(s.inProgress()).isZero();
        assertThat(s.bytes()).isZero();
        assertThat(s.dropped()).isEqualTo(1);
        // The late last package starts a new message that cannot complete.
        assertThat(s.offer(parts.get(2), 60_000)).isEmpty();
    }

    @Test
    void offerDropsTimedOutMessagesToo() {
        List<Message> parts = parts(FORM, body(700), 300);
        Subpackages s = new Subpackages(4, 10_000, 1_000);
        s.offer(parts.get(0), 0);
        s.offer(parts.get(1), 0);
        assertThat(s.offer(parts.get(2), 1_000)).isEmpty();
        assertThat(s.dropped()).isEqualTo(1);
    }

    @Test
    void atMostMaxMessagesAreInProgressTheLeastRecentIsDropped() {
        Subpackages s = new Subpackages(3, 100_000, 30_000);
        List<List<Message>> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(parts(FORM.withMessage(0x0704, 1000 + 10 * i), body(250 + i), 100));
            s.offer(messages.get(i).get(0), i);
            assertThat(s.inProgress()).isLessThanOrEqualTo(3);
        }
        assertThat(s.dropped()).isEqualTo(2);
        // Messages 0 and 1 were dropped: their other packages cannot complete them.
        assertThat(s.offer(messages.get(0).get(1), 10)).isEmpty();
        assertThat(s.offer(messages.get(0).get(2), 10)).isEmpty();
        // Message 4 is still there.
        assertThat(s.offer(messages.get(4).get(1), 10)).isEmpty();
        assertThat(s.offer(messages.get(4).get(2), 10)).get().extracting(m -> m.body().length).isEqualTo(254);
    }

    @Test
    void bytesHeldStayWithinMaxBytes() {
        Subpackages s = new Subpackages(100, 1_000, 30_000);
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            List<Message> parts = parts(FORM.withMessage(0x0704, (i * 17) & 0xffff), body(random.nextInt(2000) + 1), 250);
            s.offer(parts.get(random.nextInt(parts.size())), i);
            assertThat(s.bytes()).isLessThanOrEqualTo(1_000);
        }
        assertThat(s.dropped()).isPositive();
        // A package larger than everything that may be held is dropped at once.
        Subpackages small = new Subpackages(4, 100, 30_000);
        assertThat(small.offer(parts(FORM, body(500), 250).get(0), 0)).isEmpty();
        assertThat(small.bytes()).isZero();
        assertThat(small.dropped()).isEqualTo(1);
    }

    @Test
    void aMessageThatIsNotSubpackagedPassesThrough() {
        Message m = message(LOCATION_2013);
        assertThat(new Subpackages(1, 1, 1).offer(m, 0)).isEqualTo(Optional.of(m));
        Message single = parts(FORM, body(10), 300).get(0);
        assertThat(single.header().packageCount()).isEqualTo(1);
        Message passed = new Subpackages(1, 1, 1).offer(single, 0).orElseThrow();
        assertThat(passed.header().subpackaged()).isFalse();
        assertThat(passed.body()).isEqualTo(single.body());
    }

    private static List<Message> parts(Header form, byte[] body, int size) {
        List<Message> out = new ArrayList<>();
        for (byte[] f : Frames.encodeSplit(form, body, size)) {
            out.add(message(f));
        }
        return out;
    }

    private static byte[] body(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}

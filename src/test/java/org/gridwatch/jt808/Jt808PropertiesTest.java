package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the codec: every value it can write reads back the same, in any chunking; hostile
 * byte streams never throw, never grow the buffer past its bound, and never hide a good frame.
 * Cases are built from a {@link Random} of jqwik's, so a failure is reproduced by its seed.
 */
class Jt808PropertiesTest {
    private static final String DIGITS = "0123456789";
    private static final String TEXT = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789-._";
    private static final String[] PROVINCES = {"鲁", "京", "粤", "苏", "沪", "川"};

    @Provide
    Arbitrary<Random> seeds() {
        return Arbitraries.randomValue(r -> new Random(r.nextLong()));
    }

    @Property
    void anyHeaderAndBodyReadBackInAnyChunking(@ForAll("seeds") Random r) {
        Header h = header(r);
        byte[] body = bytes(r, r.nextInt(4) == 0 ? r.nextInt(Frames.MAX_BODY + 1) : r.nextInt(64));
        byte[] frame = Frames.encode(h, body);
        List<Decoded> out = feedInChunks(frame, r, new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES));
        assertThat(out).containsExactly(new Message(h.withBodyLength(body.length), body));
    }

    @Property
    void anyLocationReadsBack(@ForAll("seeds") Random r) {
        Location l = location(r);
        Header form = header(r).withMessage(0, r.nextInt(0x10000));
        Message m = HandBuiltFrames.message(TerminalFrames.location(form, l));
        assertThat(Location.decode(m)).isEqualTo(l);
    }

    @Property
    void anyBatchReadsBack(@ForAll("seeds") Random r) {
        List<Location> items = new ArrayList<>();
        for (int i = r.nextInt(8); i > 0; i--) {
            items.add(location(r));
        }
        LocationBatch b = new LocationBatch(r.nextInt(2), items);
        byte[] body = b.encode();
        Header form = header(r).withMessage(MessageIds.LOCATION_BATCH, r.nextInt(0x10000));
        Subpackages s = new Subpackages(4, 1 << 20, 60_000);
        Message whole = null;
        for (byte[] part : Frames.encodeSplit(form, body, 1 + r.nextInt(Frames.MAX_BODY))) {
            whole = s.offer(HandBuiltFrames.message(part), 0).orElse(whole);
        }
        assertThat(whole).isNotNull();
        assertThat(LocationBatch.decode(whole)).isEqualTo(b);
    }

    @Property
    void anyRegistrationReadsBack(@ForAll("seeds") Random r) {
        Edition e = Edition.values()[r.nextInt(3)];
        int[] lengths = switch (e) {
            case V2011 -> new int[] {5, 8, 7};
            case V2013 -> new int[] {5, 20, 7};
            case V2019 -> new int[] {11, 30, 30};
        };
        String plate = PROVINCES[r.nextInt(PROVINCES.length)] + text(r, 1 + r.nextInt(e == Edition.V2011 ? 6 : 12));
        Registration reg = new Registration(r.nextInt(0x10000), r.nextInt(0x10000), text(r, 1 + r.nextInt(lengths[0])),
                text(r, 1 + r.nextInt(lengths[1])), text(r, 1 + r.nextInt(lengths[2])), r.nextInt(256), plate, e);
        Header form = e == Edition.V2019 ? Header.of2019(0, r.nextInt(256), digits(r, 20), r.nextInt(0x10000))
                : Header.of2013(0, digits(r, 12), r.nextInt(0x10000));
        assertThat(Registration.decode(HandBuiltFrames.message(TerminalFrames.registration(form, reg)))).isEqualTo(reg);
    }

    @Property
    void anyAuthenticationReadsBack(@ForAll("seeds") Random r) {
        boolean v2019 = r.nextBoolean();
        Authentication a = v2019 ? new Authentication(text(r, 1 + r.nextInt(60)), digits(r, 15), text(r, 1 + r.nextInt(20)))
                : new Authentication(text(r, 1 + r.nextInt(60)), null, null);
        Header form = v2019 ? Header.of2019(0, 1, digits(r, 20), 0) : Header.of2013(0, digits(r, 12), 0);
        assertThat(Authentication.decode(HandBuiltFrames.message(TerminalFrames.authentication(form, a)))).isEqualTo(a);
    }

    @Property(tries = 1000)
    void randomBytesNeverThrowNorOutgrowTheBound(@ForAll("seeds") Random r) {
        int max = 13 + r.nextInt(300);
        FrameDecoder d = new FrameDecoder(max);
        byte[] noise = noise(r, r.nextInt(20_000));
        int[] capacity = {0};
        List<Decoded> out = new ArrayList<>();
        int at = 0;
        while (at < noise.length) {
            int n = Math.min(noise.length - at, 1 + r.nextInt(700));
            d.feed(noise, at, n, out::add);
            capacity[0] = Math.max(capacity[0], d.capacity());
            assertThat(d.bufferedBytes()).isLessThanOrEqualTo(max);
            at += n;
        }
        assertThat(capacity[0]).isLessThanOrEqualTo(max);
        // The same bytes in one piece decode to the same frames: chunking does not matter.
        List<Decoded> whole = new ArrayList<>();
        new FrameDecoder(max).feed(noise, 0, noise.length, whole::add);
        assertThat(whole).isEqualTo(out);
    }

    @Property(tries = 1000)
    void noiseBetweenGoodFramesHidesNoneOfThem(@ForAll("seeds") Random r) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Message> good = new ArrayList<>();
        for (int i = r.nextInt(6) + 1; i > 0; i--) {
            stream.writeBytes(noise(r, r.nextInt(3) == 0 ? r.nextInt(3000) : r.nextInt(40)));
            Header h = header(r);
            byte[] body = bytes(r, r.nextInt(200));
            stream.writeBytes(Frames.encode(h, body));
            good.add(new Message(h.withBodyLength(body.length), body));
        }
        stream.writeBytes(noise(r, r.nextInt(40)));
        List<Decoded> out = feedInChunks(stream.toByteArray(), r, new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES));
        List<Decoded> messages = out.stream().filter(x -> x instanceof Message).toList();
        int found = 0;
        for (Decoded m : messages) {
            if (found < good.size() && m.equals(good.get(found))) {
                found++;
            }
        }
        assertThat(found).as("good frames found in order among %s", messages).isEqualTo(good.size());
    }

    private static List<Decoded> feedInChunks(byte[] bytes, Random r, FrameDecoder d) {
        List<Decoded> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, r.nextInt(3) == 0 ? 1 : 1 + r.nextInt(bytes.length));
            d.feed(bytes, at, n, out::add);
            at += n;
        }
        return out;
    }

    /** Random bytes, with the delimiter and the escape byte more frequent than chance. */
    private static byte[] noise(Random r, int n) {
        byte[] b = bytes(r, n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(40);
            if (k == 0) {
                b[i] = 0x7e;
            } else if (k == 1) {
                b[i] = 0x7d;
            } else if (k == 2) {
                b[i] = (byte) (r.nextBoolean() ? 0x01 : 0x02);
            }
        }
        return b;
    }

    private static Header header(Random r) {
        boolean v2019 = r.nextBoolean();
        int count = r.nextInt(3) == 0 ? 1 + r.nextInt(0xffff) : 0;
        return new Header(r.nextInt(0x10000), v2019, v2019 ? r.nextInt(256) : 0, digits(r, v2019 ? 20 : 12), r.nextInt(0x10000),
                r.nextInt(8) == 0, count, count == 0 ? 0 : 1 + r.nextInt(count), 0);
    }

    private static Location location(Random r) {
        long lat = r.nextInt(90_000_001);
        long lon = (long) (r.nextDouble() * 180_000_000);
        boolean south = r.nextBoolean() && lat != 0;
        boolean west = r.nextBoolean() && lon != 0;
        Instant time = Instant.parse("2000-01-01T00:00:00+08:00").plusSeconds((long) (r.nextDouble() * 3_155_000_000L));
        Location.Builder b = Location.builder(south ? -lat / 1e6 : lat / 1e6, west ? -lon / 1e6 : lon / 1e6, time)
                .alarmFlags(r.nextLong() & 0xffffffffL).statusFlags(r.nextLong() & 0xffffffffL).altitude(r.nextInt(0x10000))
                .speedKmh(r.nextInt(0x10000) / 10.0).direction(r.nextInt(360));
        if (r.nextBoolean()) {
            b.mileageKm((r.nextLong() & 0xffffffffL) / 10.0);
        }
        if (r.nextBoolean()) {
            b.fuelLitres(r.nextInt(0x10000) / 10.0);
        }
        if (r.nextBoolean()) {
            b.recorderSpeedKmh(r.nextInt(0x10000) / 10.0);
        }
        if (r.nextBoolean()) {
            b.signal(r.nextInt(256));
        }
        if (r.nextBoolean()) {
            b.satellites(r.nextInt(256));
        }
        for (int i = r.nextInt(4); i > 0; i--) {
            int id = 0x04 + r.nextInt(0x2c);
            b.extra(r.nextBoolean() ? id : 0x32 + r.nextInt(0xce), bytes(r, r.nextInt(40)));
        }
        return b.build();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String digits(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(DIGITS.charAt(r.nextInt(10)));
        }
        return s.toString();
    }

    private static String text(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(TEXT.charAt(r.nextInt(TEXT.length())));
        }
        return s.toString();
    }
}

package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.jt808.HandBuiltFrames.AUTHENTICATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.BATCH_2019;
import static org.gridwatch.jt808.HandBuiltFrames.HEARTBEAT_2013;
import static org.gridwatch.jt808.HandBuiltFrames.HEARTBEAT_CHECK_0X7E;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_PART_1;
import static org.gridwatch.jt808.HandBuiltFrames.LOGOUT_2019;
import static org.gridwatch.jt808.HandBuiltFrames.REGISTRATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.decodeAll;
import static org.gridwatch.jt808.HandBuiltFrames.message;
import static org.gridwatch.jt808.HandBuiltFrames.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameDecoder}: delimiters, escaping, check code, header, bounds; against the hand-built frames. */
class FrameDecoderTest {
    private static final byte[][] FRAMES = {HEARTBEAT_2013, LOGOUT_2019, LOCATION_2013, LOCATION_2019, AUTHENTICATION_2013,
        HEARTBEAT_CHECK_0X7E, REGISTRATION_2019, BATCH_2019, LOCATION_PART_1};

    @Test
    void a2013HeaderIsReadField_by_field() {
        Header h = message(HEARTBEAT_2013).header();
        assertThat(h).isEqualTo(new Header(0x0002, false, 0, "013912344329", 1, false, 0, 0, 0));
        assertThat(h.length()).isEqualTo(12);
        assertThat(message(HEARTBEAT_2013).body()).isEmpty();
    }

    @Test
    void a2019HeaderHasTheVersionByteAndTwentyDigits() {
        Header h = message(LOGOUT_2019).header();
        assertThat(h).isEqualTo(new Header(0x0003, true, 1, "00000000013912344329", 2, false, 0, 0, 0));
        assertThat(h.length()).isEqualTo(17);
    }

    @Test
    void aSubpackagedHeaderHasItsPackageItems() {
        Message m = message(LOCATION_PART_1);
        assertThat(m.header()).isEqualTo(new Header(0x0200, false, 0, "013912344329", 20, false, 2, 1, 16));
        assertThat(m.header().length()).isEqualTo(16);
        assertThat(m.body()).hasSize(16);
    }

    @Test
    void theBodyIsUnescapedAndTheEncoderEscapesItBack() {
        assertThat(HexFormat.of().formatHex(AUTHENTICATION_2013)).contains("617d02627d0163");
        Message m = message(AUTHENTICATION_2013);
        assertThat(m.body()).containsExactly(0x61, 0x7e, 0x62, 0x7d, 0x63);
        assertThat(Frames.encode(m.header(), m.body())).isEqualTo(AUTHENTICATION_2013);
    }

    @Test
    void aCheckCodeOf0x7eIsSentEscaped() {
        Message m = message(HEARTBEAT_CHECK_0X7E);
        assertThat(m.header().serial()).isEqualTo(8);
        assertThat(Frames.encode(m.header(), m.body())).isEqualTo(HEARTBEAT_CHECK_0X7E);
    }

    @Test
    void everyHandBuiltFrameEncodesBackToItsBytes() {
        for (byte[] f : FRAMES) {
            Message m = message(f);
            assertThat(Frames.encode(m.header(), m.body())).as(m.toString()).isEqualTo(f);
        }
    }

    @Test
    void aWrongCheckCodeIsBadCheckWithTheHeader() {
        byte[] f = HEARTBEAT_2013.clone();
        f[f.length - 2] ^= 0x01;
        Malformed m = malformed(f);
        assertThat(m.reason()).isEqualTo(Malformed.Reason.BAD_CHECK);
        assertThat(m.header().phone()).isEqualTo("013912344329");
        assertThat(m.detail()).contains("0x76", "0x77");
    }

    @Test
    void aChangedBodyByteIsBadCheck() {
        byte[] f = LOCATION_2013.clone();
        f[30] ^= 0x40;
        assertThat(malformed(f).reason()).isEqualTo(Malformed.Reason.BAD_CHECK);
    }

    @Test
    void anEscapeOtherThan01Or02IsBadEscape() {
        byte[] f = wire("7e", "0002000001391234432900017d0377", "7e");
        assertThat(malformed(f).reason()).isEqualTo(Malformed.Reason.BAD_ESCAPE);
        assertThat(malformed(f).header().serial()).isEqualTo(1);
        assertThat(malformed(wire("7e", "00020000013912344329000177", "7d", "7e")).reason())
                .isEqualTo(Malformed.Reason.BAD_ESCAPE);
    }

    @Test
    void framesShorterThanAHeaderAreTruncated() {
        Malformed m = malformed(wire("7e", "0002000001", "7e"));
        assertThat(m.reason()).isEqualTo(Malformed.Reason.TRUNCATED);
        assertThat(m.header()).isNull();
        // A 2019 flag with only a 2013-sized header (13 bytes and a right check code).
        assertThat(malformed(withCheck("0002400001013912344329000100")).reason()).isEqualTo(Malformed.Reason.TRUNCATED);
        // A sub-packaged flag without the package items.
        assertThat(malformed(withCheck("00022000013912344329000100")).reason()).isEqualTo(Malformed.Reason.TRUNCATED);
    }

    @Test
    void aBodyLengthOtherThanTheBytesPresentIsTruncatedWithTheHeader() {
        Malformed shorter = malformed(withCheck("00020003013912344329000161"));
        assertThat(shorter.reason()).isEqualTo(Malformed.Reason.TRUNCATED);
        assertThat(shorter.header().bodyLength()).isEqualTo(3);
        assertThat(shorter.detail()).contains("3", "1");
        assertThat(malformed(withCheck("0002000001391234432900016162")).reason()).isEqualTo(Malformed.Reason.TRUNCATED);
    }

    @Test
    void aPhoneThatIsNotBcdIsBadHeader() {
        Malformed m = malformed(withCheck("000200000139123443a90001"));
        assertThat(m.reason()).isEqualTo(Malformed.Reason.BAD_HEADER);
        assertThat(m.detail()).contains("0xa9");
    }

    @Test
    void packageIndexesOutOfTheirCountAreBadHeader() {
        assertThat(malformed(withCheck("0002200001391234432900010002000000")).reason()).isEqualTo(Malformed.Reason.BAD_HEADER);
        assertThat(malformed(withCheck("0002200001391234432900010002000300")).reason()).isEqualTo(Malformed.Reason.BAD_HEADER);
        assertThat(malformed(withCheck("0002200001391234432900010000000000")).reason()).isEqualTo(Malformed.Reason.BAD_HEADER);
    }

    @Test
    void aFrameSplitAnywhereOverTwoFeedsDecodesTheSame() {
        for (byte[] f : FRAMES) {
            Message whole = message(f);
            for (int cut = 0; cut <= f.length; cut++) {
                List<Decoded> out = new ArrayList<>();
                FrameDecoder d = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
                d.feed(f, 0, cut, out::add);
                d.feed(f, cut, f.length - cut, out::add);
                assertThat(out).as("cut at %d of %s", cut, whole).containsExactly(whole);
                assertThat(d.bufferedBytes()).isZero();
            }
        }
    }

    @Test
    void aFrameFedByteByByteDecodesTheSame() {
        for (byte[] f : FRAMES) {
            List<Decoded> out = new ArrayList<>();
            FrameDecoder d = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
            for (int i = 0; i < f.length; i++) {
                d.feed(f, i, 1, out::add);
            }
            assertThat(out).containsExactly(message(f));
        }
    }

    @Test
    void severalFramesInOneFeedDecodeInOrder() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Decoded> expected = new ArrayList<>();
        for (byte[] f : FRAMES) {
            all.writeBytes(f);
            expected.add(message(f));
        }
        assertThat(decodeAll(all.toByteArray())).containsExactlyElementsOf(expected);
    }

    @Test
    void framesMayShareTheirDelimiters() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(FRAMES[0]);
        List<Decoded> expected = new ArrayList<>(List.of(message(FRAMES[0])));
        for (int i = 1; i < FRAMES.length; i++) {
            all.write(FRAMES[i], 1, FRAMES[i].length - 1);
            expected.add(message(FRAMES[i]));
        }
        assertThat(decodeAll(all.toByteArray())).containsExactlyElementsOf(expected);
    }

    @Test
    void emptyFramesAreIgnored() {
        byte[] f = concat(wire("7e7e7e"), HEARTBEAT_2013, wire("7e7e7e7e"));
        assertThat(decodeAll(f)).containsExactly(message(HEARTBEAT_2013));
    }

    @Test
    void bytesBeforeTheFirstDelimiterAreOneMalformedFrame() {
        byte[] f = concat(wire("28373934313034292c"), HEARTBEAT_2013);
        List<Decoded> out = decodeAll(f);
        assertThat(out).hasSize(2);
        assertThat(((Malformed) out.get(0)).reason()).isEqualTo(Malformed.Reason.TRUNCATED);
        assertThat(out.get(1)).isEqualTo(message(HEARTBEAT_2013));
    }

    @Test
    void aMessageDoesNotShareTheDecodersBuffer() {
        FrameDecoder d = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
        List<Decoded> out = new ArrayList<>();
        d.feed(LOCATION_2013, 0, LOCATION_2013.length, out::add);
        byte[] before = ((Message) out.get(0)).body().clone();
        d.feed(LOCATION_2019, 0, LOCATION_2019.length, out::add);
        d.feed(REGISTRATION_2019, 0, REGISTRATION_2019.length, out::add);
        assertThat(((Message) out.get(0)).body()).isEqualTo(before);
        assertThat(out).hasSize(3);
    }

    @Test
    void aFrameOverTheLimitIsOneOversizeThenTheNextFrameDecodes() {
        FrameDecoder d = new FrameDecoder(40);
        List<Decoded> out = new ArrayList<>();
        d.feed(LOCATION_2013, 0, LOCATION_2013.length, out::add);
        assertThat(out).hasSize(1);
        Malformed m = (Malformed) out.get(0);
        assertThat(m.reason()).isEqualTo(Malformed.Reason.OVERSIZE);
        assertThat(m.header().messageId()).isEqualTo(0x0200);
        assertThat(d.capacity()).isLessThanOrEqualTo(40);
        d.feed(HEARTBEAT_2013, 0, HEARTBEAT_2013.length, out::add);
        assertThat(out).hasSize(2).last().isEqualTo(message(HEARTBEAT_2013));
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        int size = LOCATION_2013.length - 2;
        List<Decoded> out = new ArrayList<>();
        new FrameDecoder(size).feed(LOCATION_2013, 0, LOCATION_2013.length, out::add);
        assertThat(out).containsExactly(message(LOCATION_2013));
        out.clear();
        new FrameDecoder(size - 1).feed(LOCATION_2013, 0, LOCATION_2013.length, out::add);
        assertThat(out).singleElement().extracting(o -> ((Malformed) o).reason()).isEqualTo(Malformed.Reason.OVERSIZE);
    }

    @Test
    void aHundredMegabytesWithoutADelimiterAreOneOversizeInBoundedMemory() {
        FrameDecoder d = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
        List<Decoded> out = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(808);
        long fed = 0;
        int maxCapacity = 0;
        while (fed < 100L * 1024 * 1024) {
            random.nextBytes(chunk);
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == 0x7e) {
                    chunk[i] = 0x7f;
                }
            }
            d.feed(chunk, 0, chunk.length, out::add);
            fed += chunk.length;
            maxCapacity = Math.max(maxCapacity, d.capacity());
        }
        assertThat(out).singleElement().extracting(o -> ((Malformed) o).reason()).isEqualTo(Malformed.Reason.OVERSIZE);
        assertThat(maxCapacity).isLessThanOrEqualTo(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
        d.feed(LOCATION_2019, 0, LOCATION_2019.length, out::add);
        assertThat(out).hasSize(2).last().isEqualTo(message(LOCATION_2019));
    }

    @Test
    void theBufferShrinksAfterALongFrame() {
        FrameDecoder d = new FrameDecoder(4096);
        byte[] big = Frames.encode(Header.of2013(0x0900, "13912344329", 1), new byte[1020]);
        d.feed(big, 0, big.length, x -> { });
        assertThat(d.capacity()).isLessThanOrEqualTo(1024);
    }

    /** The content hex with its XOR check code, between delimiters (content without 0x7e or 0x7d). */
    private static byte[] withCheck(String contentHex) {
        byte[] c = HexFormat.of().parseHex(contentHex);
        int x = 0;
        for (byte b : c) {
            x ^= b;
        }
        return concat(wire("7e"), c, new byte[] {(byte) x, 0x7e});
    }

    private static Malformed malformed(byte[] frame) {
        List<Decoded> out = decodeAll(frame);
        assertThat(out).hasSize(1).first().isInstanceOf(Malformed.class);
        return (Malformed) out.get(0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(o::writeBytes);
        return o.toByteArray();
    }
}

package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonText}: every value it writes is read back by a JSON parser (Jackson, through Vert.x)
 * as the value given, and numbers and instants are spelled as Java spells them.
 */
class JsonTextTest {
    /** The value {@code text} (one JSON value) parses to. */
    private static Object parsed(JsonText text) {
        return new JsonArray("[" + text + "]").getValue(0);
    }

    @Property(tries = 2000)
    void coordinatesParseToTheRoundedDouble(@ForAll @DoubleRange(min = -180, max = 180) double degrees,
                                            @ForAll @DoubleRange(min = -4.0e7, max = 4.0e7) double metres) {
        for (double v : new double[] {degrees, metres}) {
            String text = new JsonText(4).coordinate(v).toString();
            assertThat(Double.parseDouble(text)).as("%s -> %s", v, text).isEqualTo(GeoJson.round(v));
            assertThat(text).as("no exponent, no trailing zeros past the first").matches("-?\\d+\\.(0|\\d*[1-9])");
        }
    }

    @Test
    void coordinatesAtTheEdges() {
        assertThat(new JsonText(4).coordinate(117.9719211).toString()).isEqualTo("117.9719211");
        assertThat(new JsonText(4).coordinate(37.0).toString()).isEqualTo("37.0");
        assertThat(new JsonText(4).coordinate(-0.00000004).toString()).isEqualTo("0.0");
        assertThat(new JsonText(4).coordinate(-0.00000006).toString()).isEqualTo("-0.0000001");
        assertThat(new JsonText(4).coordinate(0.0000100).toString()).isEqualTo("0.00001");
        assertThat(new JsonText(4).coordinate(1.5e9).toString()).isEqualTo(Double.toString(1.5e9));
        assertThat(new JsonText(4).coordinate(Double.NaN).toString()).isEqualTo("null");
        assertThat(new JsonText(4).coordinate(Double.POSITIVE_INFINITY).toString()).isEqualTo("null");
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Whole seconds, milliseconds, microseconds and nanoseconds, years 0000–9999 and beyond.
        Arbitrary<Long> seconds = Arbitraries.longs().between(-62_167_219_200L - 86_400L, 253_402_300_799L + 86_400L);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1000), Arbitraries.integers().between(0, 999_999_999));
        return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Property(tries = 2000)
    void instantsAreSpelledAsInstantToString(@ForAll("instants") Instant t) {
        assertThat(new JsonText(4).instant(t).toString()).isEqualTo("\"" + t + "\"");
    }

    @Test
    void datesAndScalars() {
        assertThat(new JsonText(4).date(LocalDate.of(2026, 12, 2)).toString()).isEqualTo("\"2026-12-02\"");
        assertThat(new JsonText(4).nul().raw(',').bool(true).raw(',').bool(false).toString()).isEqualTo("null,true,false");
        for (long n : new long[] {0, 7, -7, 1183, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertThat(new JsonText(1).number(n).toString()).isEqualTo(Long.toString(n));
        }
        for (double d : new double[] {0.0, -0.0, 280843.65, 1e-9, 1.3e7, Double.MAX_VALUE}) {
            assertThat(new JsonText(1).number(d).toString()).isEqualTo(Double.toString(d));
        }
        assertThat(new JsonText(1).number(Double.NaN).toString()).isEqualTo("null");
    }

    @Provide
    Arbitrary<String> texts() {
        // Chinese, ASCII, every control character, quotes, backslashes and characters outside the BMP.
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withChars('"', '\\', '\n', '\u0001', 'a', '：')
                        .ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(40).filter(JsonTextTest::wellFormed),
                Arbitraries.just("\uD83D\uDE93 警车 \"110\"\\\t"));
    }

    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_16.newEncoder().canEncode(s);
    }

    @Property(tries = 2000)
    void stringsParseBackToThemselves(@ForAll("texts") String s) {
        JsonText text = new JsonText(2).string(s);
        assertThat(parsed(text)).isEqualTo(s);
        // as UTF-8 bytes, as Java encodes them
        String json = text.toString();
        assertThat(text.toBuffer().getBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLoneSurrogateIsWrittenAsJavaEncodesIt() {
        String s = "a\uD800b";
        assertThat(new JsonText(2).string(s).toBuffer().getBytes())
                .isEqualTo(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rawTextKeepsNonAsciiAsUtf8() {
        JsonText text = new JsonText(2).raw("{\"title\":\"本页\"}");
        assertThat(text.toBuffer().toJsonObject().getString("title")).isEqualTo("本页");
        assertThat(text.size()).isEqualTo("{\"title\":\"本页\"}".getBytes(StandardCharsets.UTF_8).length);
    }
}

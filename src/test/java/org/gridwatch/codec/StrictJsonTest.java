package org.gridwatch.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict JSON reader: I-JSON's rules, faults with paths, and messages in the server's own words. */
class StrictJsonTest {
    static List<String> faults(String json) {
        return StrictJson.read(json).faults().stream().map(StrictJson.Fault::describe).toList();
    }

    @Test
    void readsWhatVertxReads() {
        StrictJson.Document d = StrictJson.read(" {\"a\":1,\"b\":[true,null,2.5,\"x\"],\"c\":{\"d\":12345678901},"
                + "\"e\":123456789012345678901234567890} ");
        assertThat(d.faults()).isEmpty();
        JsonObject o = (JsonObject) d.value();
        assertThat(o).isEqualTo(new JsonObject("{\"a\":1,\"b\":[true,null,2.5,\"x\"],\"c\":{\"d\":12345678901},"
                + "\"e\":123456789012345678901234567890}"));
        assertThat(o.getValue("a")).isInstanceOf(Integer.class);
        assertThat(o.getJsonObject("c").getValue("d")).isInstanceOf(Long.class);
        assertThat(o.getValue("e")).isInstanceOf(BigInteger.class);
        assertThat(o.getJsonArray("b").getValue(2)).isEqualTo(2.5);
        assertThat(StrictJson.read("[1,{\"x\":[]}]").value()).isEqualTo(new JsonArray("[1,{\"x\":[]}]"));
        assertThat(StrictJson.read("\"s\"").value()).isEqualTo("s");
    }

    @Test
    void row13_duplicateKeysAreFaultsNamingTheirPath() {
        assertThat(faults("{\"a\":1,\"a\":2}")).containsExactly("a: appears twice in its object; give each key once");
        assertThat(faults("{\"g\":{\"type\":\"Point\",\"type\":\"Polygon\"}}")).containsExactly(
                "g.type: appears twice in its object; give each key once");
        List<StrictJson.Fault> items = StrictJson.read("[{\"u\":1},{\"u\":1,\"u\":2},{\"v\":{\"w\":1,\"w\":1}}]").faults();
        assertThat(items).extracting(StrictJson.Fault::path).containsExactly("[1].u", "[2].v.w");
        assertThat(items).extracting(StrictJson.Fault::item).containsExactly(1, 2);
        // The first value is kept; nothing else is lost.
        assertThat(((JsonObject) StrictJson.read("{\"a\":1,\"a\":2,\"b\":3}").value()).encode()).isEqualTo("{\"a\":1,\"b\":3}");
    }

    @Test
    void row13_unpairedSurrogatesAreFaultsInValuesAndKeys() {
        assertThat(faults("{\"t\":\"\\ud800\"}")).singleElement().asString().startsWith("t: is not well-formed Unicode")
                .contains("U+D800");
        assertThat(faults("{\"t\":\"ok\\udc00\"}")).singleElement().asString().contains("U+DC00 at character 2");
        assertThat(faults("[\"\\ud83d\"]")).singleElement().asString().startsWith("[0]:");
        assertThat(faults("{\"k\\ud800\":1}")).singleElement().asString().startsWith("\"k\\ud800\":");
        assertThat(faults("{\"t\":\"\\ud83d\\ude93\"}")).isEmpty();
        assertThat(StrictJson.unpairedSurrogate("a\uD83D\uDE93b")).isEqualTo(-1);
        assertThat(StrictJson.unpairedSurrogate("\uDE93\uD83D")).isZero();
    }

    @Test
    void notJsonIsMalformedInTheServersOwnWords() {
        for (String text : List.of("", " ", "{", "{\"a\":NaN}", "{'a':1}", "{\"a\":1,}", "[1]x", "{}{}", "01",
                "{\"a\":\"\u0000\"}", "[" + "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH + 1))) {
            assertThatThrownBy(() -> StrictJson.read(text)).as(text).isInstanceOfSatisfying(
                    StrictJson.MalformedJsonException.class, e -> assertThat(e.getMessage())
                            .doesNotContain("Jackson", "Feature", "ALLOW_", "REDACTED", "StreamRead"));
        }
        assertThatThrownBy(() -> StrictJson.read("{\n  \"a\": x}")).hasMessageContaining("line 2, column");
        assertThatThrownBy(() -> StrictJson.read("[1] [2]")).hasMessageContaining("more content");
        assertThatThrownBy(() -> StrictJson.read("[".repeat(StrictJson.MAX_DEPTH + 1)))
                .hasMessageContaining("deeper than " + StrictJson.MAX_DEPTH);
        assertThat(StrictJson.read("[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH)).faults()).isEmpty();
    }

    @Test
    void row13_utf8IsDecodedStrictly() {
        assertThat(StrictJson.utf8("巡逻🚓".getBytes(StandardCharsets.UTF_8))).isEqualTo("巡逻🚓");
        for (byte[] bad : List.of(new byte[] {'a', (byte) 0xC3, 'b'}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xFF}, new byte[] {'x', (byte) 0xE5, (byte) 0xB7})) {
            assertThatThrownBy(() -> StrictJson.utf8(bad)).isInstanceOf(StrictJson.MalformedJsonException.class)
                    .hasMessageContaining("UTF-8");
        }
        assertThatThrownBy(() -> StrictJson.utf8(new byte[] {'a', 'b', (byte) 0xC3, 'b'})).hasMessageContaining("byte 2");
    }
}

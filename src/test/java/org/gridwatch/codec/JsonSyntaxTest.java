package org.gridwatch.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

/** Syntax errors described in plain words with where they are, never with the parser's option or class names. */
class JsonSyntaxTest {
    static String describe(String text) {
        try {
            Json.decodeValue(text);
        } catch (DecodeException e) {
            return JsonSyntax.describe(e);
        }
        return fail("parsed: " + text);
    }

    static void assertClean(String description) {
        assertThat(description).doesNotContain("Feature").doesNotContain("`").doesNotContain("Constraints")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContainIgnoringCase("jackson")
                .doesNotContain("\n").hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void describesWhatAndWhereWithoutTheParsersInternals() {
        // Messages that, from the parser, name its options (JsonReadFeature, StreamReadFeature, StreamReadConstraints).
        assertThat(describe("{\"a\":NaN}")).isEqualTo("Non-standard token 'NaN' (line 1, column 9)");
        assertThat(describe("{\"a\":\n -Infinity}")).isEqualTo("Non-standard token '-Infinity' (line 2, column 11)");
        assertThat(describe("{\"a\":1")).isEqualTo("Unexpected end-of-input: expected close marker for Object "
                + "(start marker at line 1, column 1) (line 1, column 7)");
        assertThat(describe("{\"a\":1}}")).isEqualTo("Unexpected close marker '}': expected ']' (for root starting at "
                + "line 1) (line 1, column 8)");
        assertThat(describe("[".repeat(1500) + "]".repeat(1500))).isEqualTo(
                "Document nesting depth (1001) exceeds the maximum allowed (1000)");
        for (String t : new String[] {"{\"a\":01}", "{'a':1}", "{\"a\":\"\\x\"}", "\"\u0001\"", "# comment\n{}",
                "{\"a\":1,}", "[1,]", "{a:1}", "tru", "{\"a\" 1}", ""}) {
            String d = describe(t);
            assertClean(d);
            if (!t.isEmpty()) {
                assertThat(d).as(t).containsPattern("\\(line \\d+, column \\d+\\)$");
            }
        }
    }

    @Test
    void cleansMessagesOfAnyOrigin() {
        assertThat(JsonSyntax.clean("String value length (20051582) exceeds the maximum allowed (20000000, from "
                + "`StreamReadConstraints.getMaxStringLength()`)")).isEqualTo(
                "String value length (20051582) exceeds the maximum allowed (20000000)");
        assertThat(JsonSyntax.clean("Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not "
                + "recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)")).isEqualTo(
                "Unexpected character ('/' (code 47)): maybe a (non-standard) comment?");
        assertThat(JsonSyntax.clean(null)).isEqualTo("malformed JSON");
        assertThat(JsonSyntax.clean("x".repeat(500))).hasSize(201);
    }
}

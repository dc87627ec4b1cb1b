package org.gridwatch.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gridwatch.cql2.Cql2.Expression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The examples of the CQL2 standard (src/test/resources/cql2/examples.txt, see its header for the
 * source) read in both encodings give the same tree.
 */
class Cql2ExamplesTest {

    record Example(String name, String text, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Example> load(String resource) throws IOException {
        try (InputStream in = Cql2ExamplesTest.class.getResourceAsStream("/cql2/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
            List<Example> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i += 3) {
                assertThat(lines.get(i)).startsWith("== ");
                out.add(new Example(lines.get(i).substring(3), lines.get(i + 1), lines.get(i + 2)));
            }
            return out;
        }
    }

    static Stream<Example> examples() throws IOException {
        return load("examples.txt").stream();
    }

    static Stream<Example> unsupported() throws IOException {
        return load("unsupported.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void textAndJsonGiveTheSameTree(Example e) {
        Expression text = Cql2.parseText(e.text());
        Expression json = Cql2.parseJson(e.json());
        assertThat(text).isEqualTo(json);
        assertThat(text.hashCode()).isEqualTo(json.hashCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void arrayFunctionsAreRefusedInBothEncodings(Example e) {
        assertThatThrownBy(() -> Cql2.parseText(e.text())).isInstanceOf(Cql2Exception.class)
                .hasMessageContaining("array functions");
        assertThatThrownBy(() -> Cql2.parseJson(e.json())).isInstanceOf(Cql2Exception.class)
                .hasMessageContaining("array functions");
    }

    @Test
    void theFixturesAreAllThere() throws IOException {
        assertThat(load("examples.txt")).hasSizeGreaterThan(90);
    }

    @Test
    void differentFiltersGiveDifferentTrees() throws IOException {
        List<Example> all = load("examples.txt");
        // Honesty check of the equality above: trees of different examples differ (except the
        // examples the standard repeats under another name).
        long distinct = all.stream().map(e -> Cql2.parseText(e.text())).distinct().count();
        long distinctText = all.stream().map(e -> e.json()).distinct().count();
        assertThat(distinct).isEqualTo(distinctText);
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(Cql2.parseText("a like 'x%' and not b between 1 and 2 or c is not null"))
                .isEqualTo(Cql2.parseText("a LIKE 'x%' AND NOT b BETWEEN 1 AND 2 OR c IS NOT NULL"));
        assertThat(Cql2.parseText("s_intersects(geometry, point(1 2))"))
                .isEqualTo(Cql2.parseText("S_INTERSECTS(geometry, POINT(1 2))"));
    }

    @Test
    void nestedAndsFlatten() {
        assertThat(Cql2.parseText("(a = 1 AND b = 2) AND c = 3")).isEqualTo(Cql2.parseText("a = 1 AND b = 2 AND c = 3"));
        assertThat(Cql2.parseText("a = 1 AND b = 2 AND c = 3"))
                .isEqualTo(Cql2.parseJson("{\"op\":\"and\",\"args\":[{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":"
                        + "[{\"property\":\"a\"},1]},{\"op\":\"=\",\"args\":[{\"property\":\"b\"},2]}]},{\"op\":\"=\","
                        + "\"args\":[{\"property\":\"c\"},3]}]}"));
    }

    @Test
    void chineseStringsAndNames() {
        Expression e = Cql2.parseText("类别 = '盗窃' AND \"所属 街道\" IN ('黄河路', '渤海路')");
        assertThat(e).isEqualTo(Cql2.parseJson("{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"类别\"},"
                + "\"盗窃\"]},{\"op\":\"in\",\"args\":[{\"property\":\"所属 街道\"},[\"黄河路\",\"渤海路\"]]}]}"));
    }
}

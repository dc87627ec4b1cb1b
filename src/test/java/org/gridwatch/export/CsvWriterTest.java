package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.gridwatch.testsupport.Rfc4180;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

/** CSV, read back with an RFC 4180 parser of its own, the BOM checked. */
class CsvWriterTest extends FeatureWriterContract {
    @Override
    ExportFormat format() {
        return ExportFormat.CSV;
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<List<String>> records = parse(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        List<Row> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertThat(r).hasSameSizeAs(header);
            Map<String, String> byName = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                byName.put(header.get(i), r.get(i));
            }
            Map<String, Object> values = new HashMap<>();
            for (Property p : schema.properties()) {
                values.put(p.name(), Typed.parse(p, byName.get(p.name())));
            }
            String wkt = byName.get("wkt");
            rows.add(new Row(byName.get(schema.idColumn()), wkt == null ? null : ExportFixtures.wkt(wkt), values));
        }
        return rows;
    }

    static List<List<String>> parse(String text) {
        return Rfc4180.parse(text);
    }

    @Test
    void theHeaderIsTheIdThePropertyNamesAndTheGeometry() throws Exception {
        Path file = write(ExportFixtures.polygonSchema(), ExportFixtures.polygons(), options());
        List<List<String>> records = parse(Files.readString(file).substring(1));
        assertThat(records.get(0)).containsExactly("id", "name", "count", "score", "open", "at", "day", "note", "wkt");
        assertThat(records.get(1).get(5)).isEqualTo("2025-05-01T08:00:00+08:00");
        assertThat(records.get(1).get(8)).startsWith("POLYGON ((120 37, 121 37");
    }

    @Test
    void anIdPropertyIsTheOnlyIdColumn() throws Exception {
        ExportSchema schema = new ExportSchema("units", "巡防力量", "", List.of(Property.string("id", "编号"),
                Property.string("name", "名称")), org.gridwatch.feature.GeometryKind.POINT, "name");
        Path file = write(schema, List.of(Feature.of("U1", ExportFixtures.wkt("POINT (118 37)"), Map.of("id", "U1", "name", "甲"))),
                options());
        assertThat(parse(Files.readString(file).substring(1))).containsExactly(List.of("id", "name", "wkt"),
                List.of("U1", "甲", "POINT (118 37)"));
    }

    @Test
    void pointLayersMayHaveLonLatColumnsOthersMayNot() throws Exception {
        ExportOptions lonlat = options().withGeometry(ExportOptions.GeometryColumns.LONLAT);
        Path file = write(ExportFixtures.pointSchema(), ExportFixtures.points(), lonlat);
        List<List<String>> records = parse(Files.readString(file).substring(1));
        List<String> header = records.get(0);
        assertThat(header.subList(header.size() - 2, header.size())).containsExactly("lon", "lat");
        for (int i = 1; i < records.size(); i++) {
            Point p = (Point) ExportFixtures.points().get(i - 1).geometry();
            List<String> r = records.get(i);
            assertThat(Double.parseDouble(r.get(r.size() - 2))).isEqualTo(p.getX());
            assertThat(Double.parseDouble(r.get(r.size() - 1))).isEqualTo(p.getY());
        }
        try (FeatureWriter w = format().open(new ByteArrayOutputStream(), lonlat)) {
            assertThatThrownBy(() -> w.begin(ExportFixtures.polygonSchema())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("point layers");
        }
    }

    @Test
    void spreadsheetFormulasAreDefusedAndNumbersHaveNoExponent() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "=HYPERLINK(\"http://x\")");
        p.put("score", 12345678901.5);
        p.put("count", -5L);
        Path file = write(ExportFixtures.pointSchema(), List.of(Feature.of("f", ExportFixtures.wkt("POINT (118 37)"), p)), options());
        List<String> r = parse(Files.readString(file).substring(1)).get(1);
        assertThat(r.get(1)).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(r.get(2)).as("a negative number is a number, not a formula").isEqualTo("-5");
        assertThat(r.get(3)).isEqualTo("12345678901.5");
    }
}

package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.GeoJson;
import org.junit.jupiter.api.Test;

/** The GeoJSON FeatureCollection, read back with Vert.x JSON and the GeoJSON codec. */
class GeoJsonWriterTest extends FeatureWriterContract {
    @Override
    ExportFormat format() {
        return ExportFormat.GEOJSON;
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        JsonObject fc = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
        assertThat(fc.getString("name")).isEqualTo(schema.id());
        return rows(fc.getJsonArray("features"), schema);
    }

    static List<Row> rows(Iterable<Object> features, ExportSchema schema) {
        List<Row> rows = new ArrayList<>();
        for (Object o : features) {
            JsonObject f = (JsonObject) o;
            assertThat(f.getString("type")).isEqualTo("Feature");
            JsonObject props = f.getJsonObject("properties");
            Map<String, Object> values = new HashMap<>();
            for (Property p : schema.properties()) {
                assertThat(props.containsKey(p.name())).as("every property, null included: " + p.name()).isTrue();
                Object v = props.getValue(p.name());
                values.put(p.name(), v == null ? null : Typed.parse(p, v.toString()));
            }
            rows.add(new Row(f.getString("id"), GeoJson.read(f.getJsonObject("geometry")), values));
        }
        return rows;
    }

    @Test
    void instantsAreInTheCitysLocalTimeAndNumbersAreJsonNumbers() throws Exception {
        Path file = write(ExportFixtures.pointSchema(), ExportFixtures.points(), options());
        JsonArray features = new JsonObject(Files.readString(file)).getJsonArray("features");
        JsonObject first = features.getJsonObject(0).getJsonObject("properties");
        assertThat(first.getString("at")).isEqualTo("2025-05-01T18:00:00+08:00");
        assertThat(first.getValue("count")).isInstanceOf(Number.class);
        assertThat(first.getValue("open")).isEqualTo(Boolean.TRUE);
        assertThat(first.getString("day")).isEqualTo("2025-05-01");
        assertThat(features.getJsonObject(0).getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
                .isEqualTo(118.0123456);
    }
}

package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Newline-delimited GeoJSON: one Feature per line, read back line by line. */
class NdjsonWriterTest extends FeatureWriterContract {
    @Override
    ExportFormat format() {
        return ExportFormat.NDJSON;
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        List<Object> features = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            features.add(new JsonObject(line));
        }
        return GeoJsonWriterTest.rows(features, schema);
    }

    @Test
    void eachFeatureIsOneLineEvenWithLineBreaksInItsText() throws Exception {
        Path file = write(ExportFixtures.pointSchema(), ExportFixtures.points(), options());
        String text = Files.readString(file);
        assertThat(text.split("\n", -1)).hasSize(ExportFixtures.points().size() + 1);
        assertThat(text).endsWith("}\n").doesNotStartWith("\uFEFF");
    }
}

package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

/**
 * The contract of {@link FeatureWriter}, run against every format: each fixture layer (points,
 * polygons with a hole and a multipolygon, lines) written and read back with the format's own reader
 * gives the same ids, geometries (the spatial formats; 1e-7°) and typed property values, Chinese,
 * nulls, quotes, commas and line breaks included; the count is what {@code finish} answers; the
 * temporary files are gone after {@code close}.
 */
abstract class FeatureWriterContract {
    /** One feature as read back: its id, its geometry (null where the format has none) and its values by property name. */
    record Row(String id, Geometry geometry, Map<String, Object> values) {
    }

    @TempDir
    Path dir;

    abstract ExportFormat format();

    /** Reads the file back with the format's own reader, values typed by {@code schema}. */
    abstract List<Row> read(Path file, ExportSchema schema) throws Exception;

    /** The options the contract writes with. */
    ExportOptions options() {
        return new ExportOptions(ExportFixtures.ZONE, ExportOptions.GeometryColumns.WKT, dir);
    }

    /** Writes {@code features} of {@code schema} to a file; returns it (the count checked). */
    Path write(ExportSchema schema, List<Feature> features, ExportOptions options) throws IOException {
        Path file = dir.resolve(schema.id() + "." + format().extension());
        try (OutputStream out = Files.newOutputStream(file); FeatureWriter w = format().open(out, options)) {
            assertThat(w.format()).isEqualTo(format());
            w.begin(schema);
            for (Feature f : features) {
                w.write(f);
            }
            assertThat(w.finish()).isEqualTo(features.size());
        }
        return file;
    }

    @Test
    void everyLayerReadsBackAsWritten() throws Exception {
        for (Map.Entry<ExportSchema, List<Feature>> layer : ExportFixtures.layers().entrySet()) {
            ExportSchema schema = layer.getKey();
            List<Feature> features = layer.getValue();
            List<Row> rows = read(write(schema, features, options()), schema);
            assertThat(rows).extracting(Row::id).as(schema.id()).containsExactlyElementsOf(features.stream().map(Feature::id).toList());
            for (int i = 0; i < rows.size(); i++) {
                Feature f = features.get(i);
                Row r = rows.get(i);
                if (r.geometry() != null || format().spatial()) {
                    Geometry expected = f.geometry();
                    assertThat(r.geometry()).as(f.id() + " geometry").isNotNull();
                    assertThat(r.geometry().getNumGeometries() == 1 && expected.getNumGeometries() == 1
                            ? r.geometry().getGeometryN(0).equalsExact(expected.getGeometryN(0), 1e-9)
                            : r.geometry().equalsExact(expected, 1e-9)).as(f.id() + ": " + r.geometry() + " vs " + expected).isTrue();
                }
                for (Property p : schema.properties()) {
                    assertThat(r.values().get(p.name())).as(f.id() + "." + p.name()).isEqualTo(f.get(p.name()));
                }
            }
        }
    }

    @Test
    void aPropertyCalledIdHoldsTheId() throws Exception {
        ExportSchema schema = new ExportSchema("units", "巡防力量", "", List.of(Property.string("id", "编号"),
                Property.string("name", "名称")), org.gridwatch.feature.GeometryKind.POINT, "name");
        assertThat(schema.writesId()).isFalse();
        List<Feature> features = List.of(
                Feature.of("U1", ExportFixtures.wkt("POINT (118.1 37.1)"), Map.of("id", "U1", "name", "滨城巡逻1号")),
                Feature.of("U2", ExportFixtures.wkt("POINT (118.2 37.2)"), Map.of("id", "U2", "name", "步巡,2号")));
        List<Row> rows = read(write(schema, features, options()), schema);
        assertThat(rows).extracting(Row::id).containsExactly("U1", "U2");
        assertThat(rows).extracting(r -> r.values().get("name")).containsExactly("滨城巡逻1号", "步巡,2号");
    }

    @Test
    void anEmptyLayerIsAValidFileWithNoFeatures() throws Exception {
        ExportSchema schema = ExportFixtures.pointSchema();
        assertThat(read(write(schema, List.of(), options()), schema)).isEmpty();
    }

    @Test
    void rowsWithoutGeometryAreTheTableFormatsOnly() throws IOException {
        ExportSchema rows = new ExportSchema("coverage", "巡防覆盖", "", ExportFixtures.PROPERTIES, null, null);
        try (FeatureWriter w = format().open(new ByteArrayOutputStream(), options())) {
            if (format().spatial()) {
                assertThatThrownBy(() -> w.begin(rows)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coverage");
            } else {
                w.begin(rows);
                assertThat(w.finish()).isZero();
            }
        }
    }

    @Test
    void closeLeavesNoTemporaryFiles() throws IOException {
        ExportSchema schema = ExportFixtures.polygonSchema();
        // Abandoned half-way, as when the client goes away.
        try (FeatureWriter w = format().open(OutputStream.nullOutputStream(), options())) {
            w.begin(schema);
            w.write(ExportFixtures.polygons().get(0));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("temporary files").isEmpty();
        }
    }
}

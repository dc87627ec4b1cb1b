package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridwatch.feature.Feature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDAL opens every export: {@code ogrinfo -al -so} on each fixture layer in each format reports the
 * feature count and geometry type written. Runs where {@code ogrinfo} is installed; required when
 * {@code CI=true} (the CI image installs {@code gdal-bin}).
 */
class GdalExportTest {
    private static final Path OGRINFO = Path.of("/usr/bin/ogrinfo");
    private static final Pattern COUNT = Pattern.compile("(?m)^Feature Count: (\\d+)$");
    private static final Pattern GEOMETRY = Pattern.compile("(?m)^Geometry: (.+)$");
    private static final Pattern FEATURE_GEOMETRY = Pattern.compile("(?m)^  ([A-Z]+) : ");

    @TempDir
    Path dir;

    @BeforeAll
    static void gdal() {
        boolean present = Files.isExecutable(OGRINFO);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("ogrinfo (apt-get install gdal-bin) is required under CI").isTrue();
        }
        assumeTrue(present, "ogrinfo not installed");
    }

    private Path write(ExportFormat format, ExportOptions options, ExportSchema schema, List<Feature> features) throws IOException {
        Path file = dir.resolve(schema.id() + "-" + options.geometry().id() + "." + format.extension());
        try (OutputStream out = Files.newOutputStream(file); FeatureWriter w = format.open(out, options)) {
            w.begin(schema);
            for (Feature f : features) {
                w.write(f);
            }
            w.finish();
        }
        return file;
    }

    /** Runs {@code ogrinfo -ro -al <flags> [-oo option]… file}; its output (it must succeed). */
    private static String run(Path file, List<String> flags, String... openOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OGRINFO.toString(), "-ro", "-al"));
        cmd.addAll(flags);
        for (String o : openOptions) {
            cmd.add("-oo");
            cmd.add(o);
        }
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).doesNotContain("ERROR");
        return out;
    }

    /** ogrinfo's summary of {@code file}: [feature count, geometry, the whole output]. */
    private static String[] ogrinfo(Path file, String... openOptions) throws Exception {
        String out = run(file, List.of("-so"), openOptions);
        Matcher count = COUNT.matcher(out);
        Matcher geometry = GEOMETRY.matcher(out);
        assertThat(count.find()).as(out).isTrue();
        assertThat(geometry.find()).as(out).isTrue();
        return new String[] {count.group(1), geometry.group(1).trim(), out};
    }

    private static String gdalType(ExportSchema s) {
        return switch (s.geometryKind()) {
            case POINT -> "Point";
            case LINESTRING -> "Line String";
            case POLYGON -> "Polygon";
            case MULTIPOLYGON, POLYGONAL -> "Multi Polygon";
        };
    }

    /** The geometry type GDAL reads of each feature of {@code file}, in order ({@code -geom=SUMMARY}). */
    private static List<String> featureGeometries(Path file, String... openOptions) throws Exception {
        String out = run(file, List.of("-q", "-geom=SUMMARY"), openOptions);
        List<String> types = new ArrayList<>();
        Matcher m = FEATURE_GEOMETRY.matcher(out);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    @Test
    void gdalReadsEveryFormatOfEveryLayer() throws Exception {
        ExportOptions options = new ExportOptions(ExportFixtures.ZONE, ExportOptions.GeometryColumns.WKT, dir);
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Map.Entry<ExportSchema, List<Feature>> layer : ExportFixtures.layers().entrySet()) {
            ExportSchema schema = layer.getKey();
            List<Feature> features = layer.getValue();
            for (ExportFormat format : ExportFormat.values()) {
                Path file = write(format, options, schema, features);
                String[] info = ogrinfo(file);
                String what = format + " " + schema.id() + "\n" + info[2];
                soft.assertThat(info[0]).as(what).isEqualTo(Integer.toString(features.size()));
                if (format == ExportFormat.XLSX) {
                    soft.assertThat(info[1]).as(what).isEqualTo("None");
                    continue;
                }
                if (format == ExportFormat.GPKG) {
                    soft.assertThat(info[1]).as(what).isEqualTo(gdalType(schema));
                }
                // Polygons are promoted to MULTIPOLYGON in the GeoPackage table only.
                List<String> expected = features.stream().map(f -> format == ExportFormat.GPKG
                        && schema.geometryKind() == org.gridwatch.feature.GeometryKind.POLYGONAL ? "MULTIPOLYGON"
                        : f.geometry().getGeometryType().toUpperCase(java.util.Locale.ROOT)).toList();
                soft.assertThat(featureGeometries(file)).as(what).containsExactlyElementsOf(expected);
            }
        }
        soft.assertAll();
    }

    @Test
    void gdalReadsTheCsvHeaderAndChineseThroughTheBom() throws Exception {
        ExportOptions options = new ExportOptions(ExportFixtures.ZONE, ExportOptions.GeometryColumns.WKT, dir);
        String out = ogrinfo(write(ExportFormat.CSV, options, ExportFixtures.pointSchema(), ExportFixtures.points()))[2];
        assertThat(out).contains("id: String").contains("name: String");
        String features = run(dir.resolve("key-places-wkt.csv"), List.of("-q"));
        assertThat(features).contains("  name (String) = 滨州市第一中学").contains("  note (String) = 他说：\"到岗\", 然后离开");
    }

    @Test
    void gdalReadsLonLatColumnsOfAPointLayer() throws Exception {
        ExportOptions lonlat = new ExportOptions(ExportFixtures.ZONE, ExportOptions.GeometryColumns.LONLAT, dir);
        Path file = write(ExportFormat.CSV, lonlat, ExportFixtures.pointSchema(), ExportFixtures.points());
        String[] info = ogrinfo(file, "X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat");
        assertThat(info[0]).isEqualTo("3");
        assertThat(featureGeometries(file, "X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat")).containsExactly("POINT", "POINT", "POINT");
    }
}

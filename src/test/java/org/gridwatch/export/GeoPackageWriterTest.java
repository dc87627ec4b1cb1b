package org.gridwatch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.gridwatch.gpkg.GeoPackageCore;
import org.gridwatch.gpkg.GeoPackageGeometry;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;

/** GeoPackage, read back with sqlite-jdbc: the required tables, the typed columns, the blobs, the R-tree. */
class GeoPackageWriterTest extends FeatureWriterContract {
    @Override
    ExportFormat format() {
        return ExportFormat.GPKG;
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    List<Row> read(Path file, ExportSchema schema) throws Exception {
        String table = GeoPackageWriter.tableName(schema.id());
        List<Row> rows = new ArrayList<>();
        try (Connection c = open(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY fid")) {
            while (rs.next()) {
                Map<String, Object> values = new HashMap<>();
                for (Property p : schema.properties()) {
                    Object v = rs.getObject(p.name());
                    values.put(p.name(), v == null ? null : switch (p.type()) {
                        case STRING -> rs.getString(p.name());
                        case INTEGER -> rs.getLong(p.name());
                        case NUMBER -> rs.getDouble(p.name());
                        case BOOLEAN -> rs.getInt(p.name()) != 0;
                        case TIMESTAMP -> Instant.parse(rs.getString(p.name()));
                        case DATE -> LocalDate.parse(rs.getString(p.name()));
                    });
                }
                byte[] blob = rs.getBytes("geom");
                assertThat(GeoPackageGeometry.srsId(blob)).isEqualTo(4326);
                rows.add(new Row(rs.getString(schema.idColumn()), GeoPackageGeometry.decode(blob), values));
            }
        }
        return rows;
    }

    private static List<List<Object>> query(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void theFileIsAGeoPackageWithContentsExtentGeometryColumnsAndTypedColumns() throws Exception {
        Path file = write(ExportFixtures.polygonSchema(), ExportFixtures.polygons(), options());
        try (Connection c = open(file)) {
            assertThat(query(c, "PRAGMA application_id").get(0).get(0)).isEqualTo(GeoPackageCore.APPLICATION_ID);
            assertThat(query(c, "PRAGMA user_version").get(0).get(0)).isEqualTo(GeoPackageCore.USER_VERSION);
            assertThat(query(c, "SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")).extracting(r -> r.get(0))
                    .containsExactly(-1, 0, 4326);
            List<Object> contents = query(c, "SELECT data_type, identifier, min_x, min_y, max_x, max_y, srs_id "
                    + "FROM gpkg_contents WHERE table_name = 'grids'").get(0);
            assertThat(contents).containsExactly("features", "网格", 118.0, 37.0, 121.0, 38.0, 4326);
            assertThat(query(c, "SELECT column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns").get(0))
                    .containsExactly("geom", "MULTIPOLYGON", 4326, 0, 0);
            Map<String, String> types = new HashMap<>();
            for (List<Object> col : query(c, "SELECT name, type FROM pragma_table_info('grids')")) {
                types.put((String) col.get(0), (String) col.get(1));
            }
            assertThat(types).containsEntry("fid", "INTEGER").containsEntry("geom", "MULTIPOLYGON").containsEntry("id", "TEXT")
                    .containsEntry("name", "TEXT").containsEntry("count", "INTEGER").containsEntry("score", "DOUBLE")
                    .containsEntry("open", "BOOLEAN").containsEntry("at", "DATETIME").containsEntry("day", "DATE");
            assertThat(query(c, "SELECT at FROM grids WHERE id = '371603001001001'").get(0).get(0))
                    .as("GeoPackage DATETIME: UTC").isEqualTo("2025-05-01T00:00:00.000Z");
            // Polygons are promoted to the table's MULTIPOLYGON; envelopes in the header.
            for (List<Object> r : query(c, "SELECT geom FROM grids")) {
                byte[] b = (byte[]) r.get(0);
                assertThat(GeoPackageGeometry.decode(b)).isInstanceOf(MultiPolygon.class);
                assertThat((b[3] >> 1) & 0x07).as("XY envelope").isEqualTo(1);
            }
        }
    }

    @Test
    void theRtreeIndexesEveryFeatureByItsEnvelope() throws Exception {
        List<Feature> features = new ArrayList<>(ExportFixtures.polygons());
        Path file = write(ExportFixtures.polygonSchema(), features, options());
        try (Connection c = open(file)) {
            assertThat(query(c, "SELECT extension_name, definition, scope FROM gpkg_extensions WHERE table_name = 'grids'"))
                    .containsExactly(List.of("gpkg_rtree_index", "http://www.geopackage.org/spec120/#extension_rtree", "write-only"));
            assertThat(query(c, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'grids'")).hasSize(6);
            List<List<Object>> entries = query(c, "SELECT r.id, r.minx, r.maxx, r.miny, r.maxy, g.id FROM rtree_grids_geom r "
                    + "JOIN grids g ON g.fid = r.id ORDER BY r.id");
            assertThat(entries).hasSize(features.size());
            for (int i = 0; i < features.size(); i++) {
                Envelope e = features.get(i).geometry().getEnvelopeInternal();
                List<Object> r = entries.get(i);
                assertThat(r.get(5)).isEqualTo(features.get(i).id());
                // SQLite's R*-tree stores 32-bit floats, rounded outwards.
                assertThat(((Number) r.get(1)).doubleValue()).isLessThanOrEqualTo(e.getMinX()).isCloseTo(e.getMinX(), org.assertj.core.api.Assertions.within(1e-5));
                assertThat(((Number) r.get(2)).doubleValue()).isGreaterThanOrEqualTo(e.getMaxX()).isCloseTo(e.getMaxX(), org.assertj.core.api.Assertions.within(1e-5));
                assertThat(((Number) r.get(3)).doubleValue()).isLessThanOrEqualTo(e.getMinY());
                assertThat(((Number) r.get(4)).doubleValue()).isGreaterThanOrEqualTo(e.getMaxY());
            }
            // A box query through the index finds the second feature only.
            assertThat(query(c, "SELECT g.id FROM grids g JOIN rtree_grids_geom r ON g.fid = r.id "
                    + "WHERE r.maxx >= 118.9 AND r.minx <= 119.6 AND r.maxy >= 37.1 AND r.miny <= 37.2"))
                    .containsExactly(List.of("371603001001002"));
        }
    }

    @Test
    void pointsCarryNoEnvelope() throws Exception {
        Path file = write(ExportFixtures.pointSchema(), ExportFixtures.points(), options());
        try (Connection c = open(file)) {
            for (List<Object> r : query(c, "SELECT geom FROM key_places")) {
                byte[] b = (byte[]) r.get(0);
                assertThat(b[3] & 0x0E).isZero();
                Geometry g = GeoPackageGeometry.decode(b);
                assertThat(g.getGeometryType()).isEqualTo("Point");
            }
        }
    }
}

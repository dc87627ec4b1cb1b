package org.gridwatch.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.gridwatch.gpkg.GeoPackageCore;
import org.gridwatch.gpkg.GeoPackageFunctions;
import org.gridwatch.gpkg.GeoPackageGeometry;
import org.gridwatch.gpkg.GeoPackageRtree;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A GeoPackage 1.3 file of one feature table, as GDAL writes one: the required tables
 * ({@link GeoPackageCore}), the table named after the layer ({@code key-places} → {@code key_places})
 * with {@code fid}, {@code geom} (StandardGeoPackageBinary, little-endian, with an XY envelope except
 * for points, srs_id 4326), the feature id and one typed column per property (TEXT, INTEGER, DOUBLE,
 * BOOLEAN, DATETIME in UTC {@code 2025-05-01T10:00:00.000Z}, DATE); its {@code gpkg_contents} row with
 * the extent of what was written, its {@code gpkg_geometry_columns} row (polygonal layers are
 * MULTIPOLYGON, polygons promoted), and the R-tree spatial index ({@link GeoPackageRtree}), filled
 * once after the rows.
 *
 * <p>SQLite writes a file, not a stream: the rows go into a temporary file (no journal, no sync: it is
 * thrown away if anything fails), which {@link #finish} copies to the stream and {@link #close}
 * deletes. Memory stays bounded (SQLite's page cache, a batch of {@value #BATCH} rows).
 */
final class GeoPackageWriter implements FeatureWriter {
    private static final int BATCH = 500;
    private static final String FID = "fid";
    private static final String GEOM = "geom";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final ExportOptions options;
    private Path file;
    private Connection c;
    private PreparedStatement insert;
    private ExportSchema schema;
    private String table;
    private final Envelope extent = new Envelope();
    private int batched;
    private long count;

    GeoPackageWriter(OutputStream out, ExportOptions options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.GPKG;
    }

    /** The table of layer {@code id}: lower case letters, digits and underscores. */
    static String tableName(String id) {
        String t = id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return t.isEmpty() || Character.isDigit(t.charAt(0)) ? "layer_" + t : t;
    }

    /** The GeoPackage geometry type of a layer's kind. */
    static String geometryType(GeometryKind kind) {
        return switch (kind) {
            case POINT -> "POINT";
            case LINESTRING -> "LINESTRING";
            case POLYGON -> "POLYGON";
            case MULTIPOLYGON, POLYGONAL -> "MULTIPOLYGON";
        };
    }

    @Override
    public void begin(ExportSchema schema) throws IOException {
        if (!schema.spatial()) {
            throw new IllegalArgumentException("gpkg needs geometry; " + schema.id() + " has none");
        }
        this.schema = schema;
        this.table = tableName(schema.id());
        file = options.tempDir() == null ? Files.createTempFile("gridwatch-export-", ".gpkg")
                : Files.createTempFile(options.tempDir(), "gridwatch-export-", ".gpkg");
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            GeoPackageFunctions.register(c);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = OFF");
                s.execute("PRAGMA synchronous = OFF");
                for (String sql : GeoPackageCore.headerPragmas()) {
                    s.execute(sql);
                }
                for (String sql : GeoPackageCore.ddl()) {
                    s.execute(sql);
                }
                s.execute(createTable());
                s.execute(GeoPackageCore.contentsRow(table, schema.title(), schema.description()));
                s.execute(GeoPackageCore.geometryColumnRow(table, GEOM, geometryType(schema.geometryKind())));
            }
            c.setAutoCommit(false);
            insert = c.prepareStatement(insertSql());
        } catch (SQLException e) {
            throw new IOException("GeoPackage export: " + e.getMessage(), e);
        }
    }

    private String createTable() {
        StringBuilder b = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (").append(FID)
                .append(" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ").append(GEOM).append(' ')
                .append(geometryType(schema.geometryKind()));
        if (schema.writesId()) {
            b.append(", ").append(quote(schema.idColumn())).append(" TEXT NOT NULL");
        }
        for (Property p : schema.properties()) {
            b.append(", ").append(quote(p.name())).append(' ').append(switch (p.type()) {
                case STRING -> "TEXT";
                case INTEGER -> "INTEGER";
                case NUMBER -> "DOUBLE";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "DATETIME";
                case DATE -> "DATE";
            });
        }
        return b.append(')').toString();
    }

    private String insertSql() {
        List<String> cols = new ArrayList<>();
        cols.add(GEOM);
        if (schema.writesId()) {
            cols.add(quote(schema.idColumn()));
        }
        for (Property p : schema.properties()) {
            cols.add(quote(p.name()));
        }
        return "INSERT INTO " + quote(table) + " (" + String.join(", ", cols) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void write(Feature f) throws IOException {
        Geometry g = f.geometry();
        if (g instanceof Polygon p && geometryType(schema.geometryKind()).equals("MULTIPOLYGON")) {
            g = Geo.FACTORY.createMultiPolygon(new Polygon[] {p});
        }
        try {
            int i = 1;
            insert.setBytes(i++, GeoPackageGeometry.encode(g, GeoPackageCore.WGS84));
            if (schema.writesId()) {
                insert.setString(i++, f.id());
            }
            for (Property p : schema.properties()) {
                set(i++, f.get(p.name()));
            }
            insert.addBatch();
            if (++batched >= BATCH) {
                insert.executeBatch();
                batched = 0;
            }
        } catch (SQLException e) {
            throw new IOException("GeoPackage export: " + e.getMessage(), e);
        }
        if (!g.isEmpty()) {
            extent.expandToInclude(g.getEnvelopeInternal());
        }
        count++;
    }

    private void set(int i, Object v) throws SQLException {
        if (v == null) {
            insert.setNull(i, Types.NULL);
        } else if (v instanceof Instant t) {
            insert.setString(i, DATETIME.format(t));
        } else if (v instanceof LocalDate d) {
            insert.setString(i, d.toString());
        } else if (v instanceof Boolean b) {
            insert.setInt(i, b ? 1 : 0);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                insert.setNull(i, Types.NULL);
            } else {
                insert.setDouble(i, d);
            }
        } else if (v instanceof Number n) {
            insert.setLong(i, n.longValue());
        } else {
            insert.setString(i, v.toString());
        }
    }

    @Override
    public long finish() throws IOException {
        try {
            if (batched > 0) {
                insert.executeBatch();
            }
            insert.close();
            try (Statement s = c.createStatement()) {
                if (!extent.isNull()) {
                    s.execute("UPDATE gpkg_contents SET min_x = " + extent.getMinX() + ", min_y = " + extent.getMinY()
                            + ", max_x = " + extent.getMaxX() + ", max_y = " + extent.getMaxY() + " WHERE table_name = "
                            + GeoPackageCore.quote(table));
                }
                for (String sql : GeoPackageRtree.ddl(table, GEOM, FID)) {
                    s.execute(sql);
                }
                s.execute(GeoPackageRtree.fill(table, GEOM, FID));
            }
            c.commit();
            c.close();
            c = null;
        } catch (SQLException e) {
            throw new IOException("GeoPackage export: " + e.getMessage(), e);
        }
        Files.copy(file, out);
        out.flush();
        return count;
    }

    @Override
    public void close() {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // the file is deleted below all the same
            }
            c = null;
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(GeoPackageWriter.class).warn("could not delete the export's temporary file {}: {}",
                        file, e.getMessage());
            }
            file = null;
        }
    }
}

package org.gridwatch.imports;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.gridwatch.geo.EpsgTransform;
import org.gridwatch.geo.Geo;
import org.gridwatch.gpkg.GeoPackageGeometry;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.sqlite.SQLiteConfig;

/**
 * Reads the feature layers of a GIS file, chosen by its extension:
 * <ul>
 *   <li>{@code .geojson}, {@code .json}: a FeatureCollection; its CRS is the legacy
 *       {@code "crs": {"type": "name", "properties": {"name": "EPSG:4527"}}} member when present,
 *       else WGS84 as RFC 7946 says;</li>
 *   <li>{@code .gpkg}: every feature table; the CRS of each is its {@code gpkg_spatial_ref_sys}
 *       entry (organization EPSG);</li>
 *   <li>{@code .shp}: refused with the one-line {@code ogr2ogr} conversion to GeoPackage, which
 *       keeps the {@code .prj} CRS (no Shapefile reader on Maven Central here is well kept
 *       without GeoTools).</li>
 * </ul>
 * {@code crsOverride} (an EPSG code) replaces whatever the file says, for files that do not say it.
 *
 * <p>Stateless; thread-safe. Blocking (file I/O).
 */
final class FeatureFiles {
    /** How to turn a Shapefile into something {@code import} reads, keeping its CRS and attributes. */
    static final String OGR2OGR_HINT = "ogr2ogr -f GPKG grids.gpkg grids.shp   (add -oo ENCODING=GBK when the"
            + " .dbf is GBK-encoded and has no .cpg)";

    /** Property under which a reader records a geometry it could not decode. */
    static final String UNREADABLE = "\u0000unreadable geometry";

    private FeatureFiles() {
    }

    /**
     * The layers of {@code file}.
     *
     * @throws ImportException if the file cannot be read or its CRS is not an EPSG code
     */
    static List<SourceLayer> read(Path file, Integer crsOverride) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new ImportException(file + ": no such file");
        }
        if (name.endsWith(".geojson") || name.endsWith(".json")) {
            return List.of(readGeoJson(file, crsOverride));
        }
        if (name.endsWith(".gpkg")) {
            return readGeoPackage(file, crsOverride);
        }
        if (name.endsWith(".shp")) {
            throw new ImportException(file + ": Shapefiles are read after converting them to GeoPackage with GDAL,"
                    + " which keeps the CRS of the .prj:  " + OGR2OGR_HINT);
        }
        throw new ImportException(file + ": unknown format; expected .geojson, .json, .gpkg (or .shp via ogr2ogr)");
    }

    /** The layers of every file, in order. @throws ImportException as {@link #read} */
    static List<SourceLayer> readAll(List<Path> files, Integer crsOverride) {
        List<SourceLayer> layers = new ArrayList<>();
        for (Path f : files) {
            layers.addAll(read(f, crsOverride));
        }
        return layers;
    }

    /**
     * One report entry per feature of {@code layers}, in order, from {@code convert} given the
     * feature and the transform from its layer's CRS to WGS84.
     *
     * @throws ImportException as {@link #toWgs84}
     */
    static List<ImportReport.Entry> convertAll(List<SourceLayer> layers,
                                               BiFunction<SourceFeature, EpsgTransform, ImportReport.Entry> convert) {
        List<ImportReport.Entry> entries = new ArrayList<>();
        for (SourceLayer layer : layers) {
            EpsgTransform transform = toWgs84(layer);
            for (SourceFeature f : layer.features()) {
                entries.add(convert.apply(f, transform));
            }
        }
        return entries;
    }

    /**
     * The transform from {@code layer}'s CRS to WGS84.
     *
     * @throws ImportException if the CRS is not one proj4j knows (the message says to give --crs)
     */
    static EpsgTransform toWgs84(SourceLayer layer) {
        try {
            return EpsgTransform.fromEpsg(layer.epsg());
        } catch (IllegalArgumentException e) {
            throw new ImportException(layer.name() + ": " + e.getMessage() + "; give --crs EPSG:<code>", e);
        }
    }

    /**
     * The geometry of {@code f} converted to WGS84 lon/lat.
     *
     * @throws IllegalArgumentException with the reason to report: unreadable, none or empty, not
     *                                  convertible, or outside lon/lat range after conversion (a
     *                                  projected file read as WGS84)
     */
    static Geometry wgs84Geometry(SourceFeature f, EpsgTransform transform) {
        if (f.properties().get(UNREADABLE) instanceof String why) {
            throw new IllegalArgumentException("unreadable geometry: " + why);
        }
        if (f.geometry() == null || f.geometry().isEmpty()) {
            throw new IllegalArgumentException("no geometry");
        }
        Geometry g = transform.apply(f.geometry());
        Envelope env = g.getEnvelopeInternal();
        if (env.getMinX() < -180 || env.getMaxX() > 180 || env.getMinY() < -90 || env.getMaxY() > 90) {
            throw new IllegalArgumentException("coordinates outside lon/lat range after conversion from EPSG:"
                    + transform.epsg() + " (" + env + "): is the CRS right? give --crs EPSG:<code>");
        }
        return g;
    }

    private static SourceLayer readGeoJson(Path file, Integer crsOverride) {
        String label = file.getFileName().toString();
        JsonObject fc;
        try {
            fc = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), e);
        } catch (DecodeException e) {
            throw new ImportException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!"FeatureCollection".equals(fc.getValue("type")) || !(fc.getValue("features") instanceof JsonArray features)) {
            throw new ImportException(file + ": not a GeoJSON FeatureCollection");
        }
        int epsg = crsOverride != null ? crsOverride : geoJsonCrs(file, fc);
        List<SourceFeature> out = new ArrayList<>(features.size());
        // JTS's reader, not GridWatch's GeoJson: coordinates may be projected metres, not lon/lat.
        GeoJsonReader reader = new GeoJsonReader(Geo.FACTORY);
        for (int i = 0; i < features.size(); i++) {
            Object o = features.getValue(i);
            Map<String, Object> props = new LinkedHashMap<>();
            Geometry g = null;
            if (o instanceof JsonObject f) {
                if (f.getValue("properties") instanceof JsonObject p) {
                    props.putAll(p.getMap());
                }
                if (f.getValue("geometry") instanceof JsonObject geom) {
                    try {
                        g = reader.read(geom.encode());
                    } catch (ParseException | RuntimeException e) {
                        props.put(UNREADABLE, String.valueOf(e.getMessage()));
                    }
                }
            }
            out.add(new SourceFeature(label, i, props, g));
        }
        return new SourceLayer(label, epsg, out);
    }

    private static int geoJsonCrs(Path file, JsonObject fc) {
        if (!(fc.getValue("crs") instanceof JsonObject crs)) {
            return 4326;
        }
        Object name = crs.getJsonObject("properties") == null ? null : crs.getJsonObject("properties").getValue("name");
        if (!(name instanceof String n)) {
            throw new ImportException(file + ": its \"crs\" member has no properties.name; give --crs EPSG:<code>");
        }
        try {
            return EpsgTransform.parseCode(n);
        } catch (IllegalArgumentException e) {
            throw new ImportException(file + ": " + e.getMessage() + "; give --crs EPSG:<code>", e);
        }
    }

    private static List<SourceLayer> readGeoPackage(Path file, Integer crsOverride) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        List<SourceLayer> layers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
             PreparedStatement ps = c.prepareStatement("""
                     SELECT g.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id
                     FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name
                       LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                     WHERE c.data_type = 'features' ORDER BY g.table_name""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String table = rs.getString(1);
                String label = file.getFileName() + ":" + table;
                int epsg;
                if (crsOverride != null) {
                    epsg = crsOverride;
                } else if ("EPSG".equalsIgnoreCase(rs.getString(4))) {
                    epsg = rs.getInt(5);
                } else if (rs.getInt(3) == 4326) {
                    epsg = 4326;
                } else {
                    throw new ImportException(label + ": CRS srs_id " + rs.getInt(3) + " (" + rs.getString(4)
                            + ") is not an EPSG code; give --crs EPSG:<code>");
                }
                layers.add(new SourceLayer(label, epsg, readTable(c, label, table, rs.getString(2))));
            }
        } catch (SQLException e) {
            throw new ImportException(file + ": not a readable GeoPackage: " + e.getMessage(), e);
        }
        if (layers.isEmpty()) {
            throw new ImportException(file + ": the GeoPackage has no feature table");
        }
        return layers;
    }

    private static List<SourceFeature> readTable(Connection c, String label, String table, String geomColumn)
            throws SQLException {
        List<SourceFeature> out = new ArrayList<>();
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quoted); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            int index = 0;
            while (rs.next()) {
                Map<String, Object> props = new LinkedHashMap<>();
                Geometry g = null;
                for (int col = 1; col <= md.getColumnCount(); col++) {
                    String name = md.getColumnName(col);
                    if (name.equalsIgnoreCase(geomColumn)) {
                        byte[] blob = rs.getBytes(col);
                        if (blob != null) {
                            try {
                                g = GeoPackageGeometry.decode(blob);
                            } catch (IllegalArgumentException e) {
                                props.put(UNREADABLE, e.getMessage());
                            }
                        }
                    } else if (!name.equalsIgnoreCase("fid")) {
                        props.put(name, rs.getObject(col));
                    }
                }
                out.add(new SourceFeature(label, index++, props, g));
            }
        }
        return out;
    }
}

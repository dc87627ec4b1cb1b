package org.gridwatch.gpkg;

import java.util.List;

/**
 * The tables and header values every GeoPackage 1.3 file has, as GDAL writes them:
 * {@code gpkg_spatial_ref_sys} (with the two undefined systems and EPSG:4326),
 * {@code gpkg_contents}, {@code gpkg_geometry_columns} and {@code gpkg_extensions}, the
 * {@code application_id} "GPKG" and the {@code user_version} 10300; and the rows registering one
 * feature table. Thread-safe: stateless.
 */
public final class GeoPackageCore {
    /** {@code PRAGMA application_id} of a GeoPackage: ASCII "GPKG". */
    public static final int APPLICATION_ID = 0x47504B47;
    /** {@code PRAGMA user_version} of GeoPackage 1.3.0. */
    public static final int USER_VERSION = 10300;
    /** The {@code srs_id} of WGS84 lon/lat (EPSG:4326). */
    public static final int WGS84 = 4326;

    /** OGC WKT of EPSG:4326 as GDAL and the GeoPackage specification (Annex F) write it. */
    public static final String WGS84_WKT = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
            + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
            + "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
            + "AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

    private GeoPackageCore() {
    }

    /** The statements creating the required tables and their rows; idempotent. */
    public static List<String> ddl() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
                  srs_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL PRIMARY KEY,
                  organization TEXT NOT NULL,
                  organization_coordsys_id INTEGER NOT NULL,
                  definition TEXT NOT NULL,
                  description TEXT)""", """
                INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
                  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
                   'undefined cartesian coordinate reference system'),
                  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
                   'undefined geographic coordinate reference system'),
                  ('WGS 84 geodetic', 4326, 'EPSG', 4326, '%s',
                   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')"""
                .formatted(WGS84_WKT), """
                CREATE TABLE IF NOT EXISTS gpkg_contents (
                  table_name TEXT NOT NULL PRIMARY KEY,
                  data_type TEXT NOT NULL,
                  identifier TEXT UNIQUE,
                  description TEXT DEFAULT '',
                  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  min_x DOUBLE,
                  min_y DOUBLE,
                  max_x DOUBLE,
                  max_y DOUBLE,
                  srs_id INTEGER,
                  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""", """
                CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
                  table_name TEXT NOT NULL,
                  column_name TEXT NOT NULL,
                  geometry_type_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL,
                  z TINYINT NOT NULL,
                  m TINYINT NOT NULL,
                  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""", """
                CREATE TABLE IF NOT EXISTS gpkg_extensions (
                  table_name TEXT,
                  column_name TEXT,
                  extension_name TEXT NOT NULL,
                  definition TEXT NOT NULL,
                  scope TEXT NOT NULL,
                  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""");
    }

    /** The header pragmas of a GeoPackage 1.3 file. */
    public static List<String> headerPragmas() {
        return List.of("PRAGMA application_id = " + APPLICATION_ID, "PRAGMA user_version = " + USER_VERSION);
    }

    /** The {@code gpkg_contents} row of a feature table (no extent yet), srs 4326. Text is SQL-quoted here. */
    public static String contentsRow(String table, String identifier, String description) {
        return "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ("
                + quote(table) + ", 'features', " + quote(identifier) + ", " + quote(description) + ", " + WGS84 + ")";
    }

    /** The {@code gpkg_geometry_columns} row of {@code table}'s 2D geometry {@code column} of {@code type} (e.g. {@code POINT}). */
    public static String geometryColumnRow(String table, String column, String type) {
        return "INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)"
                + " VALUES (" + quote(table) + ", " + quote(column) + ", " + quote(type) + ", " + WGS84 + ", 0, 0)";
    }

    /** {@code s} as an SQL string literal. */
    public static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

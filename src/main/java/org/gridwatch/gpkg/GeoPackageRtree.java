package org.gridwatch.gpkg;

import java.util.ArrayList;
import java.util.List;

/**
 * The R-tree spatial index of one feature table's geometry column, as GeoPackage 1.3 Annex F.3 (the
 * {@code gpkg_rtree_index} extension) and GDAL make it: the virtual table
 * {@code rtree_<table>_<column>}, its six triggers and its {@code gpkg_extensions} row, and the fill
 * of a table that already has rows. The triggers call {@link GeoPackageFunctions}, which must be
 * registered on every connection that writes the table. Thread-safe: stateless.
 */
public final class GeoPackageRtree {
    /** The R-tree extension (GeoPackage 1.3, Annex F.3) as gpkg_extensions names it. */
    public static final String EXTENSION = "gpkg_rtree_index";
    /** The extension's definition, as GDAL writes it. */
    public static final String DEFINITION = "http://www.geopackage.org/spec120/#extension_rtree";

    private GeoPackageRtree() {
    }

    /** {@code rtree_<table>_<column>}. */
    public static String name(String table, String column) {
        return "rtree_" + table + "_" + column;
    }

    /**
     * The R-tree of {@code table}'s geometry {@code column} (primary key {@code pk}) as GeoPackage
     * 1.3 Annex F.3 writes it: the virtual table, the insert, update1..update4 and delete triggers,
     * the gpkg_extensions row (which must exist: {@link GeoPackageCore#ddl()}). Idempotent.
     */
    public static List<String> ddl(String table, String column, String pk) {
        String r = name(table, column);
        String g = column;
        String insertNew = "INSERT OR REPLACE INTO " + r + " VALUES (NEW." + pk + ", ST_MinX(NEW." + g + "), ST_MaxX(NEW."
                + g + "), ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + "));";
        String nonEmpty = "(NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g + "))";
        String empty = "(NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g + "))";
        List<String> sql = new ArrayList<>();
        sql.add("CREATE VIRTUAL TABLE IF NOT EXISTS " + r + " USING rtree(id, minx, maxx, miny, maxy)");
        // Insertion of a non-empty geometry: index it.
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_insert AFTER INSERT ON " + table
                + " WHEN (NEW." + g + " NOT NULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN " + insertNew + " END");
        // Geometry changed to a non-empty one, same row id: index it anew.
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_update1 AFTER UPDATE OF " + g + " ON " + table
                + " WHEN OLD." + pk + " = NEW." + pk + " AND " + nonEmpty + " BEGIN " + insertNew + " END");
        // Geometry changed to NULL or empty, same row id: drop it from the index.
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_update2 AFTER UPDATE OF " + g + " ON " + table
                + " WHEN OLD." + pk + " = NEW." + pk + " AND " + empty + " BEGIN DELETE FROM " + r + " WHERE id = OLD."
                + pk + "; END");
        // Row id changed, non-empty geometry: move the entry.
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_update3 AFTER UPDATE ON " + table
                + " WHEN OLD." + pk + " != NEW." + pk + " AND " + nonEmpty + " BEGIN DELETE FROM " + r + " WHERE id = OLD."
                + pk + "; " + insertNew + " END");
        // Row id changed, NULL or empty geometry: drop both ids.
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_update4 AFTER UPDATE ON " + table
                + " WHEN OLD." + pk + " != NEW." + pk + " AND " + empty + " BEGIN DELETE FROM " + r + " WHERE id IN (OLD."
                + pk + ", NEW." + pk + "); END");
        sql.add("CREATE TRIGGER IF NOT EXISTS " + r + "_delete AFTER DELETE ON " + table
                + " WHEN OLD." + g + " NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD." + pk + "; END");
        sql.add("INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)"
                + " VALUES ('" + table + "', '" + g + "', '" + EXTENSION + "', '" + DEFINITION + "', 'write-only')");
        return sql;
    }

    /** Indexes every non-empty geometry of {@code table}'s {@code column} in its R-tree. */
    public static String fill(String table, String column, String pk) {
        String g = column;
        return "INSERT OR REPLACE INTO " + name(table, column) + " (id, minx, maxx, miny, maxy) SELECT " + pk + ", ST_MinX("
                + g + "), ST_MaxX(" + g + "), ST_MinY(" + g + "), ST_MaxY(" + g + ") FROM " + table + " WHERE " + g
                + " NOT NULL AND NOT ST_IsEmpty(" + g + ")";
    }
}

package org.gridwatch.store.geopackage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The R-tree spatial indexes of the GeoPackage's feature tables, as GeoPackage 1.3 Annex F.3 (the
 * {@code gpkg_rtree_index} extension) and GDAL make them: which tables get one, the virtual table
 * and its six triggers, and the fill of a migrated file. The triggers call
 * {@link GeoPackageFunctions}. Used by {@link GeoPackageSchema} while opening a file.
 */
final class GeoPackageRtrees {
    private GeoPackageRtrees() {
    }

    /**
     * The feature tables that get an R-tree: all but {@code tracks} and {@code units}, the two
     * that every position batch writes. Measured at the store (GeoPackage, batches of 1,000
     * positions of distinct units, one commit each, 2-vCPU VM): about 65,000 positions/s without
     * either; an R-tree on units (whose last positions every batch moves) halves that, to about
     * 28,000/s, and one on tracks as well cuts it to about 14,000/s, since SQLite's R*-tree costs
     * some 11 µs per entry written, more than the row itself. That is far beyond what filtering
     * these two layers by extent is worth: units is one row per unit (a GIS client scans it in
     * milliseconds), and tracks is read by time (replay, "who passed here"). A user may still add
     * either with GDAL ({@code SELECT CreateSpatialIndex('tracks', 'geom')}): the store's SQL
     * functions keep it right, and "who passed here" uses an R-tree on tracks.
     */
    static Map<String, String> spatialIndexes() {
        Map<String, String> tables = GeoPackageSchema.featureTables();
        tables.remove(GeoPackageSchema.TRACKS);
        tables.remove(GeoPackageSchema.UNITS);
        return tables;
    }

    /** {@code rtree_<table>_geom}. */
    static String rtreeName(String table) {
        return "rtree_" + table + "_" + GeoPackageSchema.GEOMETRY_COLUMN;
    }

    /**
     * The R-tree of {@code table} (primary key {@code pk}) as GeoPackage 1.3 Annex F.3 writes it:
     * the virtual table, the insert, update1..update4 and delete triggers, the gpkg_extensions
     * row. Idempotent.
     */
    static List<String> rtreeDdl(String table, String pk) {
        String r = rtreeName(table);
        String g = GeoPackageSchema.GEOMETRY_COLUMN;
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
                + " VALUES ('" + table + "', '" + g + "', '" + GeoPackageSchema.RTREE_EXTENSION + "', '" + GeoPackageSchema.RTREE_DEFINITION
                + "', 'write-only')");
        return sql;
    }

    /** Indexes every non-empty geometry of {@code table} in its R-tree. */
    static String rtreeFill(String table, String pk) {
        String g = GeoPackageSchema.GEOMETRY_COLUMN;
        return "INSERT OR REPLACE INTO " + rtreeName(table) + " (id, minx, maxx, miny, maxy) SELECT " + pk + ", ST_MinX("
                + g + "), ST_MaxX(" + g + "), ST_MinY(" + g + "), ST_MaxY(" + g + ") FROM " + table + " WHERE " + g
                + " NOT NULL AND NOT ST_IsEmpty(" + g + ")";
    }
}

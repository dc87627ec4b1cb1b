package org.gridwatch.gpkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Envelope;
import org.sqlite.Function;

/**
 * The SQL functions that the triggers of the GeoPackage R-tree extension (GeoPackage 1.3, Annex
 * F.3) call, which SpatiaLite or GDAL provide and plain SQLite does not: {@code ST_IsEmpty},
 * {@code ST_MinX}, {@code ST_MaxX}, {@code ST_MinY}, {@code ST_MaxY}, each of one GeoPackage
 * geometry blob. They read the envelope in the blob's header, or the point of a point blob
 * without decoding it (most rows are points, which carry no envelope), else decode it. NULL in,
 * NULL out; a blob that is not a GeoPackage geometry is an SQL error (the write fails).
 *
 * <p>Registered on every connection the store opens, writer and readers, so that any write
 * through the store keeps the R-trees right, and on the connection of an exported GeoPackage while
 * it is written. Another program writing the file needs its own (GDAL, QGIS and SpatiaLite have them).
 *
 * <p>Thread-safety: an instance belongs to one connection; sqlite-jdbc serialises its calls.
 */
public final class GeoPackageFunctions {
    /** SQLite's type code of NULL ({@code SQLITE_NULL}). */
    private static final int SQLITE_NULL = 5;

    private GeoPackageFunctions() {
    }

    /** Registers the functions on {@code c}, deterministic (so SQLite may use them in indexes and constant folding). */
    public static void register(Connection c) throws SQLException {
        // ST_IsEmpty: 1 for an empty geometry, 0 otherwise; the bounds: NULL for an empty one.
        create(c, new OfEnvelope("ST_IsEmpty", e -> 0, 1.0));
        create(c, new OfEnvelope("ST_MinX", Envelope::getMinX, null));
        create(c, new OfEnvelope("ST_MaxX", Envelope::getMaxX, null));
        create(c, new OfEnvelope("ST_MinY", Envelope::getMinY, null));
        create(c, new OfEnvelope("ST_MaxY", Envelope::getMaxY, null));
    }

    private static void create(Connection c, OfEnvelope f) throws SQLException {
        Function.create(c, f.name, f, 1, Function.FLAG_DETERMINISTIC);
    }

    /**
     * A function of the envelope of its one GeoPackage geometry argument ({@code null} envelope:
     * an empty geometry); NULL for NULL.
     */
    private static final class OfEnvelope extends Function {
        private final String name;
        /** The result for a non-null envelope; NULL for an empty geometry when {@code emptyValue} is null. */
        private final ToDoubleFunction<Envelope> value;
        private final Double emptyValue;

        OfEnvelope(String name, ToDoubleFunction<Envelope> value, Double emptyValue) {
            this.name = name;
            this.value = value;
            this.emptyValue = emptyValue;
        }

        @Override
        protected void xFunc() throws SQLException {
            if (value_type(0) == SQLITE_NULL) {
                result();
                return;
            }
            Envelope e;
            try {
                e = GeoPackageGeometry.envelope(value_blob(0));
            } catch (IllegalArgumentException ex) {
                error(name + ": " + ex.getMessage());
                return;
            }
            if (!e.isNull()) {
                result(value.applyAsDouble(e));
            } else if (emptyValue != null) {
                result(emptyValue);
            } else {
                result();
            }
        }
    }
}

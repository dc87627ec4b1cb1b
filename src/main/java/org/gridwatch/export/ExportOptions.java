package org.gridwatch.export;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How an export is written, beyond its format.
 *
 * @param zone     the city's time zone: instants are written in its local time (with the offset in the text formats)
 * @param geometry how CSV writes geometry: a {@code wkt} column, or {@code lon}/{@code lat} columns (point layers only)
 * @param tempDir  where the GeoPackage writer builds its file; null for {@code java.io.tmpdir} (XLSX spills to POI's
 *                 temporary directory, {@code java.io.tmpdir/poifiles})
 */
public record ExportOptions(ZoneId zone, GeometryColumns geometry, Path tempDir) {
    /** How the table formats write a feature's geometry. */
    public enum GeometryColumns {
        /** One column {@code wkt}: OGC Well-Known Text, lon/lat (GDAL reads a column named WKT as the geometry). */
        WKT,
        /** Two columns {@code lon} and {@code lat} (degrees): points only. */
        LONLAT;

        /** The parameter value: {@code wkt}, {@code lonlat}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ExportOptions {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(geometry, "geometry");
    }

    /** Local time of {@code zone}, WKT geometry, the default temporary directory. */
    public static ExportOptions of(ZoneId zone) {
        return new ExportOptions(zone, GeometryColumns.WKT, null);
    }

    /** These options with {@code g} as the table formats' geometry. */
    public ExportOptions withGeometry(GeometryColumns g) {
        return new ExportOptions(zone, g, tempDir);
    }
}

package org.gridwatch.export;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The export formats, by their {@code format=} value. */
public enum ExportFormat {
    /** An RFC 7946 FeatureCollection, streamed. */
    GEOJSON("application/geo+json", "geojson", true),
    /**
     * Newline-delimited GeoJSON: one RFC 7946 Feature per line (GDAL's GeoJSONSeq, {@code jq}, most
     * stream tools). Served as {@code application/x-ndjson}, the type these tools expect, rather than
     * RFC 8142's {@code application/geo+json-seq}, whose records start with an RS character.
     */
    NDJSON("application/x-ndjson", "geojsonl", true),
    /** CSV, UTF-8 with a BOM, RFC 4180. */
    CSV("text/csv; charset=utf-8", "csv", false),
    /** An Excel workbook (Office Open XML). */
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", false),
    /** KML 2.2. */
    KML("application/vnd.google-earth.kml+xml", "kml", true),
    /** A GeoPackage 1.3 file. */
    GPKG("application/geopackage+sqlite3", "gpkg", true);

    private final String mediaType;
    private final String extension;
    private final boolean spatial;

    ExportFormat(String mediaType, String extension, boolean spatial) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.spatial = spatial;
    }

    /** The {@code format=} value: the name in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String mediaType() {
        return mediaType;
    }

    /** The file extension without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether the format needs geometry (so cannot write rows without it: only CSV and XLSX can). */
    public boolean spatial() {
        return spatial;
    }

    /** The format of a {@code format=} value, if any. */
    public static Optional<ExportFormat> parse(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }

    /** Every {@code format=} value, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(ExportFormat::id).toList();
    }

    /** A writer of this format to {@code out}. */
    public FeatureWriter open(OutputStream out, ExportOptions options) {
        return switch (this) {
            case GEOJSON -> new GeoJsonWriter(out, options, false);
            case NDJSON -> new GeoJsonWriter(out, options, true);
            case CSV -> new CsvWriter(out, options);
            case XLSX -> new XlsxWriter(out, options);
            case KML -> new KmlWriter(out, options);
            case GPKG -> new GeoPackageWriter(out, options);
        };
    }
}

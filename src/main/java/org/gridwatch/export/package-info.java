/**
 * Exports: the features of a layer written whole, one at a time, as a file a person or a GIS tool
 * opens — GeoJSON (RFC 7946 FeatureCollection), newline-delimited GeoJSON, CSV (UTF-8 with a BOM,
 * WKT or lon/lat columns), XLSX (Apache POI's streaming writer), KML 2.2 and GeoPackage 1.3.
 *
 * <p>{@link org.gridwatch.export.FeatureWriter} is the one contract: {@code begin} with the layer's
 * schema ({@link org.gridwatch.export.ExportSchema}), {@code write} each
 * {@link org.gridwatch.feature.Feature}, {@code finish}; every implementation writes to an
 * {@link java.io.OutputStream} as it goes and holds at most a bounded window in memory (XLSX keeps
 * 100 rows and spills the rest to a temporary file; GeoPackage builds a temporary SQLite file and
 * streams it at the end), so the caller decides the pace (an HTTP response's back-pressure, a file).
 * {@link org.gridwatch.export.ExportFormat} names each format with its media type and file
 * extension; {@link org.gridwatch.export.ExportFormat#open} makes its writer.
 *
 * <p>Coordinates are WGS84 lon/lat (x = longitude, EPSG:4326/CRS84); instants are written in the
 * city's local time with its offset (ISO 8601) in the text formats, as local date-times in XLSX and as
 * UTC in GeoPackage (its DATETIME). Writers are not thread-safe: one thread writes one export
 * (a worker: writing blocks on the stream).
 */
package org.gridwatch.export;

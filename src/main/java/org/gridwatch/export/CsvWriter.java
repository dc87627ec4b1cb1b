package org.gridwatch.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.gridwatch.feature.PropertyType;
import org.locationtech.jts.geom.Point;

/**
 * CSV (RFC 4180): UTF-8 with a byte-order mark, so that Excel shows the Chinese; CRLF line ends; the
 * header row is the property names (what GIS tools and scripts join on; the XLSX export has the
 * Chinese titles), after the feature id column {@code id} (unless a property holds it); the geometry last, as one {@code wkt} column (GDAL's
 * CSV driver and QGIS read a column named WKT as the geometry) or, for point layers, as
 * {@code lon},{@code lat} columns. Text is quoted when it holds a comma, a quote or a line break, and
 * text starting with {@code = + - @} (a spreadsheet formula) gets a leading apostrophe; numbers are
 * written plain (no exponent), booleans {@code true}/{@code false}, instants in the city's local time
 * with the offset ({@code 2025-05-01T18:00:00+08:00}), a null as an empty cell.
 */
public final class CsvWriter implements FeatureWriter {
    private static final int BUFFER = 64 * 1024;

    private final Writer out;
    private final ExportOptions options;
    private ExportSchema schema;
    private long count;

    CsvWriter(OutputStream out, ExportOptions options) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        this.options = options;
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.CSV;
    }

    @Override
    public void begin(ExportSchema schema) throws IOException {
        if (options.geometry() == ExportOptions.GeometryColumns.LONLAT && schema.spatial()
                && !schema.geometryKind().isPoint()) {
            throw new IllegalArgumentException("lon/lat columns are for point layers; " + schema.id() + " has "
                    + schema.geometryKind().ogcName() + " geometry");
        }
        this.schema = schema;
        out.write('\uFEFF');
        java.util.List<String> header = new java.util.ArrayList<>();
        if (schema.writesId()) {
            header.add(schema.idColumn());
        }
        schema.properties().forEach(p -> header.add(p.name()));
        out.write(String.join(",", header.stream().map(CsvWriter::cell).toList()));
        if (schema.spatial()) {
            out.write(options.geometry() == ExportOptions.GeometryColumns.LONLAT ? ",lon,lat" : ",wkt");
        }
        out.write("\r\n");
    }

    @Override
    public void write(Feature f) throws IOException {
        boolean first = true;
        if (schema.writesId()) {
            out.write(cell(f.id()));
            first = false;
        }
        for (Property p : schema.properties()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            Object v = f.get(p.name());
            String text = Values.text(v, options.zone());
            if (text != null) {
                out.write(p.type() == PropertyType.STRING ? cell(text) : text);
            }
        }
        if (schema.spatial()) {
            if (options.geometry() == ExportOptions.GeometryColumns.LONLAT) {
                Point pt = f.geometry() instanceof Point p ? p : f.geometry().getCentroid();
                if (!pt.isEmpty()) {
                    out.write(',' + Values.text(pt.getX(), options.zone()) + ',' + Values.text(pt.getY(), options.zone()));
                } else {
                    out.write(",,");
                }
            } else {
                out.write(',');
                out.write(quoted(Values.wkt(f.geometry())));
            }
        }
        out.write("\r\n");
        count++;
    }

    @Override
    public long finish() throws IOException {
        out.flush();
        return count;
    }

    @Override
    public void close() {
        // Nothing held beyond the buffer.
    }

    /** A CSV cell (RFC 4180) of text, with spreadsheet formulas defused: a leading = + - @ (or tab, CR) gets an apostrophe. */
    public static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return quoted(v);
    }

    /** {@code v} quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private static String quoted(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}

package org.gridwatch.export;

import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.GeoJson;

/**
 * GeoJSON: an RFC 7946 FeatureCollection ({@code {"type":"FeatureCollection","name":…,"features":[…]}},
 * GDAL takes {@code name} as the layer name), or, as a sequence, one Feature per line (newline-delimited
 * GeoJSON, GDAL's GeoJSONSeq). Each Feature has the layer's {@code id}, its geometry (lon/lat, 1e-7°) and
 * every schema property, null included; instants in the city's local time with their offset (RFC 3339).
 * Written feature by feature through a 64 KiB buffer.
 */
final class GeoJsonWriter implements FeatureWriter {
    private static final int BUFFER = 64 * 1024;

    private final Writer out;
    private final ExportOptions options;
    private final boolean sequence;
    private ExportSchema schema;
    private long count;

    GeoJsonWriter(OutputStream out, ExportOptions options, boolean sequence) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        this.options = options;
        this.sequence = sequence;
    }

    @Override
    public ExportFormat format() {
        return sequence ? ExportFormat.NDJSON : ExportFormat.GEOJSON;
    }

    @Override
    public void begin(ExportSchema schema) throws IOException {
        if (!schema.spatial()) {
            throw new IllegalArgumentException(format().id() + " needs geometry; " + schema.id() + " has none");
        }
        this.schema = schema;
        if (!sequence) {
            out.write("{\"type\":\"FeatureCollection\",\"name\":");
            out.write(io.vertx.core.json.Json.encode(schema.id()));
            out.write(",\"features\":[\n");
        }
    }

    @Override
    public void write(Feature f) throws IOException {
        if (!sequence && count > 0) {
            out.write(",\n");
        }
        out.write(json(f, schema, options).encode());
        if (sequence) {
            out.write('\n');
        }
        count++;
    }

    /** The GeoJSON Feature of {@code f}. */
    static JsonObject json(Feature f, ExportSchema schema, ExportOptions options) {
        JsonObject props = new JsonObject();
        for (Property p : schema.properties()) {
            Object v = f.get(p.name());
            if (v instanceof Instant || v instanceof LocalDate) {
                v = Values.text(v, options.zone());
            } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                v = null;   // JSON has no NaN
            }
            props.put(p.name(), v);
        }
        return GeoJson.feature(f.id(), f.geometry(), props);
    }

    @Override
    public long finish() throws IOException {
        if (!sequence) {
            out.write("\n]}\n");
        }
        out.flush();
        return count;
    }

    @Override
    public void close() {
        // Nothing held beyond the buffer, which belongs to the caller's stream.
    }
}

package org.gridwatch.export;

import java.io.IOException;
import org.gridwatch.feature.Feature;

/**
 * Writes the features of one layer to an output stream in one file format, as they come: the
 * contract every export format implements (its shared test suite is {@code FeatureWriterContract}).
 *
 * <p>Call {@link #begin} once, {@link #write} for each feature, then {@link #finish}, which writes
 * what remains and flushes the stream (it does not close it: the caller owns it); {@link #close}
 * releases the writer's temporary files whether or not it finished (always call it: try-with-resources).
 * A writer holds at most a bounded window of features in memory whatever the count; the stream's
 * own pace (a slow HTTP client) holds the calling thread. Values are {@link org.gridwatch.feature.PropertyType}'s
 * Java types or null (an empty cell, a JSON null, no KML data). Not thread-safe: one thread.
 */
public interface FeatureWriter extends AutoCloseable {
    /** The format written. */
    ExportFormat format();

    /** The media type of what is written, e.g. {@code application/geo+json}. */
    default String mediaType() {
        return format().mediaType();
    }

    /** The file extension, without the dot, e.g. {@code gpkg}. */
    default String extension() {
        return format().extension();
    }

    /**
     * Starts the file with the layer's schema.
     *
     * @throws IllegalArgumentException if the format needs geometry and {@code schema} has none
     * @throws IOException              if the stream fails
     */
    void begin(ExportSchema schema) throws IOException;

    /** Writes one feature (its properties by the schema's names; others are ignored). */
    void write(Feature f) throws IOException;

    /**
     * Ends the file, flushes the stream.
     *
     * @return the number of features written
     */
    long finish() throws IOException;

    /** Releases temporary files and buffers; idempotent; after {@link #finish} or instead of it (an abandoned export). */
    @Override
    void close();
}

package org.gridwatch.codec;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.patrol.UnitRecord;

/**
 * Units' GeoJSON Features ({@link UnitJson#feature}) encoded once per version of a unit and kept,
 * so that an answer of a few units near a point (asked thousands of times a second by dispatch
 * consoles) copies bytes instead of building and encoding JSON objects. A unit's version changes
 * with each position and status (a new {@link UnitRecord}); the cache holds the last version
 * encoded of each unit id it was asked about, so it is bounded by the roster.
 *
 * <p>The bytes appended are exactly those of {@code UnitJson.feature(u)} with the extra properties
 * put last, encoded by Vert.x ({@code JsonObject.toBuffer()}): {@code UnitFeaturesTest} holds the
 * two to each other. Thread-safe: any thread may append; two threads encoding the same new version
 * at once both get the same bytes.
 */
public final class UnitFeatures {
    /** The UTF-8 bytes of a unit's Feature without its two closing braces (properties, feature). */
    private record Encoded(UnitRecord unit, byte[] open) {
    }

    private static final byte[] CLOSE = "}}".getBytes(StandardCharsets.US_ASCII);
    private final Map<String, Encoded> byId = new ConcurrentHashMap<>();

    /**
     * Appends {@code u}'s Feature to {@code out}, with {@code extraProperties} added at the end of
     * its properties.
     *
     * @param extraProperties JSON members to add, each starting with a comma (e.g.
     *                        {@code ,"distance":204.1}), or the empty string
     */
    public void append(Buffer out, UnitRecord u, String extraProperties) {
        append(out, u, extraProperties, TimeFormat.UTC);
    }

    /**
     * As {@link #append(Buffer, UnitRecord, String)}, with times as {@code t} writes them (only the UTC
     * encodings are kept; others are encoded each time).
     */
    public void append(Buffer out, UnitRecord u, String extraProperties, TimeFormat t) {
        if (!t.utc()) {
            Buffer full = UnitJson.feature(u, t).toBuffer();
            out.appendBuffer(full, 0, full.length() - CLOSE.length);
            if (!extraProperties.isEmpty()) {
                out.appendString(extraProperties, "UTF-8");
            }
            out.appendBytes(CLOSE);
            return;
        }
        Encoded e = byId.get(u.id());
        if (e == null || e.unit() != u) {
            Buffer full = UnitJson.feature(u).toBuffer();
            e = new Encoded(u, full.getBytes(0, full.length() - CLOSE.length));
            byId.put(u.id(), e);
        }
        out.appendBytes(e.open());
        if (!extraProperties.isEmpty()) {
            out.appendString(extraProperties, "UTF-8");
        }
        out.appendBytes(CLOSE);
    }
}

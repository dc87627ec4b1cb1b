package org.gridwatch.feature;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature of a layer: an id unique in its layer, a geometry in WGS84 lon/lat (x = longitude),
 * scalar properties in the order of the layer's schema, and, for temporal layers, the time it
 * holds: an instant ({@code start == end}), an interval, or none ({@code start == end == null}).
 *
 * @param id         unique in the layer; the OGC API {@code featureId}
 * @param geometry   WGS84 lon/lat; never null
 * @param properties name → value ({@link PropertyType}'s Java types or null), unmodifiable, in schema order
 * @param start      the start of the feature's time (inclusive), or null (no time / open start)
 * @param end        the end of the feature's time (inclusive), or null (no time / open end)
 */
public record Feature(String id, Geometry geometry, Map<String, Object> properties, Instant start, Instant end) {
    public Feature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(geometry, "geometry");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("feature " + id + ": end " + end + " before start " + start);
        }
    }

    /** A feature without time. */
    public static Feature of(String id, Geometry geometry, Map<String, Object> properties) {
        return new Feature(id, geometry, properties, null, null);
    }

    /** A feature at one instant. */
    public static Feature at(String id, Geometry geometry, Map<String, Object> properties, Instant time) {
        return new Feature(id, geometry, properties, time, time);
    }

    /** The value of property {@code name}, or null. */
    public Object get(String name) {
        return properties.get(name);
    }

    /** Whether the feature's time overlaps [from, to] (both inclusive, null = open); a feature without time always does. */
    public boolean overlaps(Instant from, Instant to) {
        if (start == null && end == null) {
            return true;
        }
        boolean startsBeforeTo = to == null || start == null || !start.isAfter(to);
        boolean endsAfterFrom = from == null || end == null || !end.isBefore(from);
        return startsBeforeTo && endsAfterFrom;
    }
}

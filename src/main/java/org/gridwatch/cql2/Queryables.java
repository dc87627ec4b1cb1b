package org.gridwatch.cql2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The properties a filter of one collection may use, with their types, and which of them are the
 * collection's geometry and time. The OGC well-known names {@code geometry} and {@code datetime}
 * resolve to the geometry and temporal property (unless a property of that name exists itself).
 * Immutable and thread-safe.
 *
 * @param properties property name → type, in the order the queryables document lists them
 * @param geometry the geometry property (of type {@link Type#GEOMETRY}), read through
 *        {@link Subject#geometry()}; {@code null} when the collection has none
 * @param temporalStart the temporal property (an instant), or the start of the temporal interval;
 *        of type TIMESTAMP or DATE; {@code null} when the collection has no time
 * @param temporalEnd the end of the temporal interval, or {@code null} when the time is an instant;
 *        a feature whose end is {@code null} is ongoing (the interval is open at the end)
 */
public record Queryables(Map<String, Type> properties, String geometry, String temporalStart, String temporalEnd) {

    /** The type of a queryable property (the JSON Schema type/format of the queryables document). */
    public enum Type { STRING, NUMBER, INTEGER, BOOLEAN, TIMESTAMP, DATE, GEOMETRY }

    /** OGC's well-known name of a collection's primary geometry. */
    public static final String GEOMETRY = "geometry";
    /** OGC's well-known name of a collection's primary time. */
    public static final String DATETIME = "datetime";

    /**
     * @throws IllegalArgumentException when the geometry or temporal properties are not among the
     *         properties with a fitting type
     */
    public Queryables {
        Objects.requireNonNull(properties, "properties");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        if (geometry != null && properties.get(geometry) != Type.GEOMETRY) {
            throw new IllegalArgumentException("geometry property '" + geometry + "' is not a GEOMETRY queryable");
        }
        for (String t : new String[] {temporalStart, temporalEnd}) {
            if (t != null && properties.get(t) != Type.TIMESTAMP && properties.get(t) != Type.DATE) {
                throw new IllegalArgumentException("temporal property '" + t + "' is not a TIMESTAMP or DATE queryable");
            }
        }
        if (temporalEnd != null && temporalStart == null) {
            throw new IllegalArgumentException("a temporal end needs a temporal start");
        }
    }

    /** Queryables whose time (if any) is one instant per feature. */
    public static Queryables of(Map<String, Type> properties, String geometry, String temporal) {
        return new Queryables(properties, geometry, temporal, null);
    }

    /** Queryables whose time is an interval per feature, from {@code start} to {@code end}. */
    public static Queryables ofInterval(Map<String, Type> properties, String geometry, String start, String end) {
        return new Queryables(properties, geometry, start, Objects.requireNonNull(end, "end"));
    }
}

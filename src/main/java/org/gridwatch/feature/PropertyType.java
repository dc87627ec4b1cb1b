package org.gridwatch.feature;

/**
 * The scalar type of a feature property, as queryables, CSV/XLSX columns, GeoPackage columns and
 * MVT attributes need it. Values are {@link String}, {@link Long}/{@link Integer},
 * {@link Double}, {@link Boolean}, {@link java.time.Instant} and {@link java.time.LocalDate}.
 */
public enum PropertyType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    /** An instant; JSON as an RFC 3339 date-time string. */
    TIMESTAMP("string"),
    /** A local date; JSON as an RFC 3339 full-date string. */
    DATE("string");

    private final String jsonType;

    PropertyType(String jsonType) {
        this.jsonType = jsonType;
    }

    /** The JSON Schema type of a value of this type. */
    public String jsonType() {
        return jsonType;
    }
}

package org.gridwatch.feature;

import java.util.Objects;

/**
 * One property of a layer's features: its name (as it appears in GeoJSON, CSV headers, CQL2
 * filters), its type, and a title for a person (Chinese, the language of the pages).
 *
 * @param name  the property name, e.g. {@code category}
 * @param type  its scalar type
 * @param title a short title in Chinese, e.g. {@code 类别}
 */
public record Property(String name, PropertyType type, String title) {
    public Property {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
    }

    public static Property string(String name, String title) {
        return new Property(name, PropertyType.STRING, title);
    }

    public static Property integer(String name, String title) {
        return new Property(name, PropertyType.INTEGER, title);
    }

    public static Property number(String name, String title) {
        return new Property(name, PropertyType.NUMBER, title);
    }

    public static Property bool(String name, String title) {
        return new Property(name, PropertyType.BOOLEAN, title);
    }

    public static Property timestamp(String name, String title) {
        return new Property(name, PropertyType.TIMESTAMP, title);
    }

    public static Property date(String name, String title) {
        return new Property(name, PropertyType.DATE, title);
    }
}

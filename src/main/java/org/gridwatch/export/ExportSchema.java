package org.gridwatch.export;

import java.util.List;
import java.util.Objects;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;

/**
 * What an export holds: the layer's id and title, its property schema and its geometry kind (null
 * for rows without geometry, which only the table formats write: {@link ExportFormat#spatial()}),
 * and the property that names each feature for a person (KML's {@code <name>}).
 *
 * @param id           the layer id, e.g. {@code key-places}: the file's base name, the GeoPackage table, the KML schema
 * @param title        the title for a person, in Chinese (sheet name, KML document name)
 * @param description  one or two sentences, in Chinese (GeoPackage {@code gpkg_contents.description}); may be empty
 * @param properties   the columns, in order
 * @param geometryKind the geometry type of every feature, or null for rows without geometry
 * @param nameProperty the property naming each feature, or null to name it by its id
 */
public record ExportSchema(String id, String title, String description, List<Property> properties,
                           GeometryKind geometryKind, String nameProperty) {
    /** The properties preferred as a feature's name, in order, when a layer has several. */
    private static final List<String> NAMES = List.of("name", "title", "label", "code");

    public ExportSchema {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        description = description == null ? "" : description;
        properties = List.copyOf(properties);
        if (nameProperty != null && properties.stream().noneMatch(p -> p.name().equals(nameProperty))) {
            throw new IllegalArgumentException("name property " + nameProperty + " is not a property of " + id);
        }
    }

    /** The schema of {@code layer}; its name property is the first of {@code name}, {@code title}, {@code label}, {@code code} it has. */
    public static ExportSchema of(FeatureLayer layer) {
        String name = null;
        for (String n : NAMES) {
            if (layer.property(n).isPresent()) {
                name = n;
                break;
            }
        }
        return new ExportSchema(layer.id(), layer.title(), layer.description(), layer.properties(), layer.geometryKind(), name);
    }

    /** Whether the features have geometry. */
    public boolean spatial() {
        return geometryKind != null;
    }

    /** The column holding each feature's id in the table formats (CSV, XLSX, GeoPackage): {@code id}. */
    public String idColumn() {
        return "id";
    }

    /**
     * Whether the table formats write the feature id as a column of its own, before the properties: unless
     * a property is already called {@code id} (incidents, units, posts …), which then holds it.
     */
    public boolean writesId() {
        return properties.stream().noneMatch(p -> p.name().equals("id"));
    }
}

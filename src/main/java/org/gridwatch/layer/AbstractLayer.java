package org.gridwatch.layer;

import java.util.List;
import java.util.Optional;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;

/** The description every layer carries, held once: id, titles, geometry kind, schema, time property, extent. */
abstract class AbstractLayer implements FeatureLayer {
    private final String id;
    private final String title;
    private final String description;
    private final GeometryKind kind;
    private final List<Property> properties;
    private final Envelope extent;
    private final String temporal;

    /**
     * @param temporal the property holding each feature's time ({@link org.gridwatch.feature.Feature#start()}), or null
     */
    AbstractLayer(String id, String title, String description, GeometryKind kind, List<Property> properties,
                  Envelope extent, String temporal) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.kind = kind;
        this.properties = List.copyOf(properties);
        this.extent = extent;
        this.temporal = temporal;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final GeometryKind geometryKind() {
        return kind;
    }

    @Override
    public final List<Property> properties() {
        return properties;
    }

    @Override
    public final Optional<String> temporalProperty() {
        return Optional.ofNullable(temporal);
    }

    @Override
    public final Envelope extent() {
        return extent;
    }
}

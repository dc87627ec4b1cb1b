package org.gridwatch.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;

/**
 * A live layer over a snapshot of a few thousand items at most (units, posts, key places, alerts,
 * risk zones, heat cells): each scan takes a fresh snapshot, keeps what the scope sees, orders the
 * features by id and resumes after the cursor (the id). O(n log n) per scan, no index needed at
 * these sizes.
 *
 * @param <T> the live item
 */
abstract class SnapshotLayer<T> extends AbstractLayer {
    /** A layer without time. */
    SnapshotLayer(String id, String title, String description, GeometryKind kind, List<Property> properties,
                  Envelope extent) {
        this(id, title, description, kind, properties, extent, null);
    }

    /**
     * @param temporal the property holding each feature's time ({@link Feature#start()}), or null
     */
    SnapshotLayer(String id, String title, String description, GeometryKind kind, List<Property> properties,
                  Envelope extent, String temporal) {
        super(id, title, description, kind, properties, extent, temporal);
    }

    /** The current items (any order) for a caller of this scope (most layers ignore it and filter with {@link #visible}). */
    abstract List<T> snapshot(Scope scope);

    /** Whether the scope sees the item. */
    abstract boolean visible(Scope scope, T item);

    /** The item as a feature, or null when it has no place to show (a unit that never reported). */
    abstract Feature feature(T item);

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public Optional<Feature> get(String featureId, Scope scope) {
        for (T item : snapshot(scope)) {
            if (visible(scope, item)) {
                Feature f = feature(item);
                if (f != null && f.id().equals(featureId)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void scan(FeatureQuery q, Sink sink) {
        List<Feature> features = new ArrayList<>();
        for (T item : snapshot(q.scope())) {
            if (visible(q.scope(), item)) {
                Feature f = feature(item);
                if (f != null && (q.after() == null || f.id().compareTo(q.after()) > 0)) {
                    features.add(f);
                }
            }
        }
        features.sort(Comparator.comparing(Feature::id));
        for (Feature f : features) {
            if (q.test(f) && !sink.accept(f)) {
                return;
            }
        }
    }
}

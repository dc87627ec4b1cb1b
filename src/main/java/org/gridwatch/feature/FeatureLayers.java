package org.gridwatch.feature;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The layers of a running server by id, in the order they are listed. Immutable, thread-safe. */
public final class FeatureLayers {
    private final Map<String, FeatureLayer> byId;

    public FeatureLayers(Collection<? extends FeatureLayer> layers) {
        Map<String, FeatureLayer> m = new LinkedHashMap<>();
        for (FeatureLayer l : layers) {
            if (m.put(l.id(), l) != null) {
                throw new IllegalArgumentException("two layers with id " + l.id());
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /** Every layer, in listing order. */
    public Collection<FeatureLayer> all() {
        return byId.values();
    }

    public Optional<FeatureLayer> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}

package org.gridwatch.web;

import java.util.List;
import java.util.function.Predicate;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.locationtech.jts.geom.Envelope;

/**
 * The {@code filter}, {@code filter-lang} and {@code filter-crs} parameters of OGC API – Features
 * Part 3: a filter compiled against a layer's queryables into an exact test and an index hint.
 * Thread-safe.
 */
final class OgcFilters {
    /** A compiled filter: the exact test (null = none) and an envelope every match intersects (null = any). */
    record Compiled(Predicate<Feature> test, Envelope hint) {
        static final Compiled NONE = new Compiled(null, null);
    }

    /** The conformance classes of filtering declared at {@code /conformance}. */
    List<String> conformance() {
        return List.of();
    }

    /**
     * Compiles a filter.
     *
     * @throws Problem 400 naming the parameter (or the unknown property) at fault
     */
    Compiled compile(FeatureLayer layer, String filter, String lang, String crs) {
        if (filter == null) {
            if (lang != null || crs != null) {
                throw Problem.badField(lang != null ? "filter-lang" : "filter-crs", "given without filter");
            }
            return Compiled.NONE;
        }
        throw Problem.badField("filter", "filtering is not available on this server yet");
    }
}

package org.gridwatch.feature;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridwatch.area.Scope;
import org.locationtech.jts.geom.Envelope;

/**
 * A collection of features GridWatch holds: its description and a way to read it. The one contract
 * behind OGC API Features items, vector tiles and exports: every implementation passes
 * {@code FeatureLayerContract}.
 *
 * <p>Contract of {@link #scan}: it feeds {@code sink} every feature the query's scope may see that
 * passes {@link FeatureQuery#test}, in the layer's own stable order (the same on every call while
 * the data does not change), starting after {@link FeatureQuery#after()}; it stops as soon as the
 * sink answers false. A live layer reads its in-memory indexes lock-free and may be called from any
 * thread that may take O(layer) time (a worker or a query pool, never an event loop); a
 * {@link #blocking()} layer reads the store and must be called from the store-read pool.
 */
public interface FeatureLayer {
    /** Receives features; answers false to stop the scan. */
    @FunctionalInterface
    interface Sink {
        boolean accept(Feature feature);

        /**
         * How many features this sink expects to take at most: a hint a layer may size its reads
         * by (an index page, a store batch). Only {@link #accept} stops a scan: a layer feeds every
         * match until it answers false, however many that is.
         */
        default int expected() {
            return Integer.MAX_VALUE;
        }

        /** A sink adding features to {@code list} until it holds {@code n}, and expecting {@code n}. */
        static Sink upTo(int n, java.util.List<Feature> list) {
            return new Sink() {
                @Override
                public boolean accept(Feature feature) {
                    list.add(feature);
                    return list.size() < n;
                }

                @Override
                public int expected() {
                    return n;
                }
            };
        }
    }

    /** The collection id: lower case, URL-safe, e.g. {@code grids}, {@code key-places}. */
    String id();

    /** The title for a person, in Chinese, e.g. {@code 网格}. */
    String title();

    /** One or two sentences for a person, in Chinese. */
    String description();

    /** The geometry type of every feature. */
    GeometryKind geometryKind();

    /** The schema: every property each feature has (possibly null), in order. */
    List<Property> properties();

    /**
     * The name of the property that holds each feature's time ({@link Feature#start()}), for
     * {@code datetime} queries and temporal filters; empty for a layer without time.
     */
    Optional<String> temporalProperty();

    /** Whether features change while the server runs (positions, duty, coverage), as opposed to a fixed layer. */
    boolean live();

    /** Whether reading it blocks on the store (tracks). */
    default boolean blocking() {
        return false;
    }

    /** The spatial extent of the whole layer (WGS84 lon/lat), whatever the caller's scope. */
    Envelope extent();

    /** The temporal extent [start, end] of the whole layer (either may be null = open), or empty for a layer without time. */
    default Optional<Instant[]> temporalExtent() {
        return Optional.empty();
    }

    /** The feature with this id if the scope may see it. */
    Optional<Feature> get(String id, Scope scope);

    /**
     * Feeds the matching features to {@code sink} (see the class contract).
     *
     * @throws BadQueryException when the layer cannot answer the query as asked (a foreign cursor, a window too long)
     */
    void scan(FeatureQuery query, Sink sink);

    /**
     * The resume point after {@code f}: given as {@link FeatureQuery#after()}, the scan goes on with
     * the feature that followed {@code f}. Opaque to callers (URL-safe text); the id by default.
     */
    default String cursor(Feature f) {
        return f.id();
    }

    /**
     * An upper bound of what {@link #scan} of {@code query} to its end and {@link #count} of it
     * together cost, in work units (one unit ≈ one entry of an in-memory index read and tested; a
     * feature built costs several), or some number above {@code cap} once that is certain; at most
     * O(index cells) to compute, with no feature built. {@link Long#MAX_VALUE} when the layer cannot
     * tell cheaply (the default). A caller on an event loop asks it first and scans only when the
     * answer fits its budget.
     */
    default long work(FeatureQuery query, long cap) {
        return Long.MAX_VALUE;
    }

    /**
     * The number of features matching {@code query} (ignoring {@code after}), or -1 when the layer
     * cannot count without reading everything from the store.
     */
    default long count(FeatureQuery query) {
        long[] n = {0};
        scan(query.resumingAfter(null), f -> {
            n[0]++;
            return true;
        });
        return n[0];
    }

    /** The property of this name, if the layer has it. */
    default Optional<Property> property(String name) {
        for (Property p : properties()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

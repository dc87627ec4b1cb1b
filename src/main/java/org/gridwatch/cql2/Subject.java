package org.gridwatch.cql2;

import org.locationtech.jts.geom.Geometry;

/**
 * One feature as a filter sees it, implemented by the caller per feature (a thin view over the
 * model, never a copy). Called only from the thread that calls {@link Cql2.Expression#test}.
 */
public interface Subject {

    /**
     * The value of a queryable property: a {@link String}, a {@link Number}, a {@link Boolean}, a
     * {@link java.time.Instant} (TIMESTAMP), a {@link java.time.LocalDate} (DATE), a
     * {@link Geometry}, or {@code null} when the feature has no value. A value of another type
     * makes the predicate using it unknown (not true).
     */
    Object property(String name);

    /**
     * The feature's geometry in CRS84 (WGS84, x = longitude, y = latitude), or {@code null}. Used
     * for the collection's geometry property and the well-known name {@code geometry}.
     */
    Geometry geometry();
}

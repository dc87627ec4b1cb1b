/**
 * Features: every layer GridWatch holds (admin areas, grids, incidents, units, tracks, school posts,
 * key places, alerts, risk zones, heat cells) seen the one way GIS tools see data: a named
 * collection of {@link org.gridwatch.feature.Feature}s with a schema of scalar properties, a
 * geometry kind, an extent and, for temporal layers, a time per feature.
 *
 * <p>{@link org.gridwatch.feature.FeatureLayer} is the one contract OGC API Features items, vector
 * tiles and exports all read through, so a layer answers the same features, inside the same
 * jurisdiction, whichever way it is asked. A {@link org.gridwatch.feature.FeatureQuery} carries the
 * caller's {@link org.gridwatch.area.Scope} (never optional: there is no way around jurisdiction),
 * a bounding box, a time interval, a filter and a resume point; layers use the box and the time as
 * index hints and {@link org.gridwatch.feature.FeatureQuery#test} as the exact test.
 * {@link org.gridwatch.feature.FeatureJson} writes features as GeoJSON text without an object tree.
 *
 * <p>Coordinates are WGS84 lon/lat (CRS84, x = longitude) everywhere in this package; times are
 * instants. Nothing here blocks except layers that say so ({@link org.gridwatch.feature.FeatureLayer#blocking()}).
 */
package org.gridwatch.feature;

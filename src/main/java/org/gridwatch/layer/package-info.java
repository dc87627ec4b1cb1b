/**
 * The layers a running server holds, as {@link org.gridwatch.feature.FeatureLayer}s: admin areas per
 * level, grids with their live patrol coverage, incidents, units' live positions, tracks, school
 * posts with today's duty, key places with their 见警率 state, alerts, near-repeat risk zones and heat
 * cells. {@link org.gridwatch.layer.CityLayers} assembles them.
 *
 * <p>Every live layer reads the in-memory indexes lock-free (the state lane publishes them safely) and
 * answers only what the query's scope may see, with the same rule as the REST route of the same data:
 * areas inside the scope or enclosing it; everything else by the grid (or county) it lies in.
 * Threads: any thread that may spend O(layer) time; tracks read the store (store-read pool only).
 */
package org.gridwatch.layer;

/**
 * The city data directory ({@link org.gridwatch.city.CityData}): the GeoJSON layers of areas,
 * grids, school-guard posts and key places and the unit roster that a fresh store is seeded from,
 * as written by {@code org.gridwatch.gen}.
 */
package org.gridwatch.city;

package org.gridwatch.area;

/**
 * Where a point is in the governance hierarchy: its grid and every enclosing area.
 *
 * @param grid     the grid (网格)
 * @param village  the village/community containing the grid
 * @param township the township/street
 * @param county   the county-level division
 * @param city     the city
 */
public record GridLocation(AdminArea grid, AdminArea village, AdminArea township, AdminArea county, AdminArea city) {
}

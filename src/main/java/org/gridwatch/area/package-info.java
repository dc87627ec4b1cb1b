/**
 * Administrative areas and governance grids: the city → county → township → village → grid
 * hierarchy ({@link org.gridwatch.area.AdminArea}, {@link org.gridwatch.area.AreaHierarchy}) and
 * the point-to-grid locator {@link org.gridwatch.area.GridIndex}.
 *
 * <p>Areas are static between imports: indexes here are built once and immutable, hence
 * thread-safe for any number of readers.
 */
package org.gridwatch.area;

package org.gridwatch.tile;

/**
 * A geometry in whole tile units as {@link MvtWriter} encodes it. {@code parts[i][j]} holds x, y
 * pairs: for a polygon, part i is a polygon and ring 0 its exterior (positive surveyor's area,
 * clockwise with y down), rings 1… its holes (negative), no closing point; for a line, part i is
 * one line string ({@code parts[i].length == 1}); for points, one part of one array holding every
 * point. Immutable by convention (the arrays are not copied).
 *
 * @param type {@link MvtWriter#POINT}, {@link MvtWriter#LINESTRING} or {@link MvtWriter#POLYGON}
 */
record TileShape(int type, int[][][] parts) {
}

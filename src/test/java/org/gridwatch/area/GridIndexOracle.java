package org.gridwatch.area;

import java.util.List;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Location;

/**
 * Brute force: tests a point against every grid, with no index, and applies the documented rule
 * (interior wins; on boundaries the smallest code).
 */
final class GridIndexOracle {
    private final List<AdminArea> grids;

    GridIndexOracle(AreaHierarchy h) {
        this.grids = h.level(AdminLevel.GRID);
    }

    String locate(double lon, double lat) {
        Coordinate p = new Coordinate(lon, lat);
        String boundary = null;
        for (AdminArea g : grids) {
            if (!g.geometry().getEnvelopeInternal().covers(p)) {
                continue;
            }
            int loc = SimplePointInAreaLocator.locate(p, g.geometry());
            if (loc == Location.INTERIOR) {
                return g.code();
            }
            if (loc == Location.BOUNDARY && (boundary == null || g.code().compareTo(boundary) < 0)) {
                boundary = g.code();
            }
        }
        return boundary;
    }
}

package org.gridwatch.gen;

import java.util.ArrayList;
import java.util.List;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * A mutable area while the demo city is being built; turned into an immutable {@link AdminArea}
 * at the end. Coordinates WGS84 lon/lat (x = longitude). Not thread-safe.
 */
final class GenArea {
    final AdminLevel level;
    final GenArea parent;
    /** The Voronoi seed the area grew from (the county seat for counties); null for the city. */
    final Coordinate seed;
    final List<GenArea> children = new ArrayList<>();
    Polygon polygon;
    String code;
    String name;
    /** Street (街道) for townships, community (社区) for villages. */
    boolean urban;
    /** Township (乡) rather than town (镇); only for non-urban townships. */
    boolean xiang;
    /** Urbanness in [0, 1] at the seed, see {@link CityGenerator#urbanness(double, double)}. */
    double urbanness;
    long population;
    long households;
    double areaSqm;
    String gridWorker;

    GenArea(AdminLevel level, GenArea parent, Coordinate seed) {
        this.level = level;
        this.parent = parent;
        this.seed = seed;
    }

    AdminArea toAdminArea() {
        return new AdminArea(code, name, level, parent == null ? null : parent.code, polygon, population, households,
                areaSqm, gridWorker, true);
    }
}

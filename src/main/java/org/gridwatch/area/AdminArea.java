package org.gridwatch.area;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One administrative area or grid.
 *
 * @param code        the area's code (length given by {@link AdminLevel#codeLength()})
 * @param name        Chinese name, e.g. "滨城区", "市中街道", "黄河五路社区第3网格"
 * @param level       the hierarchy level
 * @param parentCode  code of the containing area; {@code null} for the city
 * @param geometry    Polygon or MultiPolygon, WGS84 lon/lat (SRID 4326)
 * @param population  resident population (people)
 * @param households  number of households
 * @param areaSqm     geodesic area in square metres
 * @param gridWorker  name of the grid worker (网格员); {@code null} except for grids
 * @param demo        true when the geometry is generated demo data, not an official boundary
 */
public record AdminArea(String code, String name, AdminLevel level, String parentCode, Geometry geometry,
                        long population, long households, double areaSqm, String gridWorker, boolean demo) {
    public AdminArea {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(geometry, "geometry");
        if (code.length() != level.codeLength()) {
            throw new IllegalArgumentException("code " + code + " has " + code.length() + " digits; a "
                    + level.id() + " code has " + level.codeLength());
        }
        if (level != AdminLevel.CITY && parentCode == null) {
            throw new IllegalArgumentException("area " + code + " has no parent code");
        }
    }
}

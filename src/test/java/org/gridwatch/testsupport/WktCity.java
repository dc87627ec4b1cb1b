package org.gridwatch.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * A tiny city from WKT fixtures, with shared edges and vertices, a hole and a multipolygon grid.
 *
 * <pre>
 *  lat 1 +---------+---------+---------+
 *        | G..001  | G..002  | G2.001  |   county A = x 0..2, county B = x 2..3
 *  0.5   +---------+----+----+  (hole  |   G2.001 is x 2..3 with a hole that is G2.002
 *        | G..003       |G..4|   G2.2) |
 *  lat 0 +--------------+----+---------+
 *        x 0           1.5   2         3
 * </pre>
 * Coordinates are degrees offset from (118, 37) so that the fixture lies in Binzhou.
 */
public final class WktCity {
    private WktCity() {
    }

    /** The fixture's areas at every level. */
    public static List<AdminArea> areas() {
        List<AdminArea> a = new ArrayList<>();
        a.add(area("371600", "城", AdminLevel.CITY, null, box(0, 0, 3, 1)));
        a.add(area("371602", "甲区", AdminLevel.COUNTY, "371600", box(0, 0, 2, 1)));
        a.add(area("371603", "乙区", AdminLevel.COUNTY, "371600", box(2, 0, 3, 1)));
        a.add(area("371602001", "甲街道", AdminLevel.TOWNSHIP, "371602", box(0, 0, 2, 1)));
        a.add(area("371603001", "乙镇", AdminLevel.TOWNSHIP, "371603", box(2, 0, 3, 1)));
        a.add(area("371602001001", "甲社区", AdminLevel.VILLAGE, "371602001", box(0, 0, 2, 1)));
        a.add(area("371603001001", "乙村", AdminLevel.VILLAGE, "371603001", box(2, 0, 3, 1)));
        a.add(area("371602001001001", "甲社区第1网格", AdminLevel.GRID, "371602001001", box(0, 0.5, 1, 1)));
        a.add(area("371602001001002", "甲社区第2网格", AdminLevel.GRID, "371602001001", box(1, 0.5, 2, 1)));
        a.add(area("371602001001003", "甲社区第3网格", AdminLevel.GRID, "371602001001", box(0, 0, 1.5, 0.5)));
        a.add(area("371602001001004", "甲社区第4网格", AdminLevel.GRID, "371602001001", box(1.5, 0, 2, 0.5)));
        a.add(area("371603001001001", "乙村第1网格", AdminLevel.GRID, "371603001001",
                wkt("POLYGON ((" + c(2, 0) + ", " + c(3, 0) + ", " + c(3, 1) + ", " + c(2, 1) + ", " + c(2, 0) + "), ("
                        + c(2.4, 0.4) + ", " + c(2.6, 0.4) + ", " + c(2.6, 0.6) + ", " + c(2.4, 0.6) + ", " + c(2.4, 0.4) + "))")));
        a.add(area("371603001001002", "乙村第2网格", AdminLevel.GRID, "371603001001", box(2.4, 0.4, 2.6, 0.6)));
        return a;
    }

    /** The fixture as a hierarchy. */
    public static AreaHierarchy hierarchy() {
        return AreaHierarchy.of(areas());
    }

    /** Fixture x (0..3) to longitude. */
    public static double lon(double x) {
        return 118 + x;
    }

    /** Fixture y (0..1) to latitude. */
    public static double lat(double y) {
        return 37 + y;
    }

    private static String c(double x, double y) {
        return lon(x) + " " + lat(y);
    }

    private static Geometry box(double x0, double y0, double x1, double y1) {
        return wkt("POLYGON ((" + c(x0, y0) + ", " + c(x1, y0) + ", " + c(x1, y1) + ", " + c(x0, y1) + ", " + c(x0, y0) + "))");
    }

    private static Geometry wkt(String text) {
        try {
            return new WKTReader(Geo.FACTORY).read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static AdminArea area(String code, String name, AdminLevel level, String parent, Geometry g) {
        return new AdminArea(code, name, level, parent, g, 100, 40, 1e6, level == AdminLevel.GRID ? "张三" : null, true);
    }
}

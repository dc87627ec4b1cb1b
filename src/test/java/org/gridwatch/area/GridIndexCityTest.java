package org.gridwatch.area;

import org.gridwatch.city.CityData;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;

/**
 * {@link GridIndex} on the committed demo city against the brute-force {@link GridIndexOracle}:
 * 100,000 random points over the city's envelope (inside and outside), every vertex of a sample
 * of grids (shared by two or more grids) and points on their edges.
 */
class GridIndexCityTest {
    private static AreaHierarchy city;
    private static GridIndex index;
    private static GridIndexOracle oracle;

    @BeforeAll
    static void load() throws Exception {
        city = AreaHierarchy.of(CityData.load(Path.of("gis-data/binzhou")).areas());
        index = GridIndex.build(city);
        oracle = new GridIndexOracle(city);
    }

    private static void check(double lon, double lat) {
        AdminArea got = index.locateGrid(lon, lat);
        String expected = oracle.locate(lon, lat);
        assertThat(got == null ? null : got.code()).as("lon %s lat %s", lon, lat).isEqualTo(expected);
    }

    @Test
    void randomPointsMatchBruteForce() {
        Envelope e = city.city().geometry().getEnvelopeInternal();
        Random r = new Random(20261127);
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            double lon = e.getMinX() - 0.01 + r.nextDouble() * (e.getWidth() + 0.02);
            double lat = e.getMinY() - 0.01 + r.nextDouble() * (e.getHeight() + 0.02);
            check(lon, lat);
            if (index.locateGrid(lon, lat) != null) {
                found++;
            }
        }
        assertThat(found).as("a fair share of points fall inside the city").isBetween(30_000, 90_000);
    }

    @Test
    void verticesAndEdgePointsMatchBruteForce() {
        List<AdminArea> grids = city.level(AdminLevel.GRID);
        Random r = new Random(7);
        int checked = 0;
        for (int k = 0; k < 1_500; k++) {
            AdminArea g = grids.get(r.nextInt(grids.size()));
            Coordinate[] cs = g.geometry().getCoordinates();
            List<Coordinate> pts = new ArrayList<>();
            for (int i = 0; i + 1 < cs.length; i++) {
                pts.add(cs[i]);
                double t = r.nextDouble();
                pts.add(new Coordinate(cs[i].x + t * (cs[i + 1].x - cs[i].x), cs[i].y + t * (cs[i + 1].y - cs[i].y)));
                pts.add(new Coordinate((cs[i].x + cs[i + 1].x) / 2, (cs[i].y + cs[i + 1].y) / 2));
            }
            for (Coordinate c : pts) {
                check(c.x, c.y);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void everyGridsInteriorPointFindsThatGrid() {
        for (AdminArea g : city.level(AdminLevel.GRID)) {
            Coordinate c = g.geometry().getInteriorPoint().getCoordinate();
            GridLocation l = index.locate(c.x, c.y).orElseThrow();
            assertThat(l.grid().code()).isEqualTo(g.code());
            assertThat(l.village().code()).isEqualTo(g.parentCode());
            assertThat(l.county().code()).isEqualTo(g.code().substring(0, 6));
        }
    }
}

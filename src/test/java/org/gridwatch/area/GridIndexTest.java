package org.gridwatch.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.testsupport.WktCity.lat;
import static org.gridwatch.testsupport.WktCity.lon;

import java.util.ArrayList;
import java.util.List;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** {@link GridIndex} on the WKT fixture city: interiors, the boundary rule, holes, outside points. */
class GridIndexTest {
    private final GridIndex index = GridIndex.build(WktCity.hierarchy());

    private String at(double x, double y) {
        AdminArea g = index.locateGrid(lon(x), lat(y));
        return g == null ? null : g.code();
    }

    @Test
    void interiorPointsResolveToTheirGridAndHierarchy() {
        assertThat(at(0.5, 0.75)).isEqualTo("371602001001001");
        assertThat(at(1.75, 0.25)).isEqualTo("371602001001004");
        GridLocation l = index.locate(lon(2.8), lat(0.2)).orElseThrow();
        assertThat(l.grid().code()).isEqualTo("371603001001001");
        assertThat(l.village().code()).isEqualTo("371603001001");
        assertThat(l.township().code()).isEqualTo("371603001");
        assertThat(l.county().name()).isEqualTo("乙区");
        assertThat(l.city().code()).isEqualTo("371600");
    }

    @Test
    void sharedEdgeGoesToTheSmallestCode() {
        assertThat(at(1, 0.75)).isEqualTo("371602001001001"); // 001 | 002
        assertThat(at(0.5, 0.5)).isEqualTo("371602001001001"); // 001 above 003
        assertThat(at(1.5, 0.25)).isEqualTo("371602001001003"); // 003 | 004
        assertThat(at(2, 0.75)).isEqualTo("371602001001002"); // county border: 3716020… < 3716030…
    }

    @Test
    void sharedVertexGoesToTheSmallestCode() {
        assertThat(at(1, 0.5)).isEqualTo("371602001001001"); // 001, 002, 003 meet
        assertThat(at(2, 0.5)).isEqualTo("371602001001002"); // 002, 004, county B meet
        assertThat(at(1.5, 0.5)).isEqualTo("371602001001002"); // on 002's bottom edge, 003 and 004's corner
    }

    @Test
    void holesBelongToTheGridFillingThem() {
        assertThat(at(2.5, 0.5)).isEqualTo("371603001001002");
        assertThat(at(2.4, 0.5)).isEqualTo("371603001001001"); // hole edge: 001 < 002
        assertThat(at(2.3, 0.5)).isEqualTo("371603001001001");
    }

    @Test
    void outsideAndInvalidPointsAreNotFound() {
        assertThat(at(-0.01, 0.5)).isNull();
        assertThat(at(3.01, 0.5)).isNull();
        assertThat(at(1, 1.0001)).isNull();
        assertThat(index.locate(Double.NaN, 37.5)).isEmpty();
        assertThat(index.locate(118.5, Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(index.locate(0, 0)).isEmpty();
    }

    @Test
    void outerBoundaryIsInside() {
        assertThat(at(0, 0)).isEqualTo("371602001001003");
        assertThat(at(3, 1)).isEqualTo("371603001001001");
        assertThat(at(0, 0.75)).isEqualTo("371602001001001");
    }

    @Test
    void denseSweepMatchesBruteForce() {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i <= 300; i++) {
            for (int j = 0; j <= 100; j++) {
                pts.add(new double[] {lon(-0.05 + i * 0.01), lat(-0.02 + j * 0.0104)});
            }
        }
        GridIndexOracle oracle = new GridIndexOracle(WktCity.hierarchy());
        for (double[] p : pts) {
            AdminArea g = index.locateGrid(p[0], p[1]);
            assertThat(g == null ? null : g.code()).as("point %s %s", p[0], p[1]).isEqualTo(oracle.locate(p[0], p[1]));
        }
    }

    @Test
    void hierarchyRejectsBrokenParents() {
        List<AdminArea> broken = new ArrayList<>(WktCity.areas());
        AdminArea g = broken.remove(broken.size() - 1);
        broken.add(new AdminArea(g.code(), g.name(), g.level(), "371603001999", g.geometry(), 0, 0, 0, null, true));
        assertThatThrownBy(() -> AreaHierarchy.of(broken)).hasMessageContaining("371603001999");
    }
}

package org.gridwatch.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** Scopes over the WKT fixture city: one area, several, canonical form, narrowing. */
class ScopeTest {
    final AreaHierarchy h = WktCity.hierarchy();

    AdminArea a(String code) {
        return h.find(code).orElseThrow();
    }

    @Test
    void aCityScopeIncludesEveryCodeOfTheCityAndNothingElse() {
        Scope city = new Scope(h.city());
        assertThat(city.isCity()).isTrue();
        assertThat(city.includes("371602001001001")).isTrue();
        assertThat(city.includes("371603")).isTrue();
        assertThat(city.includes("371700")).isFalse();
        assertThat(city.includes(null)).isFalse();
    }

    @Test
    void severalAreasIncludeTheUnionAndAreKeptCanonical() {
        Scope two = new Scope(List.of(a("371603001"), a("371602001001002")));
        assertThat(two.includes("371603001001001")).isTrue();
        assertThat(two.includes("371602001001002")).isTrue();
        assertThat(two.includes("371602001001001")).as("a sibling grid").isFalse();
        assertThat(two.key()).isEqualTo("371602001001002+371603001");
        // An area inside another of the list, and duplicates, add nothing.
        Scope same = new Scope(List.of(a("371603001001001"), a("371602001001002"), a("371603001"), a("371603001")));
        assertThat(same).isEqualTo(two);
        assertThat(new Scope(List.of(a("371602"), h.city())).isCity()).isTrue();
        assertThatThrownBy(() -> new Scope(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void narrowingStaysInsideAndNeverWidens() {
        Scope county = new Scope(a("371602"));
        assertThat(county.narrow(a("371602001"))).contains(new Scope(a("371602001")));
        assertThat(county.narrow(h.city())).as("the city encloses the county: the county stays").contains(county);
        assertThat(county.narrow(a("371603"))).as("another county").isEmpty();
        Scope grids = new Scope(List.of(a("371602001001001"), a("371603001001002")));
        assertThat(grids.narrow(a("371603"))).contains(new Scope(a("371603001001002")));
        assertThat(grids.narrow(a("371602001001002"))).isEmpty();
    }

    @Test
    void enclosingAreasAreContextNotContent() {
        Scope township = new Scope(a("371602001"));
        assertThat(township.isInside(a("371602"))).isTrue();
        assertThat(township.isInside(h.city())).isTrue();
        assertThat(township.isInside(a("371603"))).isFalse();
        assertThat(township.includes("371602")).isFalse();
        assertThat(township.topLevel()).isEqualTo(AdminLevel.TOWNSHIP);
        assertThat(township.single()).contains(a("371602001"));
    }
}

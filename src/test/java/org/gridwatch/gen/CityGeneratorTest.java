package org.gridwatch.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.city.CityData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regenerates the demo city and compares it with the committed files in {@code gis-data/binzhou}. */
class CityGeneratorTest {
    private static final Path DIR = CityGenerator.DEFAULT_DIR;

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path tmp) throws IOException {
        CityGenerator.generate(DIR.resolve(CityGenerator.FRAME_FILE), tmp, CityGenerator.DEFAULT_SEED);
        for (String f : java.util.stream.Stream.concat(CityData.FILES.stream(), java.util.stream.Stream.of(CityData.BASEMAP_FILE))
                .toList()) {
            assertThat(Files.mismatch(DIR.resolve(f), tmp.resolve(f))).as(f + " differs at byte").isEqualTo(-1L);
        }
    }

    @Test
    void differentSeedGivesDifferentGridsThatStillLoad(@TempDir Path tmp) throws IOException {
        CityGenerator.generate(DIR.resolve(CityGenerator.FRAME_FILE), tmp, 42L);
        assertThat(Files.mismatch(DIR.resolve(CityData.GRIDS_FILE), tmp.resolve(CityData.GRIDS_FILE)))
                .isNotEqualTo(-1L);
        CityData other = CityData.load(tmp);
        CityData committed = CityData.load(DIR);
        // Counties come from the fixed seats: same codes and, up to centimetre snapping of their
        // boundaries to the other seed's grid vertices (≤ 1e-6 of the area), the same shape.
        List<AdminArea> a = committed.areas(AdminLevel.COUNTY);
        List<AdminArea> b = other.areas(AdminLevel.COUNTY);
        assertThat(b).extracting(AdminArea::code)
                .containsExactlyElementsOf(a.stream().map(AdminArea::code).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).areaSqm()).isCloseTo(a.get(i).areaSqm(), offset(a.get(i).areaSqm() * 1e-6));
        }
        assertThat((Object) other.areas(AdminLevel.GRID).get(0).geometry())
                .isNotEqualTo(committed.areas(AdminLevel.GRID).get(0).geometry());
        assertThat(other.areas(AdminLevel.GRID).size()).isBetween(10_500, 11_100);
        assertThat(other.posts()).hasSize(1_161);
    }

    @Test
    void gisDataStaysSmall() throws IOException {
        long total;
        try (var files = Files.walk(Path.of("gis-data"))) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isLessThan(25L * 1024 * 1024);
    }

    @Test
    void chineseNumerals() {
        assertThat(Names.numeral(1)).isEqualTo("一");
        assertThat(Names.numeral(10)).isEqualTo("十");
        assertThat(Names.numeral(12)).isEqualTo("十二");
        assertThat(Names.numeral(40)).isEqualTo("四十");
        assertThat(Names.numeral(99)).isEqualTo("九十九");
        assertThat(Names.shortName("黄河五路街道")).isEqualTo("黄河五路");
        assertThat(Names.shortName("张家村")).isEqualTo("张家");
    }
}

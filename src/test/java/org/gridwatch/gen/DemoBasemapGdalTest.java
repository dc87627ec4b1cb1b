package org.gridwatch.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * GDAL opens the demo basemap as it opens any vector MBTiles: {@code ogrinfo} lists its four layers
 * and reads features with their names. Runs where {@code /usr/bin/ogrinfo} is installed
 * ({@code apt-get install gdal-bin}); under {@code CI=true} it must be.
 */
class DemoBasemapGdalTest {
    private static final Path OGRINFO = Path.of("/usr/bin/ogrinfo");

    static String ogrinfo(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(OGRINFO.toString(), "-ro"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void ogrinfoReadsTheDemoBasemap() throws Exception {
        if (!Files.isExecutable(OGRINFO)) {
            assertThat("true".equals(System.getenv("CI"))).as("CI=true needs GDAL's ogrinfo (apt-get install gdal-bin)").isFalse();
            Assumptions.abort("no " + OGRINFO + " (apt-get install gdal-bin)");
        }
        String file = DemoBasemapTest.FILE.toString();
        String summary = ogrinfo("-so", file);
        assertThat(summary).contains("using driver `MBTiles'").contains("1: water").contains("2: boundaries")
                .contains("3: roads").contains("4: places").contains("format=pbf");
        String places = ogrinfo("-q", "-oo", "ZOOM_LEVEL=9", file, "places");
        assertThat(places).contains("name (String) = 滨城区").contains("level (String) = township");
        String roads = ogrinfo("-so", "-oo", "ZOOM_LEVEL=12", file, "roads");
        assertThat(roads).containsPattern("Feature Count: [1-9][0-9]*");
    }
}

package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.store.Store;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gridwatch import} into the configured PostGIS store: exit 0 and written, or exit 1 and unchanged. */
@ExtendWith(PostgisTestDatabase.Condition.class)
class ImportCommandTest {
    private static final String GRID = "{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\",\"name\":\"%s\"},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[%s]]}}";
    private static final String SQUARE = "[118.0,37.0],[118.1,37.0],[118.1,37.1],[118.0,37.1],[118.0,37.0]";
    private static final String BOW_TIE = "[118.0,37.0],[118.1,37.1],[118.1,37.0],[118.0,37.1],[118.0,37.0]";

    @TempDir
    Path dir;
    private final String schema = PostgisTestDatabase.freshSchema();

    @AfterEach
    void drop() {
        PostgisTestDatabase.dropSchema(schema);
    }

    private Path collection(String name, String... features) throws Exception {
        return Files.writeString(dir.resolve(name), "{\"type\":\"FeatureCollection\",\"features\":["
                + String.join(",", features) + "]}", StandardCharsets.UTF_8);
    }

    private Path config() throws Exception {
        Path config = dir.resolve("gw.yaml");
        StringBuilder yaml = new StringBuilder("store:\n");
        PostgisTestDatabase.serverEnv(schema).forEach((k, v) -> yaml.append("  ")
                .append(k.substring("GRIDWATCH_STORE_".length()).toLowerCase(java.util.Locale.ROOT))
                .append(": \"").append(v).append("\"\n"));
        Files.writeString(config, yaml);
        return config;
    }

    @Test
    void importsIntoTheConfiguredStoreAllOrNothing() throws Exception {
        Path config = config();
        GridWatchConfig cfg = ConfigLoader.load(config, Map.of(), w -> { });
        try (Store store = GridWatch.openStore(cfg.store())) {
            store.replaceAreas(WktCity.areas().stream().filter(a -> a.level() != AdminLevel.GRID).toList());
        }
        Path good = collection("good.geojson", GRID.formatted("371602001001001", "第1网格", SQUARE),
                GRID.formatted("371602001001002", "第2网格", BOW_TIE));
        Path report = dir.resolve("report.tsv");
        int code = new CommandLine(new Main()).execute("import", "--config", config.toString(), "--report",
                report.toString(), good.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(report)).contains("371602001001002\trepaired").contains("written to the store");
        try (Store store = GridWatch.openStore(cfg.store())) {
            assertThat(store.loadAreas()).filteredOn(a -> a.level() == AdminLevel.GRID).extracting(AdminArea::code)
                    .containsExactlyInAnyOrder("371602001001001", "371602001001002");
        }

        Path bad = collection("bad.geojson", GRID.formatted("371602001001003", "第3网格", SQUARE),
                GRID.formatted("371602001001004", "第4网格", BOW_TIE));
        code = new CommandLine(new Main()).execute("import", "--config", config.toString(), "--invalid", "reject",
                bad.toString());
        assertThat(code).isEqualTo(1);
        try (Store store = GridWatch.openStore(cfg.store())) {
            assertThat(store.loadAreas()).filteredOn(a -> a.level() == AdminLevel.GRID).extracting(AdminArea::code)
                    .containsExactlyInAnyOrder("371602001001001", "371602001001002");
        }
    }

    /** {@code --type key-places}: points placed in the store's grids, written; a point outside every grid: exit 1, unchanged. */
    @Test
    void importsKeyPlacesWithType() throws Exception {
        Path config = config();
        GridWatchConfig cfg = ConfigLoader.load(config, Map.of(), w -> { });
        try (Store store = GridWatch.openStore(cfg.store())) {
            store.replaceAreas(WktCity.areas());
        }
        String place = "{\"type\":\"Feature\",\"properties\":{\"id\":\"%s\",\"kind\":\"square\","
                + "\"key_periods\":\"19:00-22:00\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s]}}";
        Path good = collection("kp.geojson", place.formatted("KP1", "118.5,37.75"));
        assertThat(new CommandLine(new Main()).execute("import", "--config", config.toString(), "--type", "key-places",
                good.toString())).isZero();
        Path outside = collection("kp-out.geojson", place.formatted("KP2", "118.5,37.75"), place.formatted("KP3", "125,37.5"));
        assertThat(new CommandLine(new Main()).execute("import", "--config", config.toString(), "--type", "key-places",
                outside.toString())).isEqualTo(1);
        assertThat(new CommandLine(new Main()).execute("import", "--config", config.toString(), "--type", "posts",
                good.toString())).isEqualTo(2);
        try (Store store = GridWatch.openStore(cfg.store())) {
            assertThat(store.loadKeyPlaces()).extracting(k -> k.id() + " " + k.gridCode() + " " + k.countyCode())
                    .containsExactly("KP1 371602001001001 371602");
            assertThat(store.loadSchoolPosts()).isEmpty();
        }
    }
}

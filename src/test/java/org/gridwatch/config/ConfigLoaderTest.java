package org.gridwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void documentedDefaults() {
        GridWatchConfig c = ConfigLoader.load(null, Map.of(), warnings::add);
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.store().type()).isEqualTo("geopackage");
        assertThat(c.store().path()).isEqualTo(Path.of("data/gridwatch.gpkg"));
        assertThat(c.store().fullSync()).isFalse();
        assertThat(c.api().maxBatch()).isEqualTo(10_000);
        assertThat(c.dispatch().etaSpeedKmh()).containsEntry(org.gridwatch.patrol.UnitKind.POLICE_CAR, 30.0)
                .containsEntry(org.gridwatch.patrol.UnitKind.FOOT_PATROL, 5.0).hasSize(5);
        assertThat(c.monitoring()).isEqualTo(new GridWatchConfig.Monitoring(java.time.Duration.ofMinutes(5),
                java.time.Duration.ofSeconds(300), 100, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(120),
                org.gridwatch.post.SchoolCalendar.defaults(), null));
        assertThat(c.city().timeZone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void theDispatchPolicyIsBuiltInOrReadFromItsFile() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), warnings::add).dispatch().policy())
                .isEqualTo(org.gridwatch.dispatch.DispatchPolicy.defaults());
        Path f = dir.resolve("policy.json");
        Files.writeString(f, "{\"rules\":[{\"categories\":[\"criminal\",\"public_order\",\"fraud\",\"dispute\",\"traffic\","
                + "\"fire_safety\",\"environment\",\"stability\",\"cult\",\"other\"],\"atLeast\":4,\"lead\":[\"grid_worker\"]}]}");
        org.gridwatch.dispatch.DispatchPolicy own = ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_POLICY", f.toString()),
                warnings::add).dispatch().policy();
        assertThat(own.ruleFor(org.gridwatch.incident.Category.CRIMINAL, org.gridwatch.incident.Severity.I).lead())
                .containsExactly(org.gridwatch.patrol.UnitKind.GRID_WORKER);
        Files.writeString(f, "{\"rules\":[{\"categories\":[\"fraud\"],\"atLeast\":9,\"lead\":[\"police_car\"]}]}");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_POLICY", f.toString()), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dispatch.policy").hasMessageContaining("rules[0]: atLeast");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_POLICY", dir.resolve("none.json").toString()),
                warnings::add)).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theTimeLimitsAreBuiltInOrReadFromTheirFile() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai"); // city.time-zone by default
        assertThat(ConfigLoader.load(null, Map.of(), warnings::add).dispatch().timeLimits())
                .isEqualTo(org.gridwatch.casework.TimeLimits.defaults(zone));
        Path f = dir.resolve("limits.json");
        Files.writeString(f, "{\"rules\":[{\"sources\":[\"police_call\",\"citizen\",\"video\",\"hotline\",\"grid_report\"],"
                + "\"accept\":\"2m\",\"arrive\":\"10m\",\"handle\":\"1h\",\"close\":\"2wd\"}]}");
        org.gridwatch.casework.TimeLimits own = ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_TIME_LIMITS",
                f.toString()), warnings::add).dispatch().timeLimits();
        assertThat(own.rules()).singleElement().satisfies(r -> assertThat(r.limits()
                .get(org.gridwatch.casework.CaseStep.ARRIVE)).hasToString("10m"));
        Files.writeString(f, "{\"rules\":[{\"sources\":[\"police_call\"],\"accept\":\"soon\"}]}");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_TIME_LIMITS", f.toString()),
                warnings::add)).isInstanceOf(ConfigException.class).hasMessageContaining("dispatch.time-limits")
                .hasMessageContaining("rules[0]: accept");
        assertThat(warnings).isEmpty();
    }

    @Test
    void theCityTimeZoneAndTheSchoolCalendarAreConfigured() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of("GRIDWATCH_CITY_TIME_ZONE", "Asia/Urumqi"), warnings::add).city()
                .timeZone()).isEqualTo(java.time.ZoneId.of("Asia/Urumqi"));
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_CITY_TIME_ZONE", "Mars/Olympus"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("city.time-zone").hasMessageContaining("Mars/Olympus");
        Path f = dir.resolve("calendar.json");
        Files.writeString(f, "{\"name\":\"测试校历\",\"from\":\"2027-01-01\",\"to\":\"2027-12-31\","
                + "\"holidays\":[{\"name\":\"元旦\",\"from\":\"2027-01-01\",\"to\":\"2027-01-03\"}]}");
        GridWatchConfig.Monitoring m = ConfigLoader.load(null, Map.of("GRIDWATCH_POSTS_CALENDAR", f.toString()),
                warnings::add).monitoring();
        assertThat(m.calendar().name()).isEqualTo("测试校历");
        assertThat(m.calendarFile()).isEqualTo(f);
        Files.writeString(f, "{\"name\":\"测试校历\",\"from\":\"2027-01-01\",\"to\":\"2027-12-31\","
                + "\"workdays\":[{\"date\":\"2027-01-04\"}]}");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_POSTS_CALENDAR", f.toString()), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("posts.calendar")
                .hasMessageContaining("workdays[0].date").hasMessageContaining("2027-01-04");
        assertThat(warnings).isEmpty();
    }

    @Test
    void fileThenEnvironmentOverride() throws Exception {
        Path f = dir.resolve("gw.yaml");
        Files.writeString(f, "http:\n  port: 9090\nstore:\n  path: /tmp/a.gpkg\n  sync: full\n");
        GridWatchConfig c = ConfigLoader.load(f, Map.of("GRIDWATCH_HTTP_PORT", "0", "GRIDWATCH_API_MAX_PAGE", "50"), warnings::add);
        assertThat(c.http().port()).isZero();
        assertThat(c.store().path()).isEqualTo(Path.of("/tmp/a.gpkg"));
        assertThat(c.store().fullSync()).isTrue();
        assertThat(c.api().maxPage()).isEqualTo(50);
        assertThat(ConfigLoader.envName("http.body-limit")).isEqualTo("GRIDWATCH_HTTP_BODY_LIMIT");
    }

    @Test
    void unknownKeysAreWarnedAbout() throws Exception {
        Path f = dir.resolve("gw.yaml");
        Files.writeString(f, "http:\n  prot: 1\nfoo: bar\n");
        ConfigLoader.load(f, Map.of("GRIDWATCH_HTTP_PROT", "3", "PATH", "/bin"), warnings::add);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("http.prot");
        assertThat(String.join("\n", warnings)).contains("foo").contains("GRIDWATCH_HTTP_PROT");
    }

    @Test
    void invalidValuesNameTheKey() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_PORT", "eighty"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port").hasMessageContaining("GRIDWATCH_HTTP_PORT");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_PORT", "70000"), warnings::add))
                .hasMessageContaining("http.port").hasMessageContaining("65535");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_TYPE", "oracle"), warnings::add))
                .hasMessageContaining("store.type");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_SYNC", "sometimes"), warnings::add))
                .hasMessageContaining("store.sync");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_DISPATCH_ETA_SPEED_FOOT_PATROL", "0"), warnings::add))
                .hasMessageContaining("dispatch.eta-speed.foot-patrol");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_ANALYSIS_POSTS_GRACE", "0"), warnings::add))
                .hasMessageContaining("analysis.posts.grace");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_ANALYSIS_COVERAGE_DOSAGE_CAP", "61"), warnings::add))
                .hasMessageContaining("analysis.coverage.dosage-cap");
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "http: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), warnings::add)).hasMessageContaining("bad.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of(), warnings::add))
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void postgisStoreFromTheEnvironment() {
        GridWatchConfig c = ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_TYPE", "postgis",
                "GRIDWATCH_STORE_URL", "jdbc:postgresql://db.example:5433/gw", "GRIDWATCH_STORE_USER", "gw_app",
                "GRIDWATCH_STORE_PASSWORD", "s3cret", "GRIDWATCH_STORE_SCHEMA", "binzhou"), warnings::add);
        assertThat(c.store().postgis()).isTrue();
        assertThat(c.store().url()).isEqualTo("jdbc:postgresql://db.example:5433/gw");
        assertThat(c.store().user()).isEqualTo("gw_app");
        assertThat(c.store().password()).isEqualTo("s3cret");
        assertThat(c.store().schema()).isEqualTo("binzhou");
        assertThat(c.store().toString()).doesNotContain("s3cret");
        assertThat(warnings).isEmpty();
        // The documented defaults: no password anywhere in the repository.
        assertThat(ConfigLoader.load(null, Map.of(), warnings::add).store().password()).isEmpty();
    }

    @Test
    void invalidPostgisSettingsNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_TYPE", "postgis",
                "GRIDWATCH_STORE_URL", "postgres://localhost/gw"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.url")
                .hasMessageContaining("GRIDWATCH_STORE_URL");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_SCHEMA", "Drop Table"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store.schema");
        // A GeoPackage deployment does not care about the database URL.
        assertThat(ConfigLoader.load(null, Map.of("GRIDWATCH_STORE_URL", "nonsense"), warnings::add).store().postgis())
                .isFalse();
    }

    @Test
    void httpTimeoutsAreSecondsWithDocumentedDefaults() {
        assertThat(ConfigLoader.load(null, Map.of(), warnings::add).http().timeouts())
                .isEqualTo(GridWatchConfig.Http.Timeouts.DEFAULTS);
        GridWatchConfig.Http.Timeouts t = ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_TIMEOUTS_HEADER_READ", "0.5",
                "GRIDWATCH_HTTP_TIMEOUTS_LIVE_IDLE", "0"), warnings::add).http().timeouts();
        assertThat(t.headerRead()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(t.liveIdle()).isZero();
        assertThat(warnings).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_TIMEOUTS_IDLE", "0"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.timeouts.idle");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_TIMEOUTS_REQUEST", "soon"), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("GRIDWATCH_HTTP_TIMEOUTS_REQUEST");
        // withPort keeps them.
        assertThat(ConfigLoader.load(null, Map.of("GRIDWATCH_HTTP_TIMEOUTS_IDLE", "5"), warnings::add).withPort(0)
                .http().timeouts().idle()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void basemapSourcesFromTheFileOrTheEnvironment() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), warnings::add).basemap()).isEqualTo(GridWatchConfig.Basemap.NONE);
        Path city = Files.writeString(dir.resolve("city.pmtiles"), "PMTiles");
        Path imagery = Files.writeString(dir.resolve("imagery.mbtiles"), "SQLite");
        Path style = Files.writeString(dir.resolve("style.json"), "{}");
        Path yaml = Files.writeString(dir.resolve("gw.yaml"), "basemap:\n  sources:\n    - id: city\n      path: " + city
                + "\n    - {id: imagery, path: " + imagery + "}\n  style: " + style + "\n");
        GridWatchConfig.Basemap b = ConfigLoader.load(yaml, Map.of(), warnings::add).basemap();
        assertThat(b.sources()).containsExactly(new org.gridwatch.basemap.Basemaps.SourceFile("city", city),
                new org.gridwatch.basemap.Basemaps.SourceFile("imagery", imagery));
        assertThat(b.style()).isEqualTo(style);
        GridWatchConfig.Basemap env = ConfigLoader.load(null, Map.of("GRIDWATCH_BASEMAP_SOURCES", "city=" + city),
                warnings::add).basemap();
        assertThat(env.sources()).containsExactly(new org.gridwatch.basemap.Basemaps.SourceFile("city", city));
        assertThat(env.style()).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void badBasemapSourcesNameTheEntry() throws Exception {
        Path city = Files.writeString(dir.resolve("city.pmtiles"), "PMTiles");
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("city=" + dir.resolve("missing.pmtiles"), "basemap.sources[0].path: no readable file");
        cases.put("city=" + city + ",city=" + city, "basemap.sources[1].id: 'city' is given twice");
        cases.put("City Map=" + city, "basemap.sources[0].id: 'City Map' is not an id");
        cases.put("style=" + city, "basemap.sources[0].id: 'style' is not an id");
        cases.put(city.toString(), "is not id=path");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_BASEMAP_SOURCES", c.getKey()), warnings::add))
                    .as(c.getKey()).isInstanceOf(ConfigException.class).hasMessageContaining("basemap.sources")
                    .hasMessageContaining(c.getValue()).hasMessageContaining("GRIDWATCH_BASEMAP_SOURCES");
        }
        Path extra = Files.writeString(dir.resolve("extra.yaml"), "basemap:\n  sources:\n    - {id: city, path: " + city
                + ", zoom: 3}\n");
        assertThatThrownBy(() -> ConfigLoader.load(extra, Map.of(), warnings::add)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("basemap.sources[0]: unknown key 'zoom'");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_BASEMAP_STYLE", city.toString()), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basemap.style")
                .hasMessageContaining("needs basemap.sources");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GRIDWATCH_BASEMAP_SOURCES", "city=" + city,
                "GRIDWATCH_BASEMAP_STYLE", dir.resolve("none.json").toString()), warnings::add))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basemap.style").hasMessageContaining("no readable file");
    }
}

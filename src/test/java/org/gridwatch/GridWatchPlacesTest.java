package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.imports.ImportReport;
import org.gridwatch.imports.PlaceImport;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestServer;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up reads school-guard posts and key places from the store: a server whose city data
 * directory is empty serves the posts imported into its store; a fresh store gets the city data
 * directory's places saved into it.
 */
class GridWatchPlacesTest {
    @TempDir
    Path dir;

    @Test
    void servesPostsImportedIntoTheStoreWithAnEmptyCityDataDirectory() throws Exception {
        Path storeFile = dir.resolve("gw.gpkg");
        Path posts = dir.resolve("posts.geojson");
        Files.writeString(posts, """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [118.5, 37.75]},
                   "properties": {"id": "SP-IMPORTED", "name": "导入小学", "kind": "primary",
                                  "dutyWindows": "07:10-07:50,16:20-17:00", "requiredStaff": 2}}]}""",
                StandardCharsets.UTF_8);
        try (Store store = GeoPackageStore.open(storeFile, false)) {
            store.replaceAreas(WktCity.areas());
            store.upsertUnits(List.of(new UnitRecord(new Unit("U1", "步巡1号", UnitKind.FOOT_PATROL, "甲区公安分局",
                    "371602", "371602001", false), UnitStatus.AVAILABLE, null)));
            ImportReport r = PlaceImport.run(store, List.of(posts), null, PlaceImport.Kind.SCHOOL_POSTS);
            assertThat(r.written()).as(r.toText()).isTrue();
        }
        Path empty = Files.createDirectory(dir.resolve("empty-city"));
        GridWatchConfig config = ConfigLoader.load(null, Map.of("GRIDWATCH_CITY_DATA", empty.toString()), w -> { })
                .withPort(0).withJt808Port(0).withStorePath(storeFile);
        Vertx vertx = Vertx.vertx();
        try {
            GridWatch gw = GridWatch.start(vertx, config, GridWatch.newRegistry())
                    .toCompletionStage().toCompletableFuture().get();
            try {
                String key = gw.auth().accounts().addApiKey(null, "places-test", java.util.Set.of(
                        org.gridwatch.auth.Role.SCREEN), List.of("371600")).secret();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gw.port() + "/api/v1/posts"))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                JsonArray features = new JsonObject(r.body()).getJsonArray("features");
                assertThat(features).hasSize(1);
                JsonObject p = features.getJsonObject(0).getJsonObject("properties");
                assertThat(p.getString("id")).isEqualTo("SP-IMPORTED");
                assertThat(p.getString("name")).isEqualTo("导入小学");
                assertThat(p.getString("gridCode")).isEqualTo("371602001001001");
                assertThat(p.getInteger("required")).isEqualTo(2);
            } finally {
                gw.stop().toCompletionStage().toCompletableFuture().get();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void aFreshStoreGetsThePlacesOfTheCityDataDirectory() throws Exception {
        int posts;
        int keyPlaces;
        try (TestServer s = TestServer.start(dir)) {
            posts = s.server().store().loadSchoolPosts().size();
            keyPlaces = s.server().store().loadKeyPlaces().size();
            assertThat(posts).isPositive();
            assertThat(keyPlaces).isPositive();
            assertThat(TestServer.json(s.get("/api/v1/posts")).getJsonArray("features")).hasSize(posts);
        }
        try (Store store = GeoPackageStore.open(dir.resolve("gridwatch.gpkg"), false)) {
            assertThat(store.loadSchoolPosts().stream().map(p -> p.id()).collect(Collectors.toSet())).hasSize(posts);
            assertThat(store.loadKeyPlaces()).hasSize(keyPlaces);
        }
    }
}

package org.gridwatch.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlaceImport} into a store holding the {@link WktCity} areas: codes found from the point,
 * per-feature rejection with the reason, all or nothing, replace by id.
 */
class PlaceImportTest {
    /** WktCity grid 1 of county 371602 (x 0..1, y 0.5..1). */
    private static final String GRID_1 = "371602001001001";
    /** WktCity grid 1 of county 371603 (x 2..3 with a hole). */
    private static final String GRID_B1 = "371603001001001";

    @TempDir
    Path dir;
    private Store store;

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("gw.gpkg"), false);
        store.replaceAreas(WktCity.areas());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static JsonObject point(double x, double y, JsonObject properties) {
        return new JsonObject().put("type", "Feature")
                .put("geometry", new JsonObject().put("type", "Point")
                        .put("coordinates", new JsonArray().add(WktCity.lon(x)).add(WktCity.lat(y))))
                .put("properties", properties);
    }

    private Path file(String name, JsonObject... features) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, new JsonObject().put("type", "FeatureCollection").put("features", new JsonArray(List.of(features)))
                .encodePrettily(), StandardCharsets.UTF_8);
        return f;
    }

    private static JsonObject post(String id, Object windows) {
        return new JsonObject().put("id", id).put("name", "学校" + id).put("kind", "primary").put("dutyWindows", windows);
    }

    private static LocalTime hm(String s) {
        return LocalTime.parse(s);
    }

    @Test
    void postsInBothWindowFormsGetTheirGridAndCountyFromThePoint() throws Exception {
        JsonObject cityDataForm = new JsonObject().put("id", "SP1").put("name", "甲小学").put("kind", "primary")
                .put("radiusM", 80.5).put("requiredStaff", 3).put("gridCode", GRID_1).put("countyCode", "371602")
                .put("demo", true).put("dutyWindows", new JsonArray()
                        .add(new JsonObject().put("start", "07:10").put("end", "07:50"))
                        .add(new JsonObject().put("start", "16:20").put("end", "17:00")));
        JsonObject gisForm = new JsonObject().put("ID", "SP2").put("kind", "kindergarten")
                .put("duty_windows", " 7:40 - 8:20；16:00~16:40 ");
        ImportReport r = PlaceImport.run(store, List.of(file("posts.geojson", point(0.5, 0.75, cityDataForm),
                point(2.1, 0.2, gisForm))), null, PlaceImport.Kind.SCHOOL_POSTS);

        assertThat(r.written()).as(r.toText()).isTrue();
        assertThat(r.count(ImportReport.Outcome.IMPORTED)).isEqualTo(2);
        List<SchoolPost> posts = store.loadSchoolPosts();
        assertThat(posts).extracting(SchoolPost::id).containsExactly("SP1", "SP2");
        SchoolPost p1 = posts.get(0);
        assertThat(p1.name()).isEqualTo("甲小学");
        assertThat(p1.kind()).isEqualTo(SchoolKind.PRIMARY);
        assertThat(p1.radiusMetres()).isEqualTo(80.5);
        assertThat(p1.requiredStaff()).isEqualTo(3);
        assertThat(p1.demo()).isTrue();
        assertThat(p1.gate().getX()).isEqualTo(WktCity.lon(0.5));
        assertThat(p1.gate().getY()).isEqualTo(WktCity.lat(0.75));
        assertThat(p1.dutyWindows()).containsExactly(new DutyWindow(hm("07:10"), hm("07:50")),
                new DutyWindow(hm("16:20"), hm("17:00")));
        SchoolPost p2 = posts.get(1);
        assertThat(p2.name()).as("name defaults to the id").isEqualTo("SP2");
        assertThat(p2.gridCode()).isEqualTo(GRID_B1);
        assertThat(p2.countyCode()).isEqualTo("371603");
        assertThat(p2.radiusMetres()).isEqualTo(PlaceImport.DEFAULT_RADIUS_M);
        assertThat(p2.requiredStaff()).isEqualTo(1);
        assertThat(p2.demo()).isFalse();
        assertThat(p2.dutyWindows()).containsExactly(new DutyWindow(hm("07:40"), hm("08:20")),
                new DutyWindow(hm("16:00"), hm("16:40")));
    }

    @Test
    void keyPlacesAreImportedAndAReimportReplacesById() throws Exception {
        JsonObject market = new JsonObject().put("id", "KP1").put("name", "渤海七路夜市").put("kind", "night_market")
                .put("keyPeriods", "19:00-23:00,22:30-02:00").put("patrolIntervalMin", 30);
        JsonObject station = new JsonObject().put("id", "KP2").put("kind", "station").put("keyPeriods", "06:00-09:00");
        assertThat(PlaceImport.run(store, List.of(file("kp.geojson", point(1.2, 0.6, market), point(0.2, 0.2, station))),
                null, PlaceImport.Kind.KEY_PLACES).written()).isTrue();
        List<KeyPlace> places = store.loadKeyPlaces();
        assertThat(places).extracting(KeyPlace::id).containsExactly("KP1", "KP2");
        assertThat(places.get(0).kind()).isEqualTo(KeyPlaceKind.NIGHT_MARKET);
        assertThat(places.get(0).keyPeriods()).containsExactly(new KeyPeriod(hm("19:00"), hm("23:00")),
                new KeyPeriod(hm("22:30"), hm("02:00")));
        assertThat(places.get(0).patrolIntervalMinutes()).isEqualTo(30);
        assertThat(places.get(0).gridCode()).isEqualTo("371602001001002");
        assertThat(places.get(1).patrolIntervalMinutes()).isEqualTo(PlaceImport.DEFAULT_PATROL_INTERVAL_MIN);
        assertThat(places.get(1).gridCode()).isEqualTo("371602001001003");

        JsonObject renamed = market.copy().put("name", "新夜市").put("patrolIntervalMin", 15);
        assertThat(PlaceImport.run(store, List.of(file("kp2.geojson", point(1.2, 0.6, renamed))), null,
                PlaceImport.Kind.KEY_PLACES).written()).isTrue();
        places = store.loadKeyPlaces();
        assertThat(places).extracting(KeyPlace::id).containsExactly("KP1", "KP2");
        assertThat(places.get(0).name()).isEqualTo("新夜市");
        assertThat(places.get(0).patrolIntervalMinutes()).isEqualTo(15);
        assertThat(store.loadSchoolPosts()).isEmpty();
    }

    @Test
    void anyRejectedFeatureMeansNothingIsWrittenAndEachSaysWhy() throws Exception {
        Path f = file("bad.geojson",
                point(0.5, 0.75, post("OK1", "07:10-07:50")),
                point(5, 0.5, post("OUT", "07:10-07:50")),
                point(0.5, 0.75, post("BAD1", "07:50-07:10")),
                point(0.5, 0.75, post("BAD2", "morning")),
                point(0.5, 0.75, post("BAD3", "07:10-07:50,07:30-08:00")),
                point(0.5, 0.75, post("CODE", "07:10-07:50").put("gridCode", GRID_B1)),
                point(0.5, 0.75, post("KIND", "07:10-07:50").put("kind", "university")),
                point(0.5, 0.75, post("OK1", "08:10-08:50")),
                point(0.5, 0.75, new JsonObject().put("id", "NOWIN").put("kind", "primary")));
        ImportReport r = PlaceImport.run(store, List.of(f), null, PlaceImport.Kind.SCHOOL_POSTS);

        assertThat(r.written()).isFalse();
        assertThat(store.loadSchoolPosts()).isEmpty();
        assertThat(r.entries()).extracting(ImportReport.Entry::outcome).containsExactly(ImportReport.Outcome.IMPORTED,
                ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED,
                ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED,
                ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED);
        List<String> why = r.entries().stream().map(ImportReport.Entry::detail).toList();
        assertThat(why.get(1)).contains("lies in no grid");
        assertThat(why.get(2)).contains("does not end after it starts");
        assertThat(why.get(3)).contains("\"morning\"").contains("H:mm-H:mm");
        assertThat(why.get(4)).contains("overlap");
        assertThat(why.get(5)).contains("gridCode " + GRID_B1).contains(GRID_1);
        assertThat(why.get(6)).contains("unknown kind \"university\"");
        assertThat(why.get(7)).contains("appears twice");
        assertThat(why.get(8)).contains("no dutyWindows");
        assertThat(r.entries().get(1).code()).isEqualTo("OUT");
        assertThat(r.toText()).contains("nothing written");
    }

    @Test
    void anExistingPlaceIsKeptWhenTheImportIsRejected() throws Exception {
        assertThat(PlaceImport.run(store, List.of(file("a.geojson", point(0.5, 0.75, post("SP1", "07:10-07:50")))),
                null, PlaceImport.Kind.SCHOOL_POSTS).written()).isTrue();
        ImportReport r = PlaceImport.run(store, List.of(file("b.geojson",
                point(0.5, 0.75, post("SP1", "06:00-06:30").put("name", "改名")),
                point(0.5, 0.75, post("SP2", "25:00-26:00")))), null, PlaceImport.Kind.SCHOOL_POSTS);
        assertThat(r.written()).isFalse();
        assertThat(r.entries().get(1).detail()).contains("25:00-26:00");
        assertThat(store.loadSchoolPosts()).extracting(SchoolPost::name).containsExactly("学校SP1");
    }

    @Test
    void nonPointsAreRejectedAndAreasMustBeThere() throws Exception {
        JsonObject f = point(0.5, 0.75, post("SP1", "07:10-07:50"));
        f.getJsonObject("geometry").put("type", "LineString").put("coordinates", new JsonArray()
                .add(new JsonArray().add(118.1).add(37.6)).add(new JsonArray().add(118.2).add(37.6)));
        ImportReport r = PlaceImport.run(store, List.of(file("line.geojson", f)), null, PlaceImport.Kind.SCHOOL_POSTS);
        assertThat(r.entries().get(0).detail()).contains("LineString").contains("points");

        store.replaceAreas(List.of());
        Path ok = file("ok.geojson", point(0.5, 0.75, post("SP1", "07:10-07:50")));
        assertThatThrownBy(() -> PlaceImport.run(store, List.of(ok), null, PlaceImport.Kind.SCHOOL_POSTS))
                .isInstanceOf(ImportException.class).hasMessageContaining("import the areas and grids first");
    }
}

package org.gridwatch.gen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.city.CityData;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.Unit;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;

/**
 * Writes a {@link DemoCity} as the files read by {@link CityData#load}: one GeoJSON
 * FeatureCollection per layer (top-level {@code "name"}, {@code "demo": true}, {@code "seed"},
 * {@code "note"}) with one feature per line, ordered by code or id, and {@code units.json}.
 * Output is a pure function of the city: no timestamps, no hash order. Stateless.
 */
final class CityWriter {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final String NOTE = "演示数据：几何形状为生成的示意数据，不是官方行政区划或网格边界。"
            + " Demo data: generated geometry, not official boundaries.";

    private CityWriter() {
    }

    static void write(DemoCity city, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAreas(dir.resolve(CityData.CITY_FILE), "binzhou-demo-city", city, List.of(city.city()));
        writeAreas(dir.resolve(CityData.COUNTIES_FILE), "binzhou-demo-counties", city, city.counties());
        writeAreas(dir.resolve(CityData.TOWNSHIPS_FILE), "binzhou-demo-townships", city, city.townships());
        writeAreas(dir.resolve(CityData.VILLAGES_FILE), "binzhou-demo-villages", city, city.villages());
        writeAreas(dir.resolve(CityData.GRIDS_FILE), "binzhou-demo-grids", city, city.grids());

        List<String> posts = new ArrayList<>();
        for (SchoolPost p : city.posts()) {
            JsonArray windows = new JsonArray();
            for (DutyWindow w : p.dutyWindows()) {
                windows.add(new JsonObject().put("start", time(w.start())).put("end", time(w.end())));
            }
            JsonObject props = new JsonObject()
                    .put("id", p.id())
                    .put("name", p.name())
                    .put("kind", p.kind().id())
                    .put("radiusM", p.radiusMetres())
                    .put("dutyWindows", windows)
                    .put("requiredStaff", p.requiredStaff())
                    .put("gridCode", p.gridCode())
                    .put("countyCode", p.countyCode())
                    .put("demo", true);
            posts.add(GeoJson.feature(p.id(), p.gate(), props).encode());
        }
        writeCollection(dir.resolve(CityData.POSTS_FILE), "binzhou-demo-school-posts", city.seed(), "features",
                posts);

        List<String> places = new ArrayList<>();
        for (KeyPlace k : city.keyPlaces()) {
            JsonArray periods = new JsonArray();
            for (KeyPeriod w : k.keyPeriods()) {
                periods.add(new JsonObject().put("start", time(w.start())).put("end", time(w.end())));
            }
            JsonObject props = new JsonObject()
                    .put("id", k.id())
                    .put("name", k.name())
                    .put("kind", k.kind().id())
                    .put("keyPeriods", periods)
                    .put("patrolIntervalMin", k.patrolIntervalMinutes())
                    .put("gridCode", k.gridCode())
                    .put("countyCode", k.countyCode())
                    .put("demo", true);
            places.add(GeoJson.feature(k.id(), k.location(), props).encode());
        }
        writeCollection(dir.resolve(CityData.KEY_PLACES_FILE), "binzhou-demo-key-places", city.seed(), "features",
                places);

        List<String> units = new ArrayList<>();
        for (Unit u : city.units()) {
            units.add(new JsonObject()
                    .put("id", u.id())
                    .put("callSign", u.callSign())
                    .put("kind", u.kind().id())
                    .put("agency", u.agency())
                    .put("homeCountyCode", u.homeCountyCode())
                    .put("homeTownshipCode", u.homeTownshipCode())
                    .put("demo", true)
                    .encode());
        }
        writeCollection(dir.resolve(CityData.UNITS_FILE), "binzhou-demo-units", city.seed(), "units", units);
    }

    private static void writeAreas(Path file, String name, DemoCity city, List<GenArea> areas) throws IOException {
        List<String> lines = new ArrayList<>();
        for (GenArea a : areas) {
            JsonObject props = new JsonObject()
                    .put("code", a.code)
                    .put("name", a.name)
                    .put("level", a.level.id())
                    .put("parentCode", a.parent == null ? null : a.parent.code)
                    .put("population", a.population)
                    .put("households", a.households)
                    // BigDecimal keeps large areas in plain notation (Double.toString switches to
                    // 1.2E9 above 1e7); two decimals keep sums exact to the square centimetre.
                    .put("areaSqm", BigDecimal.valueOf(Math.round(a.areaSqm * 100), 2));
            if (a.gridWorker != null) {
                props.put("gridWorker", a.gridWorker);
            }
            props.put("demo", true);
            lines.add(GeoJson.feature(a.code, a.polygon, props).encode());
        }
        writeCollection(file, name, city.seed(), "features", lines);
    }

    private static void writeCollection(Path file, String name, long seed, String arrayKey, List<String> items)
            throws IOException {
        StringBuilder sb = new StringBuilder(items.size() * 600 + 400);
        sb.append('{');
        if (arrayKey.equals("features")) {
            sb.append("\"type\":\"FeatureCollection\",");
        }
        sb.append("\"name\":").append(quote(name)).append(',')
                .append("\"demo\":true,")
                .append("\"seed\":").append(seed).append(',')
                .append("\"note\":").append(quote(NOTE))
                .append(",\n\"").append(arrayKey).append("\":[\n");
        for (int i = 0; i < items.size(); i++) {
            sb.append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        sb.append("]}\n");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    /** A JSON string literal, quotes included. */
    private static String quote(String s) {
        String a = new JsonArray().add(s).encode();
        return a.substring(1, a.length() - 1);
    }

    private static String time(LocalTime t) {
        return t.format(HH_MM);
    }
}

package org.gridwatch.city;

import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A city's static data as loaded at start-up: admin areas of every level (city, counties,
 * townships, villages, grids), school-guard posts, key places and the unit roster.
 *
 * <p>{@link #load(Path)} reads the directory layout written by
 * {@code org.gridwatch.gen.CityGenerator} (see {@code gis-data/binzhou/README.md}): GeoJSON
 * FeatureCollections in WGS84 lon/lat (x = longitude) and {@code units.json}. It checks
 * structure, property types, code lengths, unique codes and that every parent code exists; it does
 * not check topology (tests do). Areas are in file order: city, counties, townships, villages,
 * grids, each sorted by code as written.
 *
 * @param areas     all areas, coarsest level first
 * @param posts     school-guard posts (护学岗)
 * @param keyPlaces key places (重点部位)
 * @param units     unit roster (巡防力量)
 */
public record CityData(List<AdminArea> areas, List<SchoolPost> posts, List<KeyPlace> keyPlaces, List<Unit> units) {
    /** The city outline, one feature. */
    public static final String CITY_FILE = "city.geojson";
    public static final String COUNTIES_FILE = "counties.geojson";
    public static final String TOWNSHIPS_FILE = "townships.geojson";
    public static final String VILLAGES_FILE = "villages.geojson";
    public static final String GRIDS_FILE = "grids.geojson";
    public static final String POSTS_FILE = "school-posts.geojson";
    public static final String KEY_PLACES_FILE = "key-places.geojson";
    public static final String UNITS_FILE = "units.json";
    /** The city's demo basemap (vector MBTiles), when its directory has one; not a data file. */
    public static final String BASEMAP_FILE = "basemap.mbtiles";
    /** Every data file, in load order. */
    public static final List<String> FILES = List.of(CITY_FILE, COUNTIES_FILE, TOWNSHIPS_FILE, VILLAGES_FILE,
            GRIDS_FILE, POSTS_FILE, KEY_PLACES_FILE, UNITS_FILE);

    /** Class-path directory of the demo city (Binzhou) packed into the jar. */
    public static final String DEMO_RESOURCE = "/city/binzhou/";

    /**
     * The city data directory: {@code configured} ({@code city.data}) when given, else the demo city
     * packed into the jar ({@link #demoDirectory()}). Never relative to the working directory unless
     * {@code configured} is.
     */
    public static Path directory(Path configured) throws IOException {
        return configured != null ? configured : demoDirectory();
    }

    /**
     * The demo city packed into the jar, as a directory: inside the jar (a zip file system, opened
     * once and kept open) or, in a build, on the class path. Independent of the working directory.
     *
     * @throws IOException if the jar holds no demo city
     */
    public static synchronized Path demoDirectory() throws IOException {
        URL url = CityData.class.getResource(DEMO_RESOURCE + CITY_FILE);
        if (url == null) {
            throw new IOException("the demo city is not on the class path (" + DEMO_RESOURCE + CITY_FILE + ")");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath(DEMO_RESOURCE);
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("unreadable location of the demo city: " + url, e);
        }
    }

    /**
     * The basemap of a city data directory ({@link #BASEMAP_FILE}, the one {@code generate-data}
     * writes) as a file SQLite can open: the file itself, or, for the demo city inside the jar, a
     * copy in a temporary file deleted when the JVM exits. Empty when the directory has none.
     *
     * @param configured {@code city.data}, or null for the demo city packed into the jar
     */
    public static java.util.Optional<Path> basemapFile(Path configured) throws IOException {
        Path file = directory(configured).resolve(BASEMAP_FILE);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        if (file.getFileSystem() == FileSystems.getDefault()) {
            return java.util.Optional.of(file);
        }
        Path copy = Files.createTempFile("gridwatch-basemap-", ".mbtiles");
        copy.toFile().deleteOnExit();
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return java.util.Optional.of(copy);
    }

    /** Copies the lists; the record is immutable and thread-safe (JTS geometries must not be mutated). */
    public CityData {
        areas = List.copyOf(areas);
        posts = List.copyOf(posts);
        keyPlaces = List.copyOf(keyPlaces);
        units = List.copyOf(units);
    }

    /** The areas of one level, in code order. */
    public List<AdminArea> areas(AdminLevel level) {
        return areas.stream().filter(a -> a.level() == level).toList();
    }

    /**
     * Loads a city directory.
     *
     * @throws IOException if a file is missing or unreadable, or its content is malformed; the
     *                     message names the file and, where it applies, the feature (index and code/id)
     */
    public static CityData load(Path dir) throws IOException {
        List<AdminArea> areas = new ArrayList<>();
        Set<String> previous = new HashSet<>();
        AdminLevel[] levels = AdminLevel.values();
        String[] files = {CITY_FILE, COUNTIES_FILE, TOWNSHIPS_FILE, VILLAGES_FILE, GRIDS_FILE};
        for (int l = 0; l < levels.length; l++) {
            List<AdminArea> level = readAreas(dir.resolve(files[l]), levels[l], previous);
            previous = new HashSet<>();
            for (AdminArea a : level) {
                previous.add(a.code());
            }
            areas.addAll(level);
        }
        Set<String> grids = previous;
        List<SchoolPost> posts = readPosts(dir.resolve(POSTS_FILE), grids);
        List<KeyPlace> places = readKeyPlaces(dir.resolve(KEY_PLACES_FILE), grids);
        Set<String> townships = new HashSet<>();
        for (AdminArea a : areas) {
            if (a.level() == AdminLevel.TOWNSHIP) {
                townships.add(a.code());
            }
        }
        List<Unit> units = readUnits(dir.resolve(UNITS_FILE), townships);
        return new CityData(areas, posts, places, units);
    }

    /**
     * Loads only the school-guard posts and key places of a city directory (areas and units left
     * empty), checking their grid codes against {@code gridCodes}: for a server whose store already
     * holds the areas.
     *
     * @throws IOException as {@link #load}
     */
    public static CityData loadPlaces(Path dir, Set<String> gridCodes) throws IOException {
        return new CityData(List.of(), readPosts(dir.resolve(POSTS_FILE), gridCodes),
                readKeyPlaces(dir.resolve(KEY_PLACES_FILE), gridCodes), List.of());
    }

    // ------------------------------------------------------------------ per file

    private static List<AdminArea> readAreas(Path file, AdminLevel level, Set<String> parents) throws IOException {
        JsonArray features = array(file, "features");
        List<AdminArea> out = new ArrayList<>(features.size());
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = feature(file, features, i, "code");
            try {
                JsonObject p = f.properties;
                String code = string(p, "code");
                if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("code \"" + code + "\" is not all digits");
                }
                if (!level.id().equals(p.getValue("level"))) {
                    throw new IllegalArgumentException("level is " + p.getValue("level") + ", expected " + level.id());
                }
                String parent = p.getValue("parentCode") == null ? null : string(p, "parentCode");
                if (level != AdminLevel.CITY && !parents.contains(parent)) {
                    throw new IllegalArgumentException("parentCode " + parent + " is not a known "
                            + AdminLevel.values()[level.ordinal() - 1].id());
                }
                Geometry g = f.geometry();
                if (!(g instanceof Polygon || g instanceof MultiPolygon) || g.isEmpty()) {
                    throw new IllegalArgumentException("geometry is " + g.getGeometryType() + ", expected a non-empty "
                            + "Polygon or MultiPolygon");
                }
                AdminArea a = new AdminArea(code, string(p, "name"), level, parent, g, longValue(p, "population"),
                        longValue(p, "households"), number(p, "areaSqm"),
                        p.getValue("gridWorker") == null ? null : string(p, "gridWorker"), bool(p, "demo"));
                if (!codes.add(code)) {
                    throw new IllegalArgumentException("duplicate code " + code);
                }
                out.add(a);
            } catch (RuntimeException e) {
                throw f.error(e);
            }
        }
        return out;
    }

    private static List<SchoolPost> readPosts(Path file, Set<String> grids) throws IOException {
        JsonArray features = array(file, "features");
        List<SchoolPost> out = new ArrayList<>(features.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = feature(file, features, i, "id");
            try {
                JsonObject p = f.properties;
                List<DutyWindow> windows = new ArrayList<>();
                for (JsonObject w : objects(p, "dutyWindows")) {
                    windows.add(new DutyWindow(time(w, "start"), time(w, "end")));
                }
                String kind = string(p, "kind");
                SchoolPost post = new SchoolPost(string(p, "id"), string(p, "name"),
                        SchoolKind.parse(kind).orElseThrow(() -> new IllegalArgumentException("unknown kind " + kind)),
                        point(f.geometry()), number(p, "radiusM"), windows, (int) longValue(p, "requiredStaff"),
                        gridCode(p, grids), string(p, "countyCode"), bool(p, "demo"));
                if (!ids.add(post.id())) {
                    throw new IllegalArgumentException("duplicate id " + post.id());
                }
                out.add(post);
            } catch (RuntimeException e) {
                throw f.error(e);
            }
        }
        return out;
    }

    private static List<KeyPlace> readKeyPlaces(Path file, Set<String> grids) throws IOException {
        JsonArray features = array(file, "features");
        List<KeyPlace> out = new ArrayList<>(features.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature f = feature(file, features, i, "id");
            try {
                JsonObject p = f.properties;
                List<KeyPeriod> periods = new ArrayList<>();
                for (JsonObject w : objects(p, "keyPeriods")) {
                    periods.add(new KeyPeriod(time(w, "start"), time(w, "end")));
                }
                String kind = string(p, "kind");
                KeyPlace place = new KeyPlace(string(p, "id"), string(p, "name"),
                        KeyPlaceKind.parse(kind).orElseThrow(() -> new IllegalArgumentException("unknown kind " + kind)),
                        point(f.geometry()), periods, (int) longValue(p, "patrolIntervalMin"), gridCode(p, grids),
                        string(p, "countyCode"), bool(p, "demo"));
                if (!ids.add(place.id())) {
                    throw new IllegalArgumentException("duplicate id " + place.id());
                }
                out.add(place);
            } catch (RuntimeException e) {
                throw f.error(e);
            }
        }
        return out;
    }

    private static List<Unit> readUnits(Path file, Set<String> townships) throws IOException {
        JsonArray items = array(file, "units");
        List<Unit> out = new ArrayList<>(items.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object o = items.getValue(i);
            String where = file.getFileName() + ": unit " + i;
            try {
                if (!(o instanceof JsonObject u)) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                where += " (id " + u.getValue("id") + ")";
                String kind = string(u, "kind");
                String township = string(u, "homeTownshipCode");
                if (!townships.contains(township)) {
                    throw new IllegalArgumentException("homeTownshipCode " + township + " is not a known township");
                }
                Unit unit = new Unit(string(u, "id"), string(u, "callSign"),
                        UnitKind.parse(kind).orElseThrow(() -> new IllegalArgumentException("unknown kind " + kind)),
                        string(u, "agency"), string(u, "homeCountyCode"), township, bool(u, "demo"));
                if (!ids.add(unit.id())) {
                    throw new IllegalArgumentException("duplicate id " + unit.id());
                }
                out.add(unit);
            } catch (RuntimeException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** One feature being read, for error messages that name the file and the feature. */
    private record Feature(Path file, int index, Object key, JsonObject json, JsonObject properties) {
        Geometry geometry() {
            Object g = json.getValue("geometry");
            if (!(g instanceof JsonObject o)) {
                throw new IllegalArgumentException("no geometry object");
            }
            return GeoJson.read(o);
        }

        IOException error(RuntimeException e) {
            return new IOException(file.getFileName() + ": feature " + index + (key == null ? "" : " (" + key + ")")
                    + ": " + e.getMessage(), e);
        }
    }

    private static Feature feature(Path file, JsonArray features, int i, String keyProperty) throws IOException {
        Object o = features.getValue(i);
        if (!(o instanceof JsonObject f) || !(f.getValue("properties") instanceof JsonObject props)) {
            throw new IOException(file.getFileName() + ": feature " + i + ": not a feature with a properties object");
        }
        return new Feature(file, i, props.getValue(keyProperty), f, props);
    }

    private static JsonArray array(Path file, String key) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": file not found", e);
        }
        JsonObject root;
        try {
            root = new JsonObject(text);
        } catch (RuntimeException e) {
            throw new IOException(file.getFileName() + ": not a JSON object: " + e.getMessage(), e);
        }
        if (!(root.getValue(key) instanceof JsonArray a)) {
            throw new IOException(file.getFileName() + ": no \"" + key + "\" array");
        }
        return a;
    }

    private static String string(JsonObject o, String key) {
        if (o.getValue(key) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new IllegalArgumentException("property \"" + key + "\" is missing or not a non-empty string");
    }

    private static double number(JsonObject o, String key) {
        if (o.getValue(key) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("property \"" + key + "\" is missing or not a finite number");
    }

    private static long longValue(JsonObject o, String key) {
        double d = number(o, key);
        if (d != Math.rint(d) || d < 0) {
            throw new IllegalArgumentException("property \"" + key + "\" is not a non-negative integer: " + d);
        }
        return (long) d;
    }

    private static boolean bool(JsonObject o, String key) {
        if (o.getValue(key) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("property \"" + key + "\" is missing or not a boolean");
    }

    private static LocalTime time(JsonObject o, String key) {
        String s = string(o, key);
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("property \"" + key + "\" is not a time HH:mm: " + s);
        }
    }

    private static List<JsonObject> objects(JsonObject o, String key) {
        if (!(o.getValue(key) instanceof JsonArray a)) {
            throw new IllegalArgumentException("property \"" + key + "\" is missing or not an array");
        }
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof JsonObject w)) {
                throw new IllegalArgumentException(key + "[" + i + "] is not an object");
            }
            out.add(w);
        }
        return out;
    }

    private static Point point(Geometry g) {
        if (g instanceof Point p && !p.isEmpty()) {
            return p;
        }
        throw new IllegalArgumentException("geometry is " + g.getGeometryType() + ", expected a Point");
    }

    private static String gridCode(JsonObject p, Set<String> grids) {
        String code = string(p, "gridCode");
        if (!grids.contains(code)) {
            throw new IllegalArgumentException("gridCode " + code + " is not a known grid");
        }
        return Objects.requireNonNull(code);
    }
}

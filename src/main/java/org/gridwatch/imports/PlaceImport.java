package org.gridwatch.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.GridLocation;
import org.gridwatch.geo.EpsgTransform;
import org.gridwatch.geo.Geo;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.store.Store;
import org.gridwatch.vocab.Term;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Imports school-guard posts (护学岗) or key places (重点部位) into a {@link Store} from point
 * layers: reads the files ({@link FeatureFiles}), converts every point from its layer's CRS to
 * WGS84, places it in a grid of the store's areas, maps the attributes, and writes them in one
 * transaction ({@link Store#upsertPlaces}: a record whose id is stored already is replaced,
 * others are kept).
 *
 * <h2>Attributes</h2>
 * Names as in the city data directory ({@code school-posts.geojson}, {@code key-places.geojson}),
 * matched case-insensitively and ignoring {@code _} (so the store's column names work too):
 * <ul>
 *   <li>both: {@code id} (required), {@code name} (defaults to the id), {@code kind} (required:
 *       {@code kindergarten}, {@code primary}, {@code middle} for posts; {@code night_market},
 *       {@code station}, {@code hospital}, {@code school_area}, {@code square}, {@code bank},
 *       {@code mall} for key places), {@code gridCode} and {@code countyCode} (found from the point
 *       when absent), {@code demo} (default false);</li>
 *   <li>posts: {@code dutyWindows} (required), {@code radiusM} (metres, default
 *       {@value #DEFAULT_RADIUS_M}), {@code requiredStaff} (default 1);</li>
 *   <li>key places: {@code keyPeriods} (required; a period may cross midnight),
 *       {@code patrolIntervalMin} (minutes, default {@value #DEFAULT_PATROL_INTERVAL_MIN}).</li>
 * </ul>
 * Time windows are text {@code "07:10-07:50,11:20-11:50"} or, in GeoJSON, an array of
 * {@code {"start": "07:10", "end": "07:50"}} objects.
 *
 * <h2>Checks</h2>
 * A feature is rejected, with the reason in the report, when its geometry is not a point, lies
 * in no grid of the store, lies in another grid than its {@code gridCode} (or another county than
 * its {@code countyCode}) says, an attribute cannot be read (e.g. a duty window that is not
 * {@code H:mm-H:mm} or ends before it starts), or its id appears twice in the import. If any
 * feature is rejected nothing is written.
 *
 * <p>Stateless; thread-safe. Blocking.
 */
public final class PlaceImport {
    /** Default catchment radius of a school-guard post, metres. */
    public static final double DEFAULT_RADIUS_M = 100;
    /** Default patrol interval of a key place, minutes. */
    public static final int DEFAULT_PATROL_INTERVAL_MIN = 60;

    /** What the features are. */
    public enum Kind {
        /** School-guard posts (护学岗). */
        SCHOOL_POSTS,
        /** Key places (重点部位). */
        KEY_PLACES;

        /** Command-line identifier: {@code school-posts} or {@code key-places}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind whose {@link #id()} is exactly {@code text}. */
        public static Optional<Kind> parse(String text) {
            return Arrays.stream(values()).filter(k -> k.id().equals(text)).findFirst();
        }
    }

    private static final Map<String, List<String>> ALIASES = Map.ofEntries(
            Map.entry("id", List.of("id")),
            Map.entry("name", List.of("name", "mc")),
            Map.entry("kind", List.of("kind")),
            Map.entry("gridcode", List.of("gridcode", "wgbm")),
            Map.entry("countycode", List.of("countycode")),
            Map.entry("demo", List.of("demo")),
            Map.entry("dutywindows", List.of("dutywindows")),
            Map.entry("radiusm", List.of("radiusm")),
            Map.entry("requiredstaff", List.of("requiredstaff")),
            Map.entry("keyperiods", List.of("keyperiods")),
            Map.entry("patrolintervalmin", List.of("patrolintervalmin")));

    private PlaceImport() {
    }

    /**
     * Imports the features of {@code files}, all of {@code kind}, into {@code store}.
     *
     * @param crsOverride EPSG code of the coordinates, replacing what the files say; null to read it from them
     * @throws ImportException if a file cannot be read or the store holds no grids (nothing is written)
     * @throws org.gridwatch.error.StoreException if the store fails (nothing is written)
     */
    public static ImportReport run(Store store, List<Path> files, Integer crsOverride, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        List<SourceLayer> layers = FeatureFiles.readAll(files, crsOverride);
        GridIndex grids;
        try {
            grids = GridIndex.build(AreaHierarchy.of(store.loadAreas()));
        } catch (IllegalArgumentException e) {
            throw new ImportException("the store holds no usable areas (" + e.getMessage()
                    + "): import the areas and grids first", e);
        }
        if (grids.size() == 0) {
            throw new ImportException("the store holds no grids: import the areas and grids first");
        }
        Map<String, Object> imported = new LinkedHashMap<>();
        List<ImportReport.Entry> entries = FeatureFiles.convertAll(layers,
                (f, transform) -> convert(f, transform, kind, grids, imported));
        Optional<ImportReport> refusal = ImportReport.refusal(entries, imported.size());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        List<SchoolPost> posts = new ArrayList<>();
        List<KeyPlace> keyPlaces = new ArrayList<>();
        imported.values().forEach(o -> {
            if (o instanceof SchoolPost p) {
                posts.add(p);
            } else {
                keyPlaces.add((KeyPlace) o);
            }
        });
        store.upsertPlaces(posts, keyPlaces);
        return new ImportReport(entries, true, null);
    }

    private static ImportReport.Entry convert(SourceFeature f, EpsgTransform transform, Kind kind, GridIndex grids,
                                              Map<String, Object> imported) {
        Map<String, Object> p = Attributes.normalise(f.properties(), ALIASES);
        String id = Attributes.codeText(p.get("id"));
        try {
            if (id == null) {
                throw new IllegalArgumentException("no id attribute");
            }
            if (imported.containsKey(id)) {
                throw new IllegalArgumentException("id " + id + " appears twice in the import");
            }
            Geometry g = FeatureFiles.wgs84Geometry(f, transform);
            if (!(g instanceof Point point)) {
                throw new IllegalArgumentException("geometry is a " + g.getGeometryType() + "; " + kind.id()
                        + " are points");
            }
            point = Geo.point(point.getX(), point.getY());
            GridLocation where = locate(point, p, grids);
            String name = Objects.requireNonNullElse(Attributes.text(p.get("name")), id);
            boolean demo = Attributes.bool(p.get("demo"));
            Object record = switch (kind) {
                case SCHOOL_POSTS -> new SchoolPost(id, name, term(p, SchoolKind.class), point,
                        Objects.requireNonNullElse(Attributes.decimal(p.get("radiusm")), DEFAULT_RADIUS_M),
                        required(Attributes.windows(p.get("dutywindows"), DutyWindow::new), "dutyWindows"),
                        (int) wholeOr(p.get("requiredstaff"), 1), where.grid().code(), where.county().code(), demo);
                case KEY_PLACES -> new KeyPlace(id, name, term(p, KeyPlaceKind.class), point,
                        required(Attributes.windows(p.get("keyperiods"), KeyPeriod::new), "keyPeriods"),
                        (int) wholeOr(p.get("patrolintervalmin"), DEFAULT_PATROL_INTERVAL_MIN), where.grid().code(),
                        where.county().code(), demo);
            };
            imported.put(id, record);
            return new ImportReport.Entry(f.layer(), f.index(), id, ImportReport.Outcome.IMPORTED, null);
        } catch (IllegalArgumentException e) {
            return new ImportReport.Entry(f.layer(), f.index(), id, ImportReport.Outcome.REJECTED, e.getMessage());
        }
    }

    /** The grid and county of {@code point}, checked against the codes the feature gives. */
    private static GridLocation locate(Point point, Map<String, Object> p, GridIndex grids) {
        GridLocation where = grids.locate(point.getX(), point.getY()).orElseThrow(() -> new IllegalArgumentException(
                "point (" + point.getX() + " " + point.getY() + ") lies in no grid of the store"));
        String grid = Attributes.codeText(p.get("gridcode"));
        if (grid != null && !grid.equals(where.grid().code())) {
            throw new IllegalArgumentException("gridCode " + grid + " given, but the point lies in grid "
                    + where.grid().code());
        }
        String county = Attributes.codeText(p.get("countycode"));
        if (county != null && !county.equals(where.county().code())) {
            throw new IllegalArgumentException("countyCode " + county + " given, but the point lies in county "
                    + where.county().code());
        }
        return where;
    }

    private static <E extends Enum<E> & Term> E term(Map<String, Object> p, Class<E> type) {
        String kind = Attributes.text(p.get("kind"));
        if (kind == null) {
            throw new IllegalArgumentException("no kind attribute; expected one of " + Term.ids(type));
        }
        return Term.parse(type, kind).orElseThrow(() -> new IllegalArgumentException("unknown kind \"" + kind
                + "\"; expected one of " + Term.ids(type)));
    }

    private static <T> T required(T value, String attribute) {
        if (value == null) {
            throw new IllegalArgumentException("no " + attribute + " attribute");
        }
        return value;
    }

    private static long wholeOr(Object v, long fallback) {
        Double d = Attributes.decimal(v);
        if (d == null) {
            return fallback;
        }
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException("\"" + v + "\" is not a whole number");
        }
        return d.longValue();
    }
}

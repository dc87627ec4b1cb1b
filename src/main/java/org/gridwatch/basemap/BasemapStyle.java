package org.gridwatch.basemap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MapLibre style (version 8) and TileJSON 3.0 documents of the basemap, with every URL pointing
 * back to this server: {@code <origin>/basemap/<id>.json} for a source, {@code
 * <origin>/basemap/<id>/{z}/{x}/{y}.<ext>} for its tiles, {@code <origin>/glyphs/…} for label glyphs.
 *
 * <p>A generated style draws each vector layer by what its id says it holds (water, land use,
 * buildings, roads, boundaries, places; anything else as plain fills and lines), in the dark
 * command-centre palette of the pages ({@code web/src/common/basemap.ts}), fills below lines below
 * labels; a raster source is one darkened raster layer. A configured style is served with its
 * sources that name a configured source ({@code "url": "mbtiles://city"}, {@code pmtiles://} or
 * {@code basemap://}, or a source keyed by the id) pointed at this server, its {@code glyphs} at
 * this server's and its {@code sprite} left out (no sprites are served); {@link #check} refuses one
 * that reads anything from elsewhere. Stateless; thread-safe.
 */
public final class BasemapStyle {
    /** The one font stack the server's {@code /glyphs} holds (CJK is drawn with the browser's local fonts). */
    public static final String FONT = "Noto Sans Regular";
    static final String BACKGROUND = "#040b17";
    static final String WATER = "#174a7a";
    static final String WATERWAY = "#2b6ea6";
    static final String LAND = "#0c2038";
    static final String BUILDING = "#10263f";
    static final String ROAD = "#35587e";
    static final String ROAD_MAIN = "#5080ad";
    static final String BOUNDARY = "#46739e";
    static final String LABEL = "#7fa6c9";
    static final String HALO = "#020813";
    private static final List<String> REFERENCE_SCHEMES = List.of("mbtiles://", "pmtiles://", "basemap://");

    private BasemapStyle() {
    }

    /** What a vector layer is drawn as, in drawing order. */
    enum Kind {
        LAND("landuse", "landcover", "park", "green", "wood", "forest"),
        WATER("water", "ocean", "lake", "river", "hydro"),
        BUILDING("building"),
        OTHER(),
        BOUNDARY("boundar", "admin", "border"),
        ROAD("road", "transport", "street", "highway", "rail"),
        PLACE("place", "label", "poi", "name", "town");

        private final List<String> words;

        Kind(String... words) {
            this.words = List.of(words);
        }

        static Kind of(String layerId) {
            String id = layerId.toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.words.stream().anyMatch(id::contains)) {
                    return k;
                }
            }
            return OTHER;
        }
    }

    /** The glyphs URL of this server. */
    static String glyphs(String origin) {
        return origin + "/glyphs/{fontstack}/{range}.pbf";
    }

    /** The TileJSON URL of source {@code id}. */
    static String tileJsonUrl(String origin, String id) {
        return origin + "/basemap/" + id + ".json";
    }

    /** A style drawing every source's layers. */
    public static JsonObject generate(Map<String, TileSource> sources, String origin) {
        JsonObject srcs = new JsonObject();
        record Drawn(Kind kind, int order, List<JsonObject> layers) {
        }
        List<Drawn> drawn = new ArrayList<>();
        List<JsonObject> rasters = new ArrayList<>();
        int order = 0;
        for (Map.Entry<String, TileSource> e : sources.entrySet()) {
            String id = e.getKey();
            TileSetInfo info = e.getValue().info();
            JsonObject s = new JsonObject().put("type", info.format().vector() ? "vector" : "raster")
                    .put("url", tileJsonUrl(origin, id));
            if (!info.format().vector()) {
                s.put("tileSize", 256);
                srcs.put(id, s);
                rasters.add(new JsonObject().put("id", "basemap-" + id).put("type", "raster").put("source", id)
                        .put("paint", new JsonObject().put("raster-saturation", -0.6).put("raster-brightness-max", 0.55)));
                continue;
            }
            srcs.put(id, s);
            for (String layer : info.layerIds()) {
                Kind k = Kind.of(layer);
                drawn.add(new Drawn(k, order++, layers(k, id, layer)));
            }
        }
        JsonArray layers = new JsonArray().add(new JsonObject().put("id", "basemap-background").put("type", "background")
                .put("paint", new JsonObject().put("background-color", BACKGROUND)));
        rasters.forEach(layers::add);
        drawn.sort(Comparator.comparing(Drawn::kind).thenComparingInt(Drawn::order));
        // Fills and lines first, every label above them.
        for (boolean labels : new boolean[] {false, true}) {
            for (Drawn d : drawn) {
                for (JsonObject l : d.layers()) {
                    if (l.getString("type").equals("symbol") == labels) {
                        layers.add(l);
                    }
                }
            }
        }
        return new JsonObject().put("version", 8).put("name", "GridWatch basemap").put("glyphs", glyphs(origin))
                .put("sources", srcs).put("layers", layers);
    }

    private static JsonArray geometry(String type) {
        return new JsonArray().add("==").add(new JsonArray().add("geometry-type")).add(type);
    }

    private static JsonArray zoomed(double z0, double v0, double z1, double v1) {
        return new JsonArray().add("interpolate").add(new JsonArray().add("linear")).add(new JsonArray().add("zoom"))
                .add(z0).add(v0).add(z1).add(v1);
    }

    private static JsonArray name() {
        return new JsonArray().add("coalesce").add(new JsonArray().add("get").add("name:zh"))
                .add(new JsonArray().add("get").add("name_zh")).add(new JsonArray().add("get").add("name")).add("");
    }

    private static JsonObject layer(String id, String type, String source, String sourceLayer) {
        return new JsonObject().put("id", id).put("type", type).put("source", source).put("source-layer", sourceLayer);
    }

    private static JsonObject label(String id, String source, String layer, boolean alongLine, double size) {
        JsonObject layout = new JsonObject().put("text-field", name()).put("text-font", new JsonArray().add(FONT))
                .put("text-size", size);
        if (alongLine) {
            layout.put("symbol-placement", "line").put("symbol-spacing", 400);
        }
        return layer(id, "symbol", source, layer).put("layout", layout).put("paint", new JsonObject()
                .put("text-color", LABEL).put("text-halo-color", HALO).put("text-halo-width", 1.5));
    }

    /** The style layers of one vector layer. */
    static List<JsonObject> layers(Kind kind, String source, String layer) {
        String p = "basemap-" + source + "-" + layer;
        return switch (kind) {
            case LAND -> List.of(layer(p + "-fill", "fill", source, layer).put("paint",
                    new JsonObject().put("fill-color", LAND).put("fill-opacity", 0.6)));
            case BUILDING -> List.of(layer(p + "-fill", "fill", source, layer).put("minzoom", 13).put("paint",
                    new JsonObject().put("fill-color", BUILDING)));
            case WATER -> List.of(
                    layer(p + "-fill", "fill", source, layer).put("filter", geometry("Polygon"))
                            .put("paint", new JsonObject().put("fill-color", WATER)),
                    layer(p + "-line", "line", source, layer).put("filter", geometry("LineString"))
                            .put("paint", new JsonObject().put("line-color", WATERWAY).put("line-width", zoomed(8, 1, 14, 4))),
                    label(p + "-label", source, layer, true, 12).put("minzoom", 11).put("filter", geometry("LineString")));
            case ROAD -> List.of(
                    layer(p + "-line", "line", source, layer).put("layout", new JsonObject().put("line-cap", "round")
                            .put("line-join", "round")).put("paint", new JsonObject()
                            .put("line-color", new JsonArray().add("match").add(new JsonArray().add("get").add("class"))
                                    .add(new JsonArray().add("motorway").add("trunk").add("primary").add("main"))
                                    .add(ROAD_MAIN).add(ROAD))
                            .put("line-width", zoomed(7, 1, 14, 6))),
                    label(p + "-label", source, layer, true, 11).put("minzoom", 12));
            case BOUNDARY -> List.of(layer(p + "-line", "line", source, layer).put("paint", new JsonObject()
                    .put("line-color", BOUNDARY).put("line-width", 1)
                    .put("line-dasharray", new JsonArray().add(3).add(2))));
            case PLACE -> List.of(label(p + "-label", source, layer, false, 12));
            case OTHER -> List.of(
                    layer(p + "-fill", "fill", source, layer).put("filter", geometry("Polygon"))
                            .put("paint", new JsonObject().put("fill-color", LAND).put("fill-opacity", 0.5)),
                    layer(p + "-line", "line", source, layer).put("filter", geometry("LineString"))
                            .put("paint", new JsonObject().put("line-color", ROAD).put("line-width", 1)));
        };
    }

    /**
     * Checks a configured style: a JSON object of version 8 with {@code sources} and {@code layers},
     * every source with a URL naming one of {@code ids} (or keyed by one), or inline GeoJSON.
     *
     * @throws IllegalArgumentException saying which source reads from where
     */
    public static void check(JsonObject style, Set<String> ids) {
        if (!Integer.valueOf(8).equals(style.getValue("version"))) {
            throw new IllegalArgumentException("not a MapLibre style of version 8 (\"version\": 8)");
        }
        if (!(style.getValue("sources") instanceof JsonObject sources) || !(style.getValue("layers") instanceof JsonArray)) {
            throw new IllegalArgumentException("a style has a \"sources\" object and a \"layers\" array");
        }
        for (String key : sources.fieldNames()) {
            if (!(sources.getValue(key) instanceof JsonObject s)) {
                throw new IllegalArgumentException("source '" + key + "' is not an object");
            }
            if (reference(key, s, ids) != null) {
                continue;
            }
            if ("geojson".equals(s.getValue("type")) && !(s.getValue("data") instanceof String)) {
                continue;
            }
            throw new IllegalArgumentException("source '" + key + "' must name one of basemap.sources " + ids
                    + " (\"url\": \"mbtiles://ID\", \"pmtiles://ID\" or \"basemap://ID\", or be keyed by the id) or hold "
                    + "inline GeoJSON: GridWatch reads nothing from another place");
        }
    }

    /** The configured source a style source stands for, or null. */
    private static String reference(String key, JsonObject s, Set<String> ids) {
        if (s.getValue("url") instanceof String url) {
            for (String scheme : REFERENCE_SCHEMES) {
                if (url.startsWith(scheme) && ids.contains(url.substring(scheme.length()))) {
                    return url.substring(scheme.length());
                }
            }
            return null;
        }
        return ids.contains(key) && !s.containsKey("tiles") && !s.containsKey("data") ? key : null;
    }

    /** A configured style (checked by {@link #check}) with its URLs pointing at this server. */
    public static JsonObject rewrite(JsonObject configured, Set<String> ids, String origin) {
        JsonObject style = configured.copy();
        style.remove("sprite");
        style.put("glyphs", glyphs(origin));
        JsonObject sources = style.getJsonObject("sources");
        for (String key : sources.fieldNames()) {
            JsonObject s = sources.getJsonObject(key);
            String id = reference(key, s, ids);
            if (id != null) {
                s.remove("tiles");
                s.put("url", tileJsonUrl(origin, id));
            }
        }
        return style;
    }

    /** The TileJSON 3.0.0 of source {@code id}. */
    public static JsonObject tileJson(String id, TileSetInfo info, String origin) {
        JsonObject j = new JsonObject().put("tilejson", "3.0.0").put("name", info.name())
                .put("tiles", new JsonArray().add(origin + "/basemap/" + id + "/{z}/{x}/{y}." + info.format().extension()))
                .put("scheme", "xyz").put("minzoom", info.minZoom()).put("maxzoom", info.maxZoom())
                .put("bounds", array(info.bounds())).put("center", array(info.center()))
                .put("format", info.format().extension());
        if (!info.description().isEmpty()) {
            j.put("description", info.description());
        }
        if (!info.attribution().isEmpty()) {
            j.put("attribution", info.attribution());
        }
        if (!info.version().isEmpty()) {
            j.put("version", info.version());
        }
        if (info.format().vector()) {
            j.put("vector_layers", info.vectorLayers());
        }
        return j;
    }

    private static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}

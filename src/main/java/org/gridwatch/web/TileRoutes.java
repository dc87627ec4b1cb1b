package org.gridwatch.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import org.gridwatch.feature.Property;
import org.gridwatch.tile.InvalidTileException;
import org.gridwatch.tile.TileId;
import org.gridwatch.tileset.TileService;
import org.gridwatch.tileset.TileSet;
import org.gridwatch.tileset.TileSets;
import org.locationtech.jts.geom.Envelope;

/**
 * Vector tiles ({@code /tiles}, README "Vector tiles"): {@code GET /tiles/{tileset}/{z}/{x}/{y}.mvt}
 * (Mapbox Vector Tile 2.1, WebMercatorQuad), TileJSON 3.0 per tileset at {@code /tiles/{tileset}.json},
 * and an OGC API – Tiles description: the tilesets at {@code /tiles}, the tile matrix set at
 * {@code /tiles/tileMatrixSets/WebMercatorQuad}.
 *
 * <p>A tile holds only what the caller's jurisdiction sees. It carries an {@code ETag} that changes
 * exactly when its bytes do; {@code If-None-Match} with it is answered 304. A tile with no feature is
 * 204 No Content (MapLibre and GDAL take it as an empty tile). {@code Cache-Control: private, no-cache}:
 * a browser keeps the tile and asks again with its tag. The body is gzip-compressed when the client
 * accepts it, compressed once per encoding and kept beside the tile. Tiles are encoded on a worker ({@link TileService}); the
 * descriptions on the event loop. Thread-safe.
 */
final class TileRoutes {
    static final String MVT = "application/vnd.mapbox-vector-tile";
    static final String WEB_MERCATOR_QUAD = "WebMercatorQuad";
    private static final String TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    private static final String EPSG_3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
    /** Metres per pixel of a 256-pixel tile at zoom 0: the equator's length over 256. */
    private static final double CELL_SIZE_Z0 = 2 * Math.PI * 6_378_137 / 256;
    private static final double HALF_WORLD = Math.PI * 6_378_137;

    private final TileSets sets;
    private final TileService tiles;

    TileRoutes(TileSets sets, TileService tiles) {
        this.sets = sets;
        this.tiles = tiles;
    }

    /** The tilesets of reference data, each with routes of their own (their permission differs). */
    Iterable<TileSet> reference() {
        return sets.all().stream().filter(s -> s.kind() == TileSet.Kind.REFERENCE).toList();
    }

    /** {@code GET /tiles/{tileset}/{z}/{x}/{y}.mvt} of one reference tileset. Worker. */
    io.vertx.core.Handler<RoutingContext> mvt(TileSet set) {
        return ctx -> mvt(ctx, set);
    }

    /** {@code GET /tiles/{layer}/{z}/{x}/{y}.mvt} of an operational tileset. Worker. */
    void operationalMvt(RoutingContext ctx) {
        mvt(ctx, operational(ctx.pathParam("layer")));
    }

    /** {@code GET /tiles/{tileset}.json} of one reference tileset. */
    io.vertx.core.Handler<RoutingContext> tileJson(TileSet set) {
        return ctx -> Responses.json(ctx, 200, tileJson(ctx, set));
    }

    /** {@code GET /tiles/{layer}.json} of an operational tileset. */
    void operationalTileJson(RoutingContext ctx) {
        Responses.json(ctx, 200, tileJson(ctx, operational(ctx.pathParam("layer"))));
    }

    private TileSet operational(String id) {
        return sets.find(id).filter(s -> s.kind() == TileSet.Kind.OPERATIONAL).orElseThrow(() -> Problem.notFound(
                "layer: no tileset '" + id + "'; the tilesets are " + String.join(", ",
                        sets.all().stream().map(TileSet::id).toList())));
    }

    private void mvt(RoutingContext ctx, TileSet set) {
        TileId id;
        try {
            id = TileId.parse(ctx.pathParam("z"), ctx.pathParam("x"), ctx.pathParam("y"));
        } catch (InvalidTileException e) {
            throw new Problem(400, "Invalid request", e.field(), e.getMessage());
        }
        TileService.Tile t = tiles.tile(set, id, Scopes.of(ctx));
        var resp = ctx.response().putHeader("ETag", t.etag()).putHeader("Cache-Control", "private, no-cache")
                .putHeader("Vary", "Accept-Encoding");
        if (matches(ctx.request().getHeader("If-None-Match"), t.etag())) {
            resp.setStatusCode(304).end();
        } else if (t.empty()) {
            resp.setStatusCode(204).end();
        } else if (acceptsGzip(ctx.request().getHeader("Accept-Encoding"))) {
            // Compressed once when encoded; a Content-Encoding already set makes the server's compressor pass it through.
            resp.setStatusCode(200).putHeader("Content-Type", MVT).putHeader("Content-Encoding", "gzip")
                    .end(Buffer.buffer(t.gzip()));
        } else {
            resp.setStatusCode(200).putHeader("Content-Type", MVT).end(Buffer.buffer(t.bytes()));
        }
    }

    /** Whether an {@code Accept-Encoding} list accepts gzip (a {@code q=0} refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                return !(p.length > 1 && p[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    /** Whether an {@code If-None-Match} list names {@code etag} (weak comparison, RFC 9110 §13.1.2) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(t -> t.equals("*") || opaque(t).equals(opaque));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The origin of the request ({@code scheme://host[:port]}): tile URLs point back where the client came. */
    private static String origin(RoutingContext ctx) {
        var authority = ctx.request().authority();
        return ctx.request().scheme() + "://" + (authority == null ? "localhost" : authority.toString());
    }

    private static JsonObject tileJson(RoutingContext ctx, TileSet set) {
        Envelope e = set.extent();
        JsonObject fields = new JsonObject();
        for (Property p : set.properties()) {
            fields.put(p.name(), switch (p.type()) {
                case INTEGER, NUMBER -> "Number";
                case BOOLEAN -> "Boolean";
                default -> "String";
            });
        }
        return new JsonObject().put("tilejson", "3.0.0").put("name", set.id()).put("description", set.title())
                .put("scheme", "xyz").put("tiles", new JsonArray().add(origin(ctx) + "/tiles/" + set.id() + "/{z}/{x}/{y}.mvt"))
                .put("minzoom", set.minZoom()).put("maxzoom", set.maxZoom())
                .put("bounds", new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX()).add(e.getMaxY()))
                .put("center", new JsonArray().add(e.centre().x).add(e.centre().y).add(Math.max(set.minZoom(), 8)))
                .put("vector_layers", new JsonArray().add(new JsonObject().put("id", set.id()).put("description", set.title())
                        .put("minzoom", set.minZoom()).put("maxzoom", set.maxZoom()).put("fields", fields)));
    }

    /** {@code GET /tiles}: the tilesets (OGC API – Tiles, "tilesets-list"), each a vector tileset on WebMercatorQuad. */
    void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (TileSet s : sets.all()) {
            String base = "/tiles/" + s.id();
            out.add(new JsonObject().put("id", s.id()).put("title", s.title()).put("dataType", "vector").put("crs", EPSG_3857)
                    .put("tileMatrixSetURI", TMS_URI).put("links", new JsonArray()
                            .add(link("http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "application/json",
                                    "/tiles/tileMatrixSets/" + WEB_MERCATOR_QUAD))
                            .add(link("item", MVT, base + "/{tileMatrix}/{tileCol}/{tileRow}.mvt").put("templated", true))
                            .add(link("describedby", "application/json", base + ".json").put("title", "TileJSON 3.0"))));
        }
        Responses.json(ctx, 200, new JsonObject().put("title", "GridWatch vector tiles").put("links", new JsonArray()
                .add(link("self", "application/json", "/tiles"))
                .add(link("http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "application/json", "/tiles/tileMatrixSets/"
                        + WEB_MERCATOR_QUAD))).put("tilesets", out));
    }

    /** {@code GET /tiles/tileMatrixSets/WebMercatorQuad}: the tile matrix set (OGC TMS 2.0 JSON), zooms 0 to {@link TileId#MAX_ZOOM}. */
    void webMercatorQuad(RoutingContext ctx) {
        JsonArray matrices = new JsonArray();
        for (int z = 0; z <= TileId.MAX_ZOOM; z++) {
            double cell = CELL_SIZE_Z0 / (1L << z);
            matrices.add(new JsonObject().put("id", Integer.toString(z)).put("scaleDenominator", cell / 0.00028)
                    .put("cellSize", cell).put("cornerOfOrigin", "topLeft")
                    .put("pointOfOrigin", new JsonArray().add(-HALF_WORLD).add(HALF_WORLD))
                    .put("tileWidth", 256).put("tileHeight", 256).put("matrixWidth", 1L << z).put("matrixHeight", 1L << z));
        }
        Responses.json(ctx, 200, new JsonObject().put("id", WEB_MERCATOR_QUAD).put("title", "Google Maps Compatible for the World")
                .put("uri", TMS_URI).put("crs", EPSG_3857).put("orderedAxes", new JsonArray().add("X").add("Y"))
                .put("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible")
                .put("tileMatrices", matrices));
    }

    private static JsonObject link(String rel, String type, String href) {
        return new JsonObject().put("rel", rel).put("type", type).put("href", href);
    }
}

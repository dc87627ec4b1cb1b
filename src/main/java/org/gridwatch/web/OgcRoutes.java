package org.gridwatch.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Permission;
import org.gridwatch.auth.Principal;
import org.gridwatch.feature.BadQueryException;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureJson;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureLayers;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.Property;
import org.gridwatch.feature.PropertyType;
import org.gridwatch.geo.JsonText;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * OGC API – Features at {@code /ogcapi}: Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0), Part 2 (CRS by
 * reference) and Part 3 (filtering with CQL2, queryables). Every layer of {@link FeatureLayers} is a
 * collection; items are read through {@link FeatureLayer#scan} inside the caller's jurisdiction, so a
 * collection answers exactly what the REST route of the same data answers that caller. Live
 * collections are read from the in-memory indexes. Thread-safe. A page of items is answered on the
 * event loop when its layer says finding, counting and encoding it fits the inline budget
 * ({@link FeatureLayer#work} plus {@link #encodingWork} per feature, at most
 * {@link QueryPools#INLINE_WORK}), else on the query pool (tracks on the store-read pool); the
 * features are written straight into the answer's bytes ({@link FeatureJson}), no object tree.
 *
 * <p>Choices: paging by an opaque {@code cursor} (the layer's resume point) in the {@code next}
 * link; {@code limit} defaults to {@value #DEFAULT_LIMIT} and a larger value than
 * {@value #MAX_LIMIT} is answered with {@value #MAX_LIMIT} (Part 1 permits it); times are RFC 3339
 * in UTC; a query parameter the API definition does not name is a 400 (Part 1
 * /req/core/query-param-unknown).
 */
final class OgcRoutes {
    static final String BASE = "/ogcapi";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 10_000;
    static final String GEOJSON = "application/geo+json";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final List<String> CONFORMANCE_BASE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
    /** The parameters of an items request; any other is a 400. */
    static final Set<String> ITEMS_PARAMS = Set.of("f", "limit", "bbox", "bbox-crs", "datetime", "crs", "cursor",
            "filter", "filter-lang", "filter-crs");
    static final Set<String> ITEM_PARAMS = Set.of("f", "crs");
    static final Set<String> META_PARAMS = Set.of("f");

    private final FeatureLayers layers;
    private final OgcFilters filters;
    private final Clock clock;

    OgcRoutes(FeatureLayers layers, OgcFilters filters, Clock clock) {
        this.layers = layers;
        this.filters = filters;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------ metadata

    void landing(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        String base = base(ctx);
        JsonObject o = new JsonObject().put("title", "GridWatch 城市网格态势").put("description",
                "滨州市全科网格、事件、巡防力量、护学岗与重点部位的 OGC API – Features 服务（第1、2、3部分）。")
                .put("links", new JsonArray()
                        .add(link(base, "self", "application/json", "本页"))
                        .add(link(base + "?f=html", "alternate", "text/html", "本页（HTML）"))
                        .add(link(base + "/api", "service-desc", OPENAPI, "API 定义（OpenAPI 3.0）"))
                        .add(link(base + "/api?f=html", "service-doc", "text/html", "API 文档"))
                        .add(link(base + "/conformance", "conformance", "application/json", "符合性声明"))
                        .add(link(base + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                                "application/json", "符合性声明"))
                        .add(link(base + "/collections", "data", "application/json", "图层集合"))
                        .add(link(base + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", "application/json",
                                "图层集合")));
        if (html(ctx)) {
            OgcHtml.landing(ctx, o);
        } else {
            Responses.json(ctx, 200, o);
        }
    }

    void conformance(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        JsonArray classes = new JsonArray();
        CONFORMANCE_BASE.forEach(classes::add);
        filters.conformance().forEach(classes::add);
        JsonObject o = new JsonObject().put("conformsTo", classes);
        if (html(ctx)) {
            OgcHtml.conformance(ctx, o);
        } else {
            Responses.json(ctx, 200, o);
        }
    }

    void api(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        JsonObject doc = OgcApiDocument.build(layers, base(ctx));
        if (html(ctx)) {
            OgcHtml.api(ctx, doc);
        } else {
            ctx.response().setStatusCode(200).putHeader("Content-Type", OPENAPI).end(doc.toBuffer());
        }
    }

    void collections(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        String base = base(ctx);
        JsonArray cs = new JsonArray();
        for (FeatureLayer l : layers.all()) {
            cs.add(collection(base, l));
        }
        JsonObject o = new JsonObject().put("links", new JsonArray()
                        .add(link(base + "/collections", "self", "application/json", "图层集合"))
                        .add(link(base + "/collections?f=html", "alternate", "text/html", "图层集合（HTML）")))
                .put("collections", cs);
        if (html(ctx)) {
            OgcHtml.collections(ctx, o);
        } else {
            Responses.json(ctx, 200, o);
        }
    }

    void collection(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        FeatureLayer l = layer(ctx);
        JsonObject o = collection(base(ctx), l);
        if (html(ctx)) {
            OgcHtml.collection(ctx, o);
        } else {
            Responses.json(ctx, 200, o);
        }
    }

    void queryables(RoutingContext ctx) {
        checkParams(ctx, META_PARAMS);
        FeatureLayer l = layer(ctx);
        String url = base(ctx) + "/collections/" + l.id() + "/queryables";
        JsonObject props = new JsonObject();
        props.put("geometry", new JsonObject().put("title", "几何").put("format", "geometry-" + geometryFormat(l))
                .put("x-ogc-role", "primary-geometry"));
        for (Property p : l.properties()) {
            JsonObject s = new JsonObject().put("title", p.title()).put("type", p.type().jsonType());
            if (p.type() == PropertyType.TIMESTAMP) {
                s.put("format", "date-time");
            } else if (p.type() == PropertyType.DATE) {
                s.put("format", "date");
            }
            if (l.temporalProperty().filter(p.name()::equals).isPresent()) {
                s.put("x-ogc-role", "primary-instant");
            }
            props.put(p.name(), s);
        }
        // The draft's list beside the JSON Schema (an extra keyword, ignored by schema readers), which
        // GDAL 3.6 reads to decide which properties it may filter on at the server.
        JsonArray draft = new JsonArray();
        for (Property p : l.properties()) {
            draft.add(new JsonObject().put("id", p.name()).put("title", p.title()).put("type", p.type().jsonType()));
        }
        JsonObject o = new JsonObject().put("$schema", "https://json-schema.org/draft/2020-12/schema").put("$id", url)
                .put("type", "object").put("title", l.title()).put("properties", props).put("additionalProperties", false)
                .put("queryables", draft);
        if (html(ctx)) {
            OgcHtml.queryables(ctx, l, o);
        } else {
            // application/schema+json (Part 3), unless the client asks only for JSON (GDAL 3.6 refuses the former).
            String accept = ctx.request().getHeader("Accept");
            String type = accept != null && accept.contains("json") && !accept.contains("schema+json")
                    ? "application/json" : "application/schema+json";
            ctx.response().setStatusCode(200).putHeader("Content-Type", type).end(o.toBuffer());
        }
    }

    private static String geometryFormat(FeatureLayer l) {
        return switch (l.geometryKind()) {
            case POINT -> "point";
            case LINESTRING -> "linestring";
            case POLYGON -> "polygon";
            case MULTIPOLYGON -> "multipolygon";
            case POLYGONAL -> "polygon-or-multipolygon";
        };
    }

    private JsonObject collection(String base, FeatureLayer l) {
        String self = base + "/collections/" + l.id();
        Envelope e = l.extent();
        JsonObject extent = new JsonObject().put("spatial", new JsonObject()
                .put("bbox", new JsonArray().add(new JsonArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX())
                        .add(e.getMaxY())))
                .put("crs", OgcCrs.CRS84.uri()));
        if (l.temporalProperty().isPresent()) {
            // Whole hours around the live span: a bound that holds while units report, so that two
            // reads a second apart (the collection in the list, then alone) describe the same extent.
            Instant[] t = l.temporalExtent().orElse(new Instant[2]);
            Instant start = t[0] == null ? null : t[0].truncatedTo(ChronoUnit.HOURS);
            Instant end = t[1] == null ? null : t[1].truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            extent.put("temporal", new JsonObject().put("interval", new JsonArray().add(new JsonArray()
                    .add(start == null ? null : start.toString()).add(end == null ? null : end.toString())))
                    .put("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"));
        }
        JsonArray crs = new JsonArray();
        OgcCrs.uris().forEach(crs::add);
        return new JsonObject().put("id", l.id()).put("title", l.title()).put("description", l.description())
                .put("itemType", "feature").put("extent", extent).put("crs", crs).put("storageCrs", OgcCrs.CRS84.uri())
                .put("links", new JsonArray()
                        .add(link(self, "self", "application/json", l.title()))
                        .add(link(self + "?f=html", "alternate", "text/html", l.title() + "（HTML）"))
                        .add(link(self + "/items", "items", GEOJSON, l.title() + "要素"))
                        .add(link(self + "/items?f=html", "items", "text/html", l.title() + "要素（HTML）"))
                        .add(link(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                                "application/schema+json", "可查询属性"))
                        // The draft's name of the relation, which GDAL 3.6 looks for before it filters on the server.
                        .add(link(self + "/queryables", "queryables", "application/schema+json", "可查询属性")));
    }

    // --------------------------------------------------------------------------------------- items

    void items(RoutingContext ctx) {
        checkParams(ctx, ITEMS_PARAMS);
        FeatureLayer l = dataLayer(ctx);
        int limit = limit(ctx);
        OgcCrs crs = crsParam(ctx, "crs");
        OgcCrs bboxCrs = crsParam(ctx, "bbox-crs");
        Envelope bbox = bbox(ctx, bboxCrs, l.extent());
        Instant[] time = datetime(Params.string(ctx, "datetime"));
        OgcFilters.Compiled filter = filters.compile(l, Params.string(ctx, "filter"), Params.string(ctx, "filter-lang"),
                Params.string(ctx, "filter-crs"));
        String cursor = Params.string(ctx, "cursor");
        // The filter's time range is a necessary condition of a match: it narrows the window exactly.
        Instant from = later(time[0], filter.from());
        Instant to = earlier(time[1], filter.to());
        FeatureQuery q = new FeatureQuery(Scopes.of(ctx), bbox, from, to, filter.test(), filter.hint(), cursor);
        // On the event loop only a page the layer says is cheap to find, count and encode; a filter
        // (its cost per feature is the client's to choose) or an HTML page goes to the query pool.
        long budget = QueryPools.workBudget(ctx);
        boolean inline = budget != Long.MAX_VALUE;
        if (inline && (q.filter() != null || html(ctx))) {
            throw QueryPools.overBudget();
        }
        long work = inline ? l.work(q, budget) : 0;
        if (work > budget) {
            throw QueryPools.overBudget();
        }
        List<Feature> page = new ArrayList<>(Math.min(limit + 1, 1024));
        try {
            l.scan(q, FeatureLayer.Sink.upTo(limit + 1, page));
        } catch (BadQueryException e) {
            throw Problem.badField(e.part(), e.getMessage());
        }
        boolean more = page.size() > limit;
        List<Feature> shown = more ? page.subList(0, limit) : page;
        if (inline) {
            for (Feature f : shown) {
                work += encodingWork(f, crs != OgcCrs.CRS84);
            }
            if (work > budget) {
                throw QueryPools.overBudget();
            }
        }
        String base = base(ctx);
        // A first page that holds every match is its own count: no second scan.
        long matched = cursor == null && !more ? shown.size() : l.count(q.resumingAfter(null));
        String self = base + "/collections/" + l.id() + "/items";
        JsonArray links = new JsonArray().add(link(self + query(ctx, null, null), "self", GEOJSON, "本页"))
                .add(link(self + query(ctx, null, "html"), "alternate", "text/html", "本页（HTML）"))
                .add(link(base + "/collections/" + l.id(), "collection", "application/json", l.title()));
        if (more) {
            links.add(link(self + query(ctx, l.cursor(shown.get(shown.size() - 1)), null), "next", GEOJSON, "下一页"));
        }
        // The features written straight into the answer's text: no object tree per feature. The HTML
        // page is drawn from the same GeoJSON.
        UnaryOperator<Geometry> toCrs = toCrs(crs);
        JsonText out = new JsonText(256 + 512 * shown.size());
        out.raw("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            FeatureJson.append(out, shown.get(i), toCrs, null);
        }
        out.raw("],\"timeStamp\":").string(clock.instant().toString());
        if (matched >= 0) {
            out.raw(",\"numberMatched\":").number(matched);
        }
        out.raw(",\"numberReturned\":").number(shown.size()).raw(",\"links\":").raw(links.encode()).raw('}');
        answer(ctx, crs, out, fc -> OgcHtml.items(ctx, l, fc));
    }

    /** The GeoJSON {@code out} as the answer, or, for a person with a browser, {@code html} drawn from it. */
    private static void answer(RoutingContext ctx, OgcCrs crs, JsonText out, java.util.function.Consumer<JsonObject> html) {
        if (html(ctx)) {
            html.accept(out.toBuffer().toJsonObject());
            return;
        }
        contentCrs(ctx, crs);
        ctx.response().setStatusCode(200).putHeader("Content-Type", GEOJSON).end(out.toBuffer());
    }

    /**
     * Work of writing one feature of a page ({@link JsonText}), in the units of the inline budget:
     * one per property, three per vertex, twelve per vertex when it is projected to another CRS
     * (calibrated against the index reads of the same budget).
     */
    static long encodingWork(Feature f, boolean projected) {
        return 1L + f.properties().size() + (projected ? 12L : 3L) * f.geometry().getNumPoints();
    }

    /** WGS84 lon/lat to {@code crs}. */
    private static UnaryOperator<Geometry> toCrs(OgcCrs crs) {
        return crs == OgcCrs.CRS84 ? UnaryOperator.identity() : crs::fromWgs84;
    }

    void item(RoutingContext ctx) {
        checkParams(ctx, ITEM_PARAMS);
        FeatureLayer l = dataLayer(ctx);
        OgcCrs crs = crsParam(ctx, "crs");
        String id = ctx.pathParam("featureId");
        Feature f = l.get(id, Scopes.of(ctx)).orElseThrow(() -> Problem.notFound("no feature '" + id + "' in "
                + l.id()));
        String self = base(ctx) + "/collections/" + l.id() + "/items/" + enc(id);
        JsonArray links = new JsonArray()
                .add(link(self, "self", GEOJSON, f.id()))
                .add(link(self + "?f=html", "alternate", "text/html", f.id() + "（HTML）"))
                .add(link(base(ctx) + "/collections/" + l.id(), "collection", "application/json", l.title()));
        JsonText out = FeatureJson.append(new JsonText(1024), f, toCrs(crs), "\"links\":" + links.encode());
        answer(ctx, crs, out, o -> OgcHtml.item(ctx, l, o));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static void contentCrs(RoutingContext ctx, OgcCrs crs) {
        ctx.response().putHeader("Content-Crs", "<" + crs.uri() + ">");
    }

    // ---------------------------------------------------------------------------------- parameters

    private FeatureLayer layer(RoutingContext ctx) {
        String id = ctx.pathParam("collectionId");
        if (id == null) {
            // A route of one collection (tracks, on the store-read pool): its id is in the path itself.
            String rest = ctx.normalizedPath().substring((BASE + "/collections/").length());
            id = rest.substring(0, rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
        }
        String collectionId = id;
        return layers.find(collectionId).orElseThrow(() -> Problem.notFound("no collection '" + collectionId + "'"));
    }

    /** The collection whose features the request reads: its own permission checked (metadata needs only AREAS). */
    private FeatureLayer dataLayer(RoutingContext ctx) {
        FeatureLayer l = layer(ctx);
        Permission needed = permission(l);
        Principal p = Access.principal(ctx);
        if (!p.can(needed)) {
            throw AuthException.forbidden(null, "collection " + l.id() + " requires " + needed.id());
        }
        return l;
    }

    /** What reading a collection requires: the areas need AREAS (the route's own), operational layers READ, tracks HISTORY. */
    static Permission permission(FeatureLayer l) {
        if (l.blocking()) {
            return Permission.HISTORY;
        }
        return l.live() && !l.id().equals("grids") ? Permission.READ : Permission.AREAS;
    }

    private static void checkParams(RoutingContext ctx, Set<String> allowed) {
        for (String name : ctx.queryParams().names()) {
            if (!allowed.contains(name)) {
                throw Problem.badField(name, "unknown query parameter; this resource accepts " + new java.util.TreeSet<>(allowed));
            }
            if (ctx.queryParams().getAll(name).size() > 1) {
                throw Problem.badField(name, "give it once");
            }
        }
    }

    private static boolean html(RoutingContext ctx) {
        String f = Params.string(ctx, "f");
        if (f != null) {
            return switch (f) {
                case "html" -> true;
                case "json", "geojson" -> false;
                default -> throw Problem.badField("f", "unknown format '" + f + "'; one of json, html");
            };
        }
        String accept = ctx.request().getHeader("Accept");
        if (accept == null) {
            return false;
        }
        int html = accept.indexOf("text/html");
        int json = Math.max(accept.indexOf("json"), -1);
        return html >= 0 && (json < 0 || html < json);
    }

    private static int limit(RoutingContext ctx) {
        String s = Params.string(ctx, "limit");
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw Problem.badField("limit", "not an integer: '" + s + "'");
        }
        if (n < 1) {
            throw Problem.badField("limit", "must be at least 1");
        }
        return (int) Math.min(n, MAX_LIMIT);
    }

    private static OgcCrs crsParam(RoutingContext ctx, String name) {
        String s = Params.string(ctx, name);
        return s == null ? OgcCrs.CRS84 : OgcCrs.parse(name, s);
    }

    /**
     * The {@code bbox} in WGS84. A CRS84 box whose west edge lies east of its east edge crosses the
     * antimeridian (Part 1 /req/core/fc-bbox-definition): it is the part of it that meets the
     * layer's extent (a city never spans both sides), else the eastern part, which then finds nothing.
     */
    private static Envelope bbox(RoutingContext ctx, OgcCrs crs, Envelope extent) {
        String s = Params.string(ctx, "bbox");
        if (s == null) {
            if (ctx.queryParams().contains("bbox-crs")) {
                throw Problem.badField("bbox-crs", "given without bbox");
            }
            return null;
        }
        String[] parts = s.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw Problem.badField("bbox", "4 or 6 numbers separated by commas, not " + parts.length);
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Params.number("bbox", parts[i].trim());
        }
        int d = parts.length / 2;
        double a1 = v[0];
        double b1 = v[1];
        double a2 = v[d];
        double b2 = v[d + 1];
        if (crs == OgcCrs.CRS84 && (a1 < -180 || a1 > 180 || a2 < -180 || a2 > 180 || b1 < -90 || b2 > 90)) {
            throw Problem.badField("bbox", "outside -180,-90,180,90 (CRS84 is longitude, latitude)");
        }
        if (crs == OgcCrs.CRS84 && a1 > a2 && b1 <= b2) {
            Envelope west = new Envelope(-180, a2, b1, b2);
            return west.intersects(extent) ? west : new Envelope(a1, 180, b1, b2);
        }
        if (a1 > a2 || b1 > b2) {
            throw Problem.badField("bbox", "lower corner above or right of the upper corner");
        }
        try {
            return crs.boxToWgs84(a1, b1, a2, b2);
        } catch (IllegalArgumentException e) {
            throw Problem.badField("bbox", e.getMessage());
        }
    }

    /** {from, to} (inclusive, null = open) of an RFC 3339 instant or interval; {null, null} when absent. */
    static Instant[] datetime(String s) {
        if (s == null) {
            return new Instant[2];
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            Instant t = instant(s, false);
            if (t == null) {
                throw Problem.badField("datetime", "'..' is only for an end of an interval");
            }
            if (s.length() == 10) {
                return new Instant[] {t, instant(s, true)};
            }
            return new Instant[] {t, t};
        }
        String a = s.substring(0, slash).trim();
        String b = s.substring(slash + 1).trim();
        Instant from;
        Instant to;
        // ISO 8601 also writes an interval as a start and a duration, or a duration and an end.
        if (b.startsWith("P") && !a.startsWith("P")) {
            from = instant(a, false);
            to = from == null ? null : plus(from, b, 1).minusMillis(1);
        } else if (a.startsWith("P") && !b.startsWith("P")) {
            to = instant(b, true);
            from = to == null ? null : plus(to.plusMillis(1), a, -1);
        } else {
            from = instant(a, false);
            to = instant(b, true);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw Problem.badField("datetime", "the interval ends before it starts");
        }
        if (from == null && to == null && !s.equals("../..") && !s.equals("/") && !s.equals("../") && !s.equals("/..")) {
            throw Problem.badField("datetime", "malformed interval '" + s + "'");
        }
        return new Instant[] {from, to};
    }

    /** {@code t} moved by an ISO 8601 duration ({@code P2D}, {@code PT6H}, {@code P1M}) times {@code sign}. */
    private static Instant plus(Instant t, String duration, int sign) {
        try {
            java.time.Duration d = java.time.Duration.parse(duration);
            return sign > 0 ? t.plus(d) : t.minus(d);
        } catch (DateTimeParseException e) {
            try {
                java.time.Period p = java.time.Period.parse(duration);
                java.time.ZonedDateTime z = t.atZone(ZoneOffset.UTC);
                return (sign > 0 ? z.plus(p) : z.minus(p)).toInstant();
            } catch (DateTimeParseException e2) {
                throw Problem.badField("datetime", "not an ISO 8601 duration: '" + (duration.length() > 40
                        ? duration.substring(0, 40) : duration) + "'");
            }
        }
    }

    private static Instant instant(String s, boolean end) {
        String t = s.trim();
        if (t.isEmpty() || t.equals("..")) {
            return null;
        }
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return end ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badField("datetime", "not an RFC 3339 date-time or date: '" + (t.length() > 40 ? t.substring(0, 40)
                    : t) + "'");
        }
    }

    // -------------------------------------------------------------------------------------- links

    /** The API's absolute root, e.g. {@code http://host:8080/ogcapi}. */
    static String base(RoutingContext ctx) {
        URI u = URI.create(ctx.request().absoluteURI());
        return u.getScheme() + "://" + u.getRawAuthority() + BASE;
    }

    /** This request's query with {@code cursor} and {@code f} replaced (null = left out). */
    private static String query(RoutingContext ctx, String cursor, String f) {
        MultiMap params = ctx.queryParams();
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entries()) {
            if (!e.getKey().equals("cursor") && !e.getKey().equals("f")) {
                sb.append(sb.length() == 0 ? '?' : '&').append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            }
        }
        if (cursor != null) {
            sb.append(sb.length() == 0 ? '?' : '&').append("cursor=").append(enc(cursor));
        }
        if (f != null) {
            sb.append(sb.length() == 0 ? '?' : '&').append("f=").append(f);
        }
        return sb.toString();
    }

    static JsonObject link(String href, String rel, String type, String title) {
        return new JsonObject().put("href", href).put("rel", rel).put("type", type).put("title", title);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package org.gridwatch.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.codec.UnitFeatures;
import org.gridwatch.codec.UnitJson;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.LonLat;
import org.gridwatch.patrol.MovingPointIndex;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.locationtech.jts.geom.Envelope;

/**
 * The unit roster and dispatch queries: list, read, add, change status, k nearest. Units belong
 * to a scope by their home township. Thread-safe.
 */
final class UnitRoutes {
    /** Most units a nearest query returns. */
    static final int MAX_K = 100;

    private final PositionService units;
    private final AreaHierarchy areas;
    private final GridWatchConfig.Dispatch dispatch;
    private final double nearestMaxMetres;
    private final UnitFeatures features = new UnitFeatures();

    /**
     * @param nearestMaxMetres largest search radius of {@link #nearest}, and its default, metres
     */
    UnitRoutes(PositionService units, AreaHierarchy areas, GridWatchConfig.Dispatch dispatch, double nearestMaxMetres) {
        this.units = units;
        this.areas = areas;
        this.dispatch = dispatch;
        this.nearestMaxMetres = nearestMaxMetres;
    }

    private static boolean inScope(Scope scope, UnitRecord u) {
        return scope.includes(u.unit().homeTownshipCode());
    }

    /**
     * {@code ?bbox=&kind=&status=}: a FeatureCollection ordered by id; with bbox only positioned
     * units. At most the roster, whatever the box: a box costs no more than a scan of the units
     * ({@link MovingPointIndex#forEachIn}). Runs on the query pool.
     */
    void list(RoutingContext ctx) {
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        Set<UnitKind> kinds = Params.enumSet(ctx, "kind", UnitKind.class);
        Set<UnitStatus> statuses = Params.enumSet(ctx, "status", UnitStatus.class);
        Scope scope = Scopes.of(ctx);
        Predicate<UnitRecord> keep = u -> inScope(scope, u) && (kinds.isEmpty() || kinds.contains(u.unit().kind()))
                && (statuses.isEmpty() || statuses.contains(u.status()));
        List<UnitRecord> found;
        if (bbox == null) {
            found = units.units().stream().filter(keep).toList();
        } else {
            java.util.ArrayList<UnitRecord> hits = new java.util.ArrayList<>();
            units.index().forEachIn(bbox, keep, e -> hits.add(e.value()));
            found = hits;
        }
        JsonArray features = new JsonArray();
        found.stream().sorted(Comparator.comparing(UnitRecord::id)).forEach(u -> features.add(UnitJson.feature(u)));
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection")
                .put("numberReturned", features.size()).put("features", features));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        UnitRecord u = units.unit(id).filter(x -> inScope(Scopes.of(ctx), x))
                .orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        Responses.geojson(ctx, 200, UnitJson.feature(u));
    }

    /** Body {@code {"id","callSign","kind","agency","homeTownshipCode"}}: 201, or 409 when the id exists. */
    void create(RoutingContext ctx) {
        JsonObject b = Params.bodyObject(ctx);
        String id = Params.str(b, "id", true, 64);
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            throw Problem.badField("id", "may hold only letters, digits, '_', '.' and '-'");
        }
        String callSign = Params.str(b, "callSign", true, 64);
        UnitKind kind = Params.term("kind", UnitKind.class, Params.str(b, "kind", true, 32));
        String agency = Params.str(b, "agency", true, 128);
        String township = Params.str(b, "homeTownshipCode", true, 9);
        var home = areas.find(township).filter(a -> a.level() == org.gridwatch.area.AdminLevel.TOWNSHIP)
                .orElseThrow(() -> Problem.badField("homeTownshipCode", "unknown township code '" + township + "'"));
        if (!Scopes.of(ctx).includes(home.code())) {
            throw org.gridwatch.auth.AuthException.forbidden("homeTownshipCode", "homeTownshipCode: township "
                    + home.code() + " lies outside your jurisdiction");
        }
        Unit unit = new Unit(id, callSign, kind, agency, home.parentCode(), home.code(), false);
        ctx.put(Access.DETAIL_KEY, "unit " + id);   // what the audit trail names (the route has no id)
        Future.fromCompletionStage(units.add(unit), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Location", "/api/v1/units/" + id);
                Responses.geojson(ctx, 201, UnitJson.feature(ar.result()));
            } else {
                Failures.send(ctx, ar.cause());
            }
        });
    }

    /** Body {@code {"status":"available|busy|off_duty"}}. */
    void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        units.unit(id).filter(x -> inScope(Scopes.of(ctx), x)).orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        JsonObject b = Params.bodyObject(ctx);
        UnitStatus status = Params.term("status", UnitStatus.class, Params.str(b, "status", true, 32));
        ctx.put(Access.DETAIL_KEY, "status " + status.id());
        Future.fromCompletionStage(units.setStatus(id, status), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.succeeded()) {
                Responses.geojson(ctx, 200, UnitJson.feature(ar.result()));
            } else {
                Failures.send(ctx, ar.cause());
            }
        });
    }

    /**
     * {@code ?lon=&lat=[&crs=][&k=5][&kind=][&status=available][&maxDistance=metres]}: the k nearest
     * matching units with geodesic distance (m) and straight-line ETA (s) at the kind's
     * {@code dispatch.eta-speed}, within {@code maxDistance} metres: at most, and by default,
     * {@code api.queries.nearest-max-distance}; the answer says the radius searched
     * ({@code "maxDistance"}). Costs no more than a scan of the units, anywhere on the globe
     * ({@link MovingPointIndex#nearest}). Runs on the event loop when the search fits
     * {@link QueryPools#INLINE_WORK} (nearly always: it reads about as many cells as hold the answer),
     * else on the query pool.
     */
    void nearest(RoutingContext ctx) {
        Crs crs = Params.crs("crs", Params.string(ctx, "crs"));
        double lon = Params.lon("lon", Params.number("lon", Params.requiredString(ctx, "lon")));
        double lat = Params.lat("lat", Params.number("lat", Params.requiredString(ctx, "lat")));
        String kText = Params.string(ctx, "k");
        int k = kText == null ? 5 : Params.integer("k", kText, 1, MAX_K);
        String maxText = Params.string(ctx, "maxDistance");
        double max = nearestMaxMetres;
        if (maxText != null) {
            max = Params.number("maxDistance", maxText);
            if (max <= 0) {
                throw Problem.badField("maxDistance", "must be > 0 metres");
            }
            if (max > nearestMaxMetres) {
                throw Problem.badField("maxDistance", "is " + maxText + " metres; nearest units are searched within at most "
                        + Math.round(nearestMaxMetres) + " metres (api.queries.nearest-max-distance)");
            }
        }
        Set<UnitKind> kinds = Params.enumSet(ctx, "kind", UnitKind.class);
        Set<UnitStatus> statuses = Params.string(ctx, "status") == null ? Set.of(UnitStatus.AVAILABLE)
                : Params.enumSet(ctx, "status", UnitStatus.class);
        Scope scope = Scopes.of(ctx);
        LonLat at = crs.toWgs84(lon, lat);
        List<MovingPointIndex.Hit<UnitRecord>> hits = units.index().nearest(at.lon(), at.lat(), k, max,
                u -> inScope(scope, u) && statuses.contains(u.status()) && (kinds.isEmpty() || kinds.contains(u.unit().kind())),
                QueryPools.workBudget(ctx));
        if (hits == null) {
            throw QueryPools.overBudget(); // a dear search: again, on the query pool
        }
        // Encoded as UnitJson.feature(u) with distance and ETA added, from each unit's cached bytes.
        Buffer body = Buffer.buffer(256 + 512 * hits.size())
                .appendString("{\"type\":\"FeatureCollection\",\"maxDistance\":").appendString(Double.toString(max))
                .appendString(",\"numberReturned\":").appendString(Integer.toString(hits.size()))
                .appendString(",\"features\":[");
        for (int i = 0; i < hits.size(); i++) {
            MovingPointIndex.Hit<UnitRecord> h = hits.get(i);
            double speed = dispatch.etaSpeedMetresPerSecond(h.entry().value().unit().kind());
            if (i > 0) {
                body.appendString(",");
            }
            features.append(body, h.entry().value(), ",\"distance\":" + Math.round(h.metres() * 10) / 10.0
                    + ",\"etaSeconds\":" + Math.round(h.metres() / speed));
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.GEOJSON).end(body.appendString("]}"));
    }
}

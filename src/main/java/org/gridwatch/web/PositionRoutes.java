package org.gridwatch.web;

import org.gridwatch.codec.TimeFormat;
import org.gridwatch.codec.UnitJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.Principal;
import org.gridwatch.codec.OsmAndRequest;
import org.gridwatch.codec.PositionJson;
import org.gridwatch.codec.StrictJson;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.RejectReason;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.patrol.UnitStore;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;

/**
 * Positions in ({@code POST /api/v1/positions}, the OsmAnd protocol at {@code /osmand}) and
 * tracks out ({@code /units/{id}/track}, {@code /units/passed}). Thread-safe.
 *
 * <p>Every answer says what became of each fix: the batch route lists the rejected items with
 * their reasons; {@code /osmand} answers 200 only for a stored fix, 204 with
 * {@value #DROPPED_HEADER} for one dropped for good (a status Traccar Client takes as done, so it
 * moves on to its next fix instead of retrying forever; see {@link #osmand}) and 400 for a request
 * that is not a fix.
 */
final class PositionRoutes {
    /** Header of a 204 answer to {@code /osmand}: why the fix was dropped (a {@link RejectReason} id). */
    static final String DROPPED_HEADER = "X-GridWatch-Dropped";
    /** Largest body of an OsmAnd request, bytes: one fix, with room for a client's extras. */
    static final int OSMAND_MAX_BODY = 64 * 1024;

    private final PositionService positions;
    private final UnitStore store;
    private final int maxBatch;
    private final int maxPolygonVertices;
    private final int maxPositions;
    private final long passedMaxUnitHours;
    private final Clock clock;

    /**
     * @param maxPositions       most positions one track answer or one "who passed here" search reads
     * @param passedMaxUnitHours largest "who passed here" window times the units of the roster, unit-hours
     * @param clock              the receipt time of an OsmAnd fix that gives none
     */
    PositionRoutes(PositionService positions, UnitStore store, int maxBatch, int maxPolygonVertices, int maxPositions,
                   long passedMaxUnitHours, Clock clock) {
        this.positions = positions;
        this.store = store;
        this.maxBatch = maxBatch;
        this.maxPolygonVertices = maxPolygonVertices;
        this.maxPositions = maxPositions;
        this.passedMaxUnitHours = passedMaxUnitHours;
        this.clock = clock;
    }

    /**
     * A batch of positions, {@code {unit, lon, lat, time, speed?, heading?, accuracy?, crs?}} each, in
     * one of three bodies ({@link PositionJson} reads them all in one streaming pass):
     * <ul>
     *   <li>a JSON array of objects ({@code application/json});</li>
     *   <li>NDJSON, one object per line (any other JSON content type whose body does not start
     *       with {@code [});</li>
     *   <li>columnar ({@code Content-Type: }{@value PositionJson#COLUMNAR}): one object of parallel
     *       arrays {@code {"unit":[..],"lon":[..],"lat":[..],"time":[..]}} with optional
     *       {@code speed}, {@code heading}, {@code accuracy} arrays (null entries for unknown) and
     *       one optional {@code crs} for the whole body; position {@code i} is entry {@code i} of
     *       every array. The compact form for gateways: no key repeated per position.</li>
     * </ul>
     * 200 {@code {"accepted":n,"rejected":[{"index":i,"reason":..}]}}, sent only after the accepted
     * positions were committed. An item that cannot be read — not JSON (an NDJSON line), a
     * duplicate key, an unpaired surrogate, an entry of the wrong type (columnar) — is rejected as
     * {@code invalid}; the others still land. A body that is not well-formed UTF-8, an array or a
     * columnar object that is not well-formed JSON, a columnar body with a missing, unknown,
     * repeated or short column or an unknown {@code crs} is refused as a whole (400). Fix times must
     * lie in 2000-01-01T00:00:00Z … now + 5 min ({@code early_time}, {@code future_time} otherwise).
     */
    void post(RoutingContext ctx) {
        String body = Params.bodyText(ctx);
        if (body == null || body.isBlank()) {
            throw Problem.badField("body", "is empty; a JSON array, NDJSON or a columnar object of positions is required");
        }
        List<PositionReport> items;
        try {
            if (isColumnar(ctx.request().getHeader("Content-Type"))) {
                items = PositionJson.columnar(body);
            } else {
                String trimmed = body.strip();
                items = trimmed.startsWith("[") ? PositionJson.array(trimmed) : PositionJson.ndjson(trimmed);
            }
        } catch (StrictJson.MalformedJsonException e) {
            throw Problem.badField("body", e.getMessage());
        }
        if (items.size() > maxBatch) {
            throw Problem.badField("body", "has " + items.size() + " positions; at most " + maxBatch + " per request");
        }
        Principal sender = Access.principal(ctx);
        Scope scope = Scopes.of(ctx);
        List<PositionReport> batch = new ArrayList<>(items.size());
        // Reports the sender may not make are rejected here; the others go on, their indices kept.
        List<Integer> indexOf = new ArrayList<>(items.size());
        List<JsonObject> refused = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            PositionReport r = items.get(i);
            if (r.unit() != null && !permitted(sender, scope, r.unit())) {
                refused.add(new JsonObject().put("index", i).put("reason", RejectReason.NOT_PERMITTED.id()));
                continue;
            }
            batch.add(r);
            indexOf.add(i);
        }
        Future.fromCompletionStage(positions.ingest(batch), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                Failures.send(ctx, ar.cause());
                return;
            }
            List<JsonObject> all = new ArrayList<>(refused);
            for (PositionService.Rejected r : ar.result().rejected()) {
                all.add(new JsonObject().put("index", indexOf.get(r.index())).put("reason", r.reason().id()));
            }
            all.sort(java.util.Comparator.comparingInt(o -> o.getInteger("index")));
            Responses.json(ctx, 200, new JsonObject().put("accepted", ar.result().accepted())
                    .put("rejected", new JsonArray(new ArrayList<>(all))));
        });
    }

    /**
     * True when {@code sender} may report for {@code unitId}: a device for its own unit only; any
     * other sender for the units whose home township lies in its scope (an unknown unit passes, for
     * the pipeline to reject as unknown).
     */
    private boolean permitted(Principal sender, Scope scope, String unitId) {
        if (sender.kind() == Principal.Kind.DEVICE) {
            return unitId.equals(sender.unitId());
        }
        return positions.unit(unitId).map(u -> scope.includes(u.unit().homeTownshipCode())).orElse(true);
    }

    /** {@code application/vnd.gridwatch.positions+json}, parameters (e.g. a charset) allowed. */
    private static boolean isColumnar(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().equalsIgnoreCase(PositionJson.COLUMNAR);
    }

    /**
     * The OsmAnd protocol, in every form Traccar Client (Android, iOS, old and new) and the OsmAnd
     * app send it: parameters in the query string, a form body or both, or the JSON body of
     * Traccar Client 9; {@link OsmAndRequest} reads them (its Javadoc lists what is taken). The
     * unit is the one the request names, else the one the device key names. The answer says what
     * happened to the fix:
     * <ul>
     *   <li>200 {@code {"stored":true}}: stored and applied;</li>
     *   <li>204 with {@value #DROPPED_HEADER}{@code : <reason>}: understood but dropped for good —
     *       {@code duplicate}, {@code out_of_order}, {@code implausible_jump}, {@code early_time}
     *       (before 2000-01-01), {@code future_time} (over 5 min ahead), or {@code invalid} when the
     *       device itself marked the fix not valid ({@code valid=false}) and reports no alarm (an
     *       alarm goes through with the position the device has) — sending it again cannot change
     *       that;</li>
     *   <li>400 problem: the request is not a fix (a parameter missing, unreadable or out of range:
     *       the problem names it and says why) or names an unknown unit ({@code field: id}); 403
     *       not permitted; 413 a body over {@value #OSMAND_MAX_BODY} bytes; 503 the store could not
     *       take it (retry).</li>
     * </ul>
     * Why 204 and not a 4xx for a dropped fix: Traccar Client keeps its fixes in order and sends
     * the oldest until the server answers success — 2xx for its Android client, 200, 201 or 204 for
     * the newer one — and retries every other answer, every 30 s, without end. A 4xx for a fix that
     * will never be accepted would hold that device's whole track back forever; 204 lets it drop
     * the fix and go on, while still not claiming (as 200 would) that the fix was stored.
     */
    void osmand(RoutingContext ctx) {
        Principal sender = Access.principal(ctx);
        if (ctx.body() != null && ctx.body().length() > OSMAND_MAX_BODY) {
            // Read on the event loop: a fix is a few hundred bytes, so a body beyond a few is no fix.
            throw new Problem(413, "Payload too large", "body", "body: " + ctx.body().length() + " bytes; one OsmAnd fix"
                    + " (parameters or Traccar Client's JSON) takes at most " + OSMAND_MAX_BODY);
        }
        OsmAndRequest.Fix fix = OsmAndRequest.read(ctx.request().query(), Params.bodyText(ctx),
                ctx.request().getHeader("Content-Type"), clock.instant(),
                sender.kind() == Principal.Kind.DEVICE ? sender.unitId() : null);
        PositionReport r = fix.report();
        if (!permitted(sender, Scopes.of(ctx), r.unit())) {
            throw org.gridwatch.auth.AuthException.forbidden("id", "id: " + (sender.kind() == Principal.Kind.DEVICE
                    ? "this device reports for unit " + sender.unitId() + ", not " + r.unit()
                    : "unit " + r.unit() + " lies outside your jurisdiction"));
        }
        if (fix.markedInvalid() && r.telemetry().alarms().isEmpty()) {
            ctx.response().setStatusCode(204).putHeader(DROPPED_HEADER, RejectReason.INVALID.id()).end();
            return;
        }
        Future.fromCompletionStage(positions.ingest(List.of(r)), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                Failures.send(ctx, ar.cause());
                return;
            }
            if (ar.result().rejected().isEmpty()) {
                Responses.json(ctx, 200, new JsonObject().put("stored", true));
                return;
            }
            RejectReason why = ar.result().rejected().get(0).reason();
            if (why == RejectReason.INVALID || why == RejectReason.UNKNOWN_UNIT) {
                new Problem(400, "Position rejected", why == RejectReason.UNKNOWN_UNIT ? "id" : null,
                        (why == RejectReason.UNKNOWN_UNIT ? "id: " : "") + why.id() + " (" + why.label() + ")").send(ctx);
                return;
            }
            ctx.response().setStatusCode(204).putHeader(DROPPED_HEADER, why.id()).end();
        });
    }

    /**
     * {@code ?from=&to=} (both required): the unit's positions in time order as Point features. Reads
     * the store, on the store-read pool, within the query's budget: a window holding more than
     * {@code api.queries.max-positions} positions is refused (400 naming {@code to}), never cut.
     */
    void track(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        UnitRecord u = positions.unit(id).filter(x -> Scopes.of(ctx).includes(x.unit().homeTownshipCode()))
                .orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        Instant[] window = requiredWindow(ctx);
        List<Position> track;
        try {
            track = store.track(u.id(), window[0], window[1], QueryPools.budget(ctx).withMaxRows(maxPositions));
        } catch (ReadBudget.Exceeded e) {
            throw Problem.badField("to", "the window holds more than " + maxPositions + " positions of unit " + u.id()
                    + ", the most one answer carries (api.queries.max-positions); ask for a shorter window");
        }
        JsonArray features = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (Position p : track) {
            features.add(GeoJson.feature(null, Geo.point(p.lon(), p.lat()), new JsonObject().put("time", times.format(p.time()))
                    .put("speed", Double.isNaN(p.speed()) ? null : p.speed())
                    .put("heading", Double.isNaN(p.heading()) ? null : p.heading())));
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("unit", u.id())
                .put("numberReturned", features.size()).put("features", features));
    }

    /**
     * {@code ?polygon=&from=&to=}: units with at least one position inside the polygon in the window
     * ("who was near this place between 21:00 and 22:00"), with the first and last time inside,
     * in id order. Reads the store once (the positions inside the polygon's box, then the exact
     * polygon test here), on the store-read pool, within bounds: a window whose hours times the
     * units of the roster exceed {@code api.queries.passed-max-unit-hours} is refused (400 naming
     * {@code to}), and so is a search whose box holds more than {@code api.queries.max-positions}
     * positions in the window (400 naming {@code polygon}).
     */
    void passed(RoutingContext ctx) {
        Polygonal polygon = Params.polygon("polygon", Params.requiredString(ctx, "polygon"), maxPolygonVertices);
        Instant[] window = requiredWindow(ctx);
        int roster = Math.max(1, positions.units().size());
        double hours = java.time.Duration.between(window[0], window[1]).getSeconds() / 3600.0;
        if (hours * roster > passedMaxUnitHours) {
            throw Problem.badField("to", String.format(java.util.Locale.ROOT, "the window of %.1f h over the %d units of "
                    + "the roster is %.0f unit-hours; who passed here searches at most %d unit-hours "
                    + "(api.queries.passed-max-unit-hours), here a window of at most %.1f h; ask for a shorter window",
                    hours, roster, hours * roster, passedMaxUnitHours, (double) passedMaxUnitHours / roster));
        }
        Geometry g = (Geometry) polygon;
        List<Position> inBox;
        try {
            inBox = store.positionsIn(g.getEnvelopeInternal(), window[0], window[1],
                    QueryPools.budget(ctx).withMaxRows(maxPositions));
        } catch (ReadBudget.Exceeded e) {
            throw Problem.badField("polygon", "more than " + maxPositions + " positions lie in its bounding box in the "
                    + "window, the most one search reads (api.queries.max-positions); ask for a smaller polygon or a "
                    + "shorter window");
        }
        IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(g);
        // Unit id -> first and last time inside, in id order.
        java.util.SortedMap<String, Instant[]> seen = new java.util.TreeMap<>();
        for (Position p : inBox) {
            if (inside.locate(new Coordinate(p.lon(), p.lat())) != Location.EXTERIOR) {
                seen.merge(p.unitId(), new Instant[] {p.time(), p.time()}, (a, b) -> new Instant[] {
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        Scope scope = Scopes.of(ctx);
        JsonArray found = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (java.util.Map.Entry<String, Instant[]> e : seen.entrySet()) {
            UnitRecord u = positions.unit(e.getKey()).orElse(null);
            if (u == null || !scope.includes(u.unit().homeTownshipCode())) {
                continue;
            }
            JsonObject f = UnitJson.feature(u, times);
            f.getJsonObject("properties").put("firstInside", times.format(e.getValue()[0]))
                    .put("lastInside", times.format(e.getValue()[1]));
            found.add(f);
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection")
                .put("numberReturned", found.size()).put("features", found));
    }

    private static Instant[] requiredWindow(RoutingContext ctx) {
        Params.requiredString(ctx, "from");
        Params.requiredString(ctx, "to");
        return Params.timeWindow(ctx);
    }
}

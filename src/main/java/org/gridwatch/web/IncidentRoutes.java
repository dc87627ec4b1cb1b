package org.gridwatch.web;

import org.gridwatch.codec.IncidentJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.auth.Principal;
import org.gridwatch.incident.Actor;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.HandlingLevel;
import org.gridwatch.incident.IncidentService.Step;
import org.gridwatch.incident.Status;
import java.util.function.Predicate;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.geo.Geodesy;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;

/**
 * Incidents: report ({@code POST /incidents}), read one, query ({@code GET /incidents}) and change
 * status ({@code POST /incidents/{id}/transitions}). Thread-safe.
 */
final class IncidentRoutes {
    /** Largest radius of a radius query, metres. */
    static final double MAX_RADIUS_METRES = 200_000;
    /**
     * How far in the future a reportedAt may lie (clock skew of field devices); with
     * {@link Params#EARLIEST_EVENT} the documented range of report times, the same as for fixes.
     */
    static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final IncidentService service;
    private final DispatchService dispatch;
    private final IncidentIndex index;
    private final IncidentJson json;
    private final Clock clock;
    private final int defaultPage;
    private final int maxPage;
    private final int maxPolygonVertices;

    IncidentRoutes(IncidentService service, DispatchService dispatch, IncidentJson json, Clock clock, int defaultPage,
                   int maxPage, int maxPolygonVertices) {
        this.service = service;
        this.dispatch = dispatch;
        this.index = service.index();
        this.json = json;
        this.clock = clock;
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
        this.maxPolygonVertices = maxPolygonVertices;
    }

    /**
     * 201 with Location and the incident; 200 with the earlier one when source+externalId repeat, or
     * when the same principal sent this {@code Idempotency-Key} before (a retry of a report whose
     * answer was lost: never a second incident). {@code reportedAt} must lie in
     * 2000-01-01T00:00:00Z … now + {@link #MAX_FUTURE_SKEW} (default: when received; a time without
     * offset is the city's local time); {@code title} defaults to the category's label ("诈骗事件");
     * text fields hold no control characters (the description may hold line breaks and tabs).
     */
    void create(RoutingContext ctx) {
        String idempotency = idempotencyKey(ctx);
        JsonObject b = Params.bodyObject(ctx);
        Category category = Params.term("category", Category.class, Params.str(b, "category", true, 32));
        Source source = Params.term("source", Source.class, Params.str(b, "source", true, 32));
        Crs crs = Params.crs("crs", Params.str(b, "crs", false, 16));
        double lon = Params.lon("lon", Params.num(b, "lon"));
        double lat = Params.lat("lat", Params.num(b, "lat"));
        // Defaults: reported when received; titled by its category (a 110 call often has no title).
        Instant now = clock.instant();
        Instant reportedAt = Params.eventTime("reportedAt", Params.str(b, "reportedAt", false, 64), now, MAX_FUTURE_SKEW,
                Params.zone(ctx));
        if (reportedAt == null) {
            reportedAt = now;
        }
        String title = Params.str(b, "title", false, 200);
        if (title == null) {
            title = category.label() + "事件";
        } else if (title.isBlank()) {
            throw Problem.badField("title", "must not be blank (leave it out to title the report by its category)");
        }
        String description = Params.freeText(b, "description", false, 10_000);
        Integer severity = Params.optInt(b, "severity", Incident.MIN_SEVERITY, Incident.MAX_SEVERITY);
        String externalId = Params.str(b, "externalId", false, 128);
        Actor actor = actor(ctx);
        IncidentReport report = new IncidentReport(source, externalId, category, severity == null ? Severity.DEFAULT.level() : severity, lon, lat,
                crs, reportedAt, title.strip(), description == null ? "" : description, actor.name());
        Future.fromCompletionStage(service.report(Scopes.of(ctx), report, actor.id(), idempotency),
                        ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            Incident i = ar.result().incident();
            // The audit trail names the incident the report made (the route has no id to name it by).
            ctx.put(Access.DETAIL_KEY, ar.result().created() ? "incident " + i.id()
                    : "incident " + i.id() + " (reported before: same Idempotency-Key or externalId)");
            if (ar.result().created()) {
                ctx.response().putHeader("Location", "/api/v1/incidents/" + i.id());
            }
            Responses.geojson(ctx, ar.result().created() ? 201 : 200, json.in(Times.of(ctx)).feature(i, true));
        });
    }

    /** Longest {@code Idempotency-Key} accepted, characters. */
    static final int MAX_IDEMPOTENCY_KEY = 200;
    /** Work of encoding one incident of a page, in incidents read (for the inline budget). */
    private static final long ENCODING_WORK = 40;

    /**
     * The report's idempotency key: a hash of the principal and its {@code Idempotency-Key} header
     * (1 to 200 visible ASCII characters, one header), so keys of different clients never meet; null
     * without the header.
     */
    private static String idempotencyKey(RoutingContext ctx) {
        java.util.List<String> values = ctx.request().headers().getAll("Idempotency-Key");
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw Problem.badField("Idempotency-Key", "give one Idempotency-Key header, not " + values.size());
        }
        String v = values.get(0);
        if (v.isEmpty() || v.length() > MAX_IDEMPOTENCY_KEY || !v.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw Problem.badField("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " visible ASCII characters (e.g. a UUID)");
        }
        org.gridwatch.auth.Principal p = Access.principal(ctx);
        return org.gridwatch.auth.Secrets.sha256(p.kind().id() + ":" + p.id() + "\n" + v);
    }

    void get(RoutingContext ctx) {
        long id = id(ctx);
        Scope scope = Scopes.of(ctx);
        Incident i = index.get(id).filter(x -> scope.includes(x.gridCode()))
                .orElseThrow(() -> Problem.notFound("no incident " + id));
        Responses.geojson(ctx, 200, json.in(Times.of(ctx)).feature(i, true));
    }

    /**
     * {@code ?bbox= | polygon= | lon=&lat=&radius=} plus {@code from, to, category, status, source,
     * limit, cursor, count=true}. Newest first. With {@code count=true} only {@code {"count":n}}.
     * Runs on the event loop when it reads and encodes little (a radius count reads a few hundred
     * incidents: {@link IncidentIndex#work}), else on a worker.
     */
    void list(RoutingContext ctx) {
        long budget = QueryPools.workBudget(ctx);
        if (budget != Long.MAX_VALUE && ctx.request().getParam("polygon") != null) {
            throw QueryPools.overBudget(); // a polygon of up to api.max-polygon-vertices is read on a worker
        }
        int limit = Params.limit(ctx, defaultPage, maxPage);
        String cursorText = Params.string(ctx, "cursor");
        IncidentQuery.Cursor cursor = null;
        if (cursorText != null) {
            try {
                cursor = IncidentQuery.Cursor.decode(cursorText);
            } catch (IllegalArgumentException e) {
                throw Problem.badField("cursor", "is not a cursor from a previous page");
            }
        }
        String countText = Params.string(ctx, "count");
        if (countText != null && !countText.equals("true") && !countText.equals("false")) {
            throw Problem.badField("count", "must be true or false");
        }
        IncidentQuery q = query(ctx, cursor, limit);
        boolean count = "true".equals(countText);
        if (budget != Long.MAX_VALUE) {
            long encoding = count ? 0 : (long) limit * ENCODING_WORK;
            if (encoding >= budget || index.work(q, budget - encoding) > budget - encoding) {
                throw QueryPools.overBudget(); // many incidents to read, or a long page to encode: on a worker
            }
        }
        if (count) {
            Responses.json(ctx, 200, new JsonObject().put("count", index.count(q)));
            return;
        }
        IncidentIndex.Page page = index.query(q);
        JsonArray features = new JsonArray();
        for (Incident i : page.items()) {
            features.add(json.in(Times.of(ctx)).feature(i, false));
        }
        JsonObject fc = new JsonObject().put("type", "FeatureCollection").put("numberReturned", features.size())
                .put("features", features);
        if (page.next() != null) {
            Links.next(ctx, fc, page.next().encode());
        }
        Responses.geojson(ctx, 200, fc);
    }

    /** The query of {@code GET /api/v1/incidents}: its spatial, time and term filters, in the request's scope. */
    private IncidentQuery query(RoutingContext ctx, IncidentQuery.Cursor cursor, int limit) {
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        Polygonal polygon = Params.polygon("polygon", Params.string(ctx, "polygon"), maxPolygonVertices);
        IncidentQuery.Circle circle = null;
        String radiusText = Params.string(ctx, "radius");
        String lonText = Params.string(ctx, "lon");
        String latText = Params.string(ctx, "lat");
        if (radiusText != null || lonText != null || latText != null) {
            if (radiusText == null) {
                throw Problem.badField("radius", "is required with lon and lat (metres)");
            }
            double radius = Params.number("radius", radiusText);
            if (radius <= 0 || radius > MAX_RADIUS_METRES) {
                throw Problem.badField("radius", "must be > 0 and ≤ " + (long) MAX_RADIUS_METRES + " metres, got " + radius);
            }
            Crs crs = Params.crs("crs", Params.string(ctx, "crs"));
            double lon = Params.lon("lon", Params.number("lon", Params.requiredString(ctx, "lon")));
            double lat = Params.lat("lat", Params.number("lat", Params.requiredString(ctx, "lat")));
            var wgs = crs.toWgs84(lon, lat);
            circle = new IncidentQuery.Circle(wgs.lon(), wgs.lat(), radius);
        }
        int spatial = (bbox != null ? 1 : 0) + (polygon != null ? 1 : 0) + (circle != null ? 1 : 0);
        if (spatial > 1) {
            throw Problem.badField("bbox", "give at most one of bbox, polygon and lon/lat/radius");
        }
        Instant[] window = Params.timeWindow(ctx);
        Set<Category> categories = Params.enumSet(ctx, "category", Category.class);
        Set<Status> statuses = Params.enumSet(ctx, "status", Status.class);
        Set<Source> sources = Params.enumSet(ctx, "source", Source.class);
        return new IncidentQuery(Scopes.of(ctx), bbox, polygon, circle, window[0], window[1], categories,
                statuses, sources, cursor, limit);
    }

    /**
     * The export of {@code GET /api/v1/incidents?format=}: the incidents layer with the route's filters
     * (bbox and the time window as the layer's own, the polygon, the circle and the terms as an exact
     * filter), so the file holds what every page of the list would, in the same order.
     */
    ExportRoutes.Source export(RoutingContext ctx, FeatureLayer layer) {
        IncidentQuery q = query(ctx, null, 1);
        Predicate<Feature> terms = ExportRoutes.oneOf("category", ExportRoutes.ids(q.categories()))
                .and(ExportRoutes.oneOf("status", ExportRoutes.ids(q.statuses())))
                .and(ExportRoutes.oneOf("source", ExportRoutes.ids(q.sources())));
        IndexedPointInAreaLocator polygon = q.polygon() == null ? null : new IndexedPointInAreaLocator((Geometry) q.polygon());
        IncidentQuery.Circle circle = q.circle();
        Predicate<Feature> filter = f -> {
            if (!terms.test(f)) {
                return false;
            }
            Coordinate c = f.geometry().getCoordinate();
            if (polygon != null && polygon.locate(c) == Location.EXTERIOR) {
                return false;
            }
            return circle == null || Geodesy.withinDistance(circle.lon(), circle.lat(), c.x, c.y, circle.radiusMetres());
        };
        Envelope hint = polygon != null ? ((Geometry) q.polygon()).getEnvelopeInternal()
                : circle != null ? Geodesy.envelopeAround(circle.lon(), circle.lat(), circle.radiusMetres()) : null;
        // The route's window ends before 'to'; a feature query's ends at it.
        Instant to = q.to() == null ? null : q.to().minusMillis(1);
        return ExportRoutes.Source.of(layer, new FeatureQuery(q.scope(), q.bbox(), q.from(), to, filter, hint, null));
    }

    /**
     * Body {@code {"to":"accepted","note":"...","rating":5}} ({@code "into": id} with
     * {@code "to":"merged"}): 200, 404, or 409 if the workflow forbids it. The actor recorded is the
     * authenticated principal (an {@code actor} in the body is ignored).
     */
    void transition(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        Status to = Params.term("to", Status.class, Params.str(b, "to", true, 32));
        String note = Params.freeText(b, "note", false, 2_000);
        Integer rating = Params.optInt(b, "rating", 1, 5);
        Long into = optId(b, "into");
        if (into != null && to != Status.MERGED) {
            throw Problem.badField("into", "is given only with \"to\":\"merged\"");
        }
        ctx.put(Access.DETAIL_KEY, "to " + to.id() + (into != null ? " into " + into : ""));
        Step step = to == Status.MERGED
                ? new Step(to, CaseAction.MERGE, note, rating, null, into == null ? null : into.toString(), null)
                : Step.status(to, note, rating, null);
        answer(ctx, service.record(Scopes.of(ctx), id, step, actor(ctx)));
    }

    /**
     * Body {@code {"unit":"U000123","role":"lead"|"support"}}: sends the unit (available, in scope)
     * to the incident as the authenticated principal: the lead unit to an accepted case (or a
     * handled one sent back), a supporting one to a case with units on it; without {@code role},
     * the lead when the case has none. 200 with the incident, 404, or 409.
     */
    void dispatch(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        String unit = Params.str(b, "unit", true, 64);
        String role = Params.str(b, "role", false, 16);
        if (role != null && !role.equals("lead") && !role.equals("support")) {
            throw Problem.badField("role", "must be lead or support, got '" + role + "'");
        }
        ctx.put(Access.DETAIL_KEY, "unit " + unit + (role != null ? " as " + role : ""));
        answer(ctx, dispatch.dispatch(Scopes.of(ctx), id, unit, role == null ? null : role.equals("lead"), actor(ctx)));
    }

    /** Body {@code {"from":"U1","unit":"U2","note":"…"}}: U2 replaces U1 on the case (改派); 200, 404 or 409. */
    void reassign(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        String from = Params.str(b, "from", true, 64);
        String unit = Params.str(b, "unit", true, 64);
        String note = Params.freeText(b, "note", false, 2_000);
        ctx.put(Access.DETAIL_KEY, "unit " + from + " -> " + unit);
        answer(ctx, dispatch.reassign(Scopes.of(ctx), id, from, unit, note, actor(ctx)));
    }

    /** Body {@code {"unit":"U1","note":"…"}}: the unit called back from the case (撤回); 200, 404 or 409. */
    void recall(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        String unit = Params.str(b, "unit", true, 64);
        String note = Params.freeText(b, "note", false, 2_000);
        ctx.put(Access.DETAIL_KEY, "unit " + unit);
        answer(ctx, dispatch.recall(Scopes.of(ctx), id, unit, note, actor(ctx)));
    }

    /**
     * Body {@code {"due":"2026-12-03T18:00","note":"…"}} (督办): the case flagged with a deadline in
     * the future (a date alone: through that local day) and the instruction; 200, 404 or 409.
     */
    void supervise(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        String dueText = Params.str(b, "due", true, 40);
        Instant due = Params.through("due", dueText, Params.zone(ctx));
        if (!due.isAfter(clock.instant())) {
            throw Problem.badField("due", "must lie in the future, got " + due);
        }
        String note = Params.freeText(b, "note", true, 2_000);
        ctx.put(Access.DETAIL_KEY, "due " + due);
        answer(ctx, service.record(Scopes.of(ctx), id, new Step(null, CaseAction.SUPERVISE, note, null, null, null, due),
                actor(ctx)));
    }

    /**
     * Body {@code {"level":"township","note":"reason"}} (流转): the case moved to another handling
     * level, with the reason; 200, 404, or 409 when it is there already or finished.
     */
    void transfer(RoutingContext ctx) {
        long id = id(ctx);
        JsonObject b = Params.bodyObject(ctx);
        HandlingLevel level = Params.term("level", HandlingLevel.class, Params.str(b, "level", true, 16));
        String note = Params.freeText(b, "note", true, 2_000);
        ctx.put(Access.DETAIL_KEY, "to " + level.id());
        answer(ctx, service.transfer(Scopes.of(ctx), id, level, note, actor(ctx)));
    }

    private static Long optId(JsonObject b, String field) {
        Object v = b.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
            throw Problem.badField(field, "must be an incident id (a positive integer)");
        }
        return n.longValue();
    }

    /** Answers the incident a write completes with, with its history (or the failure). */
    private void answer(RoutingContext ctx, java.util.concurrent.CompletionStage<Incident> write) {
        Future.fromCompletionStage(write, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
            } else {
                Responses.geojson(ctx, 200, json.in(Times.of(ctx)).feature(ar.result(), true));
            }
        });
    }

    /** The authenticated principal as the actor of a change. */
    static Actor actor(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        return new Actor(p.id(), p.name());
    }

    private static long id(RoutingContext ctx) {
        String text = ctx.pathParam("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem below
        }
        throw Problem.badField("id", "must be a positive integer, got '" + text + "'");
    }

    private static void fail(RoutingContext ctx, Throwable cause) {
        Failures.send(ctx, cause);
    }
}

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
import org.gridwatch.dispatch.DispatchPolicy;
import org.gridwatch.geo.Crs;
import org.gridwatch.auth.Terminals;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
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
    private final IncidentIndex incidents;
    private final DispatchPolicy policy;
    /** True for a unit guarding a school post in its open duty window: never offered. */
    private final Predicate<String> onPostDuty;
    private final org.gridwatch.auth.Accounts accounts;
    private final Terminals terminals;

    /**
     * @param nearestMaxMetres largest search radius of {@link #nearest}, and its default, metres
     */
    UnitRoutes(PositionService units, AreaHierarchy areas, GridWatchConfig.Dispatch dispatch, double nearestMaxMetres,
               IncidentIndex incidents, DispatchPolicy policy, Predicate<String> onPostDuty,
               org.gridwatch.auth.Accounts accounts, Terminals terminals) {
        this.accounts = accounts;
        this.terminals = terminals;
        this.units = units;
        this.areas = areas;
        this.dispatch = dispatch;
        this.nearestMaxMetres = nearestMaxMetres;
        this.incidents = incidents;
        this.policy = policy;
        this.onPostDuty = onPostDuty;
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
        found.stream().sorted(Comparator.comparing(UnitRecord::id)).forEach(u -> features.add(feature(u, Times.of(ctx))));
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection")
                .put("numberReturned", features.size()).put("features", features));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        UnitRecord u = units.unit(id).filter(x -> inScope(Scopes.of(ctx), x))
                .orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        Responses.geojson(ctx, 200, feature(u, Times.of(ctx)));
    }

    /** The unit's feature with its terminal ({@code terminalId}, {@code terminalCrs}) when one is bound. */
    private JsonObject feature(UnitRecord u, org.gridwatch.codec.TimeFormat t) {
        JsonObject f = UnitJson.feature(u, t);
        terminals.ofUnit(u.id()).ifPresent(d -> f.getJsonObject("properties").put("terminalId", d.terminalId())
                .put("terminalCrs", d.crs().id()));
        return f;
    }

    /** The body's {@code terminalId} (null: none given) and {@code terminalCrs} (default wgs84), checked. */
    private record Binding(boolean given, String terminalId, Crs crs) {
    }

    private static Binding binding(JsonObject b) {
        boolean given = b.containsKey("terminalId");
        String terminal = given && b.getValue("terminalId") != null ? Params.str(b, "terminalId", false, 64) : null;
        if (terminal != null && !terminal.strip().matches("[0-9A-Za-z_.:-]{1,64}")) {
            throw Problem.badField("terminalId", "may hold only letters, digits, '_', '.', ':' and '-' (a JT/T 808 "
                    + "phone number, a Traccar device id)");
        }
        String crsText = Params.str(b, "terminalCrs", false, 16);
        if (crsText != null && !given) {
            throw Problem.badField("terminalCrs", "is the coordinate system of a terminal; give terminalId with it");
        }
        return new Binding(given, terminal == null ? null : terminal.strip(),
                crsText == null ? Crs.WGS84 : Params.crs("terminalCrs", crsText));
    }

    /**
     * Binds the terminal of {@code b} to unit {@code id} (blocking: a worker), then answers the unit
     * with {@code status}; the binding is told to the terminal directory at once.
     */
    private void bindThenAnswer(RoutingContext ctx, String id, Binding b, int status) {
        if (b.given()) {
            accounts.bindTerminal(id, b.terminalId(), b.crs());
            terminals.refresh();
        }
        UnitRecord now = units.unit(id).orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        Responses.geojson(ctx, status, feature(now, Times.of(ctx)));
    }

    /** 409 naming {@code terminalId} when the terminal is bound to another unit. */
    private void checkFree(Binding b, String unitId) {
        if (b.terminalId() != null) {
            terminals.byTerminal(b.terminalId()).filter(d -> !d.unitId().equals(unitId)).ifPresent(d -> {
                throw new Problem(409, "Terminal bound elsewhere", "terminalId", "terminalId: terminal " + b.terminalId()
                        + " is bound to unit " + d.unitId() + "; unbind it there first");
            });
        }
    }

    /**
     * Body {@code {"id","callSign","kind","agency","homeTownshipCode","terminalId"?,"terminalCrs"?}}:
     * 201, or 409 when the id exists or the terminal is bound to another unit. Runs on a worker (a
     * terminal binding is a store write).
     */
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
        Binding terminal = binding(b);
        checkFree(terminal, id);
        Unit unit = new Unit(id, callSign, kind, agency, home.parentCode(), home.code(), false);
        ctx.put(Access.DETAIL_KEY, "unit " + id + (terminal.terminalId() == null ? "" : ", terminal " + terminal.terminalId()));
        Future.fromCompletionStage(units.add(unit), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                Failures.send(ctx, ar.cause());
                return;
            }
            ctx.response().putHeader("Location", "/api/v1/units/" + id);
            blocking(ctx, () -> bindThenAnswer(ctx, id, terminal, 201));
        });
    }

    /** Runs {@code work} on a worker, any failure answered as a problem. */
    private static void blocking(RoutingContext ctx, Runnable work) {
        ctx.vertx().executeBlocking(() -> {
            work.run();
            return null;
        }, false).onFailure(e -> Failures.send(ctx, e));
    }

    /**
     * Body {@code {"status":"available|busy|off_duty"?, "terminalId":"…"|null?, "terminalCrs":"wgs84|gcj02|bd09"?}},
     * at least one: the unit's duty status, and its terminal (null unbinds it; see
     * {@link org.gridwatch.auth.Accounts#bindTerminal}). 409 naming {@code terminalId} when the
     * terminal is bound to another unit. Runs on a worker.
     */
    void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        units.unit(id).filter(x -> inScope(Scopes.of(ctx), x)).orElseThrow(() -> Problem.notFound("no unit '" + id + "'"));
        JsonObject b = Params.bodyObject(ctx);
        Binding terminal = binding(b);
        String statusText = Params.str(b, "status", false, 32);
        if (statusText == null && !terminal.given()) {
            throw Problem.badField("status", "is required (or terminalId): available, busy or off_duty");
        }
        UnitStatus status = statusText == null ? null : Params.term("status", UnitStatus.class, statusText);
        checkFree(terminal, id);
        ctx.put(Access.DETAIL_KEY, (status == null ? "" : "status " + status.id())
                + (terminal.given() ? (status == null ? "" : ", ") + "terminal " + terminal.terminalId() : ""));
        if (status == null) {
            bindThenAnswer(ctx, id, terminal, 200);
            return;
        }
        Future.fromCompletionStage(units.setStatus(id, status), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (ar.failed()) {
                Failures.send(ctx, ar.cause());
                return;
            }
            blocking(ctx, () -> bindThenAnswer(ctx, id, terminal, 200));
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
        String forText = Params.string(ctx, "for");
        // With for=, the place defaults to the incident's (given: null).
        LonLat given = forText != null && Params.string(ctx, "lon") == null ? null
                : crs.toWgs84(Params.lon("lon", Params.number("lon", Params.requiredString(ctx, "lon"))),
                        Params.lat("lat", Params.number("lat", Params.requiredString(ctx, "lat"))));
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
        Incident incident = null;
        if (forText != null) {
            long id = Params.positiveLong("for", forText);
            incident = incidents.get(id).filter(i -> scope.includes(i.gridCode()))
                    .orElseThrow(() -> Problem.notFound("for: no incident " + id + " in your jurisdiction"));
            if (!kinds.isEmpty()) {
                throw Problem.badField("kind", "is chosen by the dispatch policy when for= names an incident");
            }
        }
        LonLat at = given != null ? given : new LonLat(incident.lon(), incident.lat());
        Predicate<UnitRecord> eligible = u -> inScope(scope, u) && statuses.contains(u.status())
                && !onPostDuty.test(u.id());
        DispatchPolicy.Rule rule = incident == null ? null : policy.ruleFor(incident.category(), incident.grade());
        List<Offer> offers = rule == null ? offers(at, k, max, u -> eligible.test(u)
                && (kinds.isEmpty() || kinds.contains(u.unit().kind())), QueryPools.workBudget(ctx))
                : offers(at, k, max, eligible, rule, QueryPools.workBudget(ctx));
        // Encoded as UnitJson.feature(u) with distance and ETA added, from each unit's cached bytes.
        Buffer body = Buffer.buffer(256 + 512 * offers.size())
                .appendString("{\"type\":\"FeatureCollection\",\"maxDistance\":").appendString(Double.toString(max))
                .appendString(",\"numberReturned\":").appendString(Integer.toString(offers.size()));
        if (rule != null) {
            body.appendString(",\"for\":").appendString(Long.toString(incident.id())).appendString(",\"policy\":")
                    .appendString(policyJson(rule).encode());
        }
        body.appendString(",\"features\":[");
        for (int i = 0; i < offers.size(); i++) {
            Offer o = offers.get(i);
            if (i > 0) {
                body.appendString(",");
            }
            features.append(body, o.hit().entry().value(), ",\"distance\":" + Math.round(o.hit().metres() * 10) / 10.0
                    + ",\"etaSeconds\":" + Math.round(o.etaSeconds())
                    + (o.role() == null ? "" : ",\"role\":\"" + o.role().id() + "\""), Times.of(ctx));
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.GEOJSON).end(body.appendString("]}"));
    }

    /** A unit offered: the search hit, its ETA (s) and, for an incident's policy, its role. */
    private record Offer(MovingPointIndex.Hit<UnitRecord> hit, double etaSeconds, DispatchPolicy.Role role,
                         int preference) {
    }

    private double eta(MovingPointIndex.Hit<UnitRecord> h) {
        return h.metres() / dispatch.etaSpeedMetresPerSecond(h.entry().value().unit().kind());
    }

    /** The k nearest eligible units, nearest first. */
    private List<Offer> offers(LonLat at, int k, double max, Predicate<UnitRecord> eligible, long budget) {
        List<MovingPointIndex.Hit<UnitRecord>> hits = units.index().nearest(at.lon(), at.lat(), k, max, eligible, budget);
        if (hits == null) {
            throw QueryPools.overBudget(); // a dear search: again, on the query pool
        }
        return hits.stream().map(h -> new Offer(h, eta(h), null, 0)).toList();
    }

    /**
     * The k units an incident's rule offers: lead units first, then support units, each group by
     * ETA (kinds move at different speeds, so each kind is searched on its own, nearest first =
     * soonest first within a kind), ties by the rule's preference.
     */
    private List<Offer> offers(LonLat at, int k, double max, Predicate<UnitRecord> eligible, DispatchPolicy.Rule rule,
                               long budget) {
        List<UnitKind> kinds = rule.offered();
        long each = Math.max(1, budget / kinds.size());
        List<Offer> all = new java.util.ArrayList<>();
        for (int p = 0; p < kinds.size(); p++) {
            UnitKind kind = kinds.get(p);
            List<MovingPointIndex.Hit<UnitRecord>> hits = units.index().nearest(at.lon(), at.lat(), k, max,
                    u -> u.unit().kind() == kind && eligible.test(u), each);
            if (hits == null) {
                throw QueryPools.overBudget();
            }
            for (MovingPointIndex.Hit<UnitRecord> h : hits) {
                all.add(new Offer(h, eta(h), rule.role(kind), p));
            }
        }
        all.sort(Comparator.comparing(Offer::role).thenComparingDouble(Offer::etaSeconds)
                .thenComparingInt(Offer::preference));
        return all.size() > k ? all.subList(0, k) : all;
    }

    private static JsonObject policyJson(DispatchPolicy.Rule r) {
        JsonArray lead = new JsonArray();
        r.lead().forEach(k -> lead.add(k.id()));
        JsonArray support = new JsonArray();
        r.support().forEach(k -> support.add(k.id()));
        return new JsonObject().put("lead", lead).put("support", support).put("leadUnits", r.leadUnits())
                .put("supportUnits", r.supportUnits());
    }

    /** The export of {@code GET /api/v1/units?format=}: the units layer (units with a position) with the route's filters. */
    static ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        Envelope bbox = Params.bbox("bbox", Params.string(ctx, "bbox"));
        return ExportRoutes.Source.of(layer, Scopes.of(ctx), bbox,
                ExportRoutes.oneOf("kind", ExportRoutes.ids(Params.enumSet(ctx, "kind", UnitKind.class)))
                        .and(ExportRoutes.oneOf("status", ExportRoutes.ids(Params.enumSet(ctx, "status", UnitStatus.class)))));
    }
}

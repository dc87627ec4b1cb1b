package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.gridwatch.codec.TimeFormat;
import org.gridwatch.post.DutyState;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.PostStatus;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;

/**
 * School-guard posts (护学岗): {@code GET /api/v1/posts?county=&state=} — each post's current duty
 * status as GeoJSON points at the gate — and {@code GET /api/v1/posts/stats?day=} — the day's
 * on-post rate per county and city. Thread-safe.
 */
final class PostRoutes {
    private final PostDutyMonitor posts;
    private final AreaHierarchy areas;
    private final Clock clock;

    PostRoutes(PostDutyMonitor posts, AreaHierarchy areas, Clock clock) {
        this.posts = posts;
        this.areas = areas;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        java.time.ZoneId zone = Params.zone(ctx);
        String county = county(ctx, areas);
        String stateText = Params.string(ctx, "state");
        DutyState state = stateText == null ? null : Params.term("state", DutyState.class, stateText);
        JsonArray features = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (PostStatus s : posts.statuses()) {
            if (scope.includes(s.gridCode()) && (county == null || county.equals(s.countyCode()))
                    && (state == null || state == s.state())) {
                features.add(GeoJson.feature(s.postId(), Geo.point(s.lon(), s.lat()), new JsonObject()
                        .put("id", s.postId()).put("name", s.name()).put("countyCode", s.countyCode())
                        .put("gridCode", s.gridCode()).put("state", s.state().id()).put("stateLabel", s.state().label())
                        .put("present", s.present()).put("required", s.required())
                        .put("windowStart", times.format(s.windowStart())).put("windowEnd", times.format(s.windowEnd()))
                        .put("late", s.late()).put("alerted", s.alerted())));
            }
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("numberReturned", features.size())
                .put("features", features));
    }

    void stats(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        Instant now = clock.instant();
        LocalDate day = Params.day(ctx, "day", LocalDate.ofInstant(now, Params.zone(ctx)));
        JsonArray rows = new JsonArray();
        var rates = posts.onPostRate(day);
        if (rates.isEmpty()) {
            throw Problem.notFound("day: no duty records for " + day + " (kept: the last " + PostDutyMonitor.RETAIN_DAYS
                    + " days since start-up)");
        }
        for (PostDutyMonitor.PostRate r : rates) {
            if (scope.includes(r.area().code())) {
                rows.add(new JsonObject().put("code", r.area().code()).put("name", r.area().name())
                        .put("windows", r.windows()).put("decided", r.decided()).put("onTime", r.onTime())
                        .put("late", r.late()).put("understaffed", r.understaffed()).put("missed", r.missed())
                        .put("rate", r.decided() == 0 ? null : round(r.rate())));
            }
        }
        Responses.json(ctx, 200, new JsonObject().put("day", day.toString()).put("graceMinutes", posts.grace().toMinutes())
                .put("at", Times.of(ctx).format(now)).put("areas", rows));
    }

    /** The optional {@code county} filter: a known county code. */
    static String county(RoutingContext ctx, AreaHierarchy areas) {
        String code = Params.string(ctx, "county");
        if (code != null && areas.find(code).map(AdminArea::level).orElse(null) != AdminLevel.COUNTY) {
            throw Problem.badField("county", "unknown county code '" + code + "'");
        }
        return code;
    }

    static double round(double rate) {
        return Math.round(rate * 10_000) / 10_000.0;
    }

    /** The export of {@code GET /api/v1/posts?format=}: the posts layer with the route's {@code county} and {@code state}. */
    ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        String county = county(ctx, areas);
        String stateText = Params.string(ctx, "state");
        DutyState state = stateText == null ? null : Params.term("state", DutyState.class, stateText);
        return ExportRoutes.Source.of(layer, Scopes.of(ctx), null,
                ExportRoutes.oneOf("countyCode", county == null ? java.util.Set.of() : java.util.Set.of(county))
                        .and(ExportRoutes.oneOf("state", state == null ? java.util.Set.of() : java.util.Set.of(state.id()))));
    }
}

package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.gridwatch.codec.TimeFormat;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.KeyPlaceStatus;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;

/**
 * {@code GET /api/v1/key-places?county=&day=}: key places (重点部位) with their live status as
 * GeoJSON points, and 见警率 per county and city — live (places in a key period not overdue) and
 * for the day (seen patrol slots / completed slots). Thread-safe.
 */
final class KeyPlaceRoutes {
    private final KeyPlaceMonitor places;
    private final AreaHierarchy areas;
    private final Clock clock;

    KeyPlaceRoutes(KeyPlaceMonitor places, AreaHierarchy areas, Clock clock) {
        this.places = places;
        this.areas = areas;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        Scope scope = Scopes.of(ctx);
        java.time.ZoneId zone = Params.zone(ctx);
        String county = PostRoutes.county(ctx, areas);
        Instant now = clock.instant();
        LocalDate day = Params.day(ctx, "day", LocalDate.ofInstant(now, zone));
        List<KeyPlaceMonitor.VisibilityRate> daily = places.visibilityRate(day, now);
        if (daily.isEmpty()) {
            throw Problem.notFound("day: no patrol records for " + day + " (kept: the last " + KeyPlaceMonitor.RETAIN_DAYS
                    + " days since start-up)");
        }
        JsonArray features = new JsonArray();
        TimeFormat times = Times.of(ctx);
        for (KeyPlaceStatus s : places.statuses()) {
            if (scope.includes(s.gridCode()) && (county == null || county.equals(s.countyCode()))) {
                features.add(GeoJson.feature(s.placeId(), Geo.point(s.lon(), s.lat()), new JsonObject()
                        .put("id", s.placeId()).put("name", s.name()).put("kind", s.kind().id())
                        .put("kindLabel", s.kind().label()).put("countyCode", s.countyCode()).put("gridCode", s.gridCode())
                        .put("intervalMinutes", s.intervalMinutes()).put("inPeriod", s.inPeriod())
                        .put("periodStart", times.format(s.periodStart())).put("periodEnd", times.format(s.periodEnd()))
                        .put("lastVisit", times.format(s.lastVisit()))
                        .put("dueBy", times.format(s.dueBy())).put("overdue", s.overdue())));
            }
        }
        List<KeyPlaceMonitor.CurrentVisibility> current = places.currentVisibility();
        JsonArray rows = new JsonArray();
        for (int i = 0; i < daily.size(); i++) {
            KeyPlaceMonitor.VisibilityRate d = daily.get(i);
            KeyPlaceMonitor.CurrentVisibility c = current.get(i); // same area order
            if (scope.includes(d.area().code())) {
                rows.add(new JsonObject().put("code", d.area().code()).put("name", d.area().name())
                        .put("inPeriod", c.inPeriod()).put("inTime", c.inTime())
                        .put("currentRate", c.inPeriod() == 0 ? null : PostRoutes.round(c.rate()))
                        .put("slots", d.slots()).put("seen", d.seen())
                        .put("rate", d.slots() == 0 ? null : PostRoutes.round(d.rate())));
            }
        }
        Responses.geojson(ctx, 200, new JsonObject().put("type", "FeatureCollection").put("numberReturned", features.size())
                .put("features", features).put("visibility", new JsonObject().put("day", day.toString())
                        .put("at", times.format(now)).put("areas", rows)));
    }

    /**
     * The export of {@code GET /api/v1/key-places?format=}: the key-places layer with the route's {@code county}
     * ({@code day} names the visibility figures, which an export does not carry: refused with {@code format}).
     */
    ExportRoutes.Source export(RoutingContext ctx, org.gridwatch.feature.FeatureLayer layer) {
        String county = PostRoutes.county(ctx, areas);
        return ExportRoutes.Source.of(layer, Scopes.of(ctx), null,
                ExportRoutes.oneOf("countyCode", county == null ? java.util.Set.of() : java.util.Set.of(county)));
    }
}

package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gridwatch.casework.CaseStep;
import org.gridwatch.casework.TimeLimits;
import org.gridwatch.casework.WorkingDays;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.incident.HandlingLevel;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Transition;

/**
 * GeoJSON views of incidents, shared by the REST API and {@code /live}. Thread-safe (reads an
 * immutable hierarchy).
 */
public final class IncidentJson {
    private final AreaHierarchy areas;
    private final TimeLimits limits;
    private final WorkingDays calendar;
    private final TimeFormat times;

    /**
     * Times in UTC.
     *
     * @param limits   the time limits each answer's {@code deadlines} come from
     * @param calendar the working days of limits in working days
     */
    public IncidentJson(AreaHierarchy areas, TimeLimits limits, WorkingDays calendar) {
        this(areas, limits, calendar, TimeFormat.UTC);
    }

    private IncidentJson(AreaHierarchy areas, TimeLimits limits, WorkingDays calendar, TimeFormat times) {
        this.areas = areas;
        this.limits = limits;
        this.calendar = calendar;
        this.times = times;
    }

    /** These views with times as {@code t} writes them. */
    public IncidentJson in(TimeFormat t) {
        return t == times ? this : new IncidentJson(areas, limits, calendar, t);
    }

    /** A Feature: WGS84 point geometry, every attribute and, if asked, the history. */
    public JsonObject feature(Incident i, boolean withHistory) {
        JsonObject p = properties(i);
        if (withHistory) {
            JsonArray h = new JsonArray();
            for (Transition t : i.history()) {
                h.add(new JsonObject().put("from", t.from() == null ? null : t.from().id()).put("to", t.to().id())
                        .put("toLabel", t.to().label())
                        .put("action", t.action().id()).put("actionLabel", t.action().label())
                        .put("actor", t.actor()).put("actorId", t.actorId())
                        .put("at", times.format(t.at()))
                        .put("note", t.note()).put("unit", t.unitId()).put("target", t.target())
                        .put("due", t.due() == null ? null : times.format(t.due())));
            }
            p.put("history", h);
        }
        return GeoJson.feature(i.id(), Geo.point(i.lon(), i.lat()), p);
    }

    /**
     * The flat form of {@code /live} items: the Feature's properties (without the history) plus
     * {@code lon} and {@code lat} (WGS84 degrees).
     */
    public JsonObject flat(Incident i) {
        return properties(i).put("lon", i.lon()).put("lat", i.lat());
    }

    private JsonObject properties(Incident i) {
        HandlingLevel level = i.level();
        return new JsonObject()
                .put("id", i.id())
                .put("source", i.source().id()).put("sourceLabel", i.source().label())
                .put("externalId", i.externalId())
                .put("category", i.category().id()).put("categoryLabel", i.category().label())
                .put("severity", i.severity()).put("severityLabel", Severity.of(i.severity()).label())
                .put("title", i.title())
                .put("description", i.description())
                .put("status", i.status().id()).put("statusLabel", i.status().label())
                .put("gridCode", i.gridCode())
                .put("gridName", areas.find(i.gridCode()).map(a -> a.name()).orElse(null))
                .put("countyCode", i.gridCode().substring(0, 6))
                .put("reportedAt", times.format(i.reportedAt()))
                .put("receivedAt", times.format(i.receivedAt()))
                .put("updatedAt", times.format(i.updatedAt()))
                .put("rating", i.rating())
                .put("unit", i.assignedUnit().orElse(null))
                .put("units", units(i.units()))
                .put("level", level.id()).put("levelLabel", level.label())
                .put("levelArea", level.areaCode(i.gridCode()))
                .put("supervision", i.supervision().map(this::supervision).orElse(null))
                .put("mergedInto", i.mergedInto().orElse(null))
                .put("deadlines", deadlines(i))
                .put("overdue", overdue(i))
                .put("dispatchSeconds", i.dispatchTime().map(d -> d.toSeconds()).orElse(null))
                .put("responseSeconds", i.responseTime().map(d -> d.toSeconds()).orElse(null))
                .put("original", new JsonObject().put("crs", i.originalCrs().id())
                        .put("lon", i.originalLon()).put("lat", i.originalLat()));
    }

    /** Each step's deadline ({@link TimeLimits#deadlines}), while it is unmet; {@code null} for a finished case. */
    private JsonObject deadlines(Incident i) {
        if (i.status().isTerminal()) {
            return null;
        }
        JsonObject d = new JsonObject();
        for (Map.Entry<CaseStep, Instant> e : limits.deadlines(i, calendar).entrySet()) {
            if (e.getKey().metAt(i).isEmpty()) {
                d.put(e.getKey().id(), times.format(e.getValue()));
            }
        }
        return d;
    }

    /** The steps recorded overdue ({@link CaseAction#OVERDUE}), in the order they were. */
    private static JsonArray overdue(Incident i) {
        JsonArray a = new JsonArray();
        for (Transition t : i.history()) {
            if (t.action() == CaseAction.OVERDUE && !a.contains(t.target())) {
                a.add(t.target());
            }
        }
        return a;
    }

    private JsonArray units(List<CaseUnit> units) {
        JsonArray a = new JsonArray();
        for (CaseUnit u : units) {
            a.add(new JsonObject().put("unit", u.unitId()).put("role", u.role()).put("onScene", u.onScene())
                    .put("sentAt", times.format(u.sentAt())));
        }
        return a;
    }

    private JsonObject supervision(Transition t) {
        return new JsonObject().put("due", t.due() == null ? null : times.format(t.due())).put("note", t.note())
                .put("by", t.actor()).put("at", times.format(t.at()));
    }
}

package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Transition;

/**
 * GeoJSON views of incidents, shared by the REST API and {@code /live}. Thread-safe (reads an
 * immutable hierarchy).
 */
public final class IncidentJson {
    private final AreaHierarchy areas;
    private final TimeFormat times;

    /** Times in UTC. */
    public IncidentJson(AreaHierarchy areas) {
        this(areas, TimeFormat.UTC);
    }

    private IncidentJson(AreaHierarchy areas, TimeFormat times) {
        this.areas = areas;
        this.times = times;
    }

    /** These views with times as {@code t} writes them. */
    public IncidentJson in(TimeFormat t) {
        return t == times ? this : new IncidentJson(areas, t);
    }

    /** A Feature: WGS84 point geometry, every attribute and, if asked, the history. */
    public JsonObject feature(Incident i, boolean withHistory) {
        JsonObject p = properties(i);
        if (withHistory) {
            JsonArray h = new JsonArray();
            for (Transition t : i.history()) {
                h.add(new JsonObject().put("from", t.from() == null ? null : t.from().id()).put("to", t.to().id())
                        .put("toLabel", t.to().label()).put("actor", t.actor()).put("actorId", t.actorId())
                        .put("at", times.format(t.at()))
                        .put("note", t.note()).put("unit", t.unitId()));
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
                .put("responseSeconds", i.responseTime().map(d -> d.toSeconds()).orElse(null))
                .put("original", new JsonObject().put("crs", i.originalCrs().id())
                        .put("lon", i.originalLon()).put("lat", i.originalLat()));
    }
}

package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertGroup;

/** The JSON views of alerts and alert groups, shared by the REST API and {@code /live}. Stateless; thread-safe. */
public final class AlertJson {
    private AlertJson() {
    }

    /** An alert as a JSON object, times in UTC; lon/lat null when it has no place. */
    public static JsonObject json(Alert a) {
        return json(a, TimeFormat.UTC);
    }

    /** An alert as a JSON object, times as {@code t} writes them; lon/lat null when it has no place. */
    public static JsonObject json(Alert a, TimeFormat t) {
        return new JsonObject().put("id", a.id()).put("kind", a.kind()).put("severity", a.severity())
                .put("title", a.title()).put("detail", a.detail()).put("areaCode", a.areaCode())
                .put("lon", a.lon()).put("lat", a.lat()).put("raisedAt", t.format(a.raisedAt()))
                .put("acknowledged", a.acknowledged())
                .put("ackedAt", t.format(a.ackedAt())).put("ackedBy", a.ackedBy());
    }

    /**
     * A group of open alerts: {@code id, kind, level, areaCode, areaName, count, severity, newest,
     * title, members} (member ids, most severe first, then newest) and {@code membersHref}, the
     * members' list in the API.
     */
    public static JsonObject group(AlertGroup g, TimeFormat t) {
        return new JsonObject().put("id", g.id()).put("kind", g.kind()).put("level", g.level().id())
                .put("areaCode", g.areaCode()).put("areaName", g.areaName()).put("count", g.count())
                .put("severity", g.severity()).put("newest", t.format(g.newest())).put("title", g.title())
                .put("members", new JsonArray(g.members()))
                .put("membersHref", "/api/v1/alerts?open=true&group=" + g.id());
    }
}

package org.gridwatch.codec;

import io.vertx.core.json.JsonObject;
import org.gridwatch.alert.Alert;

/** The JSON view of an alert, shared by the REST API and {@code /live}. Stateless; thread-safe. */
public final class AlertJson {
    private AlertJson() {
    }

    /** An alert as a JSON object; lon/lat null when it has no place. */
    public static JsonObject json(Alert a) {
        return new JsonObject().put("id", a.id()).put("kind", a.kind()).put("severity", a.severity())
                .put("title", a.title()).put("detail", a.detail()).put("areaCode", a.areaCode())
                .put("lon", a.lon()).put("lat", a.lat()).put("raisedAt", a.raisedAt().toString())
                .put("acknowledged", a.acknowledged())
                .put("ackedAt", a.ackedAt() == null ? null : a.ackedAt().toString()).put("ackedBy", a.ackedBy());
    }
}

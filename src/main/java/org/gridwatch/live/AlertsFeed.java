package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertChange;
import org.gridwatch.alert.AlertService;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.codec.AlertJson;
import org.locationtech.jts.geom.Envelope;

/**
 * Channel {@code alerts} (a log channel; never dropped): every alert raised or acknowledged
 * (param {@code hours}, the snapshot lookback). Alerts without a place are in every bbox, alerts
 * without an area in every scope. A subscription that fell off the event log gets a snapshot
 * reaching back to the last alert it was sent, so nothing raised in between is missed.
 */
final class AlertsFeed implements Feed, Stage<AlertChange> {
    /** Most alerts in a snapshot (the newest). */
    static final int SNAPSHOT_LIMIT = 5_000;

    private final LiveHub hub;
    private final AlertService alerts;

    AlertsFeed(LiveHub hub, AlertService alerts) {
        this.hub = hub;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "live";
    }

    /** Stage {@code live} of the {@code alerts} stream: each alert raised or acknowledged becomes an event. State thread. */
    @Override
    public void apply(List<? extends AlertChange> changes) {
        List<Alert> after = changes.stream().map(AlertChange::after).toList();
        hub.execute(() -> after.forEach(a -> hub.append(Channel.ALERTS, item(a)))); // encoded on the hub lane
    }

    @Override
    public Channel channel() {
        return Channel.ALERTS;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("hours"));
        return new Spec("", Map.of(), LiveParams.integer(params, "hours", 1, 720, 24));
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        Instant since = now.minus(Duration.ofHours((Integer) s.spec.settings()));
        if (s.cursorTime != Long.MIN_VALUE && s.cursorTime < since.toEpochMilli()) {
            since = Instant.ofEpochMilli(s.cursorTime); // catching up after falling behind: reach back far enough
        }
        return new Snapshot(Feed.matching(alerts.list(s.filter.scope(), false, since, SNAPSHOT_LIMIT).stream()
                .map(AlertsFeed::item).toList(), s));
    }

    private static Item item(Alert a) {
        Envelope at = a.lon() == null ? null : new Envelope(a.lon(), a.lon(), a.lat(), a.lat());
        return new Item(Long.toString(a.id()), AlertJson.json(a).encode(), at, a.areaCode(), Map.of());
    }
}

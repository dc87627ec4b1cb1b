package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertGroup;
import org.gridwatch.alert.AlertGroups;
import org.gridwatch.alert.AlertService;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.codec.AlertJson;
import org.gridwatch.codec.TimeFormat;

/**
 * Channel {@code alertGroups}: the open alerts of the connection's scope in groups by kind and area
 * ({@link AlertGroups}; param {@code level}: {@code county} or {@code township}, default the
 * scope's), keyed by group id, each item as in {@code GET /api/v1/alerts/groups}. A group appears
 * with its first open alert, changes with every alert raised into it or acknowledged, and is
 * removed when its last one is acknowledged. Recomputed only when the alerts changed (checked every
 * {@value #PERIOD_MILLIS} ms); subscriptions of one scope and level share the computation. The
 * snapshot's data carries {@code level} and {@code open}, the scope's open alerts. Hub thread.
 */
final class AlertGroupsFeed extends PolledFeed {
    /** How often a change of the alerts is looked for, ms. */
    static final long PERIOD_MILLIS = 1_000;

    private record Settings(Scope scope, AdminLevel level) {
    }

    private final AlertService alerts;
    private final AlertGroups groups;

    AlertGroupsFeed(LiveHub hub, AlertService alerts, AreaHierarchy areas) {
        super(hub, PERIOD_MILLIS);
        this.alerts = alerts;
        this.groups = new AlertGroups(areas);
    }

    @Override
    public Channel channel() {
        return Channel.ALERT_GROUPS;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("level"));
        Object v = params.getValue("level");
        AdminLevel level = v == null ? AlertGroups.levelFor(scope) : v instanceof String s ? AdminLevel.parse(s)
                .filter(AlertGroups.LEVELS::contains).orElse(null) : null;
        if (level == null) {
            throw LiveParams.bad("level", "must be \"county\" or \"township\"");
        }
        return new Spec(scope.key() + "/" + level.id(), Map.of(), new Settings(scope, level));
    }

    @Override
    long version() {
        return alerts.version();
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        Settings s = (Settings) settings;
        Map<String, Item> out = items();
        for (AlertGroup g : groups.group(open(s), s.level())) {
            out.put(g.id(), new Item(g.id(), AlertJson.group(g, TimeFormat.UTC).encode(), null, null, Map.of()));
        }
        return out;
    }

    private List<Alert> open(Settings s) {
        return alerts.list(s.scope(), true, null, Integer.MAX_VALUE);
    }

    @Override
    JsonObject extra(Object settings) {
        Settings s = (Settings) settings;
        return new JsonObject().put("level", s.level().id()).put("open", open(s).size());
    }
}

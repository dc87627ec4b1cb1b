package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gridwatch.area.Scope;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.Stage;

/**
 * Channel {@code units}: every unit that has a position, pushed as its change records arrive
 * (params {@code kind}, {@code status}). A unit belongs to the scope of its home township, wherever
 * it stands (as in {@code GET /api/v1/units}): a connection of one county never sees the
 * neighbour's units, not even one parked inside the county.
 *
 * <p>The feed keeps the encoded item of every unit on the hub thread, so snapshots and deltas come
 * from one consistent state and each change is encoded once whatever the number of subscribers.
 * Each item carries {@code serverTime}, when the server accepted the change (its write committed),
 * beside the device's fix {@code time}, as in Traccar: a client sees how old the data is on arrival
 * and how far a device's clock is off. Units loaded at start-up have no {@code serverTime} until
 * their next change (it is not stored).
 */
final class UnitsFeed implements Feed, Stage<UnitChange> {
    /** The filter tags of a unit by kind and status, made once. */
    private static final Map<UnitKind, Map<UnitStatus, Map<String, String>>> TAGS = new EnumMap<>(UnitKind.class);

    static {
        for (UnitKind k : UnitKind.values()) {
            Map<UnitStatus, Map<String, String>> byStatus = new EnumMap<>(UnitStatus.class);
            for (UnitStatus st : UnitStatus.values()) {
                byStatus.put(st, Map.of("kind", k.id(), "status", st.id()));
            }
            TAGS.put(k, byStatus);
        }
    }

    private final LiveHub hub;
    private final PositionService positions;
    private final Map<String, Item> current = new HashMap<>();

    UnitsFeed(LiveHub hub, PositionService positions) {
        this.hub = hub;
        this.positions = positions;
    }

    /** Takes the units' current positions; changes queued before it are older and overwritten. */
    void seed() {
        hub.execute(() -> positions.units().forEach(u -> {
            Item i = item(u, null);
            if (i != null) {
                current.put(u.id(), i);
            }
        }));
    }

    @Override
    public String name() {
        return "live";
    }

    /** Stage {@code live} of the {@code positions} stream: hands the batch to the hub lane. State thread. */
    @Override
    public void apply(List<? extends UnitChange> changes) {
        Instant accepted = hub.now();   // right after the commit
        List<UnitChange> batch = List.copyOf(changes);
        hub.execute(() -> apply(batch, accepted));
    }

    @Override
    public Channel channel() {
        return Channel.UNITS;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("kind", "status"));
        Map<String, Set<String>> tags = new HashMap<>();
        Set<UnitKind> kinds = LiveParams.terms(params, "kind", UnitKind.class);
        if (!kinds.isEmpty()) {
            tags.put("kind", kinds.stream().map(UnitKind::id).collect(Collectors.toSet()));
        }
        Set<UnitStatus> statuses = LiveParams.terms(params, "status", UnitStatus.class);
        if (!statuses.isEmpty()) {
            tags.put("status", statuses.stream().map(UnitStatus::id).collect(Collectors.toSet()));
        }
        return new Spec("", tags, null);
    }

    private void apply(List<UnitChange> changes, Instant accepted) {
        List<Change> out = new ArrayList<>(changes.size());
        for (UnitChange c : changes) {
            Item after = item(c.after(), accepted);
            Item before = after == null ? current.remove(c.after().id()) : current.put(c.after().id(), after);
            if (before != null || after != null) {
                out.add(new Change(c.after().id(), before, after));
            }
        }
        hub.publish(Channel.UNITS, null, out);
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        return new Snapshot(Feed.matching(current.values(), s));
    }

    /**
     * The item of a unit, or null when it has no position.
     *
     * @param accepted when the server accepted the unit's last change, or null when unknown
     */
    static Item item(UnitRecord u, Instant accepted) {
        Position p = u.lastPosition();
        if (p == null) {
            return null;
        }
        // Encoded when a snapshot or delta needs it (Item.lazy): most fixes are replaced before that.
        Supplier<String> json = () -> new JsonObject().put("id", u.id()).put("callSign", u.unit().callSign())
                .put("kind", u.unit().kind().id()).put("status", u.status().id())
                .put("lon", p.lon()).put("lat", p.lat()).put("time", p.time().toString())
                .put("speed", finite(p.speed())).put("heading", finite(p.heading()))
                .put("serverTime", accepted == null ? null : accepted.toString()).encode();
        // Scoped by the unit's home township: a connection sees the units of its jurisdiction only.
        return Item.lazy(u.id(), json, p.lon(), p.lat(), u.unit().homeTownshipCode(),
                TAGS.get(u.unit().kind()).get(u.status()));
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

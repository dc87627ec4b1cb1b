package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who receives what: the open connections, their subscriptions grouped per channel and group (a
 * group shares one computation, e.g. one heat window and resolution), the spatial index of each
 * group, and the subscription definitions of dropped connections kept for resume. Confined to the
 * hub lane.
 */
final class Subscriptions {
    /**
     * Subscription definitions of a dropped connection, kept for resume until {@code expires} (epoch
     * ms) by the same principal and scope only.
     */
    private record Retained(Map<String, JsonObject> definitions, long expires, String principal,
                            org.gridwatch.area.Scope scope) {
    }

    private final Set<Connection> connections = new HashSet<>();
    /** Per channel, per group: the subscriptions receiving its changes. */
    private final Map<Channel, Map<String, List<Subscription>>> groups = new EnumMap<>(Channel.class);
    /** Spatial index of each group's subscriptions (by list identity), dropped when the group changes. */
    private final Map<List<Subscription>, SubscriptionIndex> indexes = new IdentityHashMap<>();
    private final Map<String, Retained> retained = new HashMap<>();
    private final AtomicInteger connectionCount;
    private final AtomicInteger subscriptionCount;

    Subscriptions(AtomicInteger connectionCount, AtomicInteger subscriptionCount) {
        this.connectionCount = connectionCount;
        this.subscriptionCount = subscriptionCount;
        for (Channel c : Channel.values()) {
            groups.put(c, new HashMap<>());
        }
    }

    /**
     * Registers a new connection; it takes over the retained definitions of {@code session} if still
     * kept and the connection has the same principal and scope (a session id is no key to another
     * user's subscriptions).
     */
    void open(Connection c, String session, long nowMillis) {
        connections.add(c);
        connectionCount.incrementAndGet();
        if (session != null) {
            Retained r = retained.get(session);
            if (r != null && r.expires >= nowMillis && r.principal.equals(c.principal) && r.scope.equals(c.scope)) {
                retained.remove(session);
                c.retained = r.definitions;
            }
        }
    }


    /**
     * Unregisters a closed connection and removes its subscriptions, keeping their definitions for
     * resume for {@code resumeSeconds}. Idempotent.
     *
     * @return the subscriptions removed
     */
    List<Subscription> close(Connection c, long nowMillis, int resumeSeconds) {
        if (c.closed) {
            return List.of();
        }
        c.closed = true;
        connections.remove(c);
        connectionCount.decrementAndGet();
        Map<String, JsonObject> defs = new LinkedHashMap<>();
        List<Subscription> removed = List.copyOf(c.subscriptions.values());
        for (Subscription s : removed) {
            defs.put(s.id, LiveProtocol.definition(s));
            remove(s);
        }
        if (!defs.isEmpty() && resumeSeconds > 0) {
            retained.put(c.session, new Retained(defs, nowMillis + resumeSeconds * 1000L, c.principal, c.scope));
        }
        return removed;
    }

    /** Drops retained sessions past their time. */
    void sweep(long nowMillis) {
        retained.values().removeIf(r -> r.expires < nowMillis);
    }

    /** Adds a subscription to its connection and group; the caller checked {@link #checkRoom}. */
    void add(Subscription s) {
        Connection c = s.connection;
        c.subscriptions.put(s.id, s);
        List<Subscription> group = groups.get(s.channel).computeIfAbsent(s.spec.group(), g -> new ArrayList<>());
        group.add(s);
        indexes.remove(group);
        subscriptionCount.incrementAndGet();
    }

    /**
     * Checks that {@code id} is free on the connection and it has room for one more.
     *
     * @throws LiveException when the id is taken or the connection has {@code maxSubscriptions}
     */
    void checkRoom(Connection c, String id, int maxSubscriptions) {
        if (c.subscriptions.containsKey(id)) {
            throw new LiveException("duplicate_id", "id: subscription \"" + id + "\" exists on this connection");
        }
        if (c.subscriptions.size() >= maxSubscriptions) {
            throw new LiveException("too_many_subscriptions", "at most " + maxSubscriptions
                    + " subscriptions per connection");
        }
    }

    /** Removes a subscription from its connection and group. */
    void remove(Subscription s) {
        s.connection.subscriptions.remove(s.id);
        Map<String, List<Subscription>> byGroup = groups.get(s.channel);
        List<Subscription> g = byGroup.get(s.spec.group());
        g.remove(s);
        indexes.remove(g);
        if (g.isEmpty()) {
            byGroup.remove(s.spec.group());
        }
        subscriptionCount.decrementAndGet();
    }

    /** The groups of a channel with subscribers, each with one subscription's settings. */
    Map<String, Object> activeGroups(Channel channel) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.get(channel).forEach((g, subs) -> out.put(g, subs.get(0).spec.settings()));
        return out;
    }

    /** The subscriber lists of a channel: every group's, or one group's (empty when it has none). */
    List<List<Subscription>> receivers(Channel channel, String group) {
        Map<String, List<Subscription>> byGroup = groups.get(channel);
        if (group == null) {
            return new ArrayList<>(byGroup.values());
        }
        List<Subscription> subs = byGroup.get(group);
        return subs == null ? List.of() : List.of(subs);
    }

    /** The spatial index of a group's subscriber list, built on first use after each membership change. */
    SubscriptionIndex index(List<Subscription> group) {
        return indexes.computeIfAbsent(group, SubscriptionIndex::new);
    }

    /** The open connections. */
    Set<Connection> connections() {
        return connections;
    }
}

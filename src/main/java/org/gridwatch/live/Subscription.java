package org.gridwatch.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One subscription of one connection, and what it owes its client: a snapshot, a resync notice,
 * the keys changed since the last frame (state channels) or a cursor into the channel's
 * {@link EventLog} (log channels). Confined to the hub thread.
 */
final class Subscription {
    /** Pending value of a key that left the subscription. */
    static final Item REMOVED = new Item("", "", null, null, java.util.Map.of());

    final Connection connection;
    final String id;
    final Channel channel;
    final Feed.Spec spec;
    final Filter filter;
    /** The definition as the client sent it, kept for resume. */
    final JsonArray bboxJson;
    final JsonObject paramsJson;
    /**
     * State channels: changed keys → latest item or {@link #REMOVED}, in change order; items are
     * encoded when the delta is written, so a key changed several times between two flushes is
     * encoded once.
     */
    final Map<String, Item> pending = new LinkedHashMap<>();
    /** Log channels: sequence number of the last event delivered (or skipped by the filter). */
    long cursor;
    /** Log channels: time of that event, epoch ms (Long.MIN_VALUE when unknown). */
    long cursorTime = Long.MIN_VALUE;
    /** Last visit of the group's {@link SubscriptionIndex} that offered this subscription a change. */
    int indexVisit;
    boolean needsSnapshot = true;
    boolean resyncOwed;

    Subscription(Connection connection, String id, Channel channel, Feed.Spec spec, Filter filter, JsonArray bboxJson,
                 JsonObject paramsJson) {
        this.connection = connection;
        this.id = id;
        this.channel = channel;
        this.spec = spec;
        this.filter = filter;
        this.bboxJson = bboxJson;
        this.paramsJson = paramsJson;
    }
}

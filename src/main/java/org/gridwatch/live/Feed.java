package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;

/**
 * The source side of one channel: validates subscription parameters and takes snapshots. State
 * feeds publish changes to the hub ({@link LiveHub#publish}); log feeds append events
 * ({@link LiveHub#append}). Snapshots run on the hub thread and read lock-free live indexes.
 */
interface Feed {
    /** The channel fed. */
    Channel channel();

    /**
     * Validates a subscription's parameters.
     *
     * @param scope the connection's scope
     * @throws LiveException {@code bad_param} naming the parameter
     */
    Spec spec(JsonObject params, Scope scope);

    /** The items of {@code items} that {@code s} receives. */
    static List<Item> matching(Iterable<Item> items, Subscription s) {
        List<Item> out = new java.util.ArrayList<>();
        for (Item i : items) {
            if (s.filter.matches(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The complete current state for a subscription. Hub thread. */
    Snapshot snapshot(Subscription s, Instant now);

    /**
     * A validated subscription definition as the feed sees it.
     *
     * @param group    subscriptions with equal groups receive the same changes (e.g. one heat window
     *                 and resolution); "" for feeds with one group
     * @param tags     tag filter (see {@link Filter})
     * @param settings feed-specific parsed parameters, or null
     */
    record Spec(String group, Map<String, Set<String>> tags, Object settings) {
        static Spec all() {
            return new Spec("", Map.of(), null);
        }
    }

    /**
     * A snapshot's content.
     *
     * @param items items, already filtered for the subscription
     * @param extra further fields of the snapshot's data (e.g. heat window and resolution)
     */
    record Snapshot(List<Item> items, JsonObject extra) {
        Snapshot(List<Item> items) {
            this(items, new JsonObject());
        }
    }

    /**
     * A change of one key: before and after as items (null when absent).
     */
    record Change(String key, Item before, Item after) {
    }
}

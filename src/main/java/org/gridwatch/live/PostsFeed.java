package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridwatch.post.DutyState;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.PostStatus;
import org.gridwatch.area.Scope;

/**
 * Channel {@code posts}: the duty state of every school-guard post (护学岗) at its gate (param
 * {@code state}: a state or list of states). Recomputed from the duty monitor's lock-free statuses
 * every second, so a post whose window opens, is staffed, or is missed reaches the screens within
 * about a second. Posts are scoped by their gate's grid.
 */
final class PostsFeed extends PolledFeed {
    /** Recompute period, ms. */
    static final long PERIOD_MILLIS = 1_000;

    private final PostDutyMonitor posts;

    PostsFeed(LiveHub hub, PostDutyMonitor posts) {
        super(hub, PERIOD_MILLIS);
        this.posts = posts;
    }

    @Override
    public Channel channel() {
        return Channel.POSTS;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("state"));
        Set<DutyState> states = LiveParams.terms(params, "state", DutyState.class);
        return new Spec("", states.isEmpty() ? Map.of()
                : Map.of("state", states.stream().map(DutyState::id).collect(Collectors.toSet())), null);
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        Map<String, Item> out = items();
        for (PostStatus p : posts.statuses()) {
            String json = new JsonObject().put("id", p.postId()).put("name", p.name()).put("lon", p.lon()).put("lat", p.lat())
                    .put("state", p.state().id()).put("present", p.present()).put("required", p.required())
                    .put("windowStart", p.windowStart() == null ? null : p.windowStart().toString())
                    .put("windowEnd", p.windowEnd() == null ? null : p.windowEnd().toString())
                    .put("late", p.late()).encode();
            out.put(p.postId(), Item.at(p.postId(), json, p.lon(), p.lat(), p.gridCode(), Map.of("state", p.state().id())));
        }
        return out;
    }
}

package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridwatch.area.Scope;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.post.DutyState;
import org.gridwatch.post.PostChange;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.PostStatus;

/**
 * Channel {@code posts}: the duty state of every school-guard post (护学岗) at its gate (param
 * {@code state}: a state or list of states), pushed as the {@code posts} stream's change records
 * arrive (a unit arriving or leaving, a window opening or being decided, a count going stale), so a
 * post that is staffed or missed reaches the screens at once. Posts are scoped by their gate's grid.
 * The feed keeps each post's encoded item on the hub lane.
 */
final class PostsFeed implements Feed, Stage<PostChange> {
    private final LiveHub hub;
    private final PostDutyMonitor posts;
    private final Map<String, Item> current = new HashMap<>();

    PostsFeed(LiveHub hub, PostDutyMonitor posts) {
        this.hub = hub;
        this.posts = posts;
    }

    /** Takes the posts' current statuses; changes queued before it are older and overwritten. */
    void seed() {
        hub.execute(() -> posts.statuses().forEach(p -> {
            if (p != null) {
                current.put(p.postId(), item(p));
            }
        }));
    }

    @Override
    public Channel channel() {
        return Channel.POSTS;
    }

    @Override
    public String name() {
        return "live";
    }

    /** Stage {@code live} of the {@code posts} stream: hands the changed statuses to the hub lane. State thread. */
    @Override
    public void apply(List<? extends PostChange> changes) {
        List<PostStatus> after = changes.stream().map(PostChange::after).toList();
        hub.execute(() -> {
            List<Change> out = new ArrayList<>(after.size());
            for (PostStatus p : after) {
                Item i = item(p);
                Item before = current.put(p.postId(), i);
                if (before == null || !before.json().equals(i.json())) {
                    out.add(new Change(p.postId(), before, i));
                }
            }
            hub.publish(Channel.POSTS, null, out);
        });
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("state"));
        Set<DutyState> states = LiveParams.terms(params, "state", DutyState.class);
        return new Spec("", states.isEmpty() ? Map.of()
                : Map.of("state", states.stream().map(DutyState::id).collect(Collectors.toSet())), null);
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        return new Snapshot(Feed.matching(current.values(), s));
    }

    private static Item item(PostStatus p) {
        String json = new JsonObject().put("id", p.postId()).put("name", p.name()).put("lon", p.lon()).put("lat", p.lat())
                .put("state", p.state().id()).put("present", p.present()).put("required", p.required())
                .put("windowStart", p.windowStart() == null ? null : p.windowStart().toString())
                .put("windowEnd", p.windowEnd() == null ? null : p.windowEnd().toString())
                .put("late", p.late()).encode();
        return Item.at(p.postId(), json, p.lon(), p.lat(), p.gridCode(), Map.of("state", p.state().id()));
    }
}

package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.codec.IncidentJson;

/**
 * Channel {@code incidents} (a log channel): every report and every workflow transition as the
 * incident's flat item (the REST Feature's properties without history, plus lon/lat) (params {@code hours} — snapshot lookback —
 * and {@code categories}). Scoped by the incident's grid.
 */
final class IncidentsFeed implements Feed, Stage<IncidentChange> {
    /** Most incidents in a snapshot (the newest). */
    static final int SNAPSHOT_LIMIT = 2_000;

    private final LiveHub hub;
    private final IncidentIndex incidents;
    private final IncidentJson json;

    IncidentsFeed(LiveHub hub, IncidentIndex incidents, IncidentJson json) {
        this.hub = hub;
        this.incidents = incidents;
        this.json = json;
    }

    @Override
    public String name() {
        return "live";
    }

    /** Stage {@code live} of the {@code incidents} stream: each report and transition becomes an event. State thread. */
    @Override
    public void apply(List<? extends IncidentChange> changes) {
        List<Incident> after = changes.stream().map(IncidentChange::after).toList();
        hub.execute(() -> after.forEach(i -> hub.append(Channel.INCIDENTS, item(i)))); // encoded on the hub lane
    }

    @Override
    public Channel channel() {
        return Channel.INCIDENTS;
    }

    /** Parsed parameters: snapshot lookback and categories (empty = all). */
    record Settings(int hours, Set<Category> categories) {
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("hours", "categories"));
        int hours = LiveParams.integer(params, "hours", 1, 720, 24);
        Set<Category> categories = LiveParams.terms(params, "categories", Category.class);
        Map<String, Set<String>> tags = categories.isEmpty() ? Map.of()
                : Map.of("category", categories.stream().map(Category::id).collect(Collectors.toSet()));
        return new Spec("", tags, new Settings(hours, categories));
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        Settings st = (Settings) s.spec.settings();
        IncidentQuery q = new IncidentQuery(s.filter.scope(), s.filter.bbox(), null, null,
                now.minus(Duration.ofHours(st.hours())), null, st.categories(), null, null, null, SNAPSHOT_LIMIT);
        List<Item> items = new ArrayList<>();
        for (Incident i : incidents.query(q).items()) {
            items.add(item(i));
        }
        return new Snapshot(items);
    }

    private Item item(Incident i) {
        return Item.at(Long.toString(i.id()), json.flat(i).encode(), i.lon(), i.lat(), i.gridCode(),
                Map.of("category", i.category().id()));
    }
}

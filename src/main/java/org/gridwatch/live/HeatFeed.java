package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridwatch.area.Scope;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.incident.Category;

/**
 * Channel {@code heat}: incident counts per H3 cell for a window, categories and resolution
 * (params {@code window}, {@code categories}, {@code resolution} or {@code zoom}). Subscriptions
 * with the same parameters form one group and share one computation per second; nothing is
 * recomputed while the heat index is unchanged. The connection's scope is part of the group: a
 * cell counts only the incidents in the scope's grids (a cell straddling the jurisdiction's border
 * counts the part inside); a cell is in a bbox when its centre is.
 */
final class HeatFeed extends PolledFeed {
    /** Recompute period, ms. */
    static final long PERIOD_MILLIS = 1_000;

    private final HeatIndex heat;

    /** Parsed parameters of a heat subscription. */
    record Settings(HeatIndex.Window window, Set<Category> categories, int resolution, Scope scope) {
    }

    HeatFeed(LiveHub hub, HeatIndex heat) {
        super(hub, PERIOD_MILLIS);
        this.heat = heat;
    }

    @Override
    public Channel channel() {
        return Channel.HEAT;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("window", "categories", "resolution", "zoom"));
        Object w = params.getValue("window");
        HeatIndex.Window window = w == null ? HeatIndex.Window.H24 : (w instanceof String s ? HeatIndex.Window.parse(s)
                : java.util.Optional.<HeatIndex.Window>empty()).orElseThrow(() -> LiveParams.bad("window",
                "unknown window " + io.vertx.core.json.Json.encode(w) + "; one of 1h, 24h, 7d, 30d"));
        Set<Category> categories = LiveParams.terms(params, "categories", Category.class);
        if (params.containsKey("resolution") && params.containsKey("zoom")) {
            throw LiveParams.bad("zoom", "give resolution or zoom, not both");
        }
        int resolution = params.containsKey("zoom")
                ? resolutionForZoom(LiveParams.integer(params, "zoom", 0, 24, 0))
                : LiveParams.integer(params, "resolution", 0, HeatIndex.RESOLUTION, HeatIndex.RESOLUTION);
        // The connection's scope is part of the group: heat is counted inside the jurisdiction only.
        Settings settings = new Settings(window, categories, resolution, scope);
        String group = window.id() + "|" + categories.stream().map(Category::id).sorted().collect(Collectors.joining(","))
                + "|" + resolution + "|" + scope.key();
        return new Spec(group, Map.of(), settings);
    }

    /** The H3 resolution whose cells are a few dozen pixels wide at a web-map zoom (docs/live-protocol.md). */
    static int resolutionForZoom(int zoom) {
        if (zoom <= 8) {
            return 5;
        }
        if (zoom == 9) {
            return 6;
        }
        if (zoom <= 11) {
            return 7;
        }
        return zoom == 12 ? 8 : 9;
    }

    @Override
    long version() {
        return heat.version();
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        Settings s = (Settings) settings;
        Map<String, Item> out = items();
        heat.cells(s.window(), s.categories(), s.resolution(), s.scope()).forEach((cell, count) -> {
            String h3 = Long.toHexString(cell);
            double[] c = heat.centre(cell);
            String json = new JsonObject().put("id", h3).put("lon", c[0]).put("lat", c[1]).put("count", count).encode();
            out.put(h3, Item.at(h3, json, c[0], c[1], null, Map.of()));
        });
        return out;
    }

    @Override
    JsonObject extra(Object settings) {
        Settings s = (Settings) settings;
        return new JsonObject().put("window", s.window().id()).put("resolution", s.resolution());
    }
}

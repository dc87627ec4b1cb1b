package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.CoverageState;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.locationtech.jts.geom.Envelope;

/**
 * Channel {@code coverage}: the patrol coverage state of every grid whose extent meets the bbox
 * (param {@code window}, minutes): {@code fresh} when an on-duty unit was inside within the last
 * third of the window, {@code covered} within the window, {@code uncovered} before it,
 * {@code never} when no visit is known. Only state changes are sent (a grid changes state a few
 * times per window, however many fixes fall in it). Grids are scoped by their codes.
 */
final class CoverageFeed extends PolledFeed {
    /** Recompute period, ms. */
    static final long PERIOD_MILLIS = 1_000;
    /** Default window, minutes. */
    static final int DEFAULT_WINDOW = 30;

    /** A grid and its item per state (made on first use: most grids see two or three states). */
    private record Grid(String code, Envelope extent, Item[] items) {
        Item item(CoverageState state) {
            int k = state.ordinal();
            if (items[k] == null) {
                String json = new JsonObject().put("id", code).put("state", state.id()).encode();
                items[k] = new Item(code, json, extent, code, Map.of());
            }
            return items[k];
        }
    }

    private final CoverageIndex coverage;
    private final List<Grid> grids = new ArrayList<>();

    CoverageFeed(LiveHub hub, CoverageIndex coverage, AreaHierarchy areas) {
        super(hub, PERIOD_MILLIS);
        this.coverage = coverage;
        for (AdminArea g : areas.level(AdminLevel.GRID)) {
            grids.add(new Grid(g.code(), g.geometry().getEnvelopeInternal(), new Item[CoverageState.values().length]));
        }
    }

    @Override
    public Channel channel() {
        return Channel.COVERAGE;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("window"));
        int window = LiveParams.integer(params, "window", 1, 1440, DEFAULT_WINDOW);
        return new Spec(Integer.toString(window), Map.of(), window);
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        int window = (Integer) settings;
        Map<String, Item> out = items();
        for (Grid g : grids) {
            out.put(g.code, g.item(CoverageState.of(coverage.lastVisit(g.code), now, Duration.ofMinutes(window))));
        }
        return out;
    }

    @Override
    JsonObject extra(Object settings) {
        return new JsonObject().put("window", (Integer) settings);
    }
}

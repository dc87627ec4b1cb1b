package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.analysis.CoverageIndex;
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

    private static final String[] STATES = {"never", "fresh", "covered", "uncovered"};

    /** A grid and its item per state (made on first use: most grids see two or three states). */
    private record Grid(String code, Envelope extent, Item[] items) {
        Item item(String state) {
            int k = java.util.Arrays.asList(STATES).indexOf(state);
            if (items[k] == null) {
                String json = new JsonObject().put("id", code).put("state", state).encode();
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
            grids.add(new Grid(g.code(), g.geometry().getEnvelopeInternal(), new Item[STATES.length]));
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

    /** The state of a grid last visited at {@code lastVisit} (null = never), for a window ending at {@code now}. */
    static String state(Instant lastVisit, Instant now, int windowMinutes) {
        if (lastVisit == null) {
            return "never";
        }
        long age = now.toEpochMilli() - lastVisit.toEpochMilli();
        long window = windowMinutes * 60_000L;
        if (age < window / 3) {
            return "fresh";
        }
        return age < window ? "covered" : "uncovered";
    }

    @Override
    Map<String, Item> compute(Object settings, Instant now) {
        int window = (Integer) settings;
        Map<String, Item> out = items();
        for (Grid g : grids) {
            out.put(g.code, g.item(state(coverage.lastVisit(g.code), now, window)));
        }
        return out;
    }

    @Override
    JsonObject extra(Object settings) {
        return new JsonObject().put("window", (Integer) settings);
    }
}

package org.gridwatch.live;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.TileVersions;
import org.gridwatch.tileset.TileChanges;

/**
 * Channel {@code tiles}: which vector tiles changed, so a map fetches those again and no other.
 * Each item names a tile at the change log's zoom ({@link TileVersions#LOG_ZOOM}) of one tileset,
 * with its new version: {@code {"layer":"units","z":14,"x":13562,"y":6301,"version":42}}. A client
 * showing the tileset at zoom z fetches the tile containing it there (and, near that tile's edge,
 * the neighbour whose buffer reaches it). Conflated per tile (the latest version wins); a
 * subscriber hears only of changes inside its scope (the area the change happened in) and bbox;
 * param {@code layers} (a tileset id or a list) keeps those tilesets only.
 *
 * <p>The snapshot carries no items: what a client holds is whatever it fetched; it hears of changes
 * from then on. A snapshot after {@code resync} thus means "fetch again every tile you hold".
 * Hub thread, but {@link #changed}, which hands changes over from the state lane.
 */
final class TilesFeed implements Feed, TileChanges.Listener {
    private final LiveHub hub;

    TilesFeed(LiveHub hub) {
        this.hub = hub;
    }

    @Override
    public Channel channel() {
        return Channel.TILES;
    }

    @Override
    public Spec spec(JsonObject params, Scope scope) {
        LiveParams.only(params, Set.of("layers"));
        Set<String> layers = LiveParams.strings(params, "layers", TileChanges.LIVE_TILESETS);
        return new Spec("", layers.isEmpty() ? Map.of() : Map.of("layer", layers), null);
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        return new Snapshot(List.of(), new JsonObject().put("zoom", TileVersions.LOG_ZOOM));
    }

    /** Changed tiles from the {@code tiles} stage (state lane): handed to the hub lane. */
    @Override
    public void changed(List<TileChanges.Changed> tiles) {
        hub.execute(() -> {
            List<Change> out = new ArrayList<>(tiles.size());
            for (TileChanges.Changed c : tiles) {
                TileId t = c.tile();
                String key = c.tileset() + "/" + t;
                String json = new JsonObject().put("layer", c.tileset()).put("z", t.z()).put("x", t.x()).put("y", t.y())
                        .put("version", c.version()).encode();
                // No "before": a change never retracts an earlier one a subscriber still owes.
                out.add(new Change(key, null, new Item(key, json, t.envelope(), c.areaCode(), Map.of("layer", c.tileset()))));
            }
            hub.publish(Channel.TILES, null, out);
        });
    }
}

package org.gridwatch.tileset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.post.PostChange;
import org.gridwatch.post.PostStatus;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.TileVersions;
import org.locationtech.jts.geom.Envelope;

/**
 * Which tiles the change records touched: the {@code tiles} stage of the {@code positions},
 * {@code incidents} and {@code posts} streams. It runs after every stage that updates what a tile
 * layer reads (indexes, coverage, duty, key places), so a tile encoded after a stamp sees the
 * change; it stamps the tiles in {@link TileVersions} and tells the listeners (the {@code tiles}
 * channel of {@code /live}) which tiles at {@link TileVersions#LOG_ZOOM} changed, each with the area
 * or grid the change happened in (so a subscriber hears only of changes inside its scope).
 *
 * <table>
 * <caption>What each change touches</caption>
 * <tr><th>change</th><th>tileset: where</th></tr>
 * <tr><td>a unit's fix or status</td><td>{@code units}: its place before and after; {@code grids}: the
 *     grids it was and is in (last visit, dosage); {@code key-places}: its place, grown by the key-place
 *     radius (visibility)</td></tr>
 * <tr><td>an incident reported or moved on</td><td>{@code incidents}: its place; {@code heat}: its place,
 *     grown by {@link #HEAT_MARGIN_METRES} (the heat cells that count it)</td></tr>
 * <tr><td>a post's duty state</td><td>{@code posts}: the post's gate</td></tr>
 * </table>
 *
 * The alerts stream touches no tileset. State lane (single writer of {@link TileVersions}).
 */
public final class TileChanges {
    /** More than the width of a heat cell of the {@code heat} layer (H3 resolution 9: about 174 m edge, 350 m across), metres. */
    static final double HEAT_MARGIN_METRES = 500;
    private static final double METRES_PER_DEGREE = 111_320;
    /** The tilesets whose tiles change records touch (areas never change while the server runs). */
    public static final java.util.Set<String> LIVE_TILESETS = java.util.Set.of("units", "grids", "key-places", "incidents",
            "heat", "posts");

    /**
     * A tile at {@link TileVersions#LOG_ZOOM} that changed.
     *
     * @param tileset  the tileset
     * @param tile     the tile
     * @param version  its new version
     * @param areaCode the area or grid the change happened in (null: unknown, every scope hears of it)
     */
    public record Changed(String tileset, TileId tile, long version, String areaCode) {
    }

    /** Hears of changed tiles; must not block (called on the state lane). */
    @FunctionalInterface
    public interface Listener {
        void changed(List<Changed> tiles);
    }

    private final TileVersions versions;
    private final GridIndex grids;
    private final double keyPlaceRadiusMetres;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param keyPlaceRadiusMetres how near a unit must be to visit a key place ({@code analysis.key-places.radius})
     */
    public TileChanges(TileVersions versions, GridIndex grids, double keyPlaceRadiusMetres) {
        this.versions = versions;
        this.grids = grids;
        this.keyPlaceRadiusMetres = keyPlaceRadiusMetres;
    }

    /** The versions the stages stamp. */
    public TileVersions versions() {
        return versions;
    }

    /** Adds a listener (before the streams run). */
    public void listen(Listener l) {
        listeners.add(l);
    }

    /** Stage {@code tiles} of the {@code positions} stream. */
    public Stage<UnitChange> positionsStage() {
        return stage(changes -> {
            List<Changed> out = new ArrayList<>();
            for (UnitChange c : changes) {
                Position before = position(c.before());
                Position after = position(c.after());
                Position now = after != null ? after : before;
                if (now == null) {
                    continue;
                }
                AdminArea grid = grids.locateGrid(now.lon(), now.lat());
                String code = grid == null ? null : grid.code();
                Envelope moved = point(now);
                if (before != null) {
                    moved.expandToInclude(before.lon(), before.lat());
                }
                mark("units", moved, code, out);
                if (grid != null) {
                    mark("grids", grid.geometry().getEnvelopeInternal(), code, out);
                }
                AdminArea left = before == null ? null : grids.locateGrid(before.lon(), before.lat());
                if (left != null && left != grid) {
                    mark("grids", left.geometry().getEnvelopeInternal(), left.code(), out);
                }
                mark("key-places", grown(now.lon(), now.lat(), keyPlaceRadiusMetres), code, out);
            }
            return out;
        });
    }

    /** Stage {@code tiles} of the {@code incidents} stream. */
    public Stage<IncidentChange> incidentsStage() {
        return stage(changes -> {
            List<Changed> out = new ArrayList<>();
            for (IncidentChange c : changes) {
                Incident i = c.after();
                Envelope e = new Envelope(i.lon(), i.lon(), i.lat(), i.lat());
                if (c.before() != null) {
                    e.expandToInclude(c.before().lon(), c.before().lat());
                }
                mark("incidents", e, i.gridCode(), out);
                mark("heat", grown(i.lon(), i.lat(), HEAT_MARGIN_METRES), i.gridCode(), out);
            }
            return out;
        });
    }

    /** Stage {@code tiles} of the {@code posts} stream. */
    public Stage<PostChange> postsStage() {
        return stage(changes -> {
            List<Changed> out = new ArrayList<>();
            for (PostChange c : changes) {
                PostStatus p = c.after();
                mark("posts", new Envelope(p.lon(), p.lon(), p.lat(), p.lat()), p.gridCode(), out);
            }
            return out;
        });
    }

    private void mark(String tileset, Envelope e, String areaCode, List<Changed> out) {
        for (TileVersions.Stamp s : versions.record(tileset, e)) {
            out.add(new Changed(tileset, s.tile(), s.version(), areaCode));
        }
    }

    private static Position position(UnitRecord r) {
        return r == null ? null : r.lastPosition();
    }

    private static Envelope point(Position p) {
        return new Envelope(p.lon(), p.lon(), p.lat(), p.lat());
    }

    /** A point grown by {@code metres} on every side (degrees at its latitude). */
    private static Envelope grown(double lon, double lat, double metres) {
        double dLat = metres / METRES_PER_DEGREE;
        double dLon = metres / (METRES_PER_DEGREE * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        return new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
    }

    private interface Marker<C> {
        List<Changed> mark(List<? extends C> changes);
    }

    private <C> Stage<C> stage(Marker<C> marker) {
        return new Stage<>() {
            @Override
            public String name() {
                return "tiles";
            }

            @Override
            public void apply(List<? extends C> changes) {
                List<Changed> changed = marker.mark(changes);
                if (!changed.isEmpty()) {
                    for (Listener l : listeners) {
                        l.changed(changed);
                    }
                }
            }
        };
    }
}

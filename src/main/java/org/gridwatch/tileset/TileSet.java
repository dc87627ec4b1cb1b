package org.gridwatch.tileset;

import java.util.List;
import java.util.Objects;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;

/**
 * One tileset of {@code /tiles}: one MVT layer (named as the tileset) filled from one or more
 * feature layers, each from its own zoom. Immutable.
 *
 * @param id          URL name and MVT layer name, e.g. {@code grids}
 * @param title       for a person, in Chinese
 * @param kind        reference data (areas, grids) or the operational situation: who may read it
 * @param sources     the feature layers, each with the zoom it appears from
 * @param minZoom     no feature below this zoom (the tile is empty)
 * @param maxZoom     the deepest zoom clients should ask for; beyond it they overzoom (tiles are still served)
 * @param agesByTime  true when attributes change with time alone (coverage ageing, duty windows, heat windows
 *                    sliding), so a cached tile is checked again after {@code tiles.recheck-seconds}
 *                    even if no change record touched it
 */
public record TileSet(String id, String title, Kind kind, List<Source> sources, int minZoom, int maxZoom,
                      boolean agesByTime) {
    /** Who may read a tileset. */
    public enum Kind {
        /** Admin areas and grids: as {@code /api/v1/areas}. */
        REFERENCE,
        /** Incidents, units, posts, key places, heat: as their {@code /api/v1} routes. */
        OPERATIONAL
    }

    /**
     * A feature layer in a tileset.
     *
     * @param layer    the feature layer
     * @param fromZoom the zoom it appears from
     */
    public record Source(FeatureLayer layer, int fromZoom) {
        public Source {
            Objects.requireNonNull(layer, "layer");
        }
    }

    public TileSet {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("tileset " + id + " has no layer");
        }
    }

    /** Every property of the sources, each once, in order of first appearance. */
    public List<Property> properties() {
        java.util.Map<String, Property> out = new java.util.LinkedHashMap<>();
        for (Source s : sources) {
            for (Property p : s.layer().properties()) {
                out.putIfAbsent(p.name(), p);
            }
        }
        return List.copyOf(out.values());
    }

    /** The extent of every source (WGS84 lon/lat). */
    public Envelope extent() {
        Envelope e = new Envelope();
        for (Source s : sources) {
            e.expandToInclude(s.layer().extent());
        }
        return e;
    }
}

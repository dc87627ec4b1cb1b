package org.gridwatch.live;

import java.util.Map;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.locationtech.jts.geom.Envelope;

/**
 * What one subscription receives: items meeting its bbox, inside its scope, and whose tags take
 * one of the allowed values for every filtered tag. Immutable.
 *
 * @param bbox  WGS84 box, or null for everywhere
 * @param scope the connection's scope
 * @param tags  allowed values per tag; a tag absent from the map is not filtered
 */
record Filter(Envelope bbox, Scope scope, Map<String, Set<String>> tags) {
    Filter {
        tags = Map.copyOf(tags);
    }

    boolean matches(Item item) {
        if (bbox != null && item.extent() != null && !bbox.intersects(item.extent())) {
            return false;
        }
        if (item.areaCode() != null && !scope.includes(item.areaCode())) {
            return false;
        }
        for (Map.Entry<String, Set<String>> e : tags.entrySet()) {
            if (!e.getValue().contains(item.tags().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}

package org.gridwatch.post;

import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Point;

/**
 * A key place (重点部位) that must be visited by a patrol at least once every
 * {@code patrolIntervalMinutes} during each of its key periods; the basis of 见警率.
 *
 * @param id                    stable identifier, e.g. {@code "KP001"}
 * @param name                  Chinese name, e.g. "渤海七路夜市"
 * @param kind                  kind of place
 * @param location              the place, a WGS84 lon/lat point (x = longitude, SRID 4326)
 * @param keyPeriods            daily key periods; never empty
 * @param patrolIntervalMinutes required patrol interval during key periods, minutes (≥ 1)
 * @param gridCode              15-digit code of the grid containing the place
 * @param countyCode            6-digit code of the county containing the place
 * @param demo                  true when the place is generated demo data
 */
public record KeyPlace(String id, String name, KeyPlaceKind kind, Point location, List<KeyPeriod> keyPeriods,
                       int patrolIntervalMinutes, String gridCode, String countyCode, boolean demo) {
    public KeyPlace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(gridCode, "gridCode");
        Objects.requireNonNull(countyCode, "countyCode");
        keyPeriods = List.copyOf(keyPeriods);
        if (keyPeriods.isEmpty()) {
            throw new IllegalArgumentException("key place " + id + " has no key period");
        }
        if (patrolIntervalMinutes < 1) {
            throw new IllegalArgumentException("key place " + id + ": patrol interval " + patrolIntervalMinutes
                    + " min < 1");
        }
    }
}

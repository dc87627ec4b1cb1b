package org.gridwatch.post;

import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Point;

/**
 * A school-guard post (护学岗): a school gate that must be staffed during its duty windows.
 *
 * @param id            stable identifier, e.g. {@code "SP0001"}
 * @param name          Chinese school name, e.g. "滨城区第三实验小学"
 * @param kind          school kind
 * @param gate          the gate, a WGS84 lon/lat point (x = longitude, SRID 4326)
 * @param radiusMetres  a unit within this geodesic distance of the gate counts as on post, metres (&gt; 0)
 * @param dutyWindows   windows per school day, in start order, not overlapping; never empty
 * @param requiredStaff number of units needed for the post to count as staffed (≥ 1)
 * @param gridCode      15-digit code of the grid containing the gate
 * @param countyCode    6-digit code of the county containing the gate
 * @param demo          true when the post is generated demo data
 */
public record SchoolPost(String id, String name, SchoolKind kind, Point gate, double radiusMetres,
                         List<DutyWindow> dutyWindows, int requiredStaff, String gridCode, String countyCode,
                         boolean demo) {
    public SchoolPost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(gridCode, "gridCode");
        Objects.requireNonNull(countyCode, "countyCode");
        dutyWindows = List.copyOf(dutyWindows);
        if (dutyWindows.isEmpty()) {
            throw new IllegalArgumentException("school post " + id + " has no duty window");
        }
        for (int i = 1; i < dutyWindows.size(); i++) {
            if (dutyWindows.get(i).start().isBefore(dutyWindows.get(i - 1).end())) {
                throw new IllegalArgumentException("school post " + id + ": duty windows overlap or are out of order");
            }
        }
        if (!(radiusMetres > 0) || !Double.isFinite(radiusMetres)) {
            throw new IllegalArgumentException("school post " + id + ": radius " + radiusMetres + " m is not positive");
        }
        if (requiredStaff < 1) {
            throw new IllegalArgumentException("school post " + id + ": required staff " + requiredStaff + " < 1");
        }
    }
}

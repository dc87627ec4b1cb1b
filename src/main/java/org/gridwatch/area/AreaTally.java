package org.gridwatch.area;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Counters per county and for the whole city, for the daily rates of the monitors: each county's
 * row (code order, counties without anything counted included) and the city's last.
 *
 * <p>Not thread-safe: one per computation.
 */
public final class AreaTally {
    private final int width;
    private final Map<String, int[]> counties = new HashMap<>();
    private final int[] city;

    /** @param width number of counters per area */
    public AreaTally(int width) {
        this.width = width;
        this.city = new int[width];
    }

    /** Adds {@code amount} to counter {@code counter} of the county and of the city. */
    public void add(String countyCode, int counter, int amount) {
        counties.computeIfAbsent(countyCode, k -> new int[width])[counter] += amount;
        city[counter] += amount;
    }

    /** One row per county of {@code areas} (code order), then the city's. */
    public <R> List<R> rows(AreaHierarchy areas, BiFunction<AdminArea, int[], R> row) {
        List<R> out = new ArrayList<>();
        for (AdminArea county : areas.level(AdminLevel.COUNTY)) {
            out.add(row.apply(county, counties.getOrDefault(county.code(), new int[width])));
        }
        out.add(row.apply(areas.city(), city));
        return out;
    }
}

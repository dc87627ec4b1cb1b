package org.gridwatch.area;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Counters per township, county and for the whole city, for the daily rates of the monitors:
 * {@link #rows} gives each county's row (code order, counties without anything counted included)
 * and the city's last; {@link #allRows} the city's, then every county's, then every township's.
 *
 * <p>Not thread-safe: one per computation.
 */
public final class AreaTally {
    private final int width;
    private final Map<String, int[]> counties = new HashMap<>();
    private final Map<String, int[]> townships = new HashMap<>();
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

    /**
     * Adds {@code amount} to counter {@code counter} of the township of grid {@code gridCode} (its
     * first nine digits), of the county and of the city.
     */
    public void add(String countyCode, String gridCode, int counter, int amount) {
        add(countyCode, counter, amount);
        if (gridCode != null && gridCode.length() >= AdminLevel.TOWNSHIP.codeLength()) {
            townships.computeIfAbsent(gridCode.substring(0, AdminLevel.TOWNSHIP.codeLength()), k -> new int[width])
                    [counter] += amount;
        }
    }

    /**
     * The city's row, then one per county, then one per township of {@code areas} (each level in
     * code order, areas without anything counted included).
     */
    public <R> List<R> allRows(AreaHierarchy areas, BiFunction<AdminArea, int[], R> row) {
        List<R> out = new ArrayList<>();
        out.add(row.apply(areas.city(), city));
        for (AdminArea county : areas.level(AdminLevel.COUNTY)) {
            out.add(row.apply(county, counties.getOrDefault(county.code(), new int[width])));
        }
        for (AdminArea township : areas.level(AdminLevel.TOWNSHIP)) {
            out.add(row.apply(township, townships.getOrDefault(township.code(), new int[width])));
        }
        return out;
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

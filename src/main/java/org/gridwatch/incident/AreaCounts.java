package org.gridwatch.incident;

import java.util.List;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;

/**
 * Incident counts of one window rolled up to the areas of one level: per area the count per
 * category, the number of incidents with a unit on scene and the sum of their response seconds,
 * plus the total of every counted incident. Made by {@link IncidentCounts#byArea}.
 *
 * <p>Which incidents count, and where, is what a recount of the index gives
 * ({@link IncidentIndex#forEach} with the scope and categories): an incident counts when its grid
 * code starts with one of the scope's prefixes ({@link Scope#prefixes()}) and its category is
 * asked for (all when none is); it counts for the total, and for the area of the level whose code
 * is the first {@link AdminLevel#codeLength()} digits of its grid code (at {@link AdminLevel#CITY}
 * level: the city). Only the areas the scope includes are listed, in code order, those with
 * nothing counted included.
 *
 * <p>Immutable once made; thread-safe.
 */
public final class AreaCounts {
    private static final Category[] ALL = Category.values();
    private static final int CATEGORIES = ALL.length;

    private final List<AdminArea> areas;
    private final long[] count;
    private final long[] responded;
    private final long[] seconds;
    private final long total;

    private AreaCounts(List<AdminArea> areas, long[] count, long[] responded, long[] seconds, long total) {
        this.areas = areas;
        this.count = count;
        this.responded = responded;
        this.seconds = seconds;
        this.total = total;
    }

    /**
     * Rolls {@code t} up.
     *
     * @param levelAreas the areas of the level, in code order
     * @param rowOf      per grid ordinal of {@code t} (at least {@link IncidentCounts.Tally#grids()} long),
     *                   the index in {@code levelAreas} of the area it counts for, or -1
     */
    static AreaCounts of(IncidentCounts.Tally t, List<AdminArea> levelAreas, int[] rowOf, Scope scope,
                         Set<Category> categories) {
        String[] prefixes = scope.prefixes().toArray(String[]::new);
        boolean[] asked = new boolean[CATEGORIES];
        for (Category c : ALL) {
            asked[c.ordinal()] = categories == null || categories.isEmpty() || categories.contains(c);
        }
        int rows = levelAreas.size();
        long[] count = new long[rows * CATEGORIES];
        long[] responded = new long[rows];
        long[] seconds = new long[rows];
        long total = 0;
        for (int g = 0; g < t.grids(); g++) {
            if (!startsWithAny(t.code(g), prefixes)) {
                continue;
            }
            int row = rowOf[g];
            for (Category c : ALL) {
                int n = t.count(g, c);
                if (n == 0 || !asked[c.ordinal()]) {
                    continue;
                }
                total += n;
                if (row >= 0) {
                    count[row * CATEGORIES + c.ordinal()] += n;
                    responded[row] += t.responded(g, c);
                    seconds[row] += t.responseSeconds(g, c);
                }
            }
        }
        // The scope's areas only: the same prefix test as for grids (Scope.includes).
        int[] listed = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (startsWithAny(levelAreas.get(r).code(), prefixes)) {
                listed[n++] = r;
            }
        }
        AdminArea[] kept = new AdminArea[n];
        long[] keptCount = new long[n * CATEGORIES];
        long[] keptResponded = new long[n];
        long[] keptSeconds = new long[n];
        for (int k = 0; k < n; k++) {
            int r = listed[k];
            kept[k] = levelAreas.get(r);
            System.arraycopy(count, r * CATEGORIES, keptCount, k * CATEGORIES, CATEGORIES);
            keptResponded[k] = responded[r];
            keptSeconds[k] = seconds[r];
        }
        return new AreaCounts(List.of(kept), keptCount, keptResponded, keptSeconds, total);
    }

    private static boolean startsWithAny(String code, String[] prefixes) {
        for (String p : prefixes) {
            if (code.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Every counted incident, listed area or not. */
    public long total() {
        return total;
    }

    /** The listed areas, in code order. */
    public List<AdminArea> areas() {
        return areas;
    }

    /** Incidents of category {@code c} in the area at {@code row} of {@link #areas()}. */
    public long count(int row, Category c) {
        return count[row * CATEGORIES + c.ordinal()];
    }

    /** Incidents of every asked category in the area at {@code row}. */
    public long count(int row) {
        long n = 0;
        for (int c = 0; c < CATEGORIES; c++) {
            n += count[row * CATEGORIES + c];
        }
        return n;
    }

    /** Of those, the incidents with a unit on scene. */
    public long responded(int row) {
        return responded[row];
    }

    /** Sum of their response times, seconds ({@link java.time.Duration#toSeconds()} each). */
    public long responseSeconds(int row) {
        return seconds[row];
    }
}

package org.gridwatch.area;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a caller may see: one or more admin areas or grids (a jurisdiction: the whole city, a
 * county, two townships, the grids of one grid worker) and everything inside them. Every query
 * takes a scope so that access control restricts data in one place.
 *
 * <p>Canonical: the areas are sorted by code and none lies inside another, so two scopes covering
 * the same ground are equal. Immutable and thread-safe.
 *
 * @param areas the areas the caller may see, non-empty
 */
public record Scope(List<AdminArea> areas) {
    public Scope {
        Objects.requireNonNull(areas, "areas");
        if (areas.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one area");
        }
        areas = canonical(areas);
    }

    /** The scope of one area. */
    public Scope(AdminArea area) {
        this(List.of(Objects.requireNonNull(area, "area")));
    }

    private static List<AdminArea> canonical(List<AdminArea> areas) {
        List<AdminArea> sorted = new ArrayList<>(areas);
        sorted.sort(Comparator.comparing(AdminArea::code));
        List<AdminArea> kept = new ArrayList<>();
        for (AdminArea a : sorted) {
            // Sorted by code, an area inside an earlier one (or equal to it) follows it: its code starts with that one's prefix.
            if (kept.stream().noneMatch(k -> a.code().startsWith(prefix(k)))) {
                kept.add(a);
            }
        }
        return List.copyOf(kept);
    }

    private static String prefix(AdminArea a) {
        return a.level().descendantPrefix(a.code());
    }

    /** The code prefixes of the scope's areas: a code lies inside the scope when it starts with one of them. */
    public List<String> prefixes() {
        return areas.stream().map(Scope::prefix).toList();
    }

    /** True when the area or grid with this code lies inside the scope. */
    public boolean includes(String code) {
        if (code == null) {
            return false;
        }
        for (AdminArea a : areas) {
            if (code.startsWith(prefix(a))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code area} encloses part of the scope (an area the caller sees as context: its county, its city). */
    public boolean isInside(AdminArea area) {
        String p = prefix(area);
        return areas.stream().anyMatch(a -> a.code().startsWith(p));
    }

    /** True when the scope is one area at {@link AdminLevel#CITY} level. */
    public boolean isCity() {
        return areas.size() == 1 && areas.get(0).level() == AdminLevel.CITY;
    }

    /** The one area of a single-area scope, else empty. */
    public Optional<AdminArea> single() {
        return areas.size() == 1 ? Optional.of(areas.get(0)) : Optional.empty();
    }

    /** The most detailed level among the scope's areas: the level a scoped breakdown starts from. */
    public AdminLevel topLevel() {
        return areas.stream().map(AdminArea::level).min(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * This scope narrowed to {@code area}: the area itself when it lies inside the scope, the part
     * of the scope inside it when it encloses some of the scope, else empty (the area lies outside:
     * narrowing cannot widen what the caller may see).
     */
    public Optional<Scope> narrow(AdminArea area) {
        if (includes(area.code())) {
            return Optional.of(new Scope(area));
        }
        String p = prefix(area);
        List<AdminArea> inside = areas.stream().filter(a -> a.code().startsWith(p)).toList();
        return inside.isEmpty() ? Optional.empty() : Optional.of(new Scope(inside));
    }

    /** The area codes joined with {@code +}: a stable key and a readable label ({@code 371602+371603}). */
    public String key() {
        return areas.stream().map(AdminArea::code).collect(Collectors.joining("+"));
    }

    /** The area names joined with {@code 、}, for the user interface. */
    public String names() {
        return areas.stream().map(AdminArea::name).collect(Collectors.joining("、"));
    }
}

package org.gridwatch.area;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The whole administrative hierarchy of one city: areas by code, children by parent, and per
 * level a packed R-tree for envelope queries.
 *
 * <p>Built once, then immutable: thread-safe for any number of readers.
 */
public final class AreaHierarchy {
    private final Map<String, AdminArea> byCode;
    private final Map<AdminLevel, List<AdminArea>> byLevel;
    private final Map<String, List<AdminArea>> childrenByParent;
    private final Map<AdminLevel, STRtree> trees;
    private final AdminArea city;

    private AreaHierarchy(Collection<AdminArea> areas) {
        Map<String, AdminArea> codes = new HashMap<>();
        Map<AdminLevel, List<AdminArea>> levels = new EnumMap<>(AdminLevel.class);
        Map<String, List<AdminArea>> children = new HashMap<>();
        for (AdminArea a : areas) {
            if (codes.put(a.code(), a) != null) {
                throw new IllegalArgumentException("duplicate area code " + a.code());
            }
            levels.computeIfAbsent(a.level(), l -> new ArrayList<>()).add(a);
            if (a.parentCode() != null) {
                children.computeIfAbsent(a.parentCode(), p -> new ArrayList<>()).add(a);
            }
        }
        List<AdminArea> cities = levels.getOrDefault(AdminLevel.CITY, List.of());
        if (cities.size() != 1) {
            throw new IllegalArgumentException("expected exactly one city, found " + cities.size());
        }
        for (AdminArea a : areas) {
            if (a.level() == AdminLevel.CITY) {
                continue;
            }
            AdminArea parent = codes.get(a.parentCode());
            if (parent == null || parent.level().ordinal() != a.level().ordinal() - 1) {
                throw new IllegalArgumentException("area " + a.code() + " has parent " + a.parentCode()
                        + ", which is not a " + AdminLevel.values()[a.level().ordinal() - 1].id() + " in the data");
            }
        }
        Comparator<AdminArea> byCodeOrder = Comparator.comparing(AdminArea::code);
        levels.values().forEach(l -> l.sort(byCodeOrder));
        children.values().forEach(l -> l.sort(byCodeOrder));
        Map<AdminLevel, STRtree> t = new EnumMap<>(AdminLevel.class);
        for (Map.Entry<AdminLevel, List<AdminArea>> e : levels.entrySet()) {
            STRtree tree = new STRtree();
            for (AdminArea a : e.getValue()) {
                tree.insert(a.geometry().getEnvelopeInternal(), a);
            }
            tree.build();
            t.put(e.getKey(), tree);
        }
        this.byCode = Map.copyOf(codes);
        this.byLevel = levels;
        levels.replaceAll((k, v) -> List.copyOf(v));
        children.replaceAll((k, v) -> List.copyOf(v));
        this.childrenByParent = children;
        this.trees = t;
        this.city = cities.get(0);
    }

    /**
     * Builds the hierarchy.
     *
     * @throws IllegalArgumentException if codes repeat, a parent is missing or of the wrong level,
     *                                  or there is not exactly one city
     */
    public static AreaHierarchy of(Collection<AdminArea> areas) {
        return new AreaHierarchy(areas);
    }

    /** The city at the root. */
    public AdminArea city() {
        return city;
    }

    /** The area with this code, if any. */
    public Optional<AdminArea> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** All areas of a level, ordered by code. */
    public List<AdminArea> level(AdminLevel level) {
        return byLevel.getOrDefault(level, List.of());
    }

    /** The direct children of an area, ordered by code. */
    public List<AdminArea> children(String code) {
        return childrenByParent.getOrDefault(code, List.of());
    }

    /** The parent of an area, empty for the city. */
    public Optional<AdminArea> parent(AdminArea area) {
        return find(area.parentCode());
    }

    /** Number of areas at all levels. */
    public int size() {
        return byCode.size();
    }

    /** Every area at all levels, city first, then by level and code. */
    public List<AdminArea> all() {
        List<AdminArea> all = new ArrayList<>(byCode.size());
        for (AdminLevel l : AdminLevel.values()) {
            all.addAll(level(l));
        }
        return all;
    }

    /**
     * Areas of {@code level} whose geometry intersects {@code bbox} (exact test, not just
     * envelopes), ordered by code.
     */
    public List<AdminArea> intersecting(AdminLevel level, Envelope bbox) {
        STRtree tree = trees.get(level);
        if (tree == null) {
            return List.of();
        }
        List<AdminArea> hits = new ArrayList<>();
        Geometry box = Geo.FACTORY.toGeometry(bbox);
        for (Object o : tree.query(bbox)) {
            AdminArea a = (AdminArea) o;
            if (a.geometry().intersects(box)) {
                hits.add(a);
            }
        }
        hits.sort(Comparator.comparing(AdminArea::code));
        return hits;
    }
}

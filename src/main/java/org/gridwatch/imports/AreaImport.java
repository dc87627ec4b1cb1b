package org.gridwatch.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.geo.EpsgTransform;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.store.Store;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Imports admin areas and grids into a {@link Store}: reads the files ({@link FeatureFiles}),
 * converts every geometry from its layer's CRS to WGS84 ({@link EpsgTransform}), checks it, maps
 * the attributes to {@link AdminArea}s, and writes them in one transaction.
 *
 * <h2>Attributes</h2>
 * Names are matched case-insensitively, ignoring {@code _}: {@code code} (also {@code wgbm} 网格编码,
 * {@code xzqdm} 行政区代码, {@code adcode}), {@code name} ({@code wgmc}, {@code xzqmc}, {@code mc}),
 * {@code level}, {@code parentCode}, {@code population}, {@code households}, {@code areaSqm},
 * {@code gridWorker} ({@code wgy}), {@code demo}. Only the code is required besides the geometry; the
 * level follows from the code's length (6 digits ending in 00: city; 6: county; 9: township;
 * 12: village; 15: grid) unless given; the parent code from the code's prefix; the name defaults to
 * the code; the area is computed geodesically when absent; numbers default to 0.
 *
 * <h2>Geometry</h2>
 * Polygons and multipolygons only. An invalid one (self-intersection, ring not closed, ...) is
 * repaired with JTS {@link GeometryFixer} under {@link InvalidPolicy#REPAIR} and reported as
 * repaired, or rejected under {@link InvalidPolicy#REJECT}; one that converts outside lon/lat
 * range (a projected file read as WGS84) or cannot be repaired is rejected.
 *
 * <h2>All or nothing</h2>
 * The imported levels replace those levels in the store (importing grids keeps the counties);
 * the result must form a complete hierarchy. If any feature is rejected, or the hierarchy is
 * incomplete, nothing is written; otherwise one {@link Store#replaceAreas} call (one
 * transaction) writes everything.
 *
 * <p>Stateless; thread-safe. Blocking.
 */
public final class AreaImport {
    /** What to do with an invalid geometry. */
    public enum InvalidPolicy {
        /** Repair it (JTS GeometryFixer) and report it as repaired. */
        REPAIR,
        /** Reject it, which stops the whole import. */
        REJECT
    }

    private static final Map<String, List<String>> ALIASES = Map.of(
            "code", List.of("code", "wgbm", "xzqdm", "adcode"),
            "name", List.of("name", "wgmc", "xzqmc", "mc"),
            "level", List.of("level"),
            "parentcode", List.of("parentcode", "parent"),
            "population", List.of("population", "rks"),
            "households", List.of("households", "hs"),
            "areasqm", List.of("areasqm"),
            "gridworker", List.of("gridworker", "wgy"),
            "demo", List.of("demo"));

    private AreaImport() {
    }

    /**
     * Imports {@code files} into {@code store}.
     *
     * @param crsOverride EPSG code of the coordinates, replacing what the files say; null to read it from them
     * @param level       level of every feature, replacing the attribute and the code length; null to infer
     * @throws ImportException if a file cannot be read (nothing is written)
     * @throws org.gridwatch.error.StoreException if the store fails (nothing is written)
     */
    public static ImportReport run(Store store, List<Path> files, Integer crsOverride, AdminLevel level,
                                   InvalidPolicy policy) {
        Map<String, AdminArea> imported = new LinkedHashMap<>();
        List<ImportReport.Entry> entries = FeatureFiles.convertAll(FeatureFiles.readAll(files, crsOverride),
                (f, transform) -> convert(f, transform, level, policy, imported));
        Optional<ImportReport> refusal = ImportReport.refusal(entries, imported.size());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Set<AdminLevel> levels = EnumSet.noneOf(AdminLevel.class);
        imported.values().forEach(a -> levels.add(a.level()));
        List<AdminArea> merged = new ArrayList<>();
        for (AdminArea a : store.loadAreas()) {
            if (!levels.contains(a.level())) {
                merged.add(a);
            }
        }
        merged.addAll(imported.values());
        try {
            AreaHierarchy.of(merged);
        } catch (IllegalArgumentException e) {
            return new ImportReport(entries, false, "the areas would not form one hierarchy with those in the store: "
                    + e.getMessage());
        }
        store.replaceAreas(merged);
        return new ImportReport(entries, true, null);
    }

    private static ImportReport.Entry convert(SourceFeature f, EpsgTransform transform, AdminLevel levelOverride,
                                              InvalidPolicy policy, Map<String, AdminArea> imported) {
        Map<String, Object> p = Attributes.normalise(f.properties(), ALIASES);
        String code = Attributes.codeText(p.get("code"));
        if (code == null || !code.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return rejected(f, code, code == null ? "no code attribute (code, wgbm, xzqdm or adcode)"
                    : "code \"" + code + "\" is not all digits");
        }
        if (imported.containsKey(code)) {
            return rejected(f, code, "code " + code + " appears twice in the import");
        }
        AdminLevel level;
        try {
            level = levelOverride != null ? levelOverride : level(code, p.get("level"));
        } catch (IllegalArgumentException e) {
            return rejected(f, code, e.getMessage());
        }
        Geometry g;
        try {
            g = FeatureFiles.wgs84Geometry(f, transform);
        } catch (IllegalArgumentException e) {
            return rejected(f, code, e.getMessage());
        }
        if (!(g instanceof Polygon || g instanceof MultiPolygon)) {
            return rejected(f, code, "geometry is a " + g.getGeometryType() + "; areas are Polygon or MultiPolygon");
        }
        ImportReport.Outcome outcome = ImportReport.Outcome.IMPORTED;
        String detail = null;
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            detail = error.getMessage() + " at " + error.getCoordinate();
            if (policy == InvalidPolicy.REJECT) {
                return rejected(f, code, "invalid geometry: " + detail);
            }
            Geometry fixed = polygonal(GeometryFixer.fix(g));
            if (fixed == null) {
                return rejected(f, code, "invalid geometry that cannot be repaired: " + detail);
            }
            g = fixed;
            outcome = ImportReport.Outcome.REPAIRED;
            detail = "repaired: " + detail;
        }
        g.setSRID(Geo.SRID);
        String parent = Attributes.codeText(p.get("parentcode"));
        if (parent == null) {
            parent = parentOf(code, level);
        }
        try {
            Object area = p.get("areasqm");
            AdminArea a = new AdminArea(code, Objects.requireNonNullElse(Attributes.text(p.get("name")), code), level,
                    level == AdminLevel.CITY ? null : parent, g, Attributes.number(p.get("population")),
                    Attributes.number(p.get("households")), area instanceof Number n ? n.doubleValue() : Geodesy.areaSqm(g),
                    Attributes.text(p.get("gridworker")), Attributes.bool(p.get("demo")));
            imported.put(code, a);
        } catch (IllegalArgumentException e) {
            return rejected(f, code, e.getMessage());
        }
        return new ImportReport.Entry(f.layer(), f.index(), code, outcome, detail);
    }

    /** The polygonal part of a repaired geometry, or null when nothing polygonal is left. */
    private static Geometry polygonal(Geometry g) {
        if (g instanceof Polygon || g instanceof MultiPolygon) {
            return g.isEmpty() ? null : g;
        }
        @SuppressWarnings("unchecked")
        List<Polygon> polygons = PolygonExtracter.getPolygons(g);
        polygons.removeIf(Geometry::isEmpty);
        if (polygons.isEmpty()) {
            return null;
        }
        return polygons.size() == 1 ? polygons.get(0) : Geo.FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    static AdminLevel level(String code, Object attribute) {
        if (attribute != null) {
            return AdminLevel.parse(String.valueOf(attribute)).orElseThrow(() -> new IllegalArgumentException(
                    "unknown level \"" + attribute + "\"; expected city, county, township, village or grid"));
        }
        return switch (code.length()) {
            case 6 -> code.endsWith("00") ? AdminLevel.CITY : AdminLevel.COUNTY;
            case 9 -> AdminLevel.TOWNSHIP;
            case 12 -> AdminLevel.VILLAGE;
            case 15 -> AdminLevel.GRID;
            default -> throw new IllegalArgumentException("code " + code + " has " + code.length()
                    + " digits; expected 6, 9, 12 or 15 (or give the level)");
        };
    }

    /** The parent code implied by a code: its prefix, or for a county the city code (first 4 digits + 00). */
    static String parentOf(String code, AdminLevel level) {
        return switch (level) {
            case CITY -> null;
            case COUNTY -> code.substring(0, 4) + "00";
            case TOWNSHIP -> code.substring(0, 6);
            case VILLAGE -> code.substring(0, 9);
            case GRID -> code.substring(0, 12);
        };
    }

    private static ImportReport.Entry rejected(SourceFeature f, String code, String why) {
        return new ImportReport.Entry(f.layer(), f.index(), code, ImportReport.Outcome.REJECTED, why);
    }
}

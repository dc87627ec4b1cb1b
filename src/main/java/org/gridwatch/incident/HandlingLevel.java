package org.gridwatch.incident;

import java.util.Optional;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.vocab.Term;

/**
 * The level of the governance hierarchy that handles a case, as in "小事不出村、大事不出镇、矛盾不上交":
 * a case starts in its village or community ({@link #VILLAGE}) and is transferred (流转, a
 * {@link CaseAction#TRANSFER}) up to the township or street ({@link #TOWNSHIP}) or to a county
 * department ({@link #COUNTY}), or back down. The share of cases finished at each level is the
 * 就地化解率.
 */
public enum HandlingLevel implements Term {
    VILLAGE("village", "村（社区）", AdminLevel.VILLAGE),
    TOWNSHIP("township", "乡镇（街道）", AdminLevel.TOWNSHIP),
    COUNTY("county", "县级部门", AdminLevel.COUNTY);

    private final String id;
    private final String label;
    private final AdminLevel area;

    HandlingLevel(String id, String label, AdminLevel area) {
        this.id = id;
        this.label = label;
        this.area = area;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /** The admin level of the area that handles the case at this level. */
    public AdminLevel area() {
        return area;
    }

    /**
     * The code of the area handling a case in {@code gridCode} at this level: the grid's village,
     * township or county code (a prefix of the 15-digit grid code).
     */
    public String areaCode(String gridCode) {
        return gridCode.substring(0, area.codeLength());
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<HandlingLevel> parse(String text) {
        return Term.parse(HandlingLevel.class, text);
    }
}

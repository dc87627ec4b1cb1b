package org.gridwatch.patrol;

import java.util.Objects;

/**
 * One entry of the unit roster (巡防力量名册): who can patrol and where they belong. Live state
 * (status, position, track) is kept elsewhere.
 *
 * @param id               stable identifier, e.g. {@code "U000123"}
 * @param callSign         Chinese call sign, e.g. "滨城巡逻3号"
 * @param kind             kind of unit
 * @param agency           the unit's agency, e.g. "滨城区公安分局"
 * @param homeCountyCode   6-digit code of the home county
 * @param homeTownshipCode 9-digit code of the home township/street (the unit's home area); starts
 *                         with {@code homeCountyCode}
 * @param demo             true when the entry is generated demo data
 */
public record Unit(String id, String callSign, UnitKind kind, String agency, String homeCountyCode,
                   String homeTownshipCode, boolean demo) {
    public Unit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(callSign, "callSign");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(homeCountyCode, "homeCountyCode");
        Objects.requireNonNull(homeTownshipCode, "homeTownshipCode");
        if (!homeTownshipCode.startsWith(homeCountyCode)) {
            throw new IllegalArgumentException("unit " + id + ": home township " + homeTownshipCode
                    + " is not in home county " + homeCountyCode);
        }
    }
}

package org.gridwatch.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.Unit;
import org.gridwatch.post.SchoolPost;

/** The committed Binzhou demo city, loaded once for the simulator tests. */
final class SimCity {
    /** 滨城区, the county of the city seat. */
    static final String COUNTY = "371602";

    private static final class Holder {
        static final CityData CITY;
        static final GridIndex GRIDS;

        static {
            try {
                CITY = CityData.load(Path.of("gis-data/binzhou"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GRIDS = GridIndex.build(AreaHierarchy.of(CITY.areas()));
        }
    }

    private SimCity() {
    }

    static CityData city() {
        return Holder.CITY;
    }

    static GridIndex grids() {
        return Holder.GRIDS;
    }

    /** The roster units of one county. */
    static List<Unit> units(String county) {
        return city().units().stream().filter(u -> u.homeCountyCode().equals(county)).toList();
    }

    /** The school posts of one county. */
    static List<SchoolPost> posts(String county) {
        return city().posts().stream().filter(p -> p.countyCode().equals(county)).toList();
    }
}

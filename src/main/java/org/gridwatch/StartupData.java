package org.gridwatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.city.CityData;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server reads at start-up besides its indexes: the city (areas, posts, key places, units)
 * from the store or the city data files, and the school calendar in force. Blocking; start-up and
 * the command-line tools only.
 */
final class StartupData {
    private static final Logger LOG = LoggerFactory.getLogger(StartupData.class);

    private StartupData() {
    }

    /**
     * The school calendar in force: the one imported into the store, else the configured file's
     * ({@code posts.calendar}), else the shipped default (logged). Blocking; start-up only.
     */
    static SchoolCalendar calendar(Store store, GridWatchConfig config) {
        Optional<SchoolCalendar> imported = store.loadCalendar();
        SchoolCalendar c = imported.orElse(config.monitoring().calendar());
        LOG.info("school calendar: {} ({} to {}), from {}", c.name(), c.from(), c.to(),
                imported.isPresent() ? "the store (imported)" : config.monitoring().describeCalendar());
        return c;
    }

    /**
     * The school-guard posts and key places to monitor (areas and units of the result empty).
     * They are the store's when it holds any post or any key place. Otherwise (a fresh store)
     * they come from the city data directory, as in releases before the store kept them: from
     * {@code city} when the city was imported at this start, else from its
     * {@value CityData#POSTS_FILE} and {@value CityData#KEY_PLACES_FILE}, checked against the
     * grids; and they are saved into the store, so the next start reads the store and the files
     * are no longer consulted. A directory with neither file gives none (logged): a deployment
     * whose places will be imported later still starts. Blocking; start-up only.
     *
     * @throws UncheckedIOException if a places file exists but cannot be read or is malformed
     */
    static CityData loadPlaces(Store store, CityData city, GridWatchConfig config, GridIndex grids) {
        List<SchoolPost> posts = store.loadSchoolPosts();
        List<KeyPlace> keyPlaces = store.loadKeyPlaces();
        if (!posts.isEmpty() || !keyPlaces.isEmpty()) {
            Set<String> codes = gridCodes(grids);
            long stray = posts.stream().filter(p -> !codes.contains(p.gridCode())).count()
                    + keyPlaces.stream().filter(k -> !codes.contains(k.gridCode())).count();
            if (stray > 0) {
                LOG.warn("{} school posts and key places in store {} name a grid that is not among its areas"
                        + " (areas re-imported?); re-import the places", stray, store);
            }
            return new CityData(List.of(), posts, keyPlaces, List.of());
        }
        CityData places = city != null ? city : readPlaces(config, grids);
        if (!places.posts().isEmpty() || !places.keyPlaces().isEmpty()) {
            store.upsertPlaces(places.posts(), places.keyPlaces());
            LOG.info("store {} held no school posts or key places: saved {} posts and {} key places from {}", store,
                    places.posts().size(), places.keyPlaces().size(), config.city().describe());
        }
        return places;
    }

    static CityData readPlaces(GridWatchConfig config, GridIndex grids) {
        Path dir = cityDirectory(config);
        if (!Files.exists(dir.resolve(CityData.POSTS_FILE))
                && !Files.exists(dir.resolve(CityData.KEY_PLACES_FILE))) {
            LOG.warn("no school posts or key places, neither in the store nor in {}: import them with"
                    + " gridwatch import --type school-posts|key-places", dir);
            return new CityData(List.of(), List.of(), List.of(), List.of());
        }
        try {
            return CityData.loadPlaces(dir, gridCodes(grids));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load school posts and key places from " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The city data directory of the configuration: {@code city.data}, or the demo city packed into the jar. */
    static Path cityDirectory(GridWatchConfig config) {
        try {
            return CityData.directory(config.city().data());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + config.city().describe() + ": " + e.getMessage(), e);
        }
    }

    static Set<String> gridCodes(GridIndex grids) {
        Set<String> codes = new HashSet<>();
        grids.hierarchy().level(AdminLevel.GRID).forEach(g -> codes.add(g.code()));
        return codes;
    }

    /**
     * The store's areas; an empty store first gets the configured city's, as the first start of
     * the server would do (for the account commands, run before the first start). Blocking.
     */
    static List<AdminArea> storedAreas(Store store, GridWatchConfig config) {
        List<AdminArea> areas = store.loadAreas();
        if (areas.isEmpty()) {
            LOG.info("store {} holds no areas: importing the city from {}", store, config.city().describe());
            areas = loadCity(config).areas();
            store.replaceAreas(areas);
        }
        return areas;
    }

    /** The ids of the store's units, or of the configured city's when the store has none yet. Blocking. */
    static Set<String> storedUnitIds(Store store, GridWatchConfig config) {
        List<org.gridwatch.patrol.UnitRecord> stored = store.loadUnits();
        Set<String> ids = new java.util.HashSet<>();
        if (stored.isEmpty()) {
            loadCity(config).units().forEach(u -> ids.add(u.id()));
        } else {
            stored.forEach(u -> ids.add(u.id()));
        }
        return ids;
    }

    static CityData loadCity(GridWatchConfig config) {
        try {
            return CityData.load(cityDirectory(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the city from " + config.city().describe() + ": " + e.getMessage(),
                    e);
        }
    }
}

package org.gridwatch.store.geopackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.Store;
import org.gridwatch.store.jdbc.JdbcStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Store}: one GeoPackage 1.3 file (SQLite) that QGIS, ArcGIS and GDAL open as
 * it is. The tables and their code are shared with PostGIS ({@link JdbcStore}); what GeoPackage
 * does its own way is in {@link GeoPackageDialect}, the layout in {@link GeoPackageSchema}, the
 * connections in {@link GeoPackageConnections}.
 *
 * <h2>Layout</h2>
 * Feature tables {@code areas_city}, {@code areas_county}, {@code areas_township},
 * {@code areas_village} and {@code grids} ({@code MULTIPOLYGON}), {@code incidents}, {@code units}
 * (geometry = last position, NULL before the first report), {@code tracks} (one row per position
 * report), {@code alerts} (NULL without a place), {@code school_posts} and {@code key_places} (all
 * {@code POINT}); the attributes table {@code incident_transitions}; {@code gridwatch_schema}
 * with our schema version ({@link GeoPackageSchema}; an older file is migrated on open). Every
 * feature table but {@code tracks} and {@code units} (too costly for position ingest; see
 * {@link GeoPackageSchema#spatialIndexes()}) has the GeoPackage R-tree spatial index on its
 * geometry (extension {@code gpkg_rtree_index}), kept by triggers, so GIS clients filter those
 * layers by extent; the triggers' SQL functions are registered on every connection
 * ({@link org.gridwatch.gpkg.GeoPackageFunctions}). Extents in
 * {@code gpkg_contents} are widened on every write (never shrunk, except when areas are
 * replaced). All geometries are WGS84 lon/lat, {@code srs_id} 4326, x = longitude.
 *
 * <h2>Round-trip fidelity</h2>
 * As {@link JdbcStore} says: instants to the microsecond ({@code *_us} columns, authoritative, with
 * DATETIME text beside them for GIS users), doubles, UTF-8 text and nulls exactly, NaN
 * measurements as NULL, areas as MultiPolygons.
 *
 * <h2>Durability</h2>
 * SQLite in WAL mode, one transaction per write. With {@code fullSync} false,
 * {@code synchronous=NORMAL}: a committed write survives a crash or {@code kill -9} of the process,
 * but the last transactions before a power loss or OS crash may be rolled back (the database stays
 * consistent). With {@code fullSync} true, {@code synchronous=FULL}: the WAL is fsynced at every
 * commit, so committed writes also survive power loss, at the cost of one fsync per write.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. Writes share one writer connection guarded by a lock, one transaction per call; a
 * failed write is rolled back (a busy file is retried) and the store stays usable. Every read
 * opens its own read-only connection and reads one consistent snapshot; thanks to WAL it neither
 * waits for nor blocks writers, so a sink may even write to this store. {@link #isAvailable()} is
 * true until closed.
 */
public final class GeoPackageStore extends JdbcStore {
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageStore.class);

    private final Path file;
    private final boolean fullSync;

    private GeoPackageStore(Path file, boolean fullSync, GeoPackageConnections connections) {
        super(new GeoPackageDialect(), connections, 0);
        this.file = file;
        this.fullSync = fullSync;
    }

    /**
     * Opens the GeoPackage at {@code file}, creating it (and its parent directories) when absent,
     * and migrates a file of an older GridWatch.
     *
     * @param file     the {@code .gpkg} file
     * @param fullSync true for {@code synchronous=FULL} (committed writes survive power loss),
     *                 false for {@code NORMAL} (they survive a process crash; see the class comment)
     * @throws StoreException if the file cannot be created or opened, is not a GridWatch
     *                        GeoPackage, or has a newer GridWatch schema than this code
     */
    public static GeoPackageStore open(Path file, boolean fullSync) {
        Objects.requireNonNull(file, "file");
        Path path = file.toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of GeoPackage " + path + ": " + e.getMessage(), e);
        }
        GeoPackageConnections connections = null;
        try {
            connections = GeoPackageConnections.open(path, fullSync);
            GeoPackageSchema.createOrVerify(connections.writerForSchema(), path);
            connections.writerForSchema().setAutoCommit(false);
            LOG.info("opened GeoPackage store {} (schema {}, synchronous={})", path,
                    GeoPackageSchema.SCHEMA_VERSION, fullSync ? "FULL" : "NORMAL");
            return new GeoPackageStore(path, fullSync, connections);
        } catch (SQLException | RuntimeException e) {
            if (connections != null) {
                try {
                    connections.close();
                } catch (SQLException ce) {
                    e.addSuppressed(ce);
                }
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open GeoPackage " + path + ": " + e.getMessage(), e);
        }
    }

    /** The GeoPackage file. */
    public Path file() {
        return file;
    }

    /** True when opened with {@code synchronous=FULL}. */
    public boolean fullSync() {
        return fullSync;
    }
}

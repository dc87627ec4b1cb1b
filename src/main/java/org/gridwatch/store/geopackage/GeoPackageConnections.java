package org.gridwatch.store.geopackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.gridwatch.gpkg.GeoPackageFunctions;
import org.gridwatch.store.jdbc.ConnectionSource;
import org.sqlite.SQLiteConfig;

/**
 * The connections of a GeoPackage file: one writer connection, kept open for the life of the store
 * (WAL, {@code synchronous} NORMAL or FULL), and a new read-only connection per read, which in WAL
 * mode neither waits for nor blocks the writer. Every connection has the SQL functions of
 * {@link GeoPackageFunctions}, which the R-tree triggers call.
 *
 * <p>The file is watched, not assumed: its identity (the file system's key, device and inode on
 * Linux) is taken at open, and every write and read first checks that the path still names that
 * file. A store file deleted or replaced while open (SQLite would go on writing into the unlinked
 * inode, and those writes would be lost at the next start) fails every call as unavailable, and
 * {@link #probe()} answers false, so {@code /ready} turns not ready; so does a file made read-only.
 *
 * <p>Thread-safety: as {@link ConnectionSource} requires (the writer is used under the store's
 * write lock only; readers are opened per call).
 */
final class GeoPackageConnections implements ConnectionSource {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Page cache of each connection, KiB (SQLite's default is 2 MiB): bulk loads update the
     * {@code reported_at_us} index in random order and are several times slower when its pages
     * keep falling out of the cache.
     */
    private static final int CACHE_KIB = 64 * 1024;
    /**
     * WAL pages after which a commit checkpoints (SQLite's default is 1,000, 4 MiB). Position
     * batches dirty the same pages again and again; checkpointing every 64 MiB instead of every
     * 4 MiB copies each of them to the database file far less often (ingest of 5,000-position
     * batches: about 106,000/s with the default, 140,000/s with this). The WAL file may grow to
     * about this size.
     */
    private static final int WAL_AUTOCHECKPOINT_PAGES = 16_384;

    private final Path file;
    private final boolean fullSync;
    /** Auto-commit off once the schema is in place, so every call ends in commit or rollback. */
    private final Connection writer;
    /** The file's identity when opened; null when the file system has none (then only existence is checked). */
    private final Object identity;

    private GeoPackageConnections(Path file, boolean fullSync, Connection writer, Object identity) {
        this.file = file;
        this.fullSync = fullSync;
        this.writer = writer;
        this.identity = identity;
    }

    /** Opens the writer connection of {@code file} (created when absent), in auto-commit mode. */
    static GeoPackageConnections open(Path file, boolean fullSync) throws SQLException {
        Connection c = connect(file, fullSync, false);
        try {
            // SQLite creates the file lazily: make it exist before taking its identity.
            try (var st = c.createStatement()) {
                st.execute("PRAGMA user_version");
            }
            return new GeoPackageConnections(file, fullSync, c, Files.readAttributes(file, BasicFileAttributes.class)
                    .fileKey());
        } catch (IOException e) {
            c.close();
            throw new SQLException("cannot read the attributes of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the path still names the file opened.
     *
     * @throws SQLException naming what happened when it was deleted or replaced
     */
    void checkIdentity() throws SQLException {
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            throw new SQLException(file + " was deleted while the store was open; nothing was changed. Restore the file"
                    + " (or restart to open what is there now)");
        } catch (IOException e) {
            throw new SQLException("cannot check " + file + ": " + e.getMessage(), e);
        }
        if (identity != null && !identity.equals(now)) {
            throw new SQLException(file + " was replaced by another file while the store was open; nothing was changed."
                    + " Restart to open the new file");
        }
    }

    /** The writer connection, for creating or migrating the schema before the store is shared. */
    Connection writerForSchema() {
        return writer;
    }

    @Override
    public String describe() {
        return "GeoPackage store " + file;
    }

    @Override
    public Connection writer() throws SQLException {
        checkIdentity();
        return writer;
    }

    @Override
    public void release(Connection writer) {
        // Kept open: the one writer connection serves every write.
    }

    @Override
    public Connection reader() throws SQLException {
        checkIdentity();
        // One transaction, so that every statement of the read sees the same snapshot.
        return ConnectionSource.readied(connect(file, fullSync, true), c -> c.setAutoCommit(false));
    }

    /**
     * True while the path names the file opened and it is writable (a full disk fails the write
     * itself). Never throws.
     */
    @Override
    public boolean probe() {
        try {
            checkIdentity();
            return Files.isWritable(file);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!writer.getAutoCommit()) {
                writer.rollback();
            }
        } finally {
            writer.close();
        }
    }

    private static Connection connect(Path file, boolean fullSync, boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setCacheSize(-CACHE_KIB);
        cfg.setEncoding(SQLiteConfig.Encoding.UTF8);
        if (readOnly) {
            cfg.setReadOnly(true);
        } else {
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            cfg.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            cfg.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WAL_AUTOCHECKPOINT_PAGES));
        }
        return ConnectionSource.readied(DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties()),
                GeoPackageFunctions::register);
    }
}

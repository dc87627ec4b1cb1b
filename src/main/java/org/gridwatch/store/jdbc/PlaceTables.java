package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * School-guard posts ({@code school_posts}) and key places ({@code key_places}): one row each,
 * coordinates in {@code lon}/{@code lat} (exact), time windows as text
 * {@code "07:10-07:50,11:20-11:50"} ({@link org.gridwatch.post.ClockWindow}). An upsert deletes
 * the ids given and inserts the records anew. Thread-safe.
 */
final class PlaceTables {
    static final String POSTS = "school_posts";
    static final String KEY_PLACES = "key_places";
    private static final String POST_COLUMNS = "id, name, kind, lon, lat, radius_m, duty_windows, required_staff,"
            + " grid_code, county_code, demo";
    private static final String KEY_PLACE_COLUMNS = "id, name, kind, lon, lat, key_periods, patrol_interval_min,"
            + " grid_code, county_code, demo";

    private final Dialect dialect;
    private final Transactions tx;
    /** Parameters in the order of {@link Rows#bindSchoolPost}, then the point geometry if written. */
    private final String insertPost;
    /** Parameters in the order of {@link Rows#bindKeyPlace}, then the point geometry if written. */
    private final String insertKeyPlace;

    PlaceTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        insertPost = new Columns(dialect).plain(POST_COLUMNS.split(", *")).pointGeometry().insertInto(POSTS);
        insertKeyPlace = new Columns(dialect).plain(KEY_PLACE_COLUMNS.split(", *")).pointGeometry()
                .insertInto(KEY_PLACES);
    }

    List<SchoolPost> loadSchoolPosts() {
        return tx.read("loadSchoolPosts", "", c -> Rows.all(c, "SELECT " + POST_COLUMNS + " FROM " + POSTS
                + " ORDER BY id", Rows::schoolPost));
    }

    List<KeyPlace> loadKeyPlaces() {
        return tx.read("loadKeyPlaces", "", c -> Rows.all(c, "SELECT " + KEY_PLACE_COLUMNS + " FROM " + KEY_PLACES
                + " ORDER BY id", Rows::keyPlace));
    }

    void upsert(List<SchoolPost> posts, List<KeyPlace> keyPlaces) {
        if (!Rows.checkPlaces(posts, keyPlaces)) {
            return;
        }
        tx.write("upsertPlaces", posts.size() + " posts, " + keyPlaces.size() + " key places", c -> {
            replace(c, POSTS, insertPost, posts, SchoolPost::id, SchoolPost::gate, Rows::bindSchoolPost, 11);
            replace(c, KEY_PLACES, insertKeyPlace, keyPlaces, KeyPlace::id, KeyPlace::location, Rows::bindKeyPlace, 10);
            return null;
        });
    }

    /** Binds a record's columns from parameter {@code p}. */
    @FunctionalInterface
    private interface RecordBinder<T> {
        void bind(PreparedStatement ps, int p, T item) throws SQLException;
    }

    private <T> void replace(Connection c, String table, String insert, List<T> items,
                             Function<T, String> id, Function<T, Point> point,
                             RecordBinder<T> binder, int columns) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?");
             PreparedStatement ins = c.prepareStatement(insert)) {
            Rows.batch(delete, items, Rows.BATCH_SIZE, (ps, item) -> ps.setString(1, id.apply(item)));
            Envelope extent = new Envelope();
            Rows.batch(ins, items, Rows.BATCH_SIZE, (ps, item) -> {
                binder.bind(ps, 1, item);
                Point at = point.apply(item);
                if (dialect.writesPointGeometry()) {
                    ps.setBytes(columns + 1, dialect.encodePoint(at.getX(), at.getY()));
                }
                extent.expandToInclude(at.getCoordinate());
            });
            dialect.changed(c, table, extent);
        }
    }
}

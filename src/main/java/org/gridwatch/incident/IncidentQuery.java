package org.gridwatch.incident;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygonal;

/**
 * A query over incidents. Every criterion that is {@code null} or empty matches everything.
 * At most one of {@code bbox}, {@code polygon} and {@code circle} is set.
 *
 * @param scope       what the caller may see (required)
 * @param bbox        WGS84 envelope (x = longitude); boundary inclusive
 * @param polygon     WGS84 Polygon or MultiPolygon; boundary inclusive
 * @param circle      centre and geodesic radius in metres; boundary inclusive
 * @param from        reportedAt ≥ from (inclusive)
 * @param to          reportedAt &lt; to (exclusive)
 * @param categories  any of these categories
 * @param statuses    any of these statuses
 * @param sources     any of these sources
 * @param after       page cursor: only incidents ordered after this position
 * @param limit       page size (ignored when counting)
 */
public record IncidentQuery(Scope scope, Envelope bbox, Polygonal polygon, Circle circle, Instant from, Instant to,
                            Set<Category> categories, Set<Status> statuses, Set<Source> sources, Cursor after,
                            int limit) {
    public IncidentQuery {
        Objects.requireNonNull(scope, "scope");
        categories = categories == null || categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        sources = sources == null || sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        int spatial = (bbox != null ? 1 : 0) + (polygon != null ? 1 : 0) + (circle != null ? 1 : 0);
        if (spatial > 1) {
            throw new IllegalArgumentException("at most one of bbox, polygon and circle");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be ≥ 0");
        }
    }

    /** A query for everything in the scope, first page of {@code limit}. */
    public static IncidentQuery all(Scope scope, int limit) {
        return new IncidentQuery(scope, null, null, null, null, null, null, null, null, null, limit);
    }

    /**
     * A geodesic circle.
     *
     * @param lon          centre longitude, WGS84 degrees
     * @param lat          centre latitude, WGS84 degrees
     * @param radiusMetres radius in metres, &gt; 0
     */
    public record Circle(double lon, double lat, double radiusMetres) {
    }

    /**
     * A position in the result order (newest {@code reportedAt} first, then highest id first).
     * The next page holds incidents strictly after it in that order.
     *
     * @param reportedAtMillis reportedAt of the last incident of the previous page, epoch ms
     * @param id               id of that incident
     */
    public record Cursor(long reportedAtMillis, long id) {
        /** Encodes as an opaque token for URLs. */
        public String encode() {
            return Long.toString(reportedAtMillis, 36) + "." + Long.toString(id, 36);
        }

        /** Decodes a token from {@link #encode()}. @throws IllegalArgumentException if malformed */
        public static Cursor decode(String token) {
            int dot = token == null ? -1 : token.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("malformed cursor");
            }
            try {
                return new Cursor(Long.parseLong(token.substring(0, dot), 36), Long.parseLong(token.substring(dot + 1), 36));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed cursor", e);
            }
        }
    }
}

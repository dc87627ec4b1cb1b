package org.gridwatch.incident;

import java.time.Instant;
import org.gridwatch.geo.Crs;

/**
 * A new incident as reported, already checked for form (the web layer names bad fields).
 *
 * @param source      where it came from
 * @param externalId  the source's own id for de-duplication; may be {@code null}
 * @param category    category
 * @param severity    grade 1 (Ⅰ级 特别重大) to 4 (Ⅳ级 一般), see {@link Severity}
 * @param lon         longitude in {@code crs}, degrees
 * @param lat         latitude in {@code crs}, degrees
 * @param crs         CRS of lon/lat
 * @param reportedAt  when it was reported at the source
 * @param title       short title, non-blank
 * @param description free text, may be empty
 * @param actor       who reports (user name or system); {@code "system"} if unknown
 */
public record IncidentReport(Source source, String externalId, Category category, int severity, double lon,
                             double lat, Crs crs, Instant reportedAt, String title, String description, String actor) {
}

package org.gridwatch.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A daily report (日报) as the store keeps it: one per local day and area (the city or a county),
 * its figures as a JSON document ({@code org.gridwatch.report.DailyReport#toJson}), from which
 * every format is rendered on demand. Immutable.
 *
 * @param date        the local day the report covers (in the city's time zone)
 * @param areaCode    the area it covers: the city's or a county's code
 * @param generatedAt when it was generated
 * @param generatedBy who generated it: {@code system} for the morning run, else the principal
 * @param body        the report's JSON document, UTF-8 text
 */
public record StoredReport(LocalDate date, String areaCode, Instant generatedAt, String generatedBy, String body) {
    public StoredReport {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(areaCode, "areaCode");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(generatedBy, "generatedBy");
        Objects.requireNonNull(body, "body");
    }

    /** This report without its body, as lists show it. */
    public Entry entry() {
        return new Entry(date, areaCode, generatedAt, generatedBy);
    }

    /**
     * A stored report's key and provenance, without the body.
     *
     * @param date        the local day covered
     * @param areaCode    the area covered
     * @param generatedAt when it was generated
     * @param generatedBy who generated it
     */
    public record Entry(LocalDate date, String areaCode, Instant generatedAt, String generatedBy) {
        public Entry {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(areaCode, "areaCode");
            Objects.requireNonNull(generatedAt, "generatedAt");
            Objects.requireNonNull(generatedBy, "generatedBy");
        }
    }
}

package org.gridwatch.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a person must see and acknowledge (告警): a school post unstaffed, a grid uncovered too
 * long, a near-repeat risk, an overdue incident, a unit outside its area. Alerts are persisted and
 * never deleted; acknowledging one records who did it and when.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id       positive identifier, assigned by the server in increasing order
 * @param kind     what raised it, a stable lower-case identifier, e.g. {@code "post_unstaffed"}
 * @param severity how urgent, a stable lower-case identifier, e.g. {@code "warning"}
 * @param title    short Chinese text for the alert list, e.g. "滨城区实验小学护学岗未到岗"
 * @param detail   longer text, or null
 * @param areaCode code of the admin area or grid concerned, or null
 * @param lon      longitude of the place concerned, degrees, WGS84; null when the alert has no place
 * @param lat      latitude of the place concerned, degrees, WGS84; null exactly when {@code lon} is
 * @param raisedAt when the alert was raised
 * @param ackedAt  when it was acknowledged, or null while it is open
 * @param ackedBy  who acknowledged it; null exactly when {@code ackedAt} is
 */
public record Alert(long id, String kind, String severity, String title, String detail, String areaCode,
                    Double lon, Double lat, Instant raisedAt, Instant ackedAt, String ackedBy) {
    public Alert {
        if (id <= 0) {
            throw new IllegalArgumentException("alert id must be positive: " + id);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(raisedAt, "raisedAt");
        if ((lon == null) != (lat == null)) {
            throw new IllegalArgumentException("alert " + id + ": lon and lat must both be set or both be null");
        }
        if (lon != null && (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90))) {
            throw new IllegalArgumentException("alert " + id + ": lon/lat out of range: " + lon + ", " + lat);
        }
        if ((ackedAt == null) != (ackedBy == null)) {
            throw new IllegalArgumentException("alert " + id + ": ackedAt and ackedBy must both be set or both be null");
        }
    }

    /** True once acknowledged. */
    public boolean acknowledged() {
        return ackedAt != null;
    }

    /** This alert acknowledged by {@code by} at {@code at}. */
    public Alert acknowledge(String by, Instant at) {
        return new Alert(id, kind, severity, title, detail, areaCode, lon, lat, raisedAt,
                Objects.requireNonNull(at, "at"), Objects.requireNonNull(by, "by"));
    }
}

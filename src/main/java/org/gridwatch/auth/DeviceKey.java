package org.gridwatch.auth;

import java.time.Instant;
import java.util.Objects;
import org.gridwatch.geo.Crs;

/**
 * The credential of one unit's terminal: its secret is shown once when made and stored only as a
 * SHA-256 hash ({@link Secrets}). Immutable and thread-safe.
 *
 * @param id         device id, {@code dev-} and 8 hex digits
 * @param unitId     the one unit it reports for
 * @param terminalId the terminal's own identifier (JT/T 808 phone number, Traccar device id), or null
 * @param keyHash    hex SHA-256 of the device key
 * @param createdAt  when it was made
 * @param revokedAt  when it was revoked; null while valid
 * @param crs        the coordinate system the terminal reports in (most report WGS84; some GCJ-02)
 */
public record DeviceKey(String id, String unitId, String terminalId, String keyHash, Instant createdAt, Instant revokedAt,
                        Crs crs) {
    /** A terminal reporting in WGS84. */
    public DeviceKey(String id, String unitId, String terminalId, String keyHash, Instant createdAt, Instant revokedAt) {
        this(id, unitId, terminalId, keyHash, createdAt, revokedAt, Crs.WGS84);
    }

    public DeviceKey {
        Objects.requireNonNull(crs, "crs");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True until revoked. */
    public boolean valid() {
        return revokedAt == null;
    }

    @Override
    public String toString() {
        return "DeviceKey[" + id + ", unit " + unitId + (revokedAt != null ? ", revoked" : "") + "]";
    }
}

package org.gridwatch.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An integration's credential (12345 hotline bridge, 110 system, another GridWatch): roles and a
 * jurisdiction like a user, a secret shown once and stored as a SHA-256 hash. Immutable and
 * thread-safe.
 *
 * @param id           key id, {@code key-} and 8 hex digits
 * @param name         what the key is for (shown as the actor)
 * @param roles        roles (administrator roles are not given to keys)
 * @param jurisdiction admin area or grid codes
 * @param keyHash      hex SHA-256 of the key
 * @param createdAt    when it was made
 * @param revokedAt    when it was revoked; null while valid
 */
public record ApiKey(String id, String name, Set<Role> roles, List<String> jurisdiction, String keyHash,
                     Instant createdAt, Instant revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        jurisdiction = List.copyOf(jurisdiction);
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True until revoked. */
    public boolean valid() {
        return revokedAt == null;
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + ", " + name + ", roles " + roles + (revokedAt != null ? ", revoked" : "") + "]";
    }
}

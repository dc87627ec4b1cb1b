package org.gridwatch.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.area.Scope;

/**
 * Who a request or a live connection is answered for: a user, a device, an integration's API key,
 * or a user of the city's identity provider. Everything it reads is limited to
 * {@link #jurisdiction()}; everything it does must be among {@link #permissions()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind         what kind of principal
 * @param id           stable identifier: the login, the device id, the key id, the provider's subject
 * @param name         display name (the user's name, the unit's call sign, the key's name)
 * @param roles        roles (none for a device)
 * @param jurisdiction what it may see and change
 * @param unitId       the unit a device reports for; null for every other kind
 * @param credential   the session, key or token id it was authenticated with (for audit and revocation)
 */
public record Principal(Kind kind, String id, String name, Set<Role> roles, Scope jurisdiction, String unitId,
                        String credential) {
    /** Kinds of principal. */
    public enum Kind {
        /** A local account (gridwatch user add). */
        USER("user"),
        /** A unit's terminal (gridwatch device add): positions of its own unit only. */
        DEVICE("device"),
        /** An integration (gridwatch apikey add). */
        API_KEY("api_key"),
        /** A user of the city's identity provider (OIDC bearer JWT). */
        EXTERNAL("external");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** API identifier. */
        public String id() {
            return id;
        }
    }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        if (kind == Kind.DEVICE && unitId == null) {
            throw new IllegalArgumentException("a device principal reports for a unit");
        }
    }

    /** What this principal may do: its roles' permissions; a device may post its unit's positions. */
    public Set<Permission> permissions() {
        Set<Permission> p = EnumSet.of(Permission.PUBLIC);
        if (kind == Kind.DEVICE) {
            p.add(Permission.POSITIONS);
            return p;
        }
        p.add(Permission.SELF);
        for (Role r : roles) {
            p.addAll(r.permissions());
        }
        return p;
    }

    /** True when this principal has {@code permission}. */
    public boolean can(Permission permission) {
        return permission == Permission.PUBLIC || permissions().contains(permission);
    }

    /** "name (id)", for records of who did what. */
    public String describe() {
        return name.equals(id) ? id : name + " (" + id + ")";
    }
}

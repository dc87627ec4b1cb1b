package org.gridwatch.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A local user account as stored. The password is kept only as an Argon2id hash
 * ({@link PasswordHasher}); nothing here is ever logged whole ({@link #toString()} omits the hash).
 *
 * <p>Immutable and thread-safe.
 *
 * @param login             login name: lower-case letters, digits, {@code . _ -}, 2–32, starting with a letter or digit
 * @param displayName       the name shown and recorded as actor
 * @param staffNo           police or staff number (警号/工号); may be empty
 * @param roles             roles; 三员分立 holds ({@link Role#checkSeparation})
 * @param jurisdiction      admin area or grid codes, at least one
 * @param passwordHash      PHC string of the password's Argon2id hash
 * @param disabled          true when the account may not log in
 * @param failedLogins      failed logins since the last successful one
 * @param lockedUntil       the account is locked until then; null when not locked
 * @param createdAt         when the account was made
 * @param passwordChangedAt when the password was last set
 * @param lastLoginAt       last successful login; null if never
 */
public record UserAccount(String login, String displayName, String staffNo, Set<Role> roles, List<String> jurisdiction,
                          String passwordHash, boolean disabled, int failedLogins, Instant lockedUntil, Instant createdAt,
                          Instant passwordChangedAt, Instant lastLoginAt) {
    /** What a login name may be. */
    public static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

    public UserAccount {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(displayName, "displayName");
        staffNo = staffNo == null ? "" : staffNo;
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        jurisdiction = List.copyOf(jurisdiction);
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    }

    /** True when the account is locked at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** This account after a successful login at {@code now}: failures cleared, lock lifted. */
    public UserAccount loggedIn(Instant now) {
        return new UserAccount(login, displayName, staffNo, roles, jurisdiction, passwordHash, disabled, 0, null, createdAt,
                passwordChangedAt, now);
    }

    /** This account after a failed login: one more failure, locked until {@code lockUntil} (or not, when null). */
    public UserAccount failed(Instant lockUntil) {
        return new UserAccount(login, displayName, staffNo, roles, jurisdiction, passwordHash, disabled, failedLogins + 1,
                lockUntil, createdAt, passwordChangedAt, lastLoginAt);
    }

    /** This account with other roles and jurisdiction. */
    public UserAccount withGrants(Set<Role> roles, List<String> jurisdiction) {
        return new UserAccount(login, displayName, staffNo, roles, jurisdiction, passwordHash, disabled, failedLogins,
                lockedUntil, createdAt, passwordChangedAt, lastLoginAt);
    }

    /** This account with another password hash, set at {@code now}; failures and lock cleared. */
    public UserAccount withPassword(String hash, Instant now) {
        return new UserAccount(login, displayName, staffNo, roles, jurisdiction, hash, disabled, 0, null, createdAt, now,
                lastLoginAt);
    }

    /** This account with other details and state. */
    public UserAccount with(String displayName, String staffNo, boolean disabled, boolean unlock) {
        return new UserAccount(login, displayName, staffNo, roles, jurisdiction, passwordHash, disabled,
                unlock ? 0 : failedLogins, unlock ? null : lockedUntil, createdAt, passwordChangedAt, lastLoginAt);
    }

    @Override
    public String toString() {
        return "UserAccount[" + login + ", " + displayName + ", roles " + roles + ", jurisdiction " + jurisdiction
                + (disabled ? ", disabled" : "") + "]";
    }
}

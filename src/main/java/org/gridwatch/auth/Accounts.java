package org.gridwatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.geo.Crs;

/**
 * Accounts, device keys and API keys: checked, then stored ({@link AuthStore}). The one place
 * that knows the rules — login names, 三员分立, jurisdictions that exist, the password policy,
 * lock-out — for the command line and the admin routes alike. Secrets are returned once, when
 * made, and stored only as hashes.
 *
 * <p>Blocking (store calls and Argon2id): workers and the command line only. Thread-safe.
 */
public final class Accounts {
    /** Longest display name, characters. */
    public static final int MAX_NAME = 64;
    /** Longest staff number, terminal id and key name, characters. */
    public static final int MAX_SHORT = 64;

    private final AuthStore store;
    private final AreaHierarchy areas;
    private final Predicate<String> unitExists;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    /** A credential just made and its secret, which is shown now and never again. */
    public record Issued<T>(T credential, String secret) {
        @Override
        public String toString() {
            return "Issued[" + credential + "]";
        }
    }

    /** How a login attempt ended. */
    public enum Outcome {
        /** The password matched; failures were cleared. */
        OK,
        /** No account has the login. */
        UNKNOWN,
        /** The password did not match. */
        WRONG_PASSWORD,
        /** The password did not match, and the account is now locked. */
        LOCKED_NOW,
        /** The account is locked (the password was not checked). */
        LOCKED,
        /** The account is disabled (the password was not checked). */
        DISABLED
    }

    /** The result of a login attempt: the account as it is now (null when unknown) and how it ended. */
    public record Login(UserAccount account, Outcome outcome) {
    }

    /**
     * @param unitExists  true for the id of a unit in the roster (devices are bound to one)
     * @param maxFailures failed logins in a row that lock an account
     * @param lockout     how long it stays locked
     */
    public Accounts(AuthStore store, AreaHierarchy areas, Predicate<String> unitExists, PasswordPolicy policy,
                    PasswordHasher hasher, int maxFailures, Duration lockout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.areas = Objects.requireNonNull(areas, "areas");
        this.unitExists = Objects.requireNonNull(unitExists, "unitExists");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** The store the accounts live in. */
    public AuthStore store() {
        return store;
    }

    // ---------------------------------------------------------------- users

    /**
     * Makes an account on the command line: with its roles and jurisdiction.
     *
     * @throws AuthException INVALID naming the field (login, displayName, staffNo, role,
     *                       jurisdiction, password), CONFLICT when the login is taken
     */
    public UserAccount addUser(String login, String displayName, String staffNo, Collection<Role> roles,
                               List<String> jurisdiction, char[] password) {
        Role.checkSeparation(roles);
        return insert(login, displayName, staffNo, roles, jurisdiction, password);
    }

    /**
     * Makes an account through the API, as system administrator {@code by}: without roles (三员分立:
     * the security administrator grants them), in {@code by}'s jurisdiction until granted another.
     */
    public UserAccount addUser(Principal by, String login, String displayName, String staffNo, char[] password) {
        return insert(login, displayName, staffNo, List.of(), by.jurisdiction().areas().stream().map(AdminArea::code)
                .toList(), password);
    }

    private UserAccount insert(String login, String displayName, String staffNo, Collection<Role> roles,
                               List<String> jurisdiction, char[] password) {
        checkLogin(login);
        String name = text("displayName", displayName == null || displayName.isBlank() ? login : displayName, MAX_NAME);
        String staff = staffNo == null || staffNo.isBlank() ? "" : text("staffNo", staffNo, MAX_SHORT);
        List<String> codes = scope(jurisdiction).areas().stream().map(AdminArea::code).toList();
        policy.check(login, password);
        Instant now = clock.instant();
        Set<Role> r = roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
        UserAccount u = new UserAccount(login, name, staff, r, codes, hasher.hash(password), false, 0, null, now, now, null);
        try {
            store.insertUser(u);
        } catch (DuplicateIdException e) {
            throw AuthException.conflict("login", "login " + login + " is taken");
        }
        return u;
    }

    /** The account, or NOT_FOUND naming {@code login}. */
    public UserAccount user(String login) {
        return store.user(login).orElseThrow(() -> AuthException.notFound("login", "no account " + login));
    }

    /** Every account. */
    public List<UserAccount> users() {
        return store.users();
    }

    /** Sets a new password (checked by the policy); clears failures and the lock. */
    public UserAccount setPassword(String login, char[] password) {
        UserAccount u = user(login);
        policy.check(login, password);
        UserAccount next = u.withPassword(hasher.hash(password), clock.instant());
        store.updateUser(next);
        return next;
    }

    /**
     * Gives an account other roles and jurisdiction. {@code by} is the security administrator
     * granting them, or null for the command line (an operator with the store's credentials):
     * through the API, administrator roles are not granted, no one changes their own grants, and
     * the jurisdiction granted lies inside the granter's.
     */
    public UserAccount grant(Principal by, String login, Collection<Role> roles, List<String> jurisdiction) {
        UserAccount u = user(login);
        Role.checkSeparation(roles);
        Scope scope = scope(jurisdiction);
        checkGrantor(by, roles, scope);
        if (by != null && by.kind() == Principal.Kind.USER && by.id().equals(login)) {
            throw AuthException.forbidden("login", "三员分立: no one changes their own roles or jurisdiction");
        }
        if (by != null && u.roles().stream().anyMatch(Role.ADMINISTRATORS::contains)) {
            throw AuthException.forbidden("login", "the grants of an administrator account are changed on the command line");
        }
        UserAccount next = u.withGrants(EnumSet.copyOf(roles), scope.areas().stream().map(AdminArea::code).toList());
        store.updateUser(next);
        return next;
    }

    /** Changes display name, staff number, disabled (each when non-null) and lifts a lock when {@code unlock}. */
    public UserAccount update(String login, String displayName, String staffNo, Boolean disabled, boolean unlock) {
        UserAccount u = user(login);
        UserAccount next = u.with(displayName == null ? u.displayName() : text("displayName", displayName, MAX_NAME),
                staffNo == null ? u.staffNo() : text("staffNo", staffNo, MAX_SHORT),
                disabled == null ? u.disabled() : disabled, unlock);
        store.updateUser(next);
        return next;
    }

    /**
     * Checks a login: the account's password, unless it is disabled or locked. A wrong password
     * counts a failure and, at the limit, locks the account; a right one clears them. An unknown
     * login costs the time of a password check, so timing does not tell which logins exist.
     */
    public Login login(String login, char[] password) {
        Instant now = clock.instant();
        UserAccount u = login == null ? null : store.user(login).orElse(null);
        if (u == null) {
            hasher.verifyDecoy(password);
            return new Login(null, Outcome.UNKNOWN);
        }
        if (u.disabled()) {
            return new Login(u, Outcome.DISABLED);
        }
        if (u.lockedAt(now)) {
            return new Login(u, Outcome.LOCKED);
        }
        if (!hasher.verify(password, u.passwordHash())) {
            boolean lock = u.failedLogins() + 1 >= maxFailures;
            UserAccount failed = u.failed(lock ? now.plus(lockout) : null);
            store.updateUser(failed);
            return new Login(failed, lock ? Outcome.LOCKED_NOW : Outcome.WRONG_PASSWORD);
        }
        UserAccount ok = u.loggedIn(now);
        store.updateUser(ok);
        return new Login(ok, Outcome.OK);
    }

    /**
     * The principal of the stored account {@code login} as it stands now; empty when there is no
     * such account, it is disabled, or its jurisdiction names areas that are gone. Blocking (the store).
     */
    public Optional<Principal> activePrincipal(String login) {
        return store.user(login).filter(u -> !u.disabled()).flatMap(u -> {
            try {
                return Optional.of(principal(u, null));
            } catch (AuthException e) {
                return Optional.empty();
            }
        });
    }

    /** The principal of an account that logged in, its jurisdiction resolved; {@code credential} names the session. */
    public Principal principal(UserAccount u, String credential) {
        return new Principal(Principal.Kind.USER, u.login(), u.displayName(), u.roles(), scope(u.jurisdiction()), null,
                credential);
    }

    // ---------------------------------------------------------------- devices and keys

    /** Registers a unit's terminal reporting in WGS84: a new device key bound to {@code unitId}. */
    public Issued<DeviceKey> addDevice(String unitId, String terminalId) {
        return addDevice(unitId, terminalId, Crs.WGS84);
    }

    /**
     * Registers a unit's terminal: a new device key bound to {@code unitId}, for a terminal (if
     * {@code terminalId} is given: its JT/T 808 phone number or Traccar device id, matched as
     * {@link Terminals#normalised}) reporting in {@code crs}. INVALID naming {@code unit} for a unit
     * not in the roster; CONFLICT naming {@code terminal} when a valid key holds the terminal already.
     */
    public Issued<DeviceKey> addDevice(String unitId, String terminalId, Crs crs) {
        if (unitId == null || !unitExists.test(unitId)) {
            throw AuthException.invalid("unit", "no unit " + unitId + " in the roster");
        }
        String terminal = terminalId == null || terminalId.isBlank() ? null : text("terminal", terminalId.trim(), MAX_SHORT);
        if (terminal != null) {
            String key = Terminals.normalised(terminal);
            store.devices().stream().filter(d -> d.valid() && d.terminalId() != null
                    && Terminals.normalised(d.terminalId()).equals(key)).findFirst().ifPresent(d -> {
                        throw AuthException.conflict("terminal", "terminal " + terminal + " is bound to unit " + d.unitId()
                                + " already (device " + d.id() + "); revoke it first");
                    });
        }
        String secret = Secrets.newSecret(Secrets.DEVICE);
        DeviceKey d = new DeviceKey(Secrets.newId("dev-"), unitId, terminal, Secrets.sha256(secret), clock.instant(), null,
                Objects.requireNonNull(crs, "crs"));
        store.insertDevice(d);
        return new Issued<>(d, secret);
    }

    /**
     * Makes {@code terminalId} the unit's terminal, reporting in {@code crs}; null unbinds it. The
     * unit's valid keys bound to another terminal (or to this one in another CRS) are revoked and a
     * key for the terminal is made (its secret is not shown: a JT/T 808 terminal authenticates with
     * its code, see {@link Terminals}; issue a device key with {@link #addDevice} for HTTP). Nothing
     * changes when the unit has this terminal in this CRS already. Errors as {@link #addDevice}.
     *
     * @return the key now binding the terminal, empty when unbound
     */
    public Optional<DeviceKey> bindTerminal(String unitId, String terminalId, Crs crs) {
        if (unitId == null || !unitExists.test(unitId)) {
            throw AuthException.invalid("unit", "no unit " + unitId + " in the roster");
        }
        String terminal = terminalId == null || terminalId.isBlank() ? null : text("terminalId", terminalId.trim(), MAX_SHORT);
        List<DeviceKey> bound = store.devices().stream().filter(d -> d.valid() && d.terminalId() != null
                && d.unitId().equals(unitId)).toList();
        for (DeviceKey d : bound) {
            if (terminal != null && Terminals.normalised(d.terminalId()).equals(Terminals.normalised(terminal))
                    && d.crs() == crs && bound.size() == 1) {
                return Optional.of(d);
            }
        }
        if (terminal != null) {
            String key = Terminals.normalised(terminal);
            store.devices().stream().filter(d -> d.valid() && d.terminalId() != null && !d.unitId().equals(unitId)
                    && Terminals.normalised(d.terminalId()).equals(key)).findFirst().ifPresent(d -> {
                        throw AuthException.conflict("terminalId", "terminal " + terminal + " is bound to unit "
                                + d.unitId() + " already; unbind it there first");
                    });
        }
        for (DeviceKey d : bound) {
            store.revokeDevice(d.id(), clock.instant());
        }
        return terminal == null ? Optional.empty() : Optional.of(addDevice(unitId, terminal, crs).credential());
    }

    /** Revokes a device key; NOT_FOUND naming the id. */
    public void revokeDevice(String id) {
        try {
            store.revokeDevice(id, clock.instant());
        } catch (org.gridwatch.error.StoreException e) {
            if (e.kind() == org.gridwatch.error.FailureKind.NOT_FOUND) {
                throw AuthException.notFound("id", "no device " + id);
            }
            throw e;
        }
    }

    /** Issues an API key with these roles (no administrator role) and jurisdiction; {@code by} as for {@link #grant}. */
    public Issued<ApiKey> addApiKey(Principal by, String name, Collection<Role> roles, List<String> jurisdiction) {
        String n = text("name", name, MAX_SHORT);
        Role.checkSeparation(roles);
        if (roles.stream().anyMatch(Role.ADMINISTRATORS::contains)) {
            throw AuthException.invalid("role", "API keys hold no administrator role (sysadmin, secadmin, auditor)");
        }
        Scope scope = scope(jurisdiction);
        checkGrantor(by, roles, scope);
        String secret = Secrets.newSecret(Secrets.API_KEY);
        ApiKey k = new ApiKey(Secrets.newId("key-"), n, EnumSet.copyOf(roles),
                scope.areas().stream().map(AdminArea::code).toList(), Secrets.sha256(secret), clock.instant(), null);
        store.insertApiKey(k);
        return new Issued<>(k, secret);
    }

    /** Revokes an API key; NOT_FOUND naming the id. */
    public void revokeApiKey(String id) {
        try {
            store.revokeApiKey(id, clock.instant());
        } catch (org.gridwatch.error.StoreException e) {
            if (e.kind() == org.gridwatch.error.FailureKind.NOT_FOUND) {
                throw AuthException.notFound("id", "no API key " + id);
            }
            throw e;
        }
    }

    /** The principal of a valid API key. */
    public Principal principal(ApiKey k) {
        return new Principal(Principal.Kind.API_KEY, k.id(), k.name(), k.roles(), scope(k.jurisdiction()), null, k.id());
    }

    /** The principal of a valid device key: its unit, seen from the whole city (a device reads nothing). */
    public Principal principal(DeviceKey d) {
        return new Principal(Principal.Kind.DEVICE, d.id(), d.unitId(), Set.of(), new Scope(areas.city()), d.unitId(),
                d.id());
    }

    // ---------------------------------------------------------------- checks

    /**
     * The scope of a list of area or grid codes.
     *
     * @throws AuthException INVALID naming {@code jurisdiction} when the list is empty or a code is unknown
     */
    public Scope scope(List<String> codes) {
        if (codes == null || codes.isEmpty()) {
            throw AuthException.invalid("jurisdiction", "at least one area code is required (e.g. " + areas.city().code() + ")");
        }
        List<AdminArea> found = new ArrayList<>();
        for (String c : codes) {
            String code = c == null ? "" : c.trim();
            found.add(areas.find(code).orElseThrow(() -> AuthException.invalid("jurisdiction",
                    "unknown area code '" + code + "'")));
        }
        return new Scope(found);
    }

    private static void checkGrantor(Principal by, Collection<Role> roles, Scope scope) {
        if (by == null) {
            return;
        }
        if (roles.stream().anyMatch(Role.ADMINISTRATORS::contains)) {
            throw AuthException.forbidden("role", "administrator roles (sysadmin, secadmin, auditor) are granted on the "
                    + "command line only");
        }
        for (AdminArea a : scope.areas()) {
            if (!by.jurisdiction().includes(a.code())) {
                throw AuthException.forbidden("jurisdiction", "area " + a.code() + " lies outside your jurisdiction");
            }
        }
    }

    private static void checkLogin(String login) {
        if (login == null || !UserAccount.LOGIN.matcher(login).matches()) {
            throw AuthException.invalid("login", "a login is 2–32 lower-case letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit; got '" + (login == null ? "" : login) + "'");
        }
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw AuthException.invalid(field, "is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw AuthException.invalid(field, "must have at most " + max + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw AuthException.invalid(field, "must not contain control characters");
        }
        return v;
    }
}

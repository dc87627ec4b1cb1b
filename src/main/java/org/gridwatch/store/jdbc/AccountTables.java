package org.gridwatch.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gridwatch.auth.ApiKey;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.StoredSession;
import org.gridwatch.auth.UserAccount;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;

/**
 * Accounts: {@code users}, {@code devices}, {@code api_keys} and {@code sessions}, one row each; role and
 * jurisdiction lists as comma-separated text. Messages name logins and ids, never hashes.
 * Thread-safe.
 */
final class AccountTables {
    static final String USERS = "users";
    static final String DEVICES = "devices";
    static final String API_KEYS = "api_keys";
    static final String SESSIONS = "sessions";

    private final Dialect dialect;
    private final Transactions tx;
    private final String insertUser;
    private final String updateUser;
    private final String selectUsers;
    private final String insertDevice;
    private final String selectDevices;
    private final String revokeDevice;
    private final String insertKey;
    private final String selectKeys;
    private final String revokeKey;
    private final String insertSession;
    private final String selectSessions;
    private final String touchSession;

    AccountTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        Columns user = userColumns(new Columns(dialect));
        insertUser = userColumns(new Columns(dialect).plain("login")).insertInto(USERS);
        updateUser = "UPDATE " + USERS + " SET " + user.assignments() + " WHERE login = ?";
        selectUsers = "SELECT login, display_name, staff_no, roles, jurisdiction, password_hash, disabled, failed_logins, "
                + dialect.timeColumn("locked_until") + ", " + dialect.timeColumn("created_at") + ", "
                + dialect.timeColumn("password_changed_at") + ", " + dialect.timeColumn("last_login_at") + " FROM " + USERS;
        insertDevice = new Columns(dialect).plain("id", "unit_id", "terminal_id", "key_hash").time("created_at")
                .time("revoked_at").plain("crs").insertInto(DEVICES);
        selectDevices = "SELECT id, unit_id, terminal_id, key_hash, " + dialect.timeColumn("created_at") + ", "
                + dialect.timeColumn("revoked_at") + ", crs FROM " + DEVICES;
        revokeDevice = "UPDATE " + DEVICES + " SET " + new Columns(dialect).time("revoked_at").assignments()
                + " WHERE id = ? AND " + dialect.timeColumn("revoked_at") + " IS NULL";
        insertKey = new Columns(dialect).plain("id", "name", "roles", "jurisdiction", "key_hash").time("created_at")
                .time("revoked_at").insertInto(API_KEYS);
        selectKeys = "SELECT id, name, roles, jurisdiction, key_hash, " + dialect.timeColumn("created_at") + ", "
                + dialect.timeColumn("revoked_at") + " FROM " + API_KEYS;
        revokeKey = "UPDATE " + API_KEYS + " SET " + new Columns(dialect).time("revoked_at").assignments()
                + " WHERE id = ? AND " + dialect.timeColumn("revoked_at") + " IS NULL";
        insertSession = new Columns(dialect).plain("id", "login", "cookie").time("created_at").time("ends_at")
                .plain("access_hash").time("access_expires").plain("refresh_hash", "csrf_hash").time("last_seen")
                .insertInto(SESSIONS);
        selectSessions = "SELECT id, login, cookie, " + dialect.timeColumn("created_at") + ", " + dialect.timeColumn("ends_at")
                + ", access_hash, " + dialect.timeColumn("access_expires") + ", refresh_hash, csrf_hash, "
                + dialect.timeColumn("last_seen") + " FROM " + SESSIONS;
        touchSession = "UPDATE " + SESSIONS + " SET " + new Columns(dialect).time("last_seen").assignments()
                + " WHERE id = ? AND " + dialect.timeColumn("last_seen") + " < ?";
    }

    /** Every user column but login, in the order {@link #bindUser} binds them. */
    private static Columns userColumns(Columns c) {
        return c.plain("display_name", "staff_no", "roles", "jurisdiction", "password_hash", "disabled", "failed_logins")
                .time("locked_until").time("created_at").time("password_changed_at").time("last_login_at");
    }

    private int bindUser(PreparedStatement ps, int p, UserAccount u) throws SQLException {
        ps.setString(p++, u.displayName());
        ps.setString(p++, u.staffNo());
        ps.setString(p++, roles(u.roles()));
        ps.setString(p++, String.join(",", u.jurisdiction()));
        ps.setString(p++, u.passwordHash());
        ps.setBoolean(p++, u.disabled());
        ps.setInt(p++, u.failedLogins());
        p = dialect.bindTime(ps, p, u.lockedUntil());
        p = dialect.bindTime(ps, p, u.createdAt());
        p = dialect.bindTime(ps, p, u.passwordChangedAt());
        return dialect.bindTime(ps, p, u.lastLoginAt());
    }

    private UserAccount user(ResultSet rs) throws SQLException {
        String login = rs.getString(1);
        try {
            return new UserAccount(login, rs.getString(2), rs.getString(3), parseRoles(rs.getString(4)),
                    list(rs.getString(5)), rs.getString(6), rs.getBoolean(7), rs.getInt(8), dialect.time(rs, 9),
                    dialect.time(rs, 10), dialect.time(rs, 11), dialect.time(rs, 12));
        } catch (RuntimeException e) {
            throw new SQLException("unreadable account " + login + ": " + e.getMessage(), e);
        }
    }

    Optional<UserAccount> user(String login) {
        Objects.requireNonNull(login, "login");
        return tx.read("user", "login " + login, c -> {
            try (PreparedStatement ps = c.prepareStatement(selectUsers + " WHERE login = ?")) {
                ps.setString(1, login);
                return Rows.all(c, ps, this::user).stream().findFirst();
            }
        });
    }

    List<UserAccount> users() {
        return tx.read("users", "", c -> Rows.all(c, selectUsers + " ORDER BY login", this::user));
    }

    void insertUser(UserAccount u) {
        Objects.requireNonNull(u, "user");
        try {
            tx.write("insertUser", "login " + u.login(), c -> {
                try (PreparedStatement ps = c.prepareStatement(insertUser)) {
                    ps.setString(1, u.login());
                    bindUser(ps, 2, u);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            if (tx.isUniqueViolation(e)) {
                throw new DuplicateIdException("insertUser failed: login " + u.login() + " exists already; nothing was stored",
                        e.getCause());
            }
            throw e;
        }
    }

    void updateUser(UserAccount u) {
        Objects.requireNonNull(u, "user");
        tx.write("updateUser", "login " + u.login(), c -> {
            try (PreparedStatement ps = c.prepareStatement(updateUser)) {
                ps.setString(bindUser(ps, 1, u), u.login());
                if (ps.executeUpdate() == 0) {
                    throw new StoreException(FailureKind.NOT_FOUND, "updateUser failed: no account " + u.login()
                            + "; nothing was stored", null);
                }
            }
            return null;
        });
    }

    private DeviceKey device(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        String crs = rs.getString(7);
        return new DeviceKey(id, rs.getString(2), rs.getString(3), rs.getString(4), dialect.time(rs, 5),
                dialect.time(rs, 6), org.gridwatch.geo.Crs.parse(crs).orElseThrow(() -> new StoreException(
                        "device " + id + " has an unknown crs '" + crs + "'")));
    }

    List<DeviceKey> devices() {
        return tx.read("devices", "", c -> Rows.all(c, selectDevices + " ORDER BY id", this::device));
    }

    Optional<DeviceKey> deviceByHash(String hash) {
        return tx.read("deviceByHash", "", c -> {
            try (PreparedStatement ps = c.prepareStatement(selectDevices + " WHERE key_hash = ?")) {
                ps.setString(1, hash);
                return Rows.all(c, ps, this::device).stream().findFirst();
            }
        });
    }

    void insertDevice(DeviceKey d) {
        Objects.requireNonNull(d, "device");
        try {
            tx.write("insertDevice", "id " + d.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement(insertDevice)) {
                    ps.setString(1, d.id());
                    ps.setString(2, d.unitId());
                    ps.setString(3, d.terminalId());
                    ps.setString(4, d.keyHash());
                    ps.setString(dialect.bindTime(ps, dialect.bindTime(ps, 5, d.createdAt()), d.revokedAt()), d.crs().id());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            if (tx.isUniqueViolation(e)) {
                throw new DuplicateIdException("insertDevice failed: device " + d.id() + " or its key exists already;"
                        + " nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    void revokeDevice(String id, Instant at) {
        revoke("revokeDevice", DEVICES, revokeDevice, "device", id, at);
    }

    private ApiKey key(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        try {
            return new ApiKey(id, rs.getString(2), parseRoles(rs.getString(3)), list(rs.getString(4)), rs.getString(5),
                    dialect.time(rs, 6), dialect.time(rs, 7));
        } catch (RuntimeException e) {
            throw new SQLException("unreadable API key " + id + ": " + e.getMessage(), e);
        }
    }

    List<ApiKey> apiKeys() {
        return tx.read("apiKeys", "", c -> Rows.all(c, selectKeys + " ORDER BY id", this::key));
    }

    Optional<ApiKey> apiKeyByHash(String hash) {
        return tx.read("apiKeyByHash", "", c -> {
            try (PreparedStatement ps = c.prepareStatement(selectKeys + " WHERE key_hash = ?")) {
                ps.setString(1, hash);
                return Rows.all(c, ps, this::key).stream().findFirst();
            }
        });
    }

    void insertApiKey(ApiKey k) {
        Objects.requireNonNull(k, "key");
        try {
            tx.write("insertApiKey", "id " + k.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement(insertKey)) {
                    ps.setString(1, k.id());
                    ps.setString(2, k.name());
                    ps.setString(3, roles(k.roles()));
                    ps.setString(4, String.join(",", k.jurisdiction()));
                    ps.setString(5, k.keyHash());
                    dialect.bindTime(ps, dialect.bindTime(ps, 6, k.createdAt()), k.revokedAt());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            if (tx.isUniqueViolation(e)) {
                throw new DuplicateIdException("insertApiKey failed: key " + k.id() + " or its hash exists already;"
                        + " nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    void revokeApiKey(String id, Instant at) {
        revoke("revokeApiKey", API_KEYS, revokeKey, "API key", id, at);
    }

    /** Sets revoked_at once; a second revocation keeps the first time; an unknown id is NOT_FOUND. */
    private StoredSession session(ResultSet rs) throws SQLException {
        return new StoredSession(rs.getString(1), rs.getString(2), rs.getBoolean(3), dialect.time(rs, 4), dialect.time(rs, 5),
                rs.getString(6), dialect.time(rs, 7), rs.getString(8), rs.getString(9), dialect.time(rs, 10));
    }

    List<StoredSession> sessions() {
        return tx.read("sessions", "", c -> Rows.all(c, selectSessions + " ORDER BY id", this::session));
    }

    /** Replaces the session's row (delete and insert in one transaction: portable across both dialects). */
    void saveSession(StoredSession s) {
        Objects.requireNonNull(s, "session");
        tx.write("saveSession", "session " + s.id(), c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + SESSIONS + " WHERE id = ?");
                 PreparedStatement ps = c.prepareStatement(insertSession)) {
                del.setString(1, s.id());
                del.executeUpdate();
                ps.setString(1, s.id());
                ps.setString(2, s.login());
                ps.setBoolean(3, s.cookie());
                int p = dialect.bindTime(ps, dialect.bindTime(ps, 4, s.createdAt()), s.endsAt());
                ps.setString(p++, s.accessHash());
                p = dialect.bindTime(ps, p, s.accessExpires());
                ps.setString(p++, s.refreshHash());
                ps.setString(p++, s.csrfHash());
                dialect.bindTime(ps, p, s.lastSeen());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void touchSessions(Map<String, Instant> lastSeen) {
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (lastSeen.isEmpty()) {
            return;
        }
        tx.write("touchSessions", lastSeen.size() + " sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement(touchSession)) {
                for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
                    int p = dialect.bindTime(ps, 1, e.getValue());
                    ps.setString(p++, e.getKey());
                    dialect.bindTimeBound(ps, p, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    void deleteSessions(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) {
            return;
        }
        tx.write("deleteSessions", ids.size() + " sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + SESSIONS + " WHERE id = ?")) {
                for (String id : ids) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private void revoke(String op, String table, String sql, String what, String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        tx.write(op, "id " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(dialect.bindTime(ps, 1, at), id);
                if (ps.executeUpdate() == 0 && Rows.existing(c, table, "id", List.of(id), rs -> rs.getString(1)).isEmpty()) {
                    throw new StoreException(FailureKind.NOT_FOUND, op + " failed: no " + what + " " + id, null);
                }
            }
            return null;
        });
    }

    private static String roles(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::id).toList());
    }

    private static Set<Role> parseRoles(String text) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String id : list(text)) {
            out.add(Rows.parse(id, Role::parse, "roles"));
        }
        return out;
    }

    private static List<String> list(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}

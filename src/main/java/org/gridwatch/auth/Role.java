package org.gridwatch.auth;

import static org.gridwatch.auth.Permission.ACCOUNTS;
import static org.gridwatch.auth.Permission.ALERTS;
import static org.gridwatch.auth.Permission.AREAS;
import static org.gridwatch.auth.Permission.AUDIT;
import static org.gridwatch.auth.Permission.DISPATCH;
import static org.gridwatch.auth.Permission.EXPORT;
import static org.gridwatch.auth.Permission.GRANTS;
import static org.gridwatch.auth.Permission.HANDLE;
import static org.gridwatch.auth.Permission.HISTORY;
import static org.gridwatch.auth.Permission.LIVE;
import static org.gridwatch.auth.Permission.OPS;
import static org.gridwatch.auth.Permission.POSITIONS;
import static org.gridwatch.auth.Permission.READ;
import static org.gridwatch.auth.Permission.REPORT;
import static org.gridwatch.auth.Permission.SELF;
import static org.gridwatch.auth.Permission.SUPERVISE;
import static org.gridwatch.auth.Permission.UNITS;
import static org.gridwatch.auth.Permission.USERS;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles of users and API keys, each a fixed set of permissions (least privilege: no role has
 * what its work does not need). {@link #checkSeparation(Collection)} enforces 三员分立: the three
 * administrator roles are held alone.
 */
public enum Role {
    /** 大屏: read-only live views. */
    SCREEN("screen", "大屏", EnumSet.of(SELF, AREAS, READ, LIVE)),
    /** 调度员: incidents, dispatch, alerts, units; track replay. */
    DISPATCHER("dispatcher", "调度员", EnumSet.of(SELF, AREAS, READ, LIVE, HISTORY, REPORT, HANDLE, DISPATCH, UNITS, ALERTS)),
    /**
     * 值班领导: the duty leader who supervises casework (督办): reads the situation and the history and
     * flags cases with a deadline; sends no units itself.
     */
    SUPERVISOR("supervisor", "值班领导", EnumSet.of(SELF, AREAS, READ, LIVE, HISTORY, SUPERVISE)),
    /** 研判: read, history, exports. */
    ANALYST("analyst", "研判", EnumSet.of(SELF, AREAS, READ, LIVE, HISTORY, EXPORT)),
    /** 网格员: reports incidents in own grids and sees them (the jurisdiction is the grids). */
    GRID_WORKER("grid_worker", "网格员", EnumSet.of(SELF, AREAS, READ, LIVE, REPORT)),
    /**
     * 定位接入: a bridge from another positioning platform (a vehicle GPS system) posting positions
     * of the units of its jurisdiction. Not among the seven roles: integrations need it, and
     * no other role should post positions.
     */
    GATEWAY("gateway", "定位接入", EnumSet.of(SELF, POSITIONS)),
    /** 系统管理员: accounts, devices, operations; no case data. */
    SYSADMIN("sysadmin", "系统管理员", EnumSet.of(SELF, AREAS, USERS, ACCOUNTS, OPS)),
    /** 安全管理员: roles and jurisdictions of others, API keys; no case data. */
    SECADMIN("secadmin", "安全管理员", EnumSet.of(SELF, AREAS, GRANTS, ACCOUNTS)),
    /** 审计员: the audit trail only. */
    AUDITOR("auditor", "审计员", EnumSet.of(SELF, AUDIT));

    /** The administrator roles of 三员分立. */
    public static final Set<Role> ADMINISTRATORS = EnumSet.of(SYSADMIN, SECADMIN, AUDITOR);

    private final String id;
    private final String label;
    private final Set<Permission> permissions;

    Role(String id, String label, Set<Permission> permissions) {
        this.id = id;
        this.label = label;
        this.permissions = permissions;
    }

    /** API identifier, e.g. {@code grid_worker}. */
    public String id() {
        return id;
    }

    /** Chinese label for the user interface. */
    public String label() {
        return label;
    }

    /** The permissions this role grants (unmodifiable). */
    public Set<Permission> permissions() {
        return java.util.Collections.unmodifiableSet(permissions);
    }

    /** Parses an API identifier, case-insensitively. */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.id.equals(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Every API identifier, in declaration order (for messages). */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(Role::id).toList();
    }

    /**
     * Checks a set of roles for one principal: at least one, and 三员分立 — an administrator role
     * (sysadmin, secadmin, auditor) is the principal's only role.
     *
     * @throws AuthException of kind INVALID naming field {@code role} when the set breaks the rule
     */
    public static void checkSeparation(Collection<Role> roles) {
        if (roles.isEmpty()) {
            throw AuthException.invalid("role", "at least one role is required; roles: " + ids());
        }
        Set<Role> set = EnumSet.copyOf(roles);
        Set<Role> admin = EnumSet.copyOf(set);
        admin.retainAll(ADMINISTRATORS);
        if (!admin.isEmpty() && set.size() > 1) {
            throw AuthException.invalid("role", "三员分立: " + admin.iterator().next().id()
                    + " is held alone (no other administrator role, no operational role); got " + set.stream()
                    .map(Role::id).toList());
        }
    }
}

package org.gridwatch.auth;

import java.util.Locale;

/**
 * What a principal may do: each route and each live channel requires one (the route table says
 * which). Roles grant sets of them ({@link Role}); a device has {@link #POSITIONS} for its own unit
 * only. Within every permission the principal's jurisdiction limits what it reaches.
 */
public enum Permission {
    /** Anyone, authenticated or not: health, readiness, login. */
    PUBLIC,
    /** Any authenticated principal: who am I, logout, the API description and vocabulary. */
    SELF,
    /** Admin areas, grids and point-in-grid lookups. */
    AREAS,
    /** The current situation: incidents, units, alerts, heat, coverage, posts, key places, stats. */
    READ,
    /** The {@code /live} WebSocket. */
    LIVE,
    /** History of movement: tracks, "who passed here". */
    HISTORY,
    /** Exports of data in bulk. */
    EXPORT,
    /** Report incidents. */
    REPORT,
    /** Move incidents through the workflow. */
    HANDLE,
    /** Send units to incidents. */
    DISPATCH,
    /** Flag cases for supervision with a deadline (督办). */
    SUPERVISE,
    /** Add units and change their status. */
    UNITS,
    /** Acknowledge alerts. */
    ALERTS,
    /** Post positions of units. */
    POSITIONS,
    /** Create, disable and unlock user accounts; register devices (系统管理员). */
    USERS,
    /** Grant roles and jurisdictions; issue API keys (安全管理员). */
    GRANTS,
    /** List accounts, devices and keys (both administrators). */
    ACCOUNTS,
    /** Read the audit trail (审计员). */
    AUDIT,
    /** Operations: metrics. */
    OPS;

    /** API identifier: the name in lower case, e.g. {@code read}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents ({@code incidents}, one row each) and their histories ({@code incident_transitions},
 * one row per transition, {@code seq} from 0 in history order). Inserts are all or nothing and go
 * in JDBC batches, incidents before the transitions that refer to them (PostgreSQL checks the
 * foreign key per statement). Thread-safe.
 */
final class IncidentTables {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentTables.class);
    static final String INCIDENTS = "incidents";
    static final String TRANSITIONS = "incident_transitions";
    /** Idempotency keys of reports (hash of reporter and Idempotency-Key) → incident id. */
    static final String KEYS = "incident_keys";
    /** Rows fetched per round trip when streaming incidents (transitions: four times as many). */
    private static final int FETCH_SIZE = 2_000;

    private final Dialect dialect;
    private final Transactions tx;
    private final String insertIncident;
    private final String updateIncident;
    private final String insertTransition;
    private final String insertKey;
    /** Appends with the next seq of the incident: parameters incident_id, incident_id, then the transition. */
    private final String appendTransition;
    private final String selectIncidents;
    private final String selectTransitions;

    IncidentTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        insertIncident = incidentColumns(new Columns(dialect).plain("id")).insertInto(INCIDENTS);
        updateIncident = "UPDATE " + INCIDENTS + " SET " + incidentColumns(new Columns(dialect)).assignments()
                + " WHERE id = ?";
        Columns transition = new Columns(dialect).plain("incident_id", "seq", "from_status", "to_status", "actor")
                .time("at").plain("note", "unit_id", "actor_id", "action", "target").time("due_at");
        insertTransition = transition.insertInto(TRANSITIONS);
        insertKey = new Columns(dialect).plain("key_hash", "incident_id").time("created_at").insertInto(KEYS);
        int rest = transition.names().size() - 2;
        appendTransition = "INSERT INTO " + TRANSITIONS + " (" + String.join(", ", transition.names()) + ") VALUES (?,"
                + " (SELECT COALESCE(MAX(seq) + 1, 0) FROM " + TRANSITIONS + " WHERE incident_id = ?), "
                + String.join(", ", Collections.nCopies(rest, "?")) + ")";
        selectIncidents = "SELECT id, source, external_id, category, severity, lon, lat, original_crs, original_lon,"
                + " original_lat, grid_code, title, description, " + dialect.timeColumn("reported_at") + ", "
                + dialect.timeColumn("received_at") + ", status, rating FROM " + INCIDENTS;
        selectTransitions = "SELECT incident_id, from_status, to_status, actor, " + dialect.timeColumn("at")
                + ", note, unit_id, actor_id, action, target, " + dialect.timeColumn("due_at") + " FROM " + TRANSITIONS;
    }

    /** Every incident column but id, in the order {@link #bindIncident} binds them. */
    private static Columns incidentColumns(Columns c) {
        return c.plain("source", "external_id", "category", "severity", "lon", "lat", "original_crs", "original_lon",
                        "original_lat", "grid_code", "title", "description")
                .time("reported_at").time("received_at").plain("status", "rating").pointGeometry();
    }

    long maxId() {
        return tx.read("maxIncidentId", "", c -> Rows.scalarLong(c, "SELECT COALESCE(MAX(id), 0) FROM " + INCIDENTS));
    }

    /** Stores {@code incidents} with their histories; {@code key} (or null) is the idempotency key of the single report. */
    void insert(String op, List<Incident> incidents, String key) {
        String what = incidents.size() == 1 ? "id " + incidents.get(0).id()
                : incidents.size() + " incidents, ids " + incidents.get(0).id() + ".."
                + incidents.get(incidents.size() - 1).id();
        Set<Long> seen = new HashSet<>();
        for (Incident i : incidents) {
            if (!seen.add(i.id())) {
                throw new StoreException(op + " failed (" + what + "): id " + i.id()
                        + " appears twice in the batch; nothing was stored");
            }
        }
        try {
            tx.write(op, what, c -> {
                Envelope extent = new Envelope();
                try (PreparedStatement inc = c.prepareStatement(insertIncident);
                     PreparedStatement tr = c.prepareStatement(insertTransition)) {
                    int pending = 0;
                    for (Incident i : incidents) {
                        inc.setLong(1, i.id());
                        bindIncident(inc, 2, i);
                        inc.addBatch();
                        extent.expandToInclude(i.lon(), i.lat());
                        List<Transition> h = i.history();
                        for (int seq = 0; seq < h.size(); seq++) {
                            tr.setLong(1, i.id());
                            tr.setInt(2, seq);
                            bindTransition(tr, 3, h.get(seq));
                            tr.addBatch();
                        }
                        if (++pending >= Rows.BATCH_SIZE) {
                            // Incidents first: the transitions refer to them.
                            inc.executeBatch();
                            tr.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        inc.executeBatch();
                        tr.executeBatch();
                    }
                }
                if (key != null) {
                    try (PreparedStatement k = c.prepareStatement(insertKey)) {
                        k.setString(1, key);
                        k.setLong(2, incidents.get(0).id());
                        dialect.bindTime(k, 3, incidents.get(0).receivedAt());
                        k.executeUpdate();
                    }
                }
                dialect.changed(c, INCIDENTS, extent);
                dialect.changed(c, TRANSITIONS, null);
                return null;
            });
        } catch (StoreException e) {
            if (tx.isUniqueViolation(e)) {
                throw new DuplicateIdException(op + " failed (" + what + "): " + describeConflict(incidents)
                        + "; nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    /** Every idempotency key and its incident's id. */
    Map<String, Long> keys() {
        return tx.read("incidentKeys", "", c -> {
            Map<String, Long> out = new HashMap<>();
            for (Map.Entry<String, Long> e : Rows.all(c, "SELECT key_hash, incident_id FROM " + KEYS,
                    rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
                out.put(e.getKey(), e.getValue());
            }
            return out;
        });
    }

    /** Names the first id of {@code incidents} stored already (the failed batch was rolled back). */
    private String describeConflict(List<Incident> incidents) {
        try {
            Set<Long> existing = tx.read("insertIncidents", "", c -> Rows.existing(c, INCIDENTS, "id",
                    incidents.stream().map(Incident::id).toList(), rs -> rs.getLong(1)));
            for (Incident i : incidents) {
                if (existing.contains(i.id())) {
                    return "incident id " + i.id() + " exists already";
                }
            }
        } catch (StoreException e) {
            LOG.debug("cannot name the duplicate incident id: {}", e.getMessage());
        }
        return "duplicate incident id";
    }

    void update(Incident updated, Transition transition) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(transition, "transition");
        tx.write("updateIncident", "id " + updated.id(), c -> update(c, updated, transition));
    }

    /** The update of {@link #update(Incident, Transition)} inside the caller's transaction on {@code c}. */
    Void update(Connection c, Incident updated, Transition transition) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(updateIncident);
             PreparedStatement tr = c.prepareStatement(appendTransition)) {
            int p = bindIncident(up, 1, updated);
            up.setLong(p, updated.id());
            if (up.executeUpdate() != 1) {
                throw new StoreException(FailureKind.NOT_FOUND, "updateIncident failed (id " + updated.id()
                        + "): no such incident; nothing was changed", null);
            }
            tr.setLong(1, updated.id());
            tr.setLong(2, updated.id());
            bindTransition(tr, 3, transition);
            tr.executeUpdate();
        }
        Envelope at = new Envelope();
        at.expandToInclude(updated.lon(), updated.lat());
        dialect.changed(c, INCIDENTS, at);
        dialect.changed(c, TRANSITIONS, null);
        return null;
    }

    /** Binds the incident columns but id from parameter {@code p}; returns the next parameter index. */
    private int bindIncident(PreparedStatement ps, int p, Incident i) throws SQLException {
        ps.setString(p++, i.source().id());
        ps.setString(p++, i.externalId());
        ps.setString(p++, i.category().id());
        ps.setInt(p++, i.severity());
        ps.setDouble(p++, i.lon());
        ps.setDouble(p++, i.lat());
        ps.setString(p++, i.originalCrs().id());
        ps.setDouble(p++, i.originalLon());
        ps.setDouble(p++, i.originalLat());
        ps.setString(p++, i.gridCode());
        ps.setString(p++, i.title());
        ps.setString(p++, i.description());
        p = dialect.bindTime(ps, p, i.reportedAt());
        p = dialect.bindTime(ps, p, i.receivedAt());
        ps.setString(p++, i.status().id());
        if (i.rating() == null) {
            ps.setNull(p++, Types.INTEGER);
        } else {
            ps.setInt(p++, i.rating());
        }
        if (dialect.writesPointGeometry()) {
            ps.setBytes(p++, dialect.encodePoint(i.lon(), i.lat()));
        }
        return p;
    }

    /** Binds from_status, to_status, actor, at, note, unit_id, actor_id from parameter {@code p}. */
    private void bindTransition(PreparedStatement ps, int p, Transition t) throws SQLException {
        ps.setString(p++, t.from() == null ? null : t.from().id());
        ps.setString(p++, t.to().id());
        ps.setString(p++, t.actor());
        p = dialect.bindTime(ps, p, t.at());
        ps.setString(p++, t.note());
        ps.setString(p++, t.unitId());
        ps.setString(p++, t.actorId());
        ps.setString(p++, t.action().id());
        ps.setString(p++, t.target());
        dialect.bindTime(ps, p, t.due());
    }

    /**
     * Streams every incident in id order: two ordered scans (incidents by id, transitions by
     * incident and seq) in one snapshot, merged like a sort-merge join, so memory stays at one
     * fetch of each and there is no query per incident. Transitions whose incident is missing are
     * skipped, counted in a warning. A row that cannot be read (unknown identifier, missing value)
     * ends the scan with a {@link StoreException} naming the incident id; an exception thrown by
     * {@code sink} ends it and propagates as it is.
     */
    void forEach(Consumer<Incident> sink) {
        Objects.requireNonNull(sink, "sink");
        tx.read("forEachIncident", "", c -> {
            stream(c, sink, null);
            return null;
        });
    }

    /** The stored incident with this id, with its history, if any. */
    Optional<Incident> incident(long id) {
        return tx.read("incident", "id " + id, c -> {
            List<Incident> out = new ArrayList<>(1);
            stream(c, out::add, id);
            return out.stream().findFirst();
        });
    }

    /** Streams every incident, or only the one with id {@code only} when not null, with their histories. */
    private void stream(Connection c, Consumer<Incident> sink, Long only) throws SQLException {
        String incidents = selectIncidents + (only == null ? "" : " WHERE id = ?") + " ORDER BY id";
        String transitions = selectTransitions + (only == null ? "" : " WHERE incident_id = ?") + " ORDER BY incident_id, seq";
        try (PreparedStatement pi = c.prepareStatement(incidents);
             PreparedStatement pt = c.prepareStatement(transitions)) {
            if (only != null) {
                pi.setLong(1, only);
                pt.setLong(1, only);
            }
            dialect.prepareStreaming(pi, FETCH_SIZE);
            dialect.prepareStreaming(pt, FETCH_SIZE * 4);
            try (ResultSet ri = pi.executeQuery(); ResultSet rt = pt.executeQuery()) {
                boolean more = rt.next();
                long orphans = 0;
                while (ri.next()) {
                    long current = ri.getLong(1);
                    List<Transition> history = new ArrayList<>(4);
                    while (more) {
                        long owner = rt.getLong(1);
                        if (owner > current) {
                            break;
                        }
                        if (owner == current) {
                            history.add(Rows.transition(rt, owner, dialect::time));
                        } else {
                            orphans++;
                        }
                        more = rt.next();
                    }
                    Incident incident;
                    try {
                        incident = Rows.incident(ri, history, dialect::time);
                    } catch (RuntimeException e) {
                        throw new SQLException("unreadable incident row " + current + ": " + e.getMessage(), e);
                    }
                    sink.accept(incident);
                }
                while (more) {
                    orphans++;
                    more = rt.next();
                }
                if (orphans > 0) {
                    LOG.warn("{}: skipped {} incident transitions whose incident does not exist", tx.describe(), orphans);
                }
            }
        }
    }
}

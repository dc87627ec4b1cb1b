package org.gridwatch.store.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.gridwatch.alert.Alert;
import org.gridwatch.analysis.DailyFigures;
import org.gridwatch.area.AdminArea;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.ApiKey;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.StoredSession;
import org.gridwatch.auth.UserAccount;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.store.Store;
import org.gridwatch.store.StoredReport;
import org.locationtech.jts.geom.Envelope;

/**
 * A {@link Store} over JDBC, written once for every database: the per-aggregate tables of this
 * package over a {@link Dialect}, in transactions of {@link Transactions}. A backend subclasses it
 * only to open its database, migrate its schema and choose its dialect.
 *
 * <h2>Round-trip fidelity</h2>
 * Instants are truncated (not rounded) to the microsecond; query bounds outside what the database
 * keeps are clamped. Doubles round-trip exactly; unknown speed, heading and accuracy (NaN) are
 * stored as NULL and read back as NaN; text (UTF-8, e.g. Chinese names) and nulls exactly.
 * Area geometries are stored as MultiPolygons and a one-part MultiPolygon reads back as a Polygon
 * (the same point set); points are kept as lon/lat doubles, exactly.
 *
 * <h2>Transactions and failures</h2>
 * Every write is one transaction, committed before the method returns, all or nothing; the
 * durability of a commit is the backend's (see its class comment). Failures are
 * {@link org.gridwatch.error.StoreException}s as {@link Transactions} says: an id stored already
 * is a {@link org.gridwatch.error.DuplicateIdException} (kind CONFLICT), a missing incident or
 * alert kind NOT_FOUND, an alert acknowledged already kind CONFLICT, anything else kind
 * UNAVAILABLE, with {@code maybeStored} when a connection was lost during the commit.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. Writes are serialised by one lock, each in its own transaction; reads run
 * concurrently with each other and with the writer, each on its own connection in one consistent
 * snapshot, so a sink of {@link #forEachIncident} may even write to this store.
 */
public abstract class JdbcStore implements Store {
    private final Transactions tx;
    private final AreaTables areas;
    private final PlaceTables places;
    private final IncidentTables incidents;
    private final UnitTables units;
    private final TrackTables tracks;
    private final AlertTables alerts;
    private final AccountTables accounts;
    private final AuditTables audit;
    private final CalendarTables calendar;
    private final HistoryTables history;
    private final ReportTables reports;

    /**
     * @param failFastNanos how long calls fail at once after a failure to reach the database,
     *                      nanoseconds (0 for a local file)
     */
    protected JdbcStore(Dialect dialect, ConnectionSource connections, long failFastNanos) {
        Objects.requireNonNull(dialect, "dialect");
        this.tx = new Transactions(connections, dialect, failFastNanos);
        this.areas = new AreaTables(dialect, tx);
        this.places = new PlaceTables(dialect, tx);
        this.incidents = new IncidentTables(dialect, tx);
        this.units = new UnitTables(dialect, tx);
        this.tracks = new TrackTables(dialect, tx, units);
        this.alerts = new AlertTables(dialect, tx);
        this.accounts = new AccountTables(dialect, tx);
        this.audit = new AuditTables(dialect, tx);
        this.calendar = new CalendarTables(dialect, tx);
        this.history = new HistoryTables(dialect, tx);
        this.reports = new ReportTables(dialect, tx);
    }

    @Override
    public Optional<SchoolCalendar> loadCalendar() {
        return calendar.load();
    }

    @Override
    public void replaceCalendar(SchoolCalendar c) {
        calendar.replace(c);
    }

    @Override
    public void upsertDailyFigures(List<DailyFigures> figures) {
        history.upsert(figures);
    }

    @Override
    public List<DailyFigures> dailyFigures(String areaCode, LocalDate from, LocalDate to) {
        return history.byArea(areaCode, from, to);
    }

    @Override
    public List<DailyFigures> dailyFigures(LocalDate day) {
        return history.byDay(day);
    }

    @Override
    public Optional<UserAccount> user(String login) {
        return accounts.user(login);
    }

    @Override
    public List<UserAccount> users() {
        return accounts.users();
    }

    @Override
    public void insertUser(UserAccount user) {
        accounts.insertUser(user);
    }

    @Override
    public void updateUser(UserAccount user) {
        accounts.updateUser(user);
    }

    @Override
    public List<DeviceKey> devices() {
        return accounts.devices();
    }

    @Override
    public Optional<DeviceKey> deviceByHash(String keyHash) {
        return accounts.deviceByHash(keyHash);
    }

    @Override
    public void insertDevice(DeviceKey device) {
        accounts.insertDevice(device);
    }

    @Override
    public void revokeDevice(String id, Instant at) {
        accounts.revokeDevice(id, at);
    }

    @Override
    public List<ApiKey> apiKeys() {
        return accounts.apiKeys();
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String keyHash) {
        return accounts.apiKeyByHash(keyHash);
    }

    @Override
    public void insertApiKey(ApiKey key) {
        accounts.insertApiKey(key);
    }

    @Override
    public void revokeApiKey(String id, Instant at) {
        accounts.revokeApiKey(id, at);
    }

    @Override
    public List<StoredSession> sessions() {
        return accounts.sessions();
    }

    @Override
    public void saveSession(StoredSession session) {
        accounts.saveSession(session);
    }

    @Override
    public void touchSessions(Map<String, Instant> lastSeen) {
        accounts.touchSessions(lastSeen);
    }

    @Override
    public void deleteSessions(Collection<String> ids) {
        accounts.deleteSessions(ids);
    }

    @Override
    public List<AuditRecord> appendAudit(List<AuditEvent> events) {
        return audit.append(events);
    }

    @Override
    public void forEachAudit(AuditQuery query, Consumer<AuditRecord> sink) {
        audit.forEach(query, sink);
    }

    @Override
    public long deleteAuditBefore(Instant before, AuditEvent retention) {
        return audit.deleteBefore(before, retention);
    }

    @Override
    public List<AdminArea> loadAreas() {
        return areas.load();
    }

    @Override
    public void replaceAreas(List<AdminArea> areas) {
        this.areas.replace(areas);
    }

    @Override
    public List<SchoolPost> loadSchoolPosts() {
        return places.loadSchoolPosts();
    }

    @Override
    public List<KeyPlace> loadKeyPlaces() {
        return places.loadKeyPlaces();
    }

    @Override
    public void upsertPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces) {
        places.upsert(posts, keyPlaces);
    }

    @Override
    public Optional<Incident> incident(long id) {
        return incidents.incident(id);
    }

    @Override
    public long maxIncidentId() {
        return incidents.maxId();
    }

    @Override
    public void insertIncident(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        incidents.insert("insertIncident", List.of(incident), null);
    }

    @Override
    public void insertIncident(Incident incident, String idempotencyKey) {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        incidents.insert("insertIncident", List.of(incident), idempotencyKey);
    }

    @Override
    public Map<String, Long> incidentKeys() {
        return incidents.keys();
    }

    @Override
    public void insertIncidents(List<Incident> incidents) {
        Objects.requireNonNull(incidents, "incidents");
        if (!incidents.isEmpty()) {
            this.incidents.insert("insertIncidents", incidents, null);
        }
    }

    @Override
    public void updateIncident(Incident updated, Transition transition) {
        incidents.update(updated, transition);
    }

    @Override
    public void recordDispatch(Incident updated, Transition transition, List<UnitRecord> changed) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(transition, "transition");
        List<UnitRecord> copy = List.copyOf(changed);
        tx.write("recordDispatch", "incident " + updated.id() + ", units "
                + copy.stream().map(UnitRecord::id).toList(), c -> {
            incidents.update(c, updated, transition);
            return units.upsert(c, copy);
        });
    }

    @Override
    public void forEachIncident(Consumer<Incident> sink) {
        incidents.forEach(sink);
    }

    @Override
    public List<UnitRecord> loadUnits() {
        return units.load();
    }

    @Override
    public void upsertUnits(List<UnitRecord> units) {
        this.units.upsert(units);
    }

    @Override
    public void appendPositions(List<Position> positions) {
        tracks.append(positions, null, 0);
    }

    @Override
    public void appendPositions(List<Position> positions, String journal, long seq) {
        Objects.requireNonNull(journal, "journal");
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be > 0: " + seq);
        }
        tracks.append(positions, journal, seq);
    }

    @Override
    public long checkpoint(String journal) {
        return tracks.checkpoint(journal);
    }

    @Override
    public List<Position> track(String unitId, Instant from, Instant to, ReadBudget budget) {
        return tracks.track(unitId, from, to, budget);
    }

    @Override
    public List<String> unitsPassed(Envelope bbox, Instant from, Instant to) {
        return tracks.unitsPassed(bbox, from, to);
    }

    @Override
    public List<Position> positionsIn(Envelope bbox, Instant from, Instant to, ReadBudget budget) {
        return tracks.positionsIn(bbox, from, to, budget);
    }

    @Override
    public boolean deleteTracksBefore(LocalDate firstKeptDay, int maxPositions) {
        return tracks.deleteBefore(firstKeptDay, maxPositions);
    }

    @Override
    public void insertAlert(Alert alert) {
        alerts.insert(alert);
    }

    @Override
    public void ackAlert(long id, String by, Instant at) {
        alerts.ack(id, by, at);
    }

    @Override
    public void ackAlerts(List<Long> ids, String by, Instant at) {
        alerts.ackAll(ids, by, at);
    }

    @Override
    public List<Alert> loadAlerts(Instant since) {
        return alerts.load(since);
    }

    @Override
    public long maxAlertId() {
        return alerts.maxId();
    }

    @Override
    public void saveReport(StoredReport report) {
        reports.save(report);
    }

    @Override
    public Optional<StoredReport> report(LocalDate date, String areaCode) {
        return reports.find(date, areaCode);
    }

    @Override
    public List<StoredReport.Entry> reportEntries(LocalDate from, LocalDate to) {
        return reports.entries(from, to);
    }

    /**
     * True while open and the database answers (a quick probe, see {@link ConnectionSource#probe()});
     * never throws.
     */
    @Override
    public boolean isAvailable() {
        return tx.isAvailable();
    }

    /** Closes the connections, after the write in progress; later calls fail. Idempotent. */
    @Override
    public void close() {
        tx.close();
    }

    @Override
    public String toString() {
        return tx.describe();
    }
}

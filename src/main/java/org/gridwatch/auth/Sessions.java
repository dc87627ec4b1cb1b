package org.gridwatch.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of logged-in principals and their tokens: a bearer access token (short-lived,
 * renewed with the refresh token, which is rotated each time) or a cookie (for the pages, sliding
 * until idle or old), and one-time tickets for {@code /live}. A session ends when idle for
 * {@code idleTimeout}, {@code maxAge} after login, or when revoked (logout, an administrator).
 * Tokens are random ({@link Secrets}) and held only as SHA-256 hashes.
 *
 * <p>Held in memory and, with a store, kept there too ({@link StoredSession}: hashes only), so
 * that sessions outlive a restart: {@link #load} brings them back at start. A login and a refresh
 * are stored before they are answered; ends (logout, revocation, expiry) and uses (the idle
 * clock) are stored by {@link #flush}, which the server runs every few seconds and which the
 * logout and account routes run before answering. Bounded: a principal has at most
 * {@link #MAX_PER_PRINCIPAL} sessions (a new one ends the oldest), the server at most
 * {@code maxSessions}. Thread-safe: any thread, lock-free reads; {@link #open}, {@link #refresh},
 * {@link #load} and {@link #flush} block on the store (workers only) when there is one.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** Sessions one principal may hold at once; a further login ends the least recently used. */
    public static final int MAX_PER_PRINCIPAL = 10;
    /** How long a {@code /live} ticket may wait to be used. */
    public static final Duration TICKET_TTL = Duration.ofSeconds(30);

    private final Clock clock;
    private final Duration accessTtl;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final int maxSessions;
    private final Map<String, Session> byAccess = new ConcurrentHashMap<>();
    private final Map<String, Session> byRefresh = new ConcurrentHashMap<>();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    /** The store sessions are kept in; null: memory only. */
    private final AuthStore store;
    /** Sessions used since the last flush: id → last seen. */
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /** Sessions ended since the last flush, to delete from the store. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    /** Sessions whose tokens changed but could not be stored yet. */
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();

    /** Why a session is no longer valid. */
    public enum End {
        /** Unused for longer than the idle timeout. */
        IDLE("the session was idle too long"),
        /** Older than the session's maximum age, or a bearer token past its lifetime. */
        EXPIRED("the session expired"),
        /** Ended by logout or by an administrator. */
        REVOKED("the session was revoked");

        private final String message;

        End(String message) {
            this.message = message;
        }

        /** A sentence for clients. */
        public String message() {
            return message;
        }
    }

    /** One login. Its principal is replaced when the account's grants change; everything else is fixed. */
    public static final class Session {
        private final String id;
        private volatile Principal principal;
        private final boolean cookie;
        private final Instant createdAt;
        private final Instant endsAt;
        private volatile Instant lastSeen;
        private volatile Instant accessExpires;
        private volatile String accessHash;
        private volatile String refreshHash;
        private final String csrfHash;
        private volatile End ended;
        private volatile Instant validatedAt;

        Session(String id, Principal principal, boolean cookie, Instant now, Instant endsAt, String csrfHash) {
            this.id = id;
            this.principal = principal;
            this.cookie = cookie;
            this.createdAt = now;
            this.endsAt = endsAt;
            this.lastSeen = now;
            this.validatedAt = now;
            this.csrfHash = csrfHash;
        }

        /** The session id (for audit; not a secret). */
        public String id() {
            return id;
        }

        /** Who logged in. */
        public Principal principal() {
            return principal;
        }

        /** True for a page session (cookie, CSRF token); false for bearer tokens. */
        public boolean cookie() {
            return cookie;
        }

        /** When it was made. */
        public Instant createdAt() {
            return createdAt;
        }

        /** When the account behind it was last checked against the store. */
        public Instant validatedAt() {
            return validatedAt;
        }

        /** True when {@code token} is this page session's CSRF token. */
        public boolean csrfMatches(String token) {
            return csrfHash != null && token != null && Secrets.constantTimeEquals(csrfHash, Secrets.sha256(token));
        }

        /** Why it is not valid at {@code now}, or empty while it is. */
        public Optional<End> endedAt(Instant now, Duration idleTimeout) {
            if (ended != null) {
                return Optional.of(ended);
            }
            if (!now.isBefore(endsAt) || !cookie && accessExpires != null && !now.isBefore(accessExpires)) {
                return Optional.of(End.EXPIRED);
            }
            if (now.isAfter(lastSeen.plus(idleTimeout))) {
                return Optional.of(End.IDLE);
            }
            return Optional.empty();
        }
    }

    private record Ticket(Session session, Instant expires) {
    }

    /**
     * A session just opened or refreshed, with its secrets (shown to the client once).
     *
     * @param accessToken  bearer token, or the cookie's value
     * @param refreshToken refresh token (bearer sessions), else null
     * @param csrfToken    CSRF token (cookie sessions), else null
     * @param expiresIn    seconds the access token (or cookie, while used) lives
     */
    public record Issued(Session session, String accessToken, String refreshToken, String csrfToken, long expiresIn) {
        @Override
        public String toString() {
            return "Issued[" + session.id() + "]";
        }
    }

    /**
     * @param accessTtl   lifetime of a bearer access token
     * @param idleTimeout a session unused this long ends
     * @param maxAge      a session ends this long after login
     * @param maxSessions sessions held at once by the whole server
     */
    public Sessions(Clock clock, Duration accessTtl, Duration idleTimeout, Duration maxAge, int maxSessions) {
        this(clock, accessTtl, idleTimeout, maxAge, maxSessions, null);
    }

    /**
     * @param store where sessions are kept across restarts; null: in memory only
     */
    public Sessions(Clock clock, Duration accessTtl, Duration idleTimeout, Duration maxAge, int maxSessions,
                    AuthStore store) {
        this.clock = clock;
        this.accessTtl = accessTtl;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
        this.maxSessions = maxSessions;
        this.store = store;
    }

    /**
     * Brings back the stored sessions that are still alive, each with its user's current grants
     * ({@code principals}: the principal of a login, empty when the account is gone or disabled,
     * whose sessions are deleted). Blocking; once, at start, before requests arrive.
     *
     * @return how many sessions were brought back
     */
    public int load(Function<String, Optional<Principal>> principals) {
        if (store == null) {
            return 0;
        }
        Instant now = clock.instant();
        List<String> dead = new ArrayList<>();
        int n = 0;
        for (StoredSession r : store.sessions()) {
            Optional<Principal> p = !now.isBefore(r.endsAt()) || now.isAfter(r.lastSeen().plus(idleTimeout))
                    ? Optional.empty() : principals.apply(r.login());
            if (p.isEmpty() || byId.size() >= maxSessions) {
                dead.add(r.id());
                continue;
            }
            Session s = new Session(r.id(), withCredential(p.get(), r.id()), r.cookie(), r.createdAt(), r.endsAt(),
                    r.csrfHash());
            s.lastSeen = r.lastSeen();
            s.accessHash = r.accessHash();
            s.accessExpires = r.accessExpires();
            s.refreshHash = r.refreshHash();
            byId.put(s.id, s);
            byAccess.put(s.accessHash, s);
            if (s.refreshHash != null) {
                byRefresh.put(s.refreshHash, s);
            }
            n++;
        }
        store.deleteSessions(dead);
        return n;
    }

    /**
     * Stores what changed since the last flush: sessions ended (deleted), uses (the idle clock),
     * rotations not stored yet. Blocking; a store failure keeps the changes for the next flush.
     */
    public synchronized void flush() {
        if (store == null) {
            return;
        }
        try {
            for (String id : List.copyOf(unsaved)) {
                Session s = byId.get(id);
                if (s != null) {
                    store.saveSession(record(s));
                }
                unsaved.remove(id);
            }
            List<String> gone = List.copyOf(ended);
            store.deleteSessions(gone);
            gone.forEach(ended::remove);
            Map<String, Instant> uses = Map.copyOf(touched);
            store.touchSessions(uses);
            uses.forEach(touched::remove);   // remove(key, value): a use meanwhile stays for the next flush
        } catch (RuntimeException e) {
            LOG.warn("sessions not stored yet ({} ended, {} used, {} rotated): {}", ended.size(), touched.size(),
                    unsaved.size(), e.getMessage());
        }
    }

    private static StoredSession record(Session s) {
        return new StoredSession(s.id, s.principal.id(), s.cookie, s.createdAt, s.endsAt, s.accessHash, s.accessExpires,
                s.refreshHash, s.csrfHash, s.lastSeen);
    }

    /** The idle timeout. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Opens a session for {@code principal}: a page session ({@code cookie}) or bearer tokens.
     *
     * @throws AuthException TOO_MANY_REQUESTS when the server holds {@code maxSessions} already
     */
    public Issued open(Principal principal, boolean cookie) {
        sweep();
        List<Session> own = new ArrayList<>(byId.values().stream().filter(s -> s.principal.id().equals(principal.id())
                && s.principal.kind() == principal.kind()).toList());
        own.sort(Comparator.comparing(s -> s.lastSeen));
        while (own.size() >= MAX_PER_PRINCIPAL) {
            end(own.remove(0), End.REVOKED);
        }
        if (byId.size() >= maxSessions) {
            throw new AuthException(org.gridwatch.error.FailureKind.TOO_MANY_REQUESTS, null,
                    "the server holds " + maxSessions + " sessions; try again later");
        }
        Instant now = clock.instant();
        String id = Secrets.newId("ses-") + Secrets.newId("");
        String csrf = cookie ? Secrets.newSecret("") : null;
        Session s = new Session(id, withCredential(principal, id), cookie, now, now.plus(maxAge),
                csrf == null ? null : Secrets.sha256(csrf));
        Issued issued = issue(s, now, csrf);
        if (store != null && principal.kind() == Principal.Kind.USER) {
            try {
                store.saveSession(record(s));   // stored before it is answered: a login survives a restart
            } catch (RuntimeException e) {
                forget(s);
                throw e;
            }
        }
        byId.put(id, s);
        return issued;
    }

    private static Principal withCredential(Principal p, String session) {
        return new Principal(p.kind(), p.id(), p.name(), p.roles(), p.jurisdiction(), p.unitId(), session);
    }

    private Issued issue(Session s, Instant now, String csrf) {
        String access = Secrets.newSecret(Secrets.ACCESS);
        String refresh = s.cookie ? null : Secrets.newSecret(Secrets.REFRESH);
        String oldAccess = s.accessHash;
        String oldRefresh = s.refreshHash;
        s.accessHash = Secrets.sha256(access);
        s.refreshHash = refresh == null ? null : Secrets.sha256(refresh);
        Instant expires = s.cookie ? s.endsAt : min(now.plus(accessTtl), s.endsAt);
        s.accessExpires = expires;
        byAccess.put(s.accessHash, s);
        if (s.refreshHash != null) {
            byRefresh.put(s.refreshHash, s);
        }
        if (oldAccess != null) {
            byAccess.remove(oldAccess);
        }
        if (oldRefresh != null) {
            byRefresh.remove(oldRefresh);
        }
        long seconds = s.cookie ? idleTimeout.toSeconds() : Duration.between(now, expires).toSeconds();
        return new Issued(s, access, refresh, csrf, seconds);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The session of an access token or cookie value, touched (its idle clock restarts); empty for
     * an unknown token. A session that has ended is returned too, so the caller can say why:
     * check {@link #end(Session)}.
     */
    public Optional<Session> byAccessToken(String token) {
        if (token == null || !Secrets.looksLike(token, Secrets.ACCESS)) {
            return Optional.empty();
        }
        Session s = byAccess.get(Secrets.sha256(token));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (s.endedAt(now, idleTimeout).isEmpty()) {
            s.lastSeen = now;
            if (store != null) {
                touched.put(s.id, now);
            }
        }
        return Optional.of(s);
    }

    /** Why {@code s} is no longer valid now, or empty while it is. */
    public Optional<End> end(Session s) {
        return s.endedAt(clock.instant(), idleTimeout);
    }

    /**
     * Renews a bearer session: a new access token and a new refresh token (the old ones stop
     * working). Empty when the refresh token is unknown or its session has ended.
     */
    public Optional<Issued> refresh(String refreshToken) {
        if (refreshToken == null || !Secrets.looksLike(refreshToken, Secrets.REFRESH)) {
            return Optional.empty();
        }
        Session s = byRefresh.get(Secrets.sha256(refreshToken));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // The access token may have lapsed: that is what refresh is for. The session itself must be alive.
        if (s.ended != null || !now.isBefore(s.endsAt) || now.isAfter(s.lastSeen.plus(idleTimeout))) {
            return Optional.empty();
        }
        synchronized (s) {
            if (!byRefresh.containsKey(Secrets.sha256(refreshToken))) {
                return Optional.empty();   // a concurrent refresh rotated it
            }
            s.lastSeen = now;
            Issued issued = issue(s, now, null);
            if (store != null && s.principal.kind() == Principal.Kind.USER) {
                try {
                    store.saveSession(record(s));
                } catch (RuntimeException e) {
                    unsaved.add(s.id);   // the new tokens work now; stored by the next flush
                    LOG.warn("session {} refreshed but not stored yet: {}", s.id, e.getMessage());
                }
            }
            return Optional.of(issued);
        }
    }

    /** Ends a session (logout). */
    public void revoke(Session s) {
        end(s, End.REVOKED);
    }

    /** Ends every session of principal {@code kind}/{@code id}; returns how many. */
    public int revokeAll(Principal.Kind kind, String id) {
        int n = 0;
        for (Session s : byId.values()) {
            if (s.principal.kind() == kind && s.principal.id().equals(id)) {
                end(s, End.REVOKED);
                n++;
            }
        }
        return n;
    }

    /** Gives the session's principal new grants (roles, jurisdiction, name), marking it checked now. */
    public void revalidated(Session s, Principal updated) {
        s.principal = withCredential(updated, s.id);
        s.validatedAt = clock.instant();
    }

    /** A one-time ticket for opening {@code /live} as this session's principal, valid {@link #TICKET_TTL}. */
    public String ticket(Session s) {
        sweep();
        if (tickets.size() >= maxSessions) {
            throw new AuthException(org.gridwatch.error.FailureKind.TOO_MANY_REQUESTS, null, "too many live tickets pending");
        }
        String t = Secrets.newSecret(Secrets.TICKET);
        tickets.put(Secrets.sha256(t), new Ticket(s, clock.instant().plus(TICKET_TTL)));
        return t;
    }

    /** The session of a ticket, used up; empty when unknown, used or expired. */
    public Optional<Session> redeemTicket(String ticket) {
        if (ticket == null || !Secrets.looksLike(ticket, Secrets.TICKET)) {
            return Optional.empty();
        }
        Ticket t = tickets.remove(Secrets.sha256(ticket));
        if (t == null || !clock.instant().isBefore(t.expires)) {
            return Optional.empty();
        }
        return Optional.of(t.session);
    }

    /** Sessions held now (ended ones not yet swept included). */
    public int size() {
        return byId.size();
    }

    /** Forgets sessions that have ended and tickets that expired. Any thread; O(sessions). */
    public void sweep() {
        Instant now = clock.instant();
        for (Session s : byId.values()) {
            // A bearer session whose access token lapsed stays: its refresh token still renews it.
            if (s.ended != null || !now.isBefore(s.endsAt) || now.isAfter(s.lastSeen.plus(idleTimeout))) {
                forget(s);
            }
        }
        tickets.values().removeIf(t -> !now.isBefore(t.expires));
    }

    private void end(Session s, End why) {
        s.ended = why;
        forget(s);
    }

    private void forget(Session s) {
        if (byId.remove(s.id) != null && store != null) {
            ended.add(s.id);
            touched.remove(s.id);
        }
        String a = s.accessHash;
        if (a != null) {
            byAccess.remove(a);
        }
        String r = s.refreshHash;
        if (r != null) {
            byRefresh.remove(r);
        }
    }
}

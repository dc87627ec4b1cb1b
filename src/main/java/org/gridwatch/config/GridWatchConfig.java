package org.gridwatch.config;

import java.nio.file.Path;
import java.util.Map;
import org.gridwatch.patrol.UnitKind;

/**
 * The server's configuration, validated. Keys and their documentation: {@code config/gridwatch.yaml}.
 *
 * @param http  HTTP server
 * @param store durable store
 * @param city  city data directory (null: the demo city packed into the jar)
 * @param api   API limits
 * @param dispatch dispatch settings
 * @param nearRepeat near-repeat risk settings
 * @param monitoring school-post duty, key-place visibility and coverage settings
 * @param live       the /live WebSocket
 * @param security   transport and request hardening: TLS, origins, CORS, rate limits, metrics exposure
 * @param auth       accounts, passwords, sessions and the external identity provider
 * @param audit      the audit trail
 * @param report     the daily report (日报)
 * @param devices    the device gateways (JT/T 808)
 * @param basemap    the city's own offline basemap ({@code basemap.*})
 * @param tiles      the vector tiles ({@code /tiles})
 */
public record GridWatchConfig(Http http, Store store, City city, Api api, Dispatch dispatch, NearRepeat nearRepeat,
                              Monitoring monitoring, Live live, Security security, Auth auth, Audit audit,
                              Report report, Devices devices, Basemap basemap, Tiles tiles) {

    /**
     * The vector tiles ({@code tiles.*}).
     *
     * @param cacheBytes bytes of encoded tiles kept (least recently used go first)
     * @param recheck    how long a cached tile whose attributes age with time (grid coverage, duty, heat
     *                   windows) is answered before it is encoded again to see whether it changed
     * @param logTiles   most tiles per tileset and zoom the change log names; beyond, the zoom counts as changed everywhere
     */
    public record Tiles(long cacheBytes, java.time.Duration recheck, int logTiles) {
    }

    /**
     * The basemap ({@code basemap.*}): local tile archives served under {@code /basemap/…} and drawn
     * under the city's layers by the pages.
     *
     * @param sources the archives (MBTiles or PMTiles), ids unique; empty = no basemap
     * @param style   a MapLibre style file drawing them, or null to generate one from the archives
     */
    public record Basemap(java.util.List<org.gridwatch.basemap.Basemaps.SourceFile> sources, Path style) {
        /** No basemap. */
        public static final Basemap NONE = new Basemap(java.util.List.of(), null);

        public Basemap {
            sources = java.util.List.copyOf(sources);
        }

        /** True when at least one archive is configured. */
        public boolean configured() {
            return !sources.isEmpty();
        }
    }

    /**
     * The device gateways ({@code devices.*}).
     *
     * @param jt808 the JT/T 808 terminal gateway
     */
    public record Devices(Jt808 jt808) {
    }

    /**
     * The JT/T 808 gateway ({@code devices.jt808.*}): a TCP port for the terminals of the transport
     * ministry's protocol.
     *
     * @param enabled          false: no port is opened
     * @param host             address to bind
     * @param port             TCP port; 0 = any free port (logged)
     * @param idleTimeout      a connection that sends nothing for this long is closed (3 heartbeats)
     * @param openRegistration true: a bound terminal that registers is answered its authentication
     *                         code; false: codes are provisioned by hand and registration is refused
     * @param maxConnections   most terminal connections at once; more are closed at once
     * @param instances        gateway verticle instances; 0 = one per event loop
     */
    public record Jt808(boolean enabled, String host, int port, java.time.Duration idleTimeout, boolean openRegistration,
                        int maxConnections, int instances) {
    }

    /**
     * @param tlsCert           PEM certificate chain file; empty = plain HTTP
     * @param tlsKey            PEM private key file (PKCS#8 or PKCS#1); required with {@code tlsCert}
     * @param redirectPort      with TLS: a plain-HTTP port answering every request with a redirect to HTTPS; 0 = none
     * @param hstsSeconds       {@code Strict-Transport-Security} max-age sent over TLS, seconds
     * @param allowedOrigins    origins besides the server's own allowed to open {@code /live} and to send cookie-authenticated writes
     * @param corsOrigins       origins answered with CORS headers; empty = CORS off
     * @param metricsPublic     true to serve {@code /metrics} without authentication (for a scraper on a trusted network)
     * @param loginsPerMinute   login attempts per client address per minute
     * @param writesPerSecond   writes per principal per second (a burst of twice as many is allowed)
     */
    public record Security(String tlsCert, String tlsKey, int redirectPort, long hstsSeconds,
                           java.util.List<String> allowedOrigins, java.util.List<String> corsOrigins, boolean metricsPublic,
                           int loginsPerMinute, int writesPerSecond) {
        /** True when the server speaks HTTPS. */
        public boolean tls() {
            return !tlsCert.isEmpty();
        }
    }

    /**
     * @param passwordMinLength  shortest password accepted
     * @param passwordMinClasses how many of lower case, upper case, digits and others a password mixes
     * @param argon2MemoryKib    Argon2id memory cost of new password hashes, KiB
     * @param argon2Iterations   Argon2id time cost of new password hashes
     * @param maxFailures        failed logins in a row after which an account is locked
     * @param lockout            how long a locked account stays locked
     * @param accessTtl          lifetime of a bearer access token (refresh gives a new one)
     * @param idleTimeout        a session unused this long ends
     * @param sessionMaxAge      a session ends this long after login, whatever its use
     * @param oidcIssuer         issuer ({@code iss}) of the city's identity provider's tokens; empty = external tokens off
     * @param oidcJwksUrl        where its signing keys are published (JWKS)
     * @param oidcAudience       the audience ({@code aud}) its tokens for GridWatch carry
     * @param oidcRolesClaim     claim holding the GridWatch roles (a list or a space-separated string)
     * @param oidcJurisdictionClaim claim holding the area codes of the jurisdiction (list or space-separated)
     * @param oidcNameClaim      claim holding the display name
     */
    public record Auth(int passwordMinLength, int passwordMinClasses, int argon2MemoryKib, int argon2Iterations,
                       int maxFailures, java.time.Duration lockout, java.time.Duration accessTtl,
                       java.time.Duration idleTimeout, java.time.Duration sessionMaxAge, String oidcIssuer,
                       String oidcJwksUrl, String oidcAudience, String oidcRolesClaim, String oidcJurisdictionClaim,
                       String oidcNameClaim) {
        /** True when bearer JWTs of an external identity provider are accepted. */
        public boolean oidc() {
            return !oidcIssuer.isEmpty();
        }
    }

    /**
     * @param dailyAt local time (in the city's zone) at which the morning run generates the reports of the day before
     * @param pdfFont CJK TrueType font (.ttf or .ttc) embedded in the PDF; null = the first of the usual places found
     */
    public record Report(java.time.LocalTime dailyAt, Path pdfFont) {
    }

    /**
     * @param retentionDays days of audit records kept (at least 180, the statutory minimum)
     */
    public record Audit(int retentionDays) {
        /** The statutory minimum of {@code audit.retention-days}. */
        public static final int MIN_RETENTION_DAYS = 180;
    }

    /**
     * @param host      bind address
     * @param port      TCP port, 0 = any free port
     * @param bodyLimit largest request body in bytes
     * @param instances HTTP verticle instances, each on its own event loop; 0 = one per event loop
     * @param timeouts  how long a connection may take over a request, or wait idle
     */
    public record Http(String host, int port, long bodyLimit, int instances, Timeouts timeouts) {
        /** With the default timeouts. */
        public Http(String host, int port, long bodyLimit, int instances) {
            this(host, port, bodyLimit, instances, Timeouts.DEFAULTS);
        }

        /**
         * The limits on slow and idle HTTP connections ({@code http.timeouts.*}).
         *
         * @param headerRead a request's line and headers must arrive within this of its first byte (408, closed)
         * @param request    a whole request, headers and body, must arrive within this of its first byte (408, closed)
         * @param idle       a connection with no request in progress and no answer owed is closed after this
         * @param liveIdle   a {@code /live} WebSocket without a frame either way is closed after this;
         *                   {@link java.time.Duration#ZERO} = never
         */
        public record Timeouts(java.time.Duration headerRead, java.time.Duration request, java.time.Duration idle,
                               java.time.Duration liveIdle) {
            /** The documented defaults: 10 s, 60 s, 60 s, 120 s. */
            public static final Timeouts DEFAULTS = new Timeouts(java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(120));
        }
    }

    /**
     * @param type     {@code geopackage} or {@code postgis}
     * @param path     GeoPackage file (geopackage)
     * @param fullSync true for {@code sync: full} (fsync per commit; geopackage)
     * @param url      JDBC URL of the database (postgis)
     * @param user     database user (postgis)
     * @param password database password, empty for none (postgis); never printed
     * @param schema   schema holding GridWatch's tables (postgis)
     * @param writeTimeout       how long a client's write may wait for the store before it is answered 503
     * @param trackRetentionDays days of position tracks kept; older days are deleted
     * @param journalDir         directory of the position journal, or null for none (positions are
     *                           acknowledged after the store's own commit)
     * @param journalMaxBehind   most acknowledged positions that may wait in the journal for the store
     */
    public record Store(String type, Path path, boolean fullSync, String url, String user, String password,
                        String schema, java.time.Duration writeTimeout, int trackRetentionDays, Path journalDir,
                        int journalMaxBehind) {
        /** Default of {@code store.write-timeout}. */
        public static final java.time.Duration DEFAULT_WRITE_TIMEOUT = java.time.Duration.ofSeconds(10);
        /** Default of {@code store.tracks.retention-days}. */
        public static final int DEFAULT_TRACK_RETENTION_DAYS = 30;
        /** Default of {@code store.journal.max-behind}. */
        public static final int DEFAULT_JOURNAL_MAX_BEHIND = 1_000_000;
        /** {@code store.type} of the embedded store. */
        public static final String GEOPACKAGE = "geopackage";
        /** {@code store.type} of the PostGIS store. */
        public static final String POSTGIS = "postgis";

        /** A GeoPackage store setting (the PostGIS keys at their defaults). */
        public Store(String type, Path path, boolean fullSync) {
            this(type, path, fullSync, "", "", "", "gridwatch", DEFAULT_WRITE_TIMEOUT, DEFAULT_TRACK_RETENTION_DAYS, null,
                    DEFAULT_JOURNAL_MAX_BEHIND);
        }

        /** True for {@code store.type: postgis}. */
        public boolean postgis() {
            return POSTGIS.equals(type);
        }

        /** Leaves the password out. */
        @Override
        public String toString() {
            return "Store[type=" + type + ", path=" + path + ", fullSync=" + fullSync + ", url=" + url + ", user="
                    + user + ", password=" + (password.isEmpty() ? "" : "***") + ", schema=" + schema + ", writeTimeout="
                    + writeTimeout + ", trackRetentionDays=" + trackRetentionDays + ", journalDir=" + journalDir
                    + ", journalMaxBehind=" + journalMaxBehind + "]";
        }
    }

    /**
     * @param data     directory with the city's GeoJSON layers, or null for the demo city packed into
     *                 the jar ({@code city.data} empty, the default)
     * @param timeZone the city's time zone ({@code city.time-zone}): local days and wall-clock times
     *                 (duty windows, key periods, school days, daily history, dates in queries)
     */
    public record City(Path data, java.time.ZoneId timeZone) {
        public City {
            java.util.Objects.requireNonNull(timeZone, "timeZone");
        }

        /** The directory, or "the demo city in the jar", for messages. */
        public String describe() {
            return data == null ? "the demo city packed into the jar" : data.toString();
        }
    }

    /**
     * @param maxBatch           most points in one lookup batch
     * @param maxPolygonVertices most vertices in a query polygon
     * @param defaultPage        default page size
     * @param maxPage            largest page size
     * @param queries            bounds of the expensive queries
     */
    public record Api(int maxBatch, int maxPolygonVertices, int defaultPage, int maxPage, Queries queries) {
    }

    /**
     * Bounds of the expensive queries (unit lists and nearest units on the live index; tracks, "who
     * passed here" and the audit trail in the store): two bounded pools with admission control, a
     * deadline, and a cost bound per query.
     *
     * @param threads            threads of the query pool (live-index queries)
     * @param storeThreads       threads of the store-read pool (queries of the store)
     * @param queue              queries waiting for a thread, per pool, beyond those running; more are refused (429)
     * @param perClient          queries one principal may have running or waiting, per pool; more are refused (429)
     * @param timeout            deadline of a query from its admission: one not done by then is stopped (503)
     * @param nearestMaxMetres   largest search radius of a nearest-units query, and its default, metres
     * @param maxPositions       most positions one track answer or one "who passed here" search reads; more: 400
     * @param passedMaxUnitHours largest "who passed here" window times the units of the roster, unit-hours; more: 400
     */
    public record Queries(int threads, int storeThreads, int queue, int perClient, java.time.Duration timeout,
                          double nearestMaxMetres, int maxPositions, long passedMaxUnitHours) {
    }

    /**
     * @param etaSpeedKmh straight-line travel speed per unit kind for ETAs, km/h
     * @param policy      which units an incident is offered, by category and grade ({@code dispatch.policy})
     * @param timeLimits  the time limits of each step of a case (时限, {@code dispatch.time-limits})
     */
    public record Dispatch(Map<UnitKind, Double> etaSpeedKmh, org.gridwatch.dispatch.DispatchPolicy policy,
                           org.gridwatch.casework.TimeLimits timeLimits) {
        public Dispatch {
            etaSpeedKmh = Map.copyOf(etaSpeedKmh);
            java.util.Objects.requireNonNull(policy, "policy");
            java.util.Objects.requireNonNull(timeLimits, "timeLimits");
        }

        /** The ETA speeds with the built-in dispatch policy and time limits, in the city's time zone {@code zone}. */
        public Dispatch(Map<UnitKind, Double> etaSpeedKmh, java.time.ZoneId zone) {
            this(etaSpeedKmh, org.gridwatch.dispatch.DispatchPolicy.defaults(),
                    org.gridwatch.casework.TimeLimits.defaults(zone));
        }

        /** The ETA speed of a kind in m/s. */
        public double etaSpeedMetresPerSecond(UnitKind kind) {
            return etaSpeedKmh.get(kind) / 3.6;
        }
    }

    /**
     * @param radiusMetres how near, metres
     * @param days         how recent, days
     * @param minEarlier   how many earlier incidents of the category
     */
    public record NearRepeat(double radiusMetres, int days, int minEarlier) {
    }

    /**
     * @param postGrace            a post must be staffed by window start + this
     * @param postFixMaxAge        a fix counts for presence at a post while at most this old
     * @param keyPlaceRadiusMetres a fix this near a key place visits it, metres
     * @param dosageCap            most dosage credited from one fix to the next
     * @param uncoveredLimit       longest patrol gap tolerated in a grid during its key periods
     * @param calendar             the school calendar of {@code posts.calendar} (the shipped default when
     *                             not set); a calendar imported into the store takes precedence over it
     * @param calendarFile         the file it was read from, or null for the shipped default
     */
    public record Monitoring(java.time.Duration postGrace, java.time.Duration postFixMaxAge, double keyPlaceRadiusMetres,
                             java.time.Duration dosageCap, java.time.Duration uncoveredLimit,
                             org.gridwatch.post.SchoolCalendar calendar, Path calendarFile) {
        public Monitoring {
            java.util.Objects.requireNonNull(calendar, "calendar");
        }

        /** Where the configured calendar comes from, for messages. */
        public String describeCalendar() {
            return calendarFile == null ? "the shipped default school calendar" : calendarFile.toString();
        }
    }

    /**
     * @param maxSubscriptions most subscriptions on one connection
     * @param maxPending       most changed keys a state subscription holds for a slow client before it gets resync
     * @param logSize          events kept per log channel (incidents, alerts) for slow clients and resume
     * @param writeQueueBytes  bytes written but not yet sent after which a connection counts as slow
     * @param resumeSeconds    how long a dropped connection's subscriptions are kept for resume, seconds
     */
    public record Live(int maxSubscriptions, int maxPending, int logSize, int writeQueueBytes, int resumeSeconds) {
    }

    /** This configuration with another HTTP port (tests use 0). */
    public GridWatchConfig withPort(int port) {
        return new GridWatchConfig(new Http(http.host(), port, http.bodyLimit(), http.instances(), http.timeouts()), store, city, api,
                dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }

    /** This configuration with the JT/T 808 gateway on another port (tests use 0: any free port). */
    public GridWatchConfig withJt808Port(int port) {
        Jt808 j = devices.jt808();
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit,
                report, new Devices(new Jt808(j.enabled(), j.host(), port, j.idleTimeout(), j.openRegistration(),
                        j.maxConnections(), j.instances())), basemap, tiles);
    }

    /** This configuration with other device gateway settings. */
    public GridWatchConfig withDevices(Devices devices) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit,
                report, devices, basemap, tiles);
    }

    /** This configuration with another number of HTTP verticle instances (0 = one per event loop). */
    public GridWatchConfig withHttpInstances(int instances) {
        return new GridWatchConfig(new Http(http.host(), http.port(), http.bodyLimit(), instances, http.timeouts()), store, city, api,
                dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }

    /** This configuration with other /live settings. */
    public GridWatchConfig withLive(Live live) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }

    /** This configuration with another store file. */
    public GridWatchConfig withStorePath(Path path) {
        return withStore(new Store(store.type(), path, store.fullSync(), store.url(), store.user(), store.password(),
                store.schema(), store.writeTimeout(), store.trackRetentionDays(), store.journalDir(),
                store.journalMaxBehind()));
    }

    /** This configuration keeping {@code days} of position tracks. */
    public GridWatchConfig withTrackRetentionDays(int days) {
        return withStore(new Store(store.type(), store.path(), store.fullSync(), store.url(), store.user(),
                store.password(), store.schema(), store.writeTimeout(), days, store.journalDir(),
                store.journalMaxBehind()));
    }

    /** This configuration with other security settings. */
    public GridWatchConfig withSecurity(Security security) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }

    /** This configuration with other authentication settings. */
    public GridWatchConfig withAuth(Auth auth) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }

    /** This configuration with another basemap. */
    public GridWatchConfig withBasemap(Basemap basemap) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices,
                basemap, tiles);
    }

    /** This configuration with other store settings. */
    public GridWatchConfig withStore(Store store) {
        return new GridWatchConfig(http, store, city, api, dispatch, nearRepeat, monitoring, live, security, auth, audit, report, devices, basemap, tiles);
    }
}

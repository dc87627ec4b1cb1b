package org.gridwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.gridwatch.patrol.UnitKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads {@link GridWatchConfig}: defaults from the documented {@code config/gridwatch.yaml} on the
 * class path, then the optional {@code --config} file, then {@code GRIDWATCH_*} environment
 * variables. Unknown keys are reported through the warning sink; invalid values throw
 * {@link ConfigException} naming the key and, for environment values, the variable.
 *
 * <p>Stateless; thread-safe.
 */
public final class ConfigLoader {
    /** Class-path location of the documented defaults. */
    public static final String DEFAULTS = "config/gridwatch.yaml";
    private static final String ENV_PREFIX = "GRIDWATCH_";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param file optional YAML file overriding defaults; may be {@code null}
     * @param env  environment variables (usually {@link System#getenv()})
     * @param warn receives one message per unknown key
     * @throws ConfigException when a value is invalid or the file cannot be read
     */
    public static GridWatchConfig load(Path file, Map<String, String> env, Consumer<String> warn) {
        Map<String, Object> defaults = flatten(readDefaults());
        Map<String, Object> values = new LinkedHashMap<>(defaults);
        Map<String, String> origin = new LinkedHashMap<>();
        if (file != null) {
            Map<String, Object> fromFile;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile = flatten(parse(r, file.toString()));
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (Map.Entry<String, Object> e : fromFile.entrySet()) {
                if (!defaults.containsKey(e.getKey())) {
                    warn.accept("unknown configuration key '" + e.getKey() + "' in " + file + " (ignored)");
                    continue;
                }
                values.put(e.getKey(), e.getValue());
                origin.put(e.getKey(), file.toString());
            }
        }
        Map<String, String> envKeys = new LinkedHashMap<>();
        for (String key : defaults.keySet()) {
            envKeys.put(envName(key), key);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            String key = envKeys.get(e.getKey());
            if (key == null) {
                warn.accept("unknown configuration variable " + e.getKey() + " (ignored)");
                continue;
            }
            values.put(key, e.getValue());
            origin.put(key, "environment variable " + e.getKey());
        }
        Values v = new Values(values, origin);
        String storeType = v.oneOf("store.type", GridWatchConfig.Store.GEOPACKAGE, GridWatchConfig.Store.POSTGIS);
        boolean postgis = storeType.equals(GridWatchConfig.Store.POSTGIS);
        return new GridWatchConfig(
                new GridWatchConfig.Http(v.string("http.host"), (int) v.integer("http.port", 0, 65535),
                        v.integer("http.body-limit", 1024, Integer.MAX_VALUE), (int) v.integer("http.instances", 0, 256),
                        timeouts(v)),
                new GridWatchConfig.Store(storeType, Path.of(v.string("store.path")),
                        v.oneOf("store.sync", "normal", "full").equals("full"),
                        postgis ? v.jdbcUrl("store.url") : v.optional("store.url"),
                        postgis ? v.string("store.user") : v.optional("store.user"),
                        v.optional("store.password"), v.identifier("store.schema"),
                        Duration.ofSeconds(v.integer("store.write-timeout", 1, 600)),
                        (int) v.integer("store.tracks.retention-days", 1, 36_500),
                        v.optional("store.journal.dir").isEmpty() ? null : Path.of(v.optional("store.journal.dir")),
                        (int) v.integer("store.journal.max-behind", 1_000, 100_000_000)),
                new GridWatchConfig.City(v.optional("city.data").isEmpty() ? null : Path.of(v.optional("city.data")),
                        timeZone(v)),
                new GridWatchConfig.Api((int) v.integer("api.max-batch", 1, 1_000_000),
                        (int) v.integer("api.max-polygon-vertices", 4, 1_000_000),
                        (int) v.integer("api.default-page", 1, 100_000),
                        (int) v.integer("api.max-page", 1, 100_000),
                        new GridWatchConfig.Queries((int) v.integer("api.queries.threads", 1, 256),
                                (int) v.integer("api.queries.store-threads", 1, 256),
                                (int) v.integer("api.queries.queue", 0, 100_000),
                                (int) v.integer("api.queries.per-client", 1, 1_000),
                                Duration.ofSeconds(v.integer("api.queries.timeout", 1, 3_600)),
                                v.decimal("api.queries.nearest-max-distance", 1, 20_037_509),
                                (int) v.integer("api.queries.max-positions", 1, 100_000_000),
                                v.integer("api.queries.passed-max-unit-hours", 1, 1_000_000_000_000L))),
                new GridWatchConfig.Dispatch(etaSpeeds(v), dispatchPolicy(v.optional("dispatch.policy")),
                        timeLimits(v.optional("dispatch.time-limits"), timeZone(v))),
                new GridWatchConfig.NearRepeat(v.decimal("analysis.near-repeat.radius", 1, 10_000),
                        (int) v.integer("analysis.near-repeat.days", 1, 365),
                        (int) v.integer("analysis.near-repeat.min-earlier", 1, 1_000)),
                new GridWatchConfig.Monitoring(Duration.ofMinutes(v.integer("analysis.posts.grace", 1, 120)),
                        Duration.ofSeconds(v.integer("analysis.posts.fix-max-age", 10, 3_600)),
                        v.decimal("analysis.key-places.radius", 1, 5_000),
                        Duration.ofMinutes(v.integer("analysis.coverage.dosage-cap", 1, 60)),
                        Duration.ofMinutes(v.integer("analysis.coverage.uncovered-limit", 1, 24 * 60)),
                        calendar(v.optional("posts.calendar")),
                        v.optional("posts.calendar").isEmpty() ? null : Path.of(v.optional("posts.calendar"))),
                new GridWatchConfig.Live((int) v.integer("live.max-subscriptions", 1, 1_000),
                        (int) v.integer("live.max-pending", 10, 10_000_000),
                        (int) v.integer("live.log-size", 10, 10_000_000),
                        (int) v.integer("live.write-queue-bytes", 1_024, 1 << 30),
                        (int) v.integer("live.resume-seconds", 0, 86_400)),
                security(v),
                new GridWatchConfig.Auth((int) v.integer("auth.password.min-length", 8, 128),
                        (int) v.integer("auth.password.min-classes", 1, 4),
                        (int) v.integer("auth.password.argon2-memory-kib", 1024, 4 * 1024 * 1024),
                        (int) v.integer("auth.password.argon2-iterations", 1, 100),
                        (int) v.integer("auth.lockout.max-failures", 1, 100),
                        Duration.ofMinutes(v.integer("auth.lockout.minutes", 1, 24 * 60)),
                        Duration.ofSeconds(v.integer("auth.session.access-ttl", 30, 86_400)),
                        Duration.ofSeconds(v.integer("auth.session.idle-timeout", 30, 7 * 86_400)),
                        Duration.ofSeconds(v.integer("auth.session.max-age", 60, 30 * 86_400)),
                        v.optional("auth.oidc.issuer"), oidcUrl(v), v.optional("auth.oidc.audience"),
                        v.string("auth.oidc.roles-claim"), v.string("auth.oidc.jurisdiction-claim"),
                        v.string("auth.oidc.name-claim")),
                new GridWatchConfig.Audit((int) v.integer("audit.retention-days",
                        GridWatchConfig.Audit.MIN_RETENTION_DAYS, 36_500)),
                new GridWatchConfig.Report(v.localTime("report.daily.at"), v.readableFile("report.pdf.font")),
                new GridWatchConfig.Devices(new GridWatchConfig.Jt808(v.bool("devices.jt808.enabled"),
                        v.string("devices.jt808.host"), (int) v.integer("devices.jt808.port", 0, 65535),
                        Duration.ofSeconds(v.integer("devices.jt808.idle-timeout", 1, 86_400)),
                        v.oneOf("devices.jt808.registration", "open", "closed").equals("open"),
                        (int) v.integer("devices.jt808.max-connections", 1, 1_000_000),
                        (int) v.integer("devices.jt808.instances", 0, 256))),
                basemap(v),
                new GridWatchConfig.Tiles(v.integer("tiles.cache-bytes", 0, 1L << 40),
                        Duration.ofSeconds(v.integer("tiles.recheck-seconds", 1, 3_600)),
                        (int) v.integer("tiles.log-tiles", 16, 10_000_000)));
    }

    /** Ids of basemap sources: they appear in URLs ({@code /basemap/ID.json}). */
    private static final java.util.regex.Pattern SOURCE_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /**
     * {@code basemap.sources}: in YAML a list of {@code {id, path}} mappings; in an environment
     * variable (or a YAML string) {@code id=path,id=path}. Each path must be a readable file (whether
     * it is a tile archive is checked when the server opens it); {@code basemap.style} likewise.
     * Paths are taken as given, like every file of the configuration: a relative one from the
     * working directory.
     */
    private static GridWatchConfig.Basemap basemap(Values v) {
        Object raw = v.values().get("basemap.sources");
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        if (raw instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw v.invalid("basemap.sources", "entry " + i + " is not a mapping {id: …, path: …}");
                }
                Map<String, Object> e = new LinkedHashMap<>();
                m.forEach((k, val) -> e.put(String.valueOf(k), val));
                entries.add(e);
            }
        } else if (raw != null && !String.valueOf(raw).isBlank()) {
            for (String part : String.valueOf(raw).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw v.invalid("basemap.sources", "'" + part.trim() + "' is not id=path (a list: id=path,id=path)");
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", part.substring(0, eq).trim());
                e.put("path", part.substring(eq + 1).trim());
                entries.add(e);
            }
        }
        List<org.gridwatch.basemap.Basemaps.SourceFile> sources = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String at = "basemap.sources[" + i + "]";
            for (String k : e.keySet()) {
                if (!k.equals("id") && !k.equals("path")) {
                    throw v.invalid("basemap.sources", at + ": unknown key '" + k + "' (an entry has id and path)");
                }
            }
            String id = e.get("id") == null ? "" : String.valueOf(e.get("id")).trim();
            if (!SOURCE_ID.matcher(id).matches() || id.equals("style")) {
                throw v.invalid("basemap.sources", at + ".id: '" + id + "' is not an id (lower-case letters, digits, - and _, "
                        + "at most 64, not 'style')");
            }
            if (!ids.add(id)) {
                throw v.invalid("basemap.sources", at + ".id: '" + id + "' is given twice");
            }
            String file = e.get("path") == null ? "" : String.valueOf(e.get("path")).trim();
            if (file.isEmpty() || !Files.isRegularFile(Path.of(file)) || !Files.isReadable(Path.of(file))) {
                throw v.invalid("basemap.sources", at + ".path: no readable file '" + file + "'");
            }
            sources.add(new org.gridwatch.basemap.Basemaps.SourceFile(id, Path.of(file)));
        }
        Path style = v.readableFile("basemap.style");
        if (style != null && sources.isEmpty()) {
            throw v.invalid("basemap.style", "a style needs basemap.sources to draw");
        }
        return new GridWatchConfig.Basemap(sources, style);
    }

    private static GridWatchConfig.Http.Timeouts timeouts(Values v) {
        return new GridWatchConfig.Http.Timeouts(seconds(v, "http.timeouts.header-read", 0.1),
                seconds(v, "http.timeouts.request", 0.1), seconds(v, "http.timeouts.idle", 0.1),
                seconds(v, "http.timeouts.live-idle", 0));
    }

    /** A duration given in (decimal) seconds, between {@code min} s and a day. */
    private static Duration seconds(Values v, String key, double min) {
        return Duration.ofNanos(Math.round(v.decimal(key, min, 86_400) * 1e9));
    }

    private static GridWatchConfig.Security security(Values v) {
        String cert = v.optional("http.tls.cert");
        String key = v.optional("http.tls.key");
        if (cert.isEmpty() != key.isEmpty()) {
            throw v.invalid(cert.isEmpty() ? "http.tls.cert" : "http.tls.key",
                    "http.tls.cert and http.tls.key are given together (PEM certificate chain and private key)");
        }
        for (String k : new String[] {"http.tls.cert", "http.tls.key"}) {
            String file = v.optional(k);
            if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
                throw v.invalid(k, "no readable file " + file);
            }
        }
        return new GridWatchConfig.Security(cert, key, (int) v.integer("http.tls.redirect-port", 0, 65535),
                v.integer("http.tls.hsts-max-age", 0, 2 * 31_536_000L), v.origins("http.allowed-origins"),
                v.origins("http.cors-origins"), v.bool("http.metrics-public"),
                (int) v.integer("http.rate-limit.logins-per-minute", 1, 100_000),
                (int) v.integer("http.rate-limit.writes-per-second", 1, 1_000_000));
    }

    private static String oidcUrl(Values v) {
        String issuer = v.optional("auth.oidc.issuer");
        String jwks = v.optional("auth.oidc.jwks-url");
        if (issuer.isEmpty()) {
            return jwks;
        }
        if (!jwks.startsWith("https://") && !jwks.startsWith("http://")) {
            throw v.invalid("auth.oidc.jwks-url", "an http(s) URL of the identity provider's JWKS is required with auth.oidc.issuer");
        }
        if (v.optional("auth.oidc.audience").isEmpty()) {
            throw v.invalid("auth.oidc.audience", "the audience GridWatch's tokens carry is required with auth.oidc.issuer");
        }
        return jwks;
    }

    /** {@code city.time-zone}: a region id of the tz database, e.g. Asia/Shanghai. */
    private static java.time.ZoneId timeZone(Values v) {
        String id = v.string("city.time-zone");
        try {
            return java.time.ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            throw v.invalid("city.time-zone", "'" + id + "' is not a time zone (a tz database region such as Asia/Shanghai)");
        }
    }

    /**
     * The school calendar in {@code file} (JSON, see {@link org.gridwatch.post.SchoolCalendar#fromJson}),
     * or the shipped default when {@code file} is empty.
     */
    static org.gridwatch.post.SchoolCalendar calendar(String file) {
        return file.isEmpty() ? org.gridwatch.post.SchoolCalendar.defaults()
                : jsonFile("posts.calendar", file, org.gridwatch.post.SchoolCalendar::fromJson);
    }

    /**
     * The dispatch policy in {@code file} (JSON, see {@link org.gridwatch.dispatch.DispatchPolicy#fromJson}),
     * or the built-in one when {@code file} is empty.
     */
    static org.gridwatch.dispatch.DispatchPolicy dispatchPolicy(String file) {
        return file.isEmpty() ? org.gridwatch.dispatch.DispatchPolicy.defaults()
                : jsonFile("dispatch.policy", file, org.gridwatch.dispatch.DispatchPolicy::fromJson);
    }

    /**
     * The time limits in {@code file} (JSON, see {@link org.gridwatch.casework.TimeLimits#fromJson}),
     * or the built-in ones when {@code file} is empty.
     */
    static org.gridwatch.casework.TimeLimits timeLimits(String file, java.time.ZoneId zone) {
        return file.isEmpty() ? org.gridwatch.casework.TimeLimits.defaults(zone)
                : jsonFile("dispatch.time-limits", file, json -> org.gridwatch.casework.TimeLimits.fromJson(json, zone));
    }

    /**
     * What {@code parse} makes of the JSON object in {@code file}, the value of {@code key}.
     *
     * @throws ConfigException naming the key and the file when it cannot be read, is not a JSON
     *                         object, or {@code parse} refuses it (its message names the field)
     */
    private static <T> T jsonFile(String key, String file, java.util.function.Function<io.vertx.core.json.JsonObject, T> parse) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
        try {
            return parse.apply(new io.vertx.core.json.JsonObject(text));
        } catch (io.vertx.core.json.DecodeException e) {
            throw new ConfigException(key + ": " + file + " is not a JSON object: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + file + ": " + e.getMessage());
        }
    }

    private static Map<UnitKind, Double> etaSpeeds(Values v) {
        Map<UnitKind, Double> speeds = new EnumMap<>(UnitKind.class);
        for (UnitKind k : UnitKind.values()) {
            speeds.put(k, v.decimal("dispatch.eta-speed." + k.id().replace('_', '-'), 0.1, 500));
        }
        return speeds;
    }

    /** The environment variable for a dotted key: {@code http.port} → {@code GRIDWATCH_HTTP_PORT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, Object> readDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            return parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
    }

    private static Map<String, Object> parse(Reader r, String name) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (RuntimeException e) {
            throw new ConfigException(name + " is not valid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new ConfigException(name + ": the top level must be a mapping of keys");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(key + ".", sub, flat);
            } else {
                flat.put(key, e.getValue());
            }
        }
    }

    /** Typed access with messages naming the key and where its value came from. */
    private record Values(Map<String, Object> values, Map<String, String> origin) {
        private ConfigException invalid(String key, String why) {
            String from = origin.get(key);
            return new ConfigException("invalid configuration " + key + " = '" + values.get(key) + "'"
                    + (from != null ? " (from " + from + ")" : "") + ": " + why);
        }

        String string(String key) {
            Object v = values.get(key);
            if (v == null || String.valueOf(v).isBlank()) {
                throw invalid(key, "a value is required");
            }
            return String.valueOf(v).trim();
        }

        /** The value, or "" when absent or blank. */
        String optional(String key) {
            Object v = values.get(key);
            return v == null ? "" : String.valueOf(v).trim();
        }

        String jdbcUrl(String key) {
            String s = string(key);
            if (!s.startsWith("jdbc:postgresql://")) {
                throw invalid(key, "must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
            }
            return s;
        }

        /** A lower-case SQL identifier (letters, digits, _; not starting with a digit; at most 63). */
        String identifier(String key) {
            String s = string(key);
            if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw invalid(key, "must be lower-case letters, digits and _, not starting with a digit, at most 63");
            }
            return s;
        }

        long integer(String key, long min, long max) {
            String s = string(key);
            long n;
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw invalid(key, "not an integer");
            }
            if (n < min || n > max) {
                throw invalid(key, "must be between " + min + " and " + max);
            }
            return n;
        }

        double decimal(String key, double min, double max) {
            String s = string(key);
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw invalid(key, "not a number");
            }
            if (!(d >= min && d <= max)) {
                throw invalid(key, "must be between " + min + " and " + max);
            }
            return d;
        }

        /** A local time of day, HH:mm. */
        java.time.LocalTime localTime(String key) {
            String s = string(key);
            if (!s.matches("\\d{2}:\\d{2}")) {
                throw invalid(key, "must be a local time HH:mm (in YAML quoted: \"07:00\")");
            }
            try {
                return java.time.LocalTime.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                throw invalid(key, "must be a local time HH:mm, 00:00 to 23:59");
            }
        }

        /** A readable file, or null when absent or blank. */
        Path readableFile(String key) {
            String s = optional(key);
            if (s.isEmpty()) {
                return null;
            }
            if (!Files.isReadable(Path.of(s))) {
                throw invalid(key, "no readable file there");
            }
            return Path.of(s);
        }

        boolean bool(String key) {
            return oneOf(key, "true", "false").equals("true");
        }

        /** A comma-separated list of origins, scheme://host[:port] each; empty for none. */
        java.util.List<String> origins(String key) {
            String s = optional(key);
            if (s.isEmpty()) {
                return java.util.List.of();
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            for (String o : s.split(",")) {
                String t = o.trim();
                if (!t.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                    throw invalid(key, "'" + t + "' is not an origin (scheme://host[:port], no path)");
                }
                out.add(t.toLowerCase(Locale.ROOT));
            }
            return java.util.List.copyOf(out);
        }

        String oneOf(String key, String... allowed) {
            String s = string(key).toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(s)) {
                    return s;
                }
            }
            throw invalid(key, "must be one of " + String.join(", ", allowed));
        }
    }
}
